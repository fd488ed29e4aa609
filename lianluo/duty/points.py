"""Points: the rules in force, and every line of a member's points derived from its source.

A line is one source record and the points its rule gives on that record's date: an attendance
(present, on leave, absent), a proposer of a submission (submitted, filed as first or co-proposer,
marked excellent), a proposer of an adopted public-opinion report (per level, and a leader's
instruction), a contribution, or a staff adjustment. One SQL statement (`POINTS_SQL`) derives the
lines of one person or of a whole subtree, joins each to the office's rule version in force on its
date (else the default), and sums them with each rule's yearly cap. Nothing is cached: a rule
changed now counts now.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.db import connection, transaction

from lianluo.activities.figures import DECIDED_SQL
from lianluo.duty.models import PointRule, PointSource
from lianluo.people.models import Person

S = PointSource
# source: (category, points, yearly cap or None, unit)
DEFAULT_RULES: dict[str, tuple[str, Decimal, Decimal | None, str]] = {
    S.ATTEND_PRESENT: ("出勤", Decimal(5), None, "次"),
    S.ATTEND_LEAVE: ("出勤", Decimal(0), None, "次"),
    S.ATTEND_ABSENT: ("出勤", Decimal(-5), None, "次"),
    S.SUBMISSION: ("提案建议", Decimal(2), None, "件"),
    S.PROPOSAL_FILED_FIRST: ("提案建议", Decimal(15), None, "件"),
    S.PROPOSAL_FILED_COSIGNER: ("提案建议", Decimal(3), None, "件"),
    S.EXCELLENT: ("提案建议", Decimal(10), None, "件"),
    S.REPORT: ("社情民意", Decimal(2), None, "条"),
    S.ADOPTED_DISTRICT: ("社情民意", Decimal(5), None, "条"),
    S.ADOPTED_COUNTY: ("社情民意", Decimal(5), None, "条"),
    S.ADOPTED_CITY: ("社情民意", Decimal(10), None, "条"),
    S.ADOPTED_PROVINCE: ("社情民意", Decimal(15), None, "条"),
    S.ADOPTED_NATIONAL: ("社情民意", Decimal(20), None, "条"),
    S.INSTRUCTION: ("社情民意", Decimal(10), None, "次"),
    S.CONTRIBUTION: ("履职事迹", Decimal(3), Decimal(15), "项"),
}
SUBMITTED = "s.state NOT IN ('draft', 'merged') AND p.confirmation = 'confirmed'"
FILED = "s.state IN ('filed', 'handling', 'replied', 'closed')"
ADOPTED_IN_YEAR = (
    "((ad.adopted_on >= %(start)s AND ad.adopted_on <= %(end)s)"
    " OR (ad.adopted_on IS NULL AND s.year = %(year)s))"
)

# Attendance is most of the lines (ten million in a province's year): its source and its rows
# are written once, used line by line for one person and counted at once for totals. Which
# answers count and in which year an activity counts are activities.figures' (DECIDED_SQL,
# Activity.year), as on every other page.
ATTENDANCE_SOURCE = """CASE a.status WHEN 'present' THEN 'attend_present'
    WHEN 'leave' THEN 'attend_leave' ELSE 'attend_absent' END"""
ATTENDANCE_ROWS = """
    FROM activities_attendance a JOIN activities_activity act ON act.id = a.activity_id
    WHERE a.status IN {decided}
        AND act.year = %(year)s AND {people:a.person_id}"""
# The day whose rules apply: an activity counted in the year although dated in the December before
# (所属年度) takes the rules of the year's first day.
ACTIVITY_DAY = """CASE WHEN act.date < %(start)s THEN %(start)s
    WHEN act.date > %(end)s THEN %(end)s ELSE act.date END"""
ATTENDANCE_LINES = f"""
    SELECT a.person_id AS person_id, {ACTIVITY_DAY} AS day, {ATTENDANCE_SOURCE} AS source,
        'attendance' AS kind, a.id AS source_id, CAST(NULL AS NUMERIC) AS fixed
    {ATTENDANCE_ROWS}"""
# Grouped by the bare status (cheaper to hash than the source's name), named afterwards.
STATUS_SOURCE = ATTENDANCE_SOURCE.replace("a.status", "status")
ATTENDANCE_COUNTS = f"""
    SELECT person_id, {STATUS_SOURCE} AS source, period, n,
        CAST(NULL AS NUMERIC) AS fixed
    FROM (
        SELECT a.person_id AS person_id, a.status AS status, {{period:act.date}} AS period,
            COUNT(*) AS n
        {ATTENDANCE_ROWS}
        GROUP BY 1, 2, 3
    ) attendance_counts"""  # noqa: S608 (constants only)
# Every other source, line by line (a person's submissions, adoptions, contributions: few).
OTHER_LINES = """
    SELECT p.person_id AS person_id, s.submitted_on AS day,
        CASE WHEN s.kind = 'opinion_report' THEN 'report' ELSE 'submission' END AS source,
        'proposer' AS kind, p.id AS source_id, CAST(NULL AS NUMERIC) AS fixed
    FROM submissions_proposer p JOIN submissions_submission s ON s.id = p.submission_id
    WHERE s.year = %(year)s AND {submitted} AND {people:p.person_id}
    UNION ALL
    SELECT p.person_id, s.submitted_on,
        CASE WHEN p.position = 0 THEN 'filed_first' ELSE 'filed_cosigner' END,
        'proposer', p.id, NULL
    FROM submissions_proposer p JOIN submissions_submission s ON s.id = p.submission_id
    WHERE s.year = %(year)s AND s.kind IN ('proposal', 'motion') AND {filed}
        AND {submitted} AND {people:p.person_id}
    UNION ALL
    SELECT p.person_id, s.submitted_on, 'excellent', 'proposer', p.id, NULL
    FROM submissions_proposer p JOIN submissions_submission s ON s.id = p.submission_id
    WHERE s.year = %(year)s AND s.is_excellent AND {submitted} AND {people:p.person_id}
    UNION ALL
    SELECT p.person_id, ad.adopted_on, 'adopted_' || ad.level, 'adoption', ad.id, NULL
    FROM submissions_adoption ad
        JOIN submissions_submission s ON s.id = ad.submission_id
        JOIN submissions_proposer p ON p.submission_id = s.id
    WHERE {adopted} AND {submitted} AND {people:p.person_id}
    UNION ALL
    SELECT p.person_id, ad.adopted_on, 'instruction', 'adoption', ad.id, NULL
    FROM submissions_adoption ad
        JOIN submissions_submission s ON s.id = ad.submission_id
        JOIN submissions_proposer p ON p.submission_id = s.id
    WHERE ad.instruction <> '' AND {adopted} AND {submitted} AND {people:p.person_id}
    UNION ALL
    SELECT c.person_id, c.date, 'contribution', 'contribution', c.id, NULL
    FROM duty_contribution c WHERE c.year = %(year)s AND {people:c.person_id}
    UNION ALL
    SELECT j.person_id, NULL, 'adjustment', 'adjustment', j.id, j.points
    FROM duty_pointadjustment j WHERE j.year = %(year)s AND {people:j.person_id}
