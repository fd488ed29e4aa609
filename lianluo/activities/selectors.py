import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from lianluo.activities.figures import with_attendance_counts
from lianluo.activities.lifecycle import EVENT_LABELS as LEAVE_EVENT_LABELS
from lianluo.activities.models import (
    Activity,
    ActivityFile,
    Attendance,
    AttendanceStatus,
    DisciplineSettings,
    LeaveEvent,
    LeaveRequest,
    LeaveStatus,
)
from lianluo.core.access import access_child, can_write_org, get_in_scope_or_404, scope_by_org
from lianluo.core.home import Todo
from lianluo.core.transitions import timeline
from lianluo.people.models import Person

LEVEL_NONE, LEVEL_WARNING, LEVEL_REMOVAL = "none", "warning", "removal"


@dataclass
class Standing:
    person_id: int
    name: str
    streak: int = 0
    level: str = LEVEL_NONE
    evidence: list[dict] = field(default_factory=list)

    def absences_text(self) -> str:
        """The run as letters and notices write it: 2024-01-05“第1次学习”、2024-02-05“…”."""
        return "、".join(f"{item['date']}“{item['subject']}”" for item in self.evidence)


def discipline_settings_for(*, organisation) -> DisciplineSettings:
    """The office's rules, or the defaults when it has not set its own."""
    found = DisciplineSettings.objects.filter(organisation=organisation).first()
    return found or DisciplineSettings(organisation=organisation)


# The run of each person, without sorting their history: a hash aggregate finds each person's
# last attendance (its activity's date and id as one number, the order the run is counted in),
# then the counted rows after it are kept (absences; leave where the office counts it; unanswered
# invitations to mandatory activities). Only those rows, the evidence, are sorted and joined to
# the activities' details. A new year adds rows to both scans but never a sort over all of them.
STREAK_SQL = """
WITH last_present AS (
    SELECT at.person_id, MAX({key}) AS key
    FROM activities_attendance at
    JOIN activities_activity act ON act.id = at.activity_id
    JOIN orgs_organisation o ON o.id = act.organisation_id
    WHERE {scope} AND act.date <= %(as_of)s AND at.status = 'present'
    GROUP BY at.person_id
)
SELECT at.person_id, act.code, act.date, act.date_precision, act.subject,
       CASE WHEN at.status = 'invited' THEN 'absent' ELSE at.status END AS status
FROM activities_attendance at
JOIN activities_activity act ON act.id = at.activity_id
JOIN orgs_organisation o ON o.id = act.organisation_id
LEFT JOIN activities_disciplinesettings ds ON ds.organisation_id = act.organisation_id
LEFT JOIN last_present lp ON lp.person_id = at.person_id
WHERE {scope} AND act.date <= %(as_of)s
  AND (at.status = 'absent' OR (at.status = 'invited' AND act.mandatory)
       OR (at.status = 'leave' AND COALESCE(ds.leave_counts, %(leave_counts)s)))
  AND (lp.key IS NULL OR {key} > lp.key)
ORDER BY at.person_id, act.date, act.id
"""
# An activity's place in the order runs are counted in, (date, id), as one comparable number.
STREAK_KEY = {
    "postgresql": "(act.date - DATE '1970-01-01')::bigint * 10000000000 + act.id",
    "sqlite": "CAST(julianday(act.date) AS INTEGER) * 10000000000 + act.id",
}


def streak_sql(scope: str) -> str:
    """STREAK_SQL for this database, over the attendance whose activity matches `scope`."""
    return STREAK_SQL.format(scope=scope, key=STREAK_KEY[connection.vendor])


def _streak_rows(*, scope: str, params: dict) -> dict[int, list[dict]]:
    runs: dict[int, list[dict]] = {}
    with connection.cursor() as cursor:
        cursor.execute(streak_sql(scope), params)
        for person_id, code, date, precision, subject, status in cursor.fetchall():
            if isinstance(date, str):  # SQLite returns dates as text
                date = dt.date.fromisoformat(date)
            runs.setdefault(person_id, []).append(
                {
                    "activity": code,
                    "date": date.isoformat()[:7] if precision == "month" else date.isoformat(),
                    "subject": subject,
                    "status": AttendanceStatus(status).label,
                }
            )
    return runs


def _level(streak: int, rules: DisciplineSettings) -> str:
    if streak >= rules.removal_streak:
        return LEVEL_REMOVAL
    if streak >= rules.warning_streak:
        return LEVEL_WARNING
    return LEVEL_NONE


