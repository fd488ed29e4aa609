import datetime as dt

from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from lianluo.activities.extensions import INVITATION_NOTES
from lianluo.activities.lifecycle import LEAVE_TRANSITIONS
from lianluo.activities.models import (
    Activity,
    Attendance,
    AttendanceEvent,
    AttendanceStatus,
    LeaveEvent,
    LeaveRequest,
    LeaveStatus,
    SignIn,
    SignInRefusal,
)
from lianluo.activities.selectors import activity_days, discipline_settings_for, signin_window
from lianluo.audit.services import audit_diff, audit_record
from lianluo.core.access import acting_user, ensure_can_write
from lianluo.core.errors import ApplicationError
from lianluo.core.home import gathered
from lianluo.core.transitions import EventRows, Lifecycle, run
from lianluo.notifications.models import Message
from lianluo.notifications.services import notify
from lianluo.people.models import Person

LEAVE_EVENTS = EventRows(LeaveEvent, record="leave")


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
    before = {"status": attendance.status, "note": attendance.note}
    _attendance_set(attendance, status=status, note=note, actor=acting_user(actor))
    audit_record(
        actor=actor,
        action="attendance.recorded",
        target=activity,
        organisation=activity.organisation,
        before={"person": person.name, **before},
        after={"person": person.name, "status": status, "note": note},
    )
    return attendance


def _attendance_set(attendance: Attendance, *, status: str, note: str, actor) -> None:
    """Change a locked attendance and write its event row: the one place a status changes."""
    AttendanceEvent.objects.create(
        attendance=attendance,
        actor=actor,
        from_status=attendance.status,
        to_status=status,
        note=note,
    )
    attendance.status, attendance.note = status, note
    attendance.save(update_fields=["status", "note"])


ACTIVITY_EDIT_FIELDS = (
    "kind",
    "subject",
    "date",
    "date_precision",
    "year",
    "place",
    "partners",
    "headcount",
    "person_times",
    "suggestions_count",
    "outcome",
    "note",
    "mandatory",
    "starts_at",
    "ends_at",
    "answer_deadline",
)


def _count_in_year(activity: Activity, year: int | None, *, date_changed: bool) -> None:
    """The year whose summary counts the activity: the date's, unless the office names the year
    next to it (a forum on 12月16日 that opens the next year's work)."""
    if year is None:
        if date_changed or not activity.year:
            activity.year = activity.date.year
        return
    if abs(year - activity.date.year) > 1:
        raise ApplicationError(
            f"所属年度只能是活动日期所在的{activity.date.year}年或其前后一年", field="year"
        )
    activity.year = year


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
    counted_year = fields.pop("year", None)
    for field, value in fields.items():
        setattr(activity, field, value)
    _count_in_year(activity, counted_year, date_changed="date" in fields)
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
    actor_obj = acting_user(actor)
    AttendanceEvent.objects.bulk_create(
        AttendanceEvent(
            attendance=a, actor=actor_obj, to_status=AttendanceStatus.INVITED, note="邀请"
        )
        for a in new
    )
    for attendance in new:
        _notify_invitation(attendance)
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


def _own_attendance(actor, activity: Activity) -> Attendance:
    if not (actor.is_authenticated and actor.person_id):
        raise ApplicationError("只有委员/代表本人可以答复邀请", code="forbidden")
    attendance = Attendance.objects.filter(activity=activity, person_id=actor.person_id).first()
    if attendance is None:
        raise ApplicationError("您没有受邀参加该活动", code="forbidden")
    return attendance


def _answer_deadline(activity: Activity):
    return activity.answer_deadline or activity.starts_at


@transaction.atomic
def activity_answer(*, actor, activity: Activity, answer: str) -> Attendance:
    """A member answers a sign-up activity: will attend, or declines (mandatory ones: no)."""
    attendance = _own_attendance(actor, activity)
    if answer not in ("attend", "decline"):
        raise ApplicationError("答复应为参加或不参加")
    if answer == "decline" and activity.mandatory:
        raise ApplicationError("该活动必须参加，不能参加请提出请假申请", code="conflict")
    deadline = _answer_deadline(activity)
    if deadline and timezone.now() > deadline:
        raise ApplicationError("已过答复截止时间", code="conflict")
    attendance.answer = answer
    attendance.save(update_fields=["answer"])
    return attendance