"""
LINES_SQL = ATTENDANCE_LINES + "\n    UNION ALL" + OTHER_LINES

RULES_CTE = """
rules AS (
    SELECT organisation_id, source, points, cap, effective_from AS valid_from,
        LEAD(effective_from) OVER (
            PARTITION BY organisation_id, source ORDER BY effective_from
        ) AS valid_to
    FROM duty_pointrule
),
defaults (source, points, cap) AS (VALUES {defaults})
"""

# One person's lines, each with the rule version in force on its own date.
POINTS_SQL = """
WITH lines AS ({lines}),
{rules},
scored AS (
    SELECT l.person_id, pe.organisation_id, l.day, l.source, l.kind, l.source_id,
        COALESCE(l.fixed, CASE WHEN r.source IS NULL THEN d.points ELSE r.points END, 0)
            AS points,
        CASE WHEN l.fixed IS NOT NULL THEN NULL WHEN r.source IS NULL THEN d.cap ELSE r.cap END
            AS cap
    FROM lines l
        JOIN people_person pe ON pe.id = l.person_id
        LEFT JOIN defaults d ON d.source = l.source
        LEFT JOIN rules r ON r.organisation_id = pe.organisation_id AND r.source = l.source
            AND r.valid_from <= COALESCE(l.day, %(start)s)
            AND (r.valid_to IS NULL OR r.valid_to > COALESCE(l.day, %(start)s))
)
{select}
"""

# Everyone's totals: the lines are first counted per person, source and period (the year cut at
# every date a rule changes), so that the rules are joined to a few hundred thousand counts
# rather than to ten million lines.
TOTALS_SQL = """
WITH lines AS ({lines}),
counted AS (
    {attendance}
    UNION ALL
    SELECT person_id, source, {period} AS period, COUNT(*) AS n, SUM(fixed) AS fixed
    FROM lines GROUP BY 1, 2, 3
),
periods (period, starts) AS (VALUES {periods}),
{rules},
scored AS (
    SELECT c.person_id, pe.organisation_id, c.source,
        COALESCE(c.fixed, c.n * CASE WHEN r.source IS NULL THEN d.points ELSE r.points END, 0)
            AS points,
        CASE WHEN c.fixed IS NOT NULL THEN NULL WHEN r.source IS NULL THEN d.cap ELSE r.cap END
            AS cap
    FROM counted c
        JOIN people_person pe ON pe.id = c.person_id
        JOIN orgs_organisation o ON o.id = pe.organisation_id AND o.path LIKE %(path)s
        JOIN periods p ON p.period = c.period
        LEFT JOIN defaults d ON d.source = c.source
        LEFT JOIN rules r ON r.organisation_id = pe.organisation_id AND r.source = c.source
            AND r.valid_from <= p.starts AND (r.valid_to IS NULL OR r.valid_to > p.starts)
)
{select}
"""

SELECT_LINES = "SELECT person_id, day, source, kind, source_id, points, cap FROM scored"
# Each rule's yearly cap bounds its subtotal; the total is the sum of the subtotals.
SELECT_TOTALS = """
SELECT person_id, organisation_id, SUM(subtotal) AS total FROM (
    SELECT person_id, organisation_id, source,
        CASE WHEN MIN(cap) IS NOT NULL AND SUM(points) > MIN(cap) THEN MIN(cap)
            ELSE SUM(points) END AS subtotal
    FROM scored GROUP BY person_id, organisation_id, source
) subtotals GROUP BY person_id, organisation_id
"""


def _lines(people: str, template: str = LINES_SQL) -> str:
    lines = template.replace("{submitted}", SUBMITTED).replace("{filed}", FILED)
    lines = lines.replace("{decided}", DECIDED_SQL)
    lines = lines.replace("{adopted}", ADOPTED_IN_YEAR)
    for column in ("a.person_id", "p.person_id", "c.person_id", "j.person_id"):
        lines = lines.replace(f"{{people:{column}}}", people.format(column=column))
    return lines


def _rules() -> str:
    defaults = ", ".join(
        f"('{source}', CAST({points} AS NUMERIC), CAST({'NULL' if cap is None else cap}"
        " AS NUMERIC))"
        for source, (_, points, cap, _) in DEFAULT_RULES.items()
    )
    return RULES_CTE.format(defaults=defaults)


@cache  # the statement's text depends on nothing but its arguments
def _sql(select: str, people: str) -> str:
    return POINTS_SQL.format(lines=_lines(people), rules=_rules(), select=select)


def _totals_sql(people: str, year: int) -> tuple[str, dict]:
    """The totals statement and its period parameters: the year is cut at every date within it
    on which some rule changes, so that one rule version holds throughout each period."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cuts = sorted(
        set(
            PointRule.objects.filter(effective_from__gt=start, effective_from__lte=end).values_list(
                "effective_from", flat=True
            )
        )
    )
    starts = [start, *cuts]
    params = {f"period{index}": day for index, day in enumerate(starts)}

    def period(day: str) -> str:
        if not cuts:
            return "0"
        whens = " ".join(
            f"WHEN COALESCE({day}, %(start)s) < %(period{index})s THEN {index - 1}"
            for index in range(1, len(starts))
        )
        return f"CASE {whens} ELSE {len(starts) - 1} END"

    periods = ", ".join(f"({index}, %(period{index})s)" for index in range(len(starts)))
    attendance = _lines(people, ATTENDANCE_COUNTS).replace(
        "{period:act.date}", period(f"({ACTIVITY_DAY})")
    )
    sql = TOTALS_SQL.format(
        lines=_lines(people, OTHER_LINES),
        attendance=attendance,
        period=period("day"),
        periods=periods,
        rules=_rules(),
        select=SELECT_TOTALS,
    )
    return sql, params


