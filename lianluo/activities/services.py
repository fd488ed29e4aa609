from django.db import transaction

from lianluo.activities.models import Activity, Attendance, AttendanceEvent, AttendanceStatus
from lianluo.audit.services import audit_diff, audit_record
from lianluo.core.access import ensure_can_write
from lianluo.core.errors import ApplicationError


def activity_next_code(*, organisation, year: int) -> str:
    """Codes the office did not give itself: `2024-001`, `2024-002`, ... per organisation."""
    prefix = f"{year}-"
    taken = Activity.objects.filter(organisation=organisation, code__startswith=prefix).count()
    number = taken + 1
    while Activity.objects.filter(organisation=organisation, code=f"{prefix}{number:03d}").exists():
        number += 1
    return f"{prefix}{number:03d}"


@transaction.atomic
def attendance_record(
    *, actor, activity: Activity, person, status: str, note: str = ""
) -> Attendance:
    """Set one person's attendance; every change writes an event row with who and why."""
    ensure_can_write(actor, activity.organisation, "您没有在该组织中记录考勤的权限")
    if status not in AttendanceStatus.values:
        raise ApplicationError(f"未知出勤状态：{status}")
    if person.organisation_id != activity.organisation_id:
        raise ApplicationError("只能为本组织的人员记录考勤")
    attendance, _ = Attendance.objects.get_or_create(activity=activity, person=person)
    # Locked so that two staff correcting one record at once leave a consistent history.
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    if attendance.status == status and attendance.note == note:
        return attendance
    AttendanceEvent.objects.create(
        attendance=attendance,
        actor=actor if actor is not None and actor.is_authenticated else None,
        from_status=attendance.status,
        to_status=status,
        note=note,
    )
    attendance.status = status
    attendance.note = note
    attendance.save(update_fields=["status", "note"])
    return attendance


ACTIVITY_EDIT_FIELDS = (
    "kind",
    "subject",
    "date",
    "date_precision",
    "place",
    "partners",
    "headcount",
    "person_times",
    "suggestions_count",
    "outcome",
    "note",
    "mandatory",
)


@transaction.atomic
def activity_save(*, actor, organisation, activity: Activity | None = None, **fields) -> Activity:
    """Create or change an activity; an activity without a code gets the next one of its year."""
    ensure_can_write(actor, organisation, "您没有在该组织中管理活动的权限")
    unknown = set(fields) - set(ACTIVITY_EDIT_FIELDS) - {"code"}
    if unknown:
        raise ApplicationError(f"不能修改字段：{'、'.join(sorted(unknown))}")
    creating = activity is None
    activity = activity or Activity(organisation=organisation)
    before = {field: str(getattr(activity, field, "")) for field in ACTIVITY_EDIT_FIELDS}
    for field, value in fields.items():
        setattr(activity, field, value)
    if not activity.code:
        activity.code = activity_next_code(organisation=organisation, year=activity.date.year)
    if (
        Activity.objects.filter(organisation=organisation, code=activity.code)
        .exclude(pk=activity.pk)
        .exists()
    ):
        raise ApplicationError(f"本组织已有编号为“{activity.code}”的活动", field="code")
    activity.full_clean(exclude=["organisation"], validate_constraints=False)
    activity.save()
    after = {field: str(getattr(activity, field)) for field in ACTIVITY_EDIT_FIELDS}
    old, new = audit_diff(before, after)
    audit_record(
        actor=actor,
        action="activity.created" if creating else "activity.updated",
        target=activity,
        organisation=organisation,
        before=None if creating else old,
        after=after if creating else new,
    )
    return activity


@transaction.atomic
def activity_invite(*, actor, activity: Activity, people) -> int:
    """Invite people (once each); returns how many were newly invited."""
    ensure_can_write(actor, activity.organisation, "您没有在该组织中管理活动的权限")
    people = [p for p in people if p.organisation_id == activity.organisation_id]
    invited = set(Attendance.objects.filter(activity=activity).values_list("person_id", flat=True))
    new = [Attendance(activity=activity, person=p) for p in people if p.pk not in invited]
    Attendance.objects.bulk_create(new)
    actor_obj = actor if actor is not None and actor.is_authenticated else None
    AttendanceEvent.objects.bulk_create(
        AttendanceEvent(
            attendance=a, actor=actor_obj, to_status=AttendanceStatus.INVITED, note="邀请"
        )
        for a in new
    )
    if new:
        audit_record(
            actor=actor,
            action="activity.invited",
            target=activity,
            organisation=activity.organisation,
            after={"invited": len(new)},
        )
    return len(new)


@transaction.atomic
def attendance_record_many(*, actor, activity: Activity, changes: list[tuple]) -> int:
    """Record several people's attendance at once (person, status, note), all or nothing."""
    for person, status, note in changes:
        attendance_record(actor=actor, activity=activity, person=person, status=status, note=note)
    return len(changes)
