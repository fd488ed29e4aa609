from django.db import transaction

from lianluo.activities.models import Activity, Attendance, AttendanceEvent, AttendanceStatus
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
