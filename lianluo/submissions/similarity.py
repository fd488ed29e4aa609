"""Similar submissions, so that a duplicate is merged (并案) instead of filed twice.

Offline and model-free: each submission's title and text are cut into single characters and
character bigrams (`SubmissionGram`), and a query is scored against them with BM25 (binary term
frequency), the inverse document frequency taken over the whole index. The database does the
counting and the summing, so the time depends on how many submissions share the query's rarer
grams, not on how many there are. Measured by the `similar_suggest` and `similarity_precision`
scenarios of bench/ and by the test suite against the labelled set in fixtures/similar_pairs.json.
"""

import math
import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Avg, Count, QuerySet

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


# Sum the weights of the shared grams per submission over the whole index first, then keep the
# candidates: asked the other way round, SQLite looks up every (gram, candidate) pair. The IN list
# beside the join lets PostgreSQL read the grams through their index instead of scanning them.
HITS_SQL = """
WITH w(gram, weight) AS (VALUES {values})
SELECT h.submission_id, h.score FROM (
    SELECT g.submission_id AS submission_id, SUM(w.weight) AS score
    FROM {grams} g JOIN w ON w.gram = g.gram
    WHERE g.gram IN ({grams_in})
    GROUP BY g.submission_id
) h
WHERE h.submission_id IN ({candidates})
ORDER BY h.score DESC, h.submission_id DESC
LIMIT {limit}
"""


def _top_hits(weights: dict[str, float], candidates: QuerySet[Submission]) -> list[tuple]:
    candidate_sql, candidate_params = candidates.order_by().values("pk").query.sql_with_params()
    sql = HITS_SQL.format(
        values=", ".join(["(%s, CAST(%s AS DOUBLE PRECISION))"] * len(weights)),
        grams=connection.ops.quote_name(SubmissionGram._meta.db_table),
        grams_in=", ".join(["%s"] * len(weights)),
        candidates=candidate_sql,
        limit=RERANK,
    )
    params = [
        *(value for pair in weights.items() for value in pair),
        *weights,
        *candidate_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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
    raw = dict(_top_hits(useful, candidates))
    items = Submission.objects.in_bulk(list(raw))
    best = weights_sum = sum(weights.values()) * _length_factor(len(query), average)
    scored = []
    for pk, item in items.items():
        score = raw[pk] * _length_factor(item.gram_count, average)
        scored.append(Match(item, min(score / best, 1.0) if weights_sum else 0.0))
    scored.sort(key=lambda m: (-m.score, -m.submission.pk))
    return scored[:limit]