@transaction.atomic
def leave_request_create(*, actor, activity: Activity, reason: str) -> LeaveRequest:
    """Ask for leave before the deadline, with a reason, at most the office's cap per activity."""
    attendance = _own_attendance(actor, activity)
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)  # one at a time
    reason = reason.strip()
    if not reason:
        raise ApplicationError("请填写请假原因", field="reason")
    deadline = _answer_deadline(activity)
    if deadline and timezone.now() > deadline:
        raise ApplicationError("已过请假截止时间，请直接联系工作人员", code="conflict")
    if attendance.status == AttendanceStatus.LEAVE:
        raise ApplicationError("您的请假已获批准", code="conflict")
    requests = LeaveRequest.objects.filter(attendance=attendance)
    if requests.filter(status=LeaveStatus.PENDING).exists():
        raise ApplicationError("您已提交请假申请，正在等待审批", code="conflict")
    cap = discipline_settings_for(organisation=activity.organisation).leave_request_cap
    if requests.count() >= cap:
        raise ApplicationError(f"每次活动最多申请请假{cap}次", code="conflict")
    leave = LeaveRequest.objects.create(attendance=attendance, reason=reason)
    LEAVE_EVENTS.opened(leave, actor=actor, action="asked", state=leave.status, comment=reason)
    return leave


def _leave_decided(step) -> None:
    """Who decided and why; the member is told; approved leave is the invitation's answer."""
    leave, approve = step.record, step.transition.name == "approve"
    activity = leave.attendance.activity
    leave.decided_by = acting_user(step.actor)
    leave.decided_at = timezone.now()
    leave.decision_note = step.comment = (step.data.get("note") or "").strip()[:300]
    step.audit.update(person=leave.attendance.person.name, activity=activity.subject)
    about = f"您对“{activity.subject}”（{activity.partial_date.chinese()}）的请假申请"
    why = f"：{leave.decision_note}" if leave.decision_note else ""
    notify(
        person=leave.attendance.person,
        kind="leave_decision",
        subject="请假已批准" if approve else "请假未获批准",
        body=f"{about}已批准。" if approve else f"{about}未获批准{why}，请按时参加。",
        link=reverse("activities:mine"),
    )
    if approve:
        attendance_record(
            actor=step.actor,
            activity=activity,
            person=leave.attendance.person,
            status=AttendanceStatus.LEAVE,
            note=leave.reason,
        )


LEAVE_LIFECYCLE = Lifecycle(
    name="leave",
    model=LeaveRequest,
    transitions=LEAVE_TRANSITIONS,
    effects={"approve": _leave_decided, "refuse": _leave_decided},
    write_event=LEAVE_EVENTS,
    forbidden="您没有审批该活动请假的权限",
    audit=audit_record,
    related=("attendance__activity__organisation", "attendance__person"),
    organisation_of=lambda leave: leave.attendance.activity.organisation,
    refused="该请假申请已经审批过了",
    stale="该请假申请刚刚已被他人审批，请刷新页面",
)


def leave_request_decide(
    *, actor, leave: LeaveRequest, approve: bool, note: str = "", version: int | None = None
) -> LeaveRequest:
    return run(
        LEAVE_LIFECYCLE,
        actor=actor,
        record=leave,
        name="approve" if approve else "refuse",
        data={"note": note},
        version=version,
    )


SIGNIN_SALT = "lianluo.activities.signin"


def signin_token(*, activity: Activity) -> str:
    """The code's content: the activity, signed so that it cannot be forged or altered."""
    return signing.dumps({"a": activity.pk}, salt=SIGNIN_SALT, compress=True)


def _refuse(activity, actor, reason: str):
    SignInRefusal.objects.create(
        activity=activity, user=actor if actor.is_authenticated else None, reason=reason
    )
    raise ApplicationError(reason, code="signin_refused")


def signin_scan(*, actor, token: str, now: dt.datetime | None = None) -> tuple[SignIn, bool]:
    """Sign the scanning member in for today; (sign-in, created). Refusals are logged and raised."""
    now = now or timezone.now()
    try:
        data = signing.loads(token, salt=SIGNIN_SALT)
        activity = Activity.objects.select_related("organisation").get(pk=data["a"])
    except (signing.BadSignature, KeyError, TypeError, Activity.DoesNotExist):
        _refuse(None, actor, "签到码无效")
    today = timezone.localtime(now).date()
    window = signin_window(activity=activity, day=today)
    first, last = activity_days(activity) if activity.starts_at else (None, None)
    if window is None or not (first <= today <= last) or not (window[0] <= now <= window[1]):
        _refuse(activity, actor, "不在签到时间内")
    attendance = (
        Attendance.objects.filter(activity=activity, person_id=actor.person_id).first()
        if actor.person_id
        else None
    )
    if attendance is None:
        _refuse(activity, actor, "您没有受邀参加该活动")
    attendance.activity = activity  # for the page that answers: no query again
    late = now > window[2]
    try:
        with transaction.atomic():
            sign_in = SignIn.objects.create(
                attendance=attendance, day=today, late=late, actor=actor
            )
    except IntegrityError:
        # Scanned twice, or two requests at the same moment: the first one counts.
        sign_in = SignIn.objects.get(attendance=attendance, day=today)
        sign_in.attendance = attendance
        return sign_in, False
    with transaction.atomic():
        # The member's own sign-in: the SignIn and the attendance's event row are its record
        # (no audit entry, no permission check: the signed code and the invitation are the check).
        locked = Attendance.objects.select_for_update().get(pk=attendance.pk)
        if locked.status != AttendanceStatus.PRESENT:
            _attendance_set(locked, status=AttendanceStatus.PRESENT, note="扫码签到", actor=None)
        if late and not locked.late:
            Attendance.objects.filter(pk=attendance.pk).update(late=True)
    return sign_in, True


