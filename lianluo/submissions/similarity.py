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

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Max, QuerySet, Sum

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
DF_SECONDS = 600
STATS_SECONDS = 60
STATS_KEY = "similarity:stats"


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
        transaction.on_commit(lambda: cache.delete(STATS_KEY))
    submission.gram_count = len(grams)


# The best submissions over the whole index, by the summed weights of the grams they share with
# the query. The IN list beside the join lets PostgreSQL read the grams through their index.
HITS_SQL = """
WITH w(gram, weight) AS (VALUES {values})
SELECT g.submission_id, SUM(w.weight) AS score
FROM {grams} g JOIN w ON w.gram = g.gram
WHERE g.gram IN ({grams_in}){candidates}
GROUP BY g.submission_id
ORDER BY score DESC, g.submission_id DESC
LIMIT {limit}
"""
SHORTLIST = 200  # the best of the whole index, kept when the viewer may see them
SMALL_SCOPE = 2000  # up to this many candidates, they are looked up gram by gram


def _hits(weights: dict[str, float], limit: int, candidates: QuerySet | None = None):
    candidate_sql, candidate_params = "", []
    if candidates is not None:
        sql, candidate_params = candidates.order_by().values("pk").query.sql_with_params()
        candidate_sql = f" AND g.submission_id IN ({sql})"
    sql = HITS_SQL.format(
        values=", ".join(["(%s, CAST(%s AS DOUBLE PRECISION))"] * len(weights)),
        grams=connection.ops.quote_name(SubmissionGram._meta.db_table),
        grams_in=", ".join(["%s"] * len(weights)),
        candidates=candidate_sql,
        limit=limit,
    )
    params = [
        *(value for pair in weights.items() for value in pair),
        *weights,
        *candidate_params,
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Summing over tens of thousands of submissions: grouped in memory, not on disk.
            cursor.execute("SET LOCAL work_mem = '32MB'")
        cursor.execute(sql, params)
        return cursor.fetchall()


def _top_hits(weights: dict[str, float], candidates: QuerySet[Submission]) -> list[tuple]:
    """The RERANK best candidates by summed weight.

    First the best SHORTLIST of the whole index, with no scope to join: when RERANK of them are
    candidates, no other candidate can beat them. Otherwise (a viewer who sees a small part of
    the index) the candidates are scored alone: gram by gram when they are few, else by summing
    over the index and keeping theirs."""
    shortlist = _hits(weights, SHORTLIST)
    allowed = set(
        candidates.filter(pk__in=[pk for pk, _ in shortlist]).values_list("pk", flat=True)
    )
    kept = [(pk, score) for pk, score in shortlist if pk in allowed]
    if len(kept) >= RERANK or len(shortlist) < SHORTLIST:
        return kept[:RERANK]
    if candidates.count() <= SMALL_SCOPE:
        return _hits(weights, RERANK, candidates)
    everyone = _hits(weights, Submission.objects.count())
    allowed = set(candidates.values_list("pk", flat=True))
    return [(pk, score) for pk, score in everyone if pk in allowed][:RERANK]


def _index_stats() -> tuple[int, float, str]:
    """How many submissions are indexed, their average length, and a key that changes with
    the index (for the cached gram frequencies); cached for STATS_SECONDS, since weights that
    are a minute old rank as well."""
    found = cache.get(STATS_KEY)
    if found is None:
        stats = Submission.objects.filter(gram_count__gt=0).aggregate(
            n=Count("id"), grams=Sum("gram_count"), last=Max("id")
        )
        total, grams = stats["n"] or 0, stats["grams"] or 0
        found = (total, grams / total if total else 0.0, f"{total}:{grams}:{stats['last']}")
        cache.set(STATS_KEY, found, STATS_SECONDS)
    return found


def _frequencies(grams: set[str], version: str) -> dict[str, int]:
    """In how many submissions each gram is, counted in the index and cached while the index
    stays as it is (a changed text re-counts within DF_SECONDS)."""
    keys = {gram: f"similarity:df:{version}:{gram.encode().hex()}" for gram in grams}
    cached = cache.get_many(list(keys.values()))
    found = {gram: cached[key] for gram, key in keys.items() if key in cached}
    missing = [gram for gram in grams if gram not in found]
    if missing:
        counted = dict(
            SubmissionGram.objects.filter(gram__in=missing)
            .values("gram")
            .annotate(n=Count("submission"))  # in the (gram, submission) index
            .values_list("gram", "n")
        )
        fresh = {gram: counted.get(gram, 0) for gram in missing}
        cache.set_many({keys[gram]: n for gram, n in fresh.items()}, DF_SECONDS)
        found.update(fresh)
    return found


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
    total, average, version = _index_stats()
    if not total:
        return []
    df = _frequencies(query, version)
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
