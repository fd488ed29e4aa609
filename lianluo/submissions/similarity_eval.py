"""Precision at 1 of similar-submission search on the labelled pairs (fixtures/similar_pairs.json).

The first text of every pair is put in an organisation's submissions; the second is the query.
For a rewrite of the same concern the top suggestion must be its partner; for a different concern
on a similar topic, any suggestion above the shown threshold is a false duplicate. Precision at 1
is right top suggestions over all top suggestions shown; recall is right ones over rewrites.
Used by the test suite and by `bench/run.py similarity`.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from lianluo.submissions.models import Submission, SubmissionState
from lianluo.submissions.similarity import (
    DUPLICATE_SCORE,
    similar_submissions,
    submission_index,
)

PAIRS = Path(__file__).with_name("fixtures") / "similar_pairs.json"


@dataclass
class Evaluation:
    rewrites: int  # queries that have a partner in the corpus
    right: int  # ... whose top suggestion is that partner
    distractors: int  # different concerns on a similar topic, searched alongside
    wrong: list[str]  # rewrites whose top suggestion was something else
    duplicate_threshold: float
    flagged_right: int  # pairs scored at or above the duplicate threshold that are rewrites
    flagged_wrong: list[str]  # different-concern pairs scored at or above it

    @property
    def precision_at_1(self) -> float:
        return self.right / self.rewrites if self.rewrites else 0.0

    @property
    def flag_precision(self) -> float:
        flagged = self.flagged_right + len(self.flagged_wrong)
        return self.flagged_right / flagged if flagged else 0.0

    @property
    def flag_recall(self) -> float:
        return self.flagged_right / self.rewrites if self.rewrites else 0.0


def labelled_pairs() -> list[dict]:
    return json.loads(PAIRS.read_text(encoding="utf-8"))["pairs"]


def _store(organisation, text: dict) -> Submission:
    item = Submission.objects.create(
        organisation=organisation,
        kind="proposal",
        title=text["title"],
        body=text["body"],
        state=SubmissionState.SUBMITTED,
        year=2026,
    )
    submission_index(item)
    return item


def evaluate(*, organisation, duplicate_threshold: float = DUPLICATE_SCORE) -> Evaluation:
    """Rank: every pair's first text and every different concern are in the corpus; each
    rewrite must find its partner first. Flag: each pair's score against its partner, where
    only rewrites should reach the duplicate threshold."""
    pairs = labelled_pairs()
    partners: dict[str, Submission] = {}
    for pair in pairs:
        if pair["a"]["title"] not in partners:
            partners[pair["a"]["title"]] = _store(organisation, pair["a"])
    for pair in pairs:
        if not pair["same"]:
            _store(organisation, pair["b"])
    candidates = Submission.objects.filter(organisation=organisation)
    result = Evaluation(0, 0, 0, [], duplicate_threshold, 0, [])
    for pair in pairs:
        query = pair["b"]
        partner = partners[pair["a"]["title"]]
        if not pair["same"]:
            result.distractors += 1
            # Score against the partner alone, as if the query were new.
            others = candidates.exclude(title=query["title"])
        else:
            others = candidates
        matches = similar_submissions(
            candidates=others, title=query["title"], body=query["body"], limit=len(pairs) * 2
        )
        score = next((m.score for m in matches if m.submission.pk == partner.pk), 0.0)
        if pair["same"]:
            result.rewrites += 1
            if matches and matches[0].submission.pk == partner.pk:
                result.right += 1
            else:
                top = matches[0].submission.title if matches else "（无）"
                result.wrong.append(f"{query['title']} → {top}")
            if score >= duplicate_threshold:
                result.flagged_right += 1
        elif score >= duplicate_threshold:
            result.flagged_wrong.append(f"{query['title']} ~ {partner.title}")
    return result
