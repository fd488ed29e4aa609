"""The activity figures of a year, defined once: activities, person-times and attendance answers,
per activity kind and per organisation, from one pass over the year's attendance.

Person-times of an activity are its attendance records' present count where it has answered
records, else the 人次 (or 参加人数) the workbook recorded. An upper level's figures add up its
subtree: the attendance is aggregated per activity first (a hash aggregate, no sort and no
COUNT(DISTINCT) over millions of rows) and the few thousand activity rows are then rolled up here.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce

from lianluo.activities.models import Activity, Attendance, AttendanceStatus

# The answers an attendance rate is counted over: an invitation without an answer is not one.
DECIDED = (AttendanceStatus.PRESENT, AttendanceStatus.LEAVE, AttendanceStatus.ABSENT)
# The same, as a list for SQL written by hand (the points): the one definition of an answer.
DECIDED_SQL = "(" + ", ".join(f"'{status}'" for status in DECIDED) + ")"
# with_records: activities with attendance answers; with_people: those whose person-times are
# known (answers, or the 人次 the workbook recorded) — a person-times figure is counted over them.
FIGURE_KEYS = (
    "activities",
    "person_times",
    "present",
    "leave",
    "absent",
    "with_records",
    "with_people",
)
ACTIVITIES, PERSON_TIMES, PRESENT, LEAVE, ABSENT, WITH_RECORDS, WITH_PEOPLE = range(
    len(FIGURE_KEYS)
)


def percent(part: int, whole: int) -> Decimal | None:
    """A share as every page, document and the API state it: a percentage to one decimal."""
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"))


def attendance_rate(present: int, leave: int, absent: int) -> Decimal | None:
    """出席率: present over the invitations with an answer (an unanswered one is not counted)."""
    return percent(present, present + leave + absent)


@dataclass
class YearFigures:
    """Counters of FIGURE_KEYS per kind and per organisation id, and their total."""

    by_kind: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    by_organisation: dict[int, Counter] = field(default_factory=lambda: defaultdict(Counter))
    total: Counter = field(default_factory=Counter)


def year_figures(*, scope: Q, year: int) -> YearFigures:
    """The figures of the activities matching `scope` (a filter on Activity) dated in `year`."""
    activities = Activity.objects.filter(scope, year=year)
    answers = {
        activity_id: (present, leave, absent)
        for activity_id, present, leave, absent in Attendance.objects.filter(
            activity__in=activities, status__in=DECIDED
        )
        .values("activity_id")
        .annotate(
            present=Count("id", filter=Q(status=AttendanceStatus.PRESENT)),
            leave=Count("id", filter=Q(status=AttendanceStatus.LEAVE)),
            absent=Count("id", filter=Q(status=AttendanceStatus.ABSENT)),
        )
        .values_list("activity_id", "present", "leave", "absent")
        .order_by()
    }
    # Summed per (kind, organisation) first, in FIGURE_KEYS order: a province has 86,000
    # activities but a few thousand such pairs, and three Counter updates per activity were 1.5 s.
    sums: dict[tuple[str, int], list[int]] = {}
    rows = activities.values_list(
        "id", "kind", "organisation_id", Coalesce("person_times", "headcount")
    ).order_by()
    for activity_id, kind, organisation_id, recorded in rows.iterator(chunk_size=10_000):
        pair = sums.get((kind, organisation_id))
        if pair is None:
            pair = sums[(kind, organisation_id)] = [0] * len(FIGURE_KEYS)
        pair[ACTIVITIES] += 1
        counted = answers.get(activity_id)
        if counted:
            present, leave, absent = counted
            pair[PERSON_TIMES] += present
            pair[PRESENT] += present
            pair[LEAVE] += leave
            pair[ABSENT] += absent
            pair[WITH_RECORDS] += 1
            pair[WITH_PEOPLE] += 1
        elif recorded:
            pair[PERSON_TIMES] += recorded
            pair[WITH_PEOPLE] += 1
    figures = YearFigures()
    for (kind, organisation_id), values in sums.items():
        summed = Counter(dict(zip(FIGURE_KEYS, values, strict=True)))
        figures.by_kind[kind].update(summed)
        figures.by_organisation[organisation_id].update(summed)
        figures.total.update(summed)
    return figures


@dataclass
class PersonYear:
    """One person's invitations to the activities counted in a year, in date order, as
    (attendance id, status, date, date precision, subject), and their answers counted."""

    invitations: list[tuple]
    invited: int
    present: int
    leave: int
    absent: int

    @property
    def rate(self) -> Decimal | None:
        return attendance_rate(self.present, self.leave, self.absent)


def person_year(*, person_id: int, year: int) -> PersonYear:
    """A member's year as their duty record and the member pages state it: invitations to the
    activities counted in the year (所属年度) and the answers among them."""
    invitations = list(
        Attendance.objects.filter(person_id=person_id, activity__year=year)
        .order_by("activity__date", "activity_id")
        .values_list(
            "pk", "status", "activity__date", "activity__date_precision", "activity__subject"
        )
    )
    counts = Counter(status for _, status, *_ in invitations)
    return PersonYear(
        invitations,
        invited=len(invitations),
        present=counts[AttendanceStatus.PRESENT],
        leave=counts[AttendanceStatus.LEAVE],
        absent=counts[AttendanceStatus.ABSENT],
    )


# Attendance answers by a person's sector: counted per person first (a hash aggregate of the
# year's attendance), and only then joined to the people and their sectors.
BY_SECTOR_SQL = """
SELECT s.name, SUM(a.present) AS present, SUM(a.decided) AS decided
FROM (
    SELECT at.person_id, SUM(CASE WHEN at.status = %s THEN 1 ELSE 0 END) AS present,
           COUNT(*) AS decided
    FROM activities_attendance at
    WHERE at.status IN (%s, %s, %s) AND at.activity_id IN ({activities})
    GROUP BY at.person_id
) a
JOIN people_person p ON p.id = a.person_id
LEFT JOIN people_sector s ON s.id = p.sector_id
GROUP BY s.name
ORDER BY decided DESC, s.name
"""


def attendance_by_sector(*, scope: Q, year: int, limit: int) -> list[dict]:
    """The `limit` sectors with the most answers at the year's activities matching `scope`:
    [{"name": sector or None, "present": n, "decided": n}]."""
    activities = Activity.objects.filter(scope, year=year).values("id").order_by()
    sql, params = activities.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            BY_SECTOR_SQL.format(activities=sql) + " LIMIT %s",
            [AttendanceStatus.PRESENT, *DECIDED, *params, limit],
        )
        return [
            {"name": name, "present": int(present), "decided": int(decided)}
            for name, present, decided in cursor.fetchall()
        ]


def attendance_by_group(*, scope: Q, organisation, year: int) -> list[dict]:
    """Attendance answers at the year's activities matching `scope`, by the people's activity
    group in `organisation`: [{"name": group, "present": n, "decided": n}] by name."""
    return list(
        Attendance.objects.filter(
            activity__in=Activity.objects.filter(scope, year=year),
            status__in=DECIDED,
            person__activity_groups__organisation=organisation,
        )
        .values(name=F("person__activity_groups__name"))
        .annotate(
            present=Count("id", filter=Q(status=AttendanceStatus.PRESENT)), decided=Count("id")
        )
        .order_by("name")
    )


def with_attendance_counts(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """Each activity with its invitations (`invited`), its answers (`decided`) and those present
    (`present`), for a page or a list of activities."""
    return activities.annotate(
        invited=Count("attendances", distinct=True),
        present=Count(
            "attendances", filter=Q(attendances__status=AttendanceStatus.PRESENT), distinct=True
        ),
        decided=Count("attendances", filter=Q(attendances__status__in=DECIDED), distinct=True),
    )