def discipline_standings(*, organisation, as_of: dt.date) -> list[Standing]:
    """Every person invited to the office's activities up to `as_of`, with their run of absences.

    DOMAIN.md: excused leave neither counts nor breaks the run (unless the office counts leave);
    attending resets it; at a mandatory activity, no answer is an absence.
    """
    rules = discipline_settings_for(organisation=organisation)
    runs = _streak_rows(
        scope="act.organisation_id = %(org)s",
        params={"org": organisation.pk, "as_of": as_of, "leave_counts": False},
    )
    invited = (
        Attendance.objects.filter(activity__organisation=organisation, activity__date__lte=as_of)
        .values_list("person_id", "person__name")
        .distinct()
    )
    standings = []
    for person_id, name in invited:
        evidence = runs.get(person_id, [])
        standings.append(
            Standing(
                person_id=person_id,
                name=name,
                streak=len(evidence),
                level=_level(len(evidence), rules),
                evidence=evidence,
            )
        )
    return sorted(standings, key=lambda s: (-s.streak, s.name))


def discipline_standing_of(*, organisation, person_id: int, as_of: dt.date) -> Standing | None:
    """One person's standing in the office (None when they were never invited)."""
    return next(
        (
            s
            for s in discipline_standings(organisation=organisation, as_of=as_of)
            if s.person_id == person_id
        ),
        None,
    )


def discipline_tree_counts(*, organisation, as_of: dt.date) -> dict[str, int]:
    """How many people stand at warning and at removal in the whole subtree, each office by its
    own rules: what an upper level reads."""
    runs = _streak_rows(
        scope="o.path LIKE %(path)s",
        params={"path": organisation.path + "%", "as_of": as_of, "leave_counts": False},
    )
    if not runs:
        return {LEVEL_WARNING: 0, LEVEL_REMOVAL: 0}
    rules = {s.organisation_id: s for s in DisciplineSettings.objects.all()}
    default = DisciplineSettings()
    counts = {LEVEL_WARNING: 0, LEVEL_REMOVAL: 0}
    org_of = dict(Person.objects.filter(pk__in=list(runs)).values_list("pk", "organisation_id"))
    for person_id, evidence in runs.items():
        level = _level(len(evidence), rules.get(org_of.get(person_id), default))
        if level != LEVEL_NONE:
            counts[level] += 1
    return counts


def activity_scope(*, viewer) -> QuerySet[Activity]:
    return scope_by_org(Activity.objects.select_related("organisation"), viewer)


def activity_list(*, viewer, year: int | None = None, kind: str = "") -> QuerySet[Activity]:
    activities = activity_scope(viewer=viewer)
    if year:
        activities = activities.filter(year=year)
    if kind:
        activities = activities.filter(kind=kind)
    return activities.order_by("-date", "-id")


def attendance_counts(*, activities: list[Activity]) -> None:
    """Set `invited` and `present` on each activity of a page: one query for the page only."""
    rows = with_attendance_counts(
        Activity.objects.filter(pk__in=[a.pk for a in activities]).order_by()
    ).values("id", "invited", "present")
    counts = {row["id"]: row for row in rows}
    for activity in activities:
        row = counts.get(activity.pk, {})
        activity.invited, activity.present = row.get("invited", 0), row.get("present", 0)


def activity_get(*, viewer, pk: int) -> Activity:
    return get_in_scope_or_404(activity_scope(viewer=viewer), pk=pk)


def activity_get_for_edit(*, viewer, pk: int) -> Activity:
    """An activity the viewer may change; anything else is the same 404 as a missing one."""
    activity = activity_get(viewer=viewer, pk=pk)
    if not can_write_org(viewer, activity.organisation):
        raise Http404("记录不存在或无权修改")
    return activity


def access_activity_file(*, viewer, pk: int) -> ActivityFile:
    """A file of an activity the viewer reads."""
    return access_child(
        ActivityFile.objects.select_related("activity"),
        parent="activity",
        parents=activity_scope(viewer=viewer),
        pk=pk,
    )


def access_leave_request(*, viewer, pk: int) -> LeaveRequest:
    """A leave request of an activity the viewer may change (its staff decide it)."""
    leave = access_child(
        LeaveRequest.objects.select_related("attendance__activity__organisation"),
        parent="attendance__activity",
        parents=activity_scope(viewer=viewer),
        pk=pk,
    )
    if not can_write_org(viewer, leave.attendance.activity.organisation):
        raise Http404("记录不存在或无权修改")
    return leave


def attendance_sheet(*, activity) -> list[Attendance]:
    return list(
        Attendance.objects.filter(activity=activity)
        .select_related("person")
        .order_by("person__name_pinyin", "person_id")
    )


def my_invitations(*, viewer) -> QuerySet[Attendance]:
    """The member's own invitations, newest first, with their leave requests."""
    if not (viewer.is_authenticated and viewer.person_id):
        return Attendance.objects.none()
    return (
        Attendance.objects.filter(person_id=viewer.person_id)
        .select_related("activity", "activity__organisation")
        .prefetch_related("leave_requests")
        .order_by("-activity__date", "-activity_id")
    )


