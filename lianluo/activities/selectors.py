import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lianluo.activities.models import (
    Activity,
    Attendance,
    AttendanceStatus,
    DisciplineSettings,
    LeaveRequest,
    LeaveStatus,
)
from lianluo.core.access import get_in_scope_or_404, scope_by_org

LEVEL_NONE, LEVEL_WARNING, LEVEL_REMOVAL = "none", "warning", "removal"


@dataclass
class Standing:
    person_id: int
    name: str
    streak: int = 0
    level: str = LEVEL_NONE
    evidence: list[dict] = field(default_factory=list)


def discipline_settings_for(*, organisation) -> DisciplineSettings:
    """The office's rules, or the defaults when it has not set its own."""
    found = DisciplineSettings.objects.filter(organisation=organisation).first()
    return found or DisciplineSettings(organisation=organisation)


def discipline_standings(*, organisation, as_of: dt.date) -> list[Standing]:
    """Consecutive unexcused absences up to `as_of`, per person invited to the office's activities.

    DOMAIN.md: excused leave neither counts nor breaks the run (unless the office counts leave);
    attending resets it; at a mandatory activity in the past, no answer is an absence.
    """
    rules = discipline_settings_for(organisation=organisation)
    rows = (
        Attendance.objects.filter(activity__organisation=organisation, activity__date__lte=as_of)
        .order_by("person_id", "activity__date", "activity_id")
        .values_list(
            "person_id",
            "person__name",
            "status",
            "activity__code",
            "activity__date",
            "activity__date_precision",
            "activity__subject",
            "activity__mandatory",
        )
    )
    standings: dict[int, Standing] = {}
    for person_id, name, status, code, date, precision, subject, mandatory in rows.iterator():
        standing = standings.setdefault(person_id, Standing(person_id=person_id, name=name))
        if status == AttendanceStatus.INVITED:
            if not mandatory:
                continue
            status = AttendanceStatus.ABSENT
        if status == AttendanceStatus.PRESENT:
            standing.streak, standing.evidence = 0, []
        elif status == AttendanceStatus.ABSENT or (
            status == AttendanceStatus.LEAVE and rules.leave_counts
        ):
            standing.streak += 1
            standing.evidence.append(
                {
                    "activity": code,
                    "date": date.isoformat()[:7] if precision == "month" else date.isoformat(),
                    "subject": subject,
                    "status": AttendanceStatus(status).label,
                }
            )
    for standing in standings.values():
        if standing.streak >= rules.removal_streak:
            standing.level = LEVEL_REMOVAL
        elif standing.streak >= rules.warning_streak:
            standing.level = LEVEL_WARNING
    return sorted(standings.values(), key=lambda s: (-s.streak, s.name))


def activity_scope(*, viewer) -> QuerySet[Activity]:
    return scope_by_org(Activity.objects.select_related("organisation"), viewer)


def activity_list(*, viewer, year: int | None = None, kind: str = "") -> QuerySet[Activity]:
    activities = activity_scope(viewer=viewer)
    if year:
        activities = activities.filter(date__year=year)
    if kind:
        activities = activities.filter(kind=kind)
    return activities.annotate(
        invited=Count("attendances"),
        present=Count("attendances", filter=Q(attendances__status=AttendanceStatus.PRESENT)),
    ).order_by("-date", "-id")


def activity_get(*, viewer, pk: int) -> Activity:
    return get_in_scope_or_404(activity_scope(viewer=viewer), pk=pk)


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
