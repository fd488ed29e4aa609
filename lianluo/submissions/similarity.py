"""Similar submissions, so that a duplicate is merged (并案) instead of filed twice.

Offline and model-free: each submission's title and text are cut into character bigrams
(`SubmissionGram`), and a query is scored against them with BM25 (binary term frequency), the
inverse document frequency taken over the whole index. The database does the counting and the
summing, so the time depends on how many submissions share the query's rarer bigrams, not on how
many there are. Measured by `bench/run.py similarity` against the labelled set in
fixtures/similar_pairs.json.
"""

import math
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Avg, Case, Count, FloatField, QuerySet, Sum, Value, When

from lianluo.core.text import normalize_text
from lianluo.submissions.models import Submission, SubmissionGram

# Words every title carries; they say nothing about the concern.
BOILERPLATE = re.compile(
    r"关于|的提案|的建议|的议案|的意见|的社情民意|社情民意|情况反映|的情况|的问题|问题|建议|提案|议案|进一步"
)
NOT_A_WORD = re.compile(r"[^\w]|_", re.UNICODE)
BODY_CHARS = 600
K1, B = 1.2, 0.75
COMMON_SHARE = 0.2  # bigrams in more than this share of the index are skipped (little weight)
RERANK = 40
SHOWN_SCORE = 0.1  # below this a match is not worth a reviewer's look
DUPLICATE_SCORE = 0.25  # at or above this the page says "可能重复"


def text_grams(title: str, body: str = "") -> set[str]:
    """The character bigrams of a title and the start of its text, boilerplate removed."""
    grams: set[str] = set()
    for part in (title, (body or "")[:BODY_CHARS]):
        text = NOT_A_WORD.sub(" ", BOILERPLATE.sub(" ", normalize_text(part).lower()))
        for run in text.split():
            grams.update(run)  # single characters: 撂荒 and 抛荒 still share 荒
            grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def submission_index(submission: Submission) -> None:
    """(Re)write one submission's bigrams; called whenever its title or text changes."""
    grams = text_grams(submission.title, submission.body)
    with transaction.atomic():
        SubmissionGram.objects.filter(submission=submission).delete()
        SubmissionGram.objects.bulk_create(
            [SubmissionGram(submission=submission, gram=g) for g in sorted(grams)]
        )
        Submission.objects.filter(pk=submission.pk).update(gram_count=len(grams))
    submission.gram_count = len(grams)


@dataclass
class Match:
    submission: Submission
    score: float  # 0..1, relative to the query matched against itself

    @property
    def likely_duplicate(self) -> bool:
        return self.score >= DUPLICATE_SCORE


def _idf(total: int, df: int) -> float:
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def _length_factor(length: float, average: float) -> float:
    return (K1 + 1) / (1 + K1 * (1 - B + B * length / (average or 1)))


def similar_submissions(
    *, candidates: QuerySet[Submission], title: str, body: str = "", limit: int = 5
) -> list[Match]:
    """The candidates most like the given title and text, best first, with a relative score."""
    query = text_grams(title, body)
    if not query:
        return []
    stats = Submission.objects.filter(gram_count__gt=0).aggregate(
        n=Count("id"), avg=Avg("gram_count")
    )
    total, average = stats["n"] or 0, float(stats["avg"] or 0)
    if not total:
        return []
    df = dict(
        SubmissionGram.objects.filter(gram__in=query)
        .values("gram")
        .annotate(n=Count("id"))
        .values_list("gram", "n")
    )
    weights = {g: _idf(total, df.get(g, 0)) for g in query}
    ceiling = max(COMMON_SHARE * total, 20)
    useful = {g: w for g, w in weights.items() if 0 < df.get(g, 0) <= ceiling}
    if not useful:
        return []
    hits = (
        SubmissionGram.objects.filter(gram__in=useful, submission__in=candidates.values("pk"))
        .values("submission")
        .annotate(
            score=Sum(
                Case(
                    *(When(gram=g, then=Value(w)) for g, w in useful.items()),
                    output_field=FloatField(),
                )
            )
        )
        .order_by("-score")[:RERANK]
    )
    raw = {row["submission"]: row["score"] for row in hits}
    items = Submission.objects.in_bulk(list(raw))
    best = weights_sum = sum(weights.values()) * _length_factor(len(query), average)
    scored = []
    for pk, item in items.items():
        score = raw[pk] * _length_factor(item.gram_count, average)
        scored.append(Match(item, min(score / best, 1.0) if weights_sum else 0.0))
    scored.sort(key=lambda m: (-m.score, -m.submission.pk))
    return scored[:limit]