def my_activity(*, viewer, pk: int) -> Activity:
    """An activity the member was invited to, or the same 404 as any record they cannot see."""
    attendance = (
        Attendance.objects.filter(activity_id=pk, person_id=viewer.person_id)
        .select_related("activity")
        .first()
        if viewer.is_authenticated and viewer.person_id
        else None
    )
    if attendance is None:
        raise Http404("记录不存在或无权查看")
    return attendance.activity


def pending_leave_requests(*, activity: Activity) -> QuerySet[LeaveRequest]:
    return LeaveRequest.objects.filter(
        attendance__activity=activity, status=LeaveStatus.PENDING
    ).select_related("attendance__person")


def signin_window(*, activity: Activity, day: dt.date):
    """When a scan on `day` counts: from before the start until some time after it."""
    if activity.starts_at is None:
        return None
    rules = discipline_settings_for(organisation=activity.organisation)
    start = timezone.localtime(activity.starts_at)
    start = start.replace(year=day.year, month=day.month, day=day.day)
    return (
        start - dt.timedelta(minutes=rules.signin_opens_minutes),
        start + dt.timedelta(minutes=rules.signin_closes_minutes),
        start,
    )


def activity_days(activity: Activity) -> tuple[dt.date, dt.date]:
    first = timezone.localtime(activity.starts_at).date()
    last = timezone.localtime(activity.ends_at).date() if activity.ends_at else first
    return first, max(first, last)


def signin_window_today(*, activity: Activity):
    return signin_window(activity=activity, day=timezone.localdate())


@dataclass
class AttendanceMatrix:
    activities: list[Activity]
    rows: list[tuple[str, list[str], dict[str, int]]]


MATRIX_MARKS = {"present": "出", "leave": "假", "absent": "缺", "invited": "未答"}


def attendance_matrix(*, organisation, year: int) -> AttendanceMatrix:
    """People × the office's activities of the year: who attended, was on leave or absent."""
    activities = list(
        Activity.objects.filter(organisation=organisation, year=year).order_by("date", "id")
    )
    column = {a.pk: i for i, a in enumerate(activities)}
    people: dict[int, tuple[str, list[str], dict[str, int]]] = {}
    attendances = (
        Attendance.objects.filter(activity__in=activities)
        .values_list("person_id", "person__name", "person__name_pinyin", "activity_id", "status")
        .order_by("person__name_pinyin", "person_id")
    )
    for person_id, name, _, activity_id, status in attendances:
        if person_id not in people:
            people[person_id] = (
                name,
                [""] * len(activities),
                {"present": 0, "leave": 0, "absent": 0},
            )
        row = people[person_id]
        row[1][column[activity_id]] = MATRIX_MARKS.get(status, "")
        if status in row[2]:
            row[2][status] += 1
    return AttendanceMatrix(activities=activities, rows=list(people.values()))


def member_todos(user) -> list:
    """Invitations waiting for an answer, and activities whose sign-in is open now."""
    from django.urls import reverse

    now, today = timezone.now(), timezone.localdate()
    todos = []
    upcoming = (
        my_invitations(viewer=user)
        .filter(status=AttendanceStatus.INVITED, activity__date__gte=today)
        .order_by("activity__date", "activity_id")[:20]
    )
    for attendance in upcoming:
        activity = attendance.activity
        when = activity.partial_date.chinese()
        mine = reverse("activities:mine") + f"#activity-{activity.pk}"
        # Only on the activity's own days can its sign-in be open (no rules read for the rest).
        window = None
        if activity.starts_at:
            first, last = activity_days(activity)
            if first <= today <= last:
                window = signin_window(activity=activity, day=today)
        if window and window[0] <= now <= window[1]:
            todos.append(Todo(f"“{activity.subject}”正在签到，请扫描现场的签到码", mine, "查看"))
        elif not activity.mandatory and not attendance.answer:
            todos.append(Todo(f"{when}“{activity.subject}”：是否参加？", mine, "答复"))
        elif activity.mandatory and not attendance.leave_requests.all():
            todos.append(
                Todo(f"{when}“{activity.subject}”请按时参加，不能参加请请假", mine, "查看")
            )
    return todos


def leave_timeline(*, activity: Activity) -> list:
    """The activity's leave requests step by step (asked, approved or refused), for its staff."""
    events = timeline(
        LeaveEvent.objects.filter(leave__attendance__activity=activity).select_related(
            "leave__attendance__person"
        ),
        LEAVE_EVENT_LABELS,
    )
    for event in events:
        event.label = f"{event.leave.attendance.person.name}：{event.label}"
    return events
