"""Submissions for `generate_scale` (one of its SCALE_STEPS): one for every two
people (50,000 at the full scale), spread over the townships and over this year and last, their
titles and texts recombined from the labelled pairs so that they are varied Chinese, not copies.
"""

import re

from django.utils import timezone

from lianluo.core.bulk import db_datetime, insert_rows
from lianluo.submissions.models import Submission, SubmissionGram
from lianluo.submissions.similarity import text_grams
from lianluo.submissions.similarity_eval import labelled_pairs

KINDS = ["proposal", "suggestion", "opinion_report", "proposal", "suggestion"]
ENDINGS = {"proposal": "的提案", "suggestion": "的建议", "opinion_report": "的情况反映"}
STATES = ["submitted", "filed", "handling", "replied", "closed", "handling"]
CHUNK = 5000


def _fragments() -> tuple[list[str], list[str]]:
    cores, clauses = [], []
    for pair in labelled_pairs():
        for text in (pair["a"], pair["b"]):
            core = re.sub(r"^关于|的(提案|建议)$", "", text["title"])
            cores.append(core)
            clauses.extend(c for c in re.split(r"[，。、；]", text["body"]) if len(c) >= 4)
    return cores, clauses


def scale_submissions(ctx) -> None:
    count = len(ctx.people_ids) // 2
    if not count or not ctx.townships:
        return
    rng = ctx.rng
    cores, clauses = _fragments()
    now = db_datetime(timezone.now())
    year = timezone.localdate().year
    rows, found = [], []
    for index in range(count):
        org = ctx.townships[index % len(ctx.townships)]
        kind = KINDS[index % len(KINDS)]
        first, second = rng.choice(cores), rng.choice(cores)
        core = first[: len(first) // 2] + second[len(second) // 2 :]
        title = f"关于{core}{ENDINGS[kind]}"
        body = "，".join(rng.sample(clauses, 3)) + "。"
        found.append(text_grams(title, body))
        rows.append(
            (
                org.pk,
                kind,
                f"S{index:06d}",
                title,
                body,
                rng.choice(STATES),
                year - index % 2,
                "day",
                "[]",
                len(found[-1]),
                now,
                now,
            )
        )
    columns = (
        "organisation_id",
        "kind",
        "code",
        "title",
        "body",
        "state",
        "year",
        "date_precision",
        "suggested_units",
        "gram_count",
        "created_at",
        "updated_at",
    )
    defaults = {
        f.column: f.get_default()
        for f in Submission._meta.concrete_fields
        if not f.primary_key and f.column not in columns and not f.null
    }
    extra = tuple(defaults)
    full_rows = [row + tuple(defaults[c] for c in extra) for row in rows]
    ids = insert_rows(Submission, columns + extra, full_rows, returning_ids=True)
    grams = []
    for pk, submission_grams in zip(ids, found, strict=True):
        grams.extend((pk, gram) for gram in submission_grams)
        if len(grams) >= CHUNK * 20:
            insert_rows(SubmissionGram, ("submission_id", "gram"), grams)
            grams = []
    insert_rows(SubmissionGram, ("submission_id", "gram"), grams)
    ctx.notes.append(f"{count} submissions")