def _params(year: int, **extra) -> dict:
    return {"year": year, "start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31), **extra}


def _decimal(value) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal(0)


@dataclass(frozen=True)
class Line:
    day: dt.date | None
    source: str
    kind: str  # attendance, proposer, adoption, contribution, adjustment
    source_id: int
    points: Decimal
    cap: Decimal | None


def person_lines(person_id: int, year: int) -> list[Line]:
    """Every line of one person's points in a year, in date order."""
    sql = _sql(SELECT_LINES + " ORDER BY day, source, source_id", "{column} = %(person)s")
    with connection.cursor() as cursor:
        cursor.execute(sql, _params(year, person=person_id))
        rows = cursor.fetchall()
    return [
        Line(
            dt.date.fromisoformat(day) if isinstance(day, str) else day,
            source,
            kind,
            source_id,
            _decimal(points),
            None if cap is None else _decimal(cap),
        )
        for _, day, source, kind, source_id, points, cap in rows
    ]


SCOPE_PEOPLE = (
    "{column} IN (SELECT pe2.id FROM people_person pe2 JOIN orgs_organisation o2"
    " ON o2.id = pe2.organisation_id WHERE o2.path LIKE %(path)s)"
)
# Above this share of everyone, the scope is applied to the counts, not to each line: checking
# ten million lines against a province's people costs more than counting them all.
LATE_SCOPE_SHARE = 0.5


def scope_filter(organisation) -> str:
    """The condition each line's person must meet: in the subtree, or nothing when the subtree
    holds most people (then only the counts are checked, which the totals always do)."""
    everyone = Person.objects.count()
    in_scope = Person.objects.filter(organisation__path__startswith=organisation.path).count()
    return "TRUE" if everyone and in_scope >= LATE_SCOPE_SHARE * everyone else SCOPE_PEOPLE


def tree_totals(organisation, year: int) -> dict[int, Decimal]:
    """Each person's total for the year, over the organisation and everything below it."""
    sql, periods = _totals_sql(scope_filter(organisation), year)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Counting a province's year groups some 300,000 rows: in memory, not on disk.
            cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(sql, _params(year, path=organisation.path + "%", **periods))
        return {person_id: _decimal(total) for person_id, _, total in cursor.fetchall()}


@dataclass(frozen=True)
class RuleInForce:
    source: str
    label: str
    category: str
    points: Decimal
    cap: Decimal | None
    unit: str
    effective_from: dt.date | None  # None: the default
    custom: bool


def rules_in_force(organisation, on: dt.date) -> list[RuleInForce]:
    """The office's rules on a date: its own latest version of each, else the default."""
    versions: dict[str, PointRule] = {}
    for rule in PointRule.objects.filter(
        organisation=organisation, effective_from__lte=on
    ).order_by("effective_from", "id"):
        versions[rule.source] = rule
    result = []
    for source, (category, points, cap, unit) in DEFAULT_RULES.items():
        own = versions.get(source)
        result.append(
            RuleInForce(
                source,
                PointSource(source).label,
                category,
                own.points if own else points,
                (own.cap if own else cap),
                unit,
                own.effective_from if own else None,
                own is not None,
            )
        )
    return result


def subtotals(lines: list[Line]) -> list[tuple[str, int, Decimal, Decimal, bool]]:
    """Per source: (source, how many lines, the sum, the sum within its cap, capped?)."""
    grouped: dict[str, list[Line]] = {}
    for line in lines:
        grouped.setdefault(line.source, []).append(line)
    result = []
    for source, group in grouped.items():
        raw = sum((line.points for line in group), Decimal(0))
        caps = [line.cap for line in group if line.cap is not None]
        capped = min(raw, min(caps)) if caps else raw
        result.append((source, len(group), raw, capped, capped != raw))
    return result