@transaction.atomic
def signin_manual(*, actor, activity: Activity, person, day: dt.date, reason: str) -> SignIn:
    """补签: staff sign someone in afterwards, with the reason."""
    ensure_can_write(actor, activity.organisation, "您没有为该活动补签的权限")
    if not reason.strip():
        raise ApplicationError("补签须填写原因", field="reason")
    attendance, _ = Attendance.objects.get_or_create(activity=activity, person=person)
    sign_in, created = SignIn.objects.get_or_create(
        attendance=attendance,
        day=day,
        defaults={"manual": True, "reason": reason.strip(), "actor": actor},
    )
    if not created:
        raise ApplicationError(f"{person.name}在{day:%m月%d日}已签到", code="conflict")
    audit_record(
        actor=actor,
        action="signin.manual",
        target=activity,
        organisation=activity.organisation,
        after={"person": person.name, "day": day.isoformat(), "reason": reason.strip()},
    )
    attendance_record(
        actor=actor,
        activity=activity,
        person=person,
        status=AttendanceStatus.PRESENT,
        note=f"补签：{reason.strip()}",
    )
    return sign_in


def _when(activity: Activity) -> str:
    if activity.starts_at:
        return timezone.localtime(activity.starts_at).strftime("%-m月%-d日 %H:%M")
    return activity.partial_date.chinese()


def _notify_invitation(attendance: Attendance) -> None:
    activity = attendance.activity
    how = "请准时参加；不能参加的请在截止前提出请假" if activity.mandatory else "请答复是否参加"
    place = activity.place or "另行通知的地点"
    how += "".join(f"。{note}" for note in gathered(INVITATION_NOTES, activity))
    notify(
        person=attendance.person,
        kind="invitation",
        subject=f"活动通知：{activity.subject}",
        body=f"{activity.organisation.name}定于{_when(activity)}在{place}"
        f"组织{activity.get_kind_display()}“{activity.subject}”，{how}。",
        link=reverse("activities:mine"),
    )


def activity_send_reminders(*, today: dt.date | None = None) -> int:
    """The day before an activity, remind everyone invited who is not on leave (once)."""
    tomorrow = (today or timezone.localdate()) + dt.timedelta(days=1)
    attendances = list(
        Attendance.objects.filter(
            activity__date=tomorrow, activity__date_precision="day", status=AttendanceStatus.INVITED
        ).select_related("activity", "activity__organisation", "person")
    )
    kinds = {f"reminder:{attendance.activity_id}" for attendance in attendances}
    reminded = set(Message.objects.filter(kind__in=kinds).values_list("person_id", "kind"))
    sent = 0
    for attendance in attendances:
        kind = f"reminder:{attendance.activity_id}"
        if attendance.answer == "decline" or (attendance.person_id, kind) in reminded:
            continue
        with transaction.atomic():
            notify(
                person=attendance.person,
                kind=kind,
                subject=f"明日活动提醒：{attendance.activity.subject}",
                body=f"{_when(attendance.activity)}，{attendance.activity.place}。",
                link=reverse("activities:mine"),
            )
        sent += 1
    return sent


@transaction.atomic
def discipline_notice_send(*, actor, organisation, standing) -> Message:
    """Tell a member at warning (or at removal) through the outbox, with the evidence; audited."""
    ensure_can_write(actor, organisation, "您没有发送考勤通知的权限")
    absences = standing.absences_text()
    if standing.level == "removal":
        subject, action = "考勤情况通知", "按规定将建议上级政协取消委员资格"
    else:
        subject, action = "口头警告", "现予以口头警告，请今后按时参加活动，不能参加的请提前请假"
    person = Person.objects.get(pk=standing.person_id)
    message = notify(
        person=person,
        kind=f"discipline:{standing.level}",
        subject=subject,
        body=f"{person.name}同志：您连续{standing.streak}次无故缺席{organisation.name}组织的活动（{absences}），{action}。",
    )
    audit_record(
        actor=actor,
        action="discipline.notified",
        target=person,
        organisation=organisation,
        after={"level": standing.level, "streak": standing.streak},
    )
    return message
