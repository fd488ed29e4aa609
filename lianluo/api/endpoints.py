"""The API's endpoints: thin like the views. Every read goes through the app's own selectors
(scoped to the token's account), every write through its services."""

import datetime as dt
from typing import Annotated

from django.http import Http404
from django.utils import timezone
from ninja import Path, Query, Router, Status

from lianluo.accounts.models import Role
from lianluo.activities.models import ActivityKind, AttendanceStatus
from lianluo.activities.selectors import my_invitations
from lianluo.activities.services import activity_answer, leave_request_create, signin_scan
from lianluo.api.errors import ERRORS
from lianluo.api.schemas import (
    AnswerIn,
    ArrivalOut,
    DraftIn,
    DutyLine,
    DutyOut,
    GuestOut,
    InvitationOut,
    LeaveIn,
    MeOut,
    NoticeOut,
    PickupMoveIn,
    PickupOut,
    RatingIn,
    SignInIn,
    SignInOut,
    SubmissionDetailOut,
    SubmissionOut,
    TimelineEntry,
    VersionIn,
    paged,
)
from lianluo.core.access import get_in_scope_or_404, is_person_or_org_reader
from lianluo.core.errors import ApplicationError
from lianluo.duty.selectors import default_year, duty_record
from lianluo.notifications.selectors import my_messages
from lianluo.notifications.services import message_mark_read
from lianluo.reception.selectors import (
    FIRST_DAY,
    LAST_DAY,
    access_pickup,
    board,
    my_guests,
)
from lianluo.reception.services import pickup_move
from lianluo.submissions.models import SubmissionKind, SubmissionState
from lianluo.submissions.selectors import (
    available_moves,
    member_submissions,
    submission_get,
    submission_timeline,
)
from lianluo.submissions.services import SubmissionData, submission_move, submission_save

PAGE_SIZE = 20
MAX_ID = 2_147_483_647  # record ids fit a 32-bit integer on every database
RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]
BoardDay = Query(None, ge=FIRST_DAY, le=LAST_DAY, description="日期，默认今天")
PageNumber = Query(1, ge=1, le=100_000, description="页码，从1开始，每页20条")


def page_of(rows, page: int, convert) -> dict:
    """One page of a queryset (or list), converted row by row, with the count and page count."""
    count = rows.count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows)
    start = (page - 1) * PAGE_SIZE
    items = [convert(row) for row in rows[start : start + PAGE_SIZE]]
    return {"items": items, "count": count, "page": page, "pages": max(1, -(-count // PAGE_SIZE))}


member = Router(tags=["委员"])
reception = Router(tags=["会务接待志愿者"])


def _own_person(request):
    if not request.user.person_id:
        raise ApplicationError("该账号没有对应的人员，不能使用委员接口", code="forbidden")
    return request.user.person


# Member ---------------------------------------------------------------------------------------


@member.get("/me", response={200: MeOut, **ERRORS}, summary="当前账号")
def me(request):
    user = request.user
    return {
        "username": user.get_username(),
        "role": user.role,
        "role_label": Role(user.role).label,
        "organisation": user.organisation.name if user.organisation_id else "",
        "person_id": user.person_id,
        "person_name": user.person.name if user.person_id else "",
    }


@member.get("/me/notices", response={200: paged(NoticeOut), **ERRORS}, summary="我的通知")
def my_notices(request, page: int = PageNumber):
    return page_of(my_messages(viewer=request.user), page, _notice)


def _notice(m) -> dict:
    return {
        "id": m.pk,
        "kind": m.kind,
        "subject": m.subject,
        "body": m.body,
        "link": m.link,
        "created_at": m.created_at,
        "read": m.read_at is not None,
    }


@member.post(
    "/me/notices/{notice_id}/read", response={200: NoticeOut, **ERRORS}, summary="标记通知为已读"
)
def notice_read(request, notice_id: RecordId):
    message = get_in_scope_or_404(my_messages(viewer=request.user), pk=notice_id)
    message_mark_read(actor=request.user, message=message)
    return _notice(message)


def _invitation(attendance) -> dict:
    activity = attendance.activity
    requests = sorted(attendance.leave_requests.all(), key=lambda r: r.created_at)
    return {
        "activity_id": activity.pk,
        "subject": activity.subject,
        "kind": activity.kind,
        "kind_label": ActivityKind(activity.kind).label,
        "organisation": activity.organisation.name,
        "date": activity.partial_date.iso(),
        "place": activity.place,
        "starts_at": activity.starts_at,
        "ends_at": activity.ends_at,
        "answer_deadline": activity.answer_deadline,
        "mandatory": activity.mandatory,
        "status": attendance.status,
        "status_label": AttendanceStatus(attendance.status).label,
        "answer": attendance.answer,
        "leave_request": requests[-1].status if requests else "",
    }


@member.get(
    "/me/activities", response={200: paged(InvitationOut), **ERRORS}, summary="我受邀的活动"
)
def my_activities(request, page: int = PageNumber):
    return page_of(my_invitations(viewer=request.user), page, _invitation)


def _my_attendance(request, activity_id: int):
    return get_in_scope_or_404(my_invitations(viewer=request.user), activity_id=activity_id)


@member.post(
    "/me/activities/{activity_id}/answer",
    response={200: InvitationOut, **ERRORS},
    summary="答复邀请：参加或不参加",
)
def answer_invitation(request, activity_id: RecordId, payload: AnswerIn):
    attendance = _my_attendance(request, activity_id)
    activity_answer(actor=request.user, activity=attendance.activity, answer=payload.answer)
    return _invitation(_my_attendance(request, activity_id))


@member.post(
    "/me/activities/{activity_id}/leave",
    response={200: InvitationOut, **ERRORS},
    summary="请假（写明原因，由工作人员审批）",
)
def ask_leave(request, activity_id: RecordId, payload: LeaveIn):
    attendance = _my_attendance(request, activity_id)
    leave_request_create(actor=request.user, activity=attendance.activity, reason=payload.reason)
    return _invitation(_my_attendance(request, activity_id))


@member.post("/me/signin", response={200: SignInOut, **ERRORS}, summary="凭签到码签到")
def sign_in(request, payload: SignInIn):
    _own_person(request)
    sign_in_row, created = signin_scan(actor=request.user, token=payload.code.strip())
    activity = sign_in_row.attendance.activity
    return {
        "activity_id": activity.pk,
        "subject": activity.subject,
        "day": sign_in_row.day,
        "late": sign_in_row.late,
        "created": created,
    }


def _submission(s) -> dict:
    return {
        "id": s.pk,
        "code": s.code,
        "kind": s.kind,
        "kind_label": SubmissionKind(s.kind).label,
        "title": s.title,
        "state": s.state,
        "state_label": SubmissionState(s.state).label,
        "year": s.year,
        "submitted_on": s.submitted_on,
        "proposers": [p.person.name for p in s.proposers.all()],
        "organisation": s.organisation.name,
        "deadline": s.deadline,
        "replied_on": s.replied_on,
        "reply_text": s.reply_text,
        "adoptions": [f"{a.get_level_display()}级" for a in s.adoptions.all()],
        "version": s.version,
    }


def _submission_detail(request, pk: int) -> dict:
    item = submission_get(viewer=request.user, pk=pk)
    moves = {move.name for move in available_moves(request.user, item)}
    return {
        **_submission(item),
        "body": item.body,
        "timeline": [
            TimelineEntry(
                at=e.at,
                action=e.action,
                from_state=e.from_state,
                to_state=e.to_state,
                comment=e.comment,
            )
            for e in submission_timeline(item)
        ],
        "can_rate": "rate" in moves,
    }


@member.get(
    "/me/submissions", response={200: paged(SubmissionOut), **ERRORS}, summary="我的提案建议"
)
def my_submissions(request, page: int = PageNumber):
    rows = member_submissions(request.user).select_related("organisation")
    return page_of(rows, page, _submission)


@member.post(
    "/me/submissions",
    response={201: SubmissionDetailOut, **ERRORS},
    summary="起草提案、建议或社情民意（草稿）",
)
def draft_submission(request, payload: DraftIn):
    person = _own_person(request)
    item = submission_save(
        actor=request.user,
        organisation=person.organisation,
        data=SubmissionData(kind=payload.kind, title=payload.title, body=payload.body),
    )
    return Status(201, _submission_detail(request, item.pk))


@member.get(
    "/me/submissions/{submission_id}",
    response={200: SubmissionDetailOut, **ERRORS},
    summary="一件提案建议的办理经过",
)
def my_submission(request, submission_id: RecordId):
    return _submission_detail(request, _mine(request, submission_id).pk)


def _mine(request, submission_id: int):
    return get_in_scope_or_404(member_submissions(request.user), pk=submission_id)


@member.post(
    "/me/submissions/{submission_id}/submit",
    response={200: SubmissionDetailOut, **ERRORS},
    summary="提交草稿",
)
def submit_submission(request, submission_id: RecordId, payload: VersionIn):
    item = _mine(request, submission_id)
    submission_move(actor=request.user, submission=item, move="submit", version=payload.version)
    return _submission_detail(request, item.pk)


@member.post(
    "/me/submissions/{submission_id}/rate",
    response={200: SubmissionDetailOut, **ERRORS},
    summary="评价答复（不满意时写明理由）",
)
def rate_submission(request, submission_id: RecordId, payload: RatingIn):
    item = _mine(request, submission_id)
    submission_move(
        actor=request.user,
        submission=item,
        move="rate",
        version=payload.version,
        data={"attitude": payload.attitude, "result": payload.result, "reason": payload.reason},
    )
    return _submission_detail(request, item.pk)


@member.get("/me/duty", response={200: DutyOut, **ERRORS}, summary="我的履职档案")
def my_duty(request, year: int | None = Query(None, ge=2000, le=2100)):
    person = _own_person(request)
    record = duty_record(person, year or default_year())
    attended = record.attended
    return {
        "person": person.name,
        "year": record.year,
        "invited": attended.invited,
        "present": attended.present,
        "leave": attended.leave,
        "absent": attended.absent,
        "attendance_rate": float(attended.rate) if attended.rate is not None else None,
        "attendance": [
            DutyLine(day=r.day, subject=r.subject, status=r.status, points=r.points)
            for r in record.attendance_rows
        ],
        "submissions": len(record.submissions),
        "contributions": [c.text for c in record.contributions],
        "points": str(record.points),
    }


# Reception volunteers -------------------------------------------------------------------------


@reception.get("/me/guests", response={200: paged(GuestOut), **ERRORS}, summary="我负责接待的嘉宾")
def my_guests_list(request, page: int = PageNumber):
    _own_person(request)
    return page_of(my_guests(request.user), page, _guest)


def _leg_text(leg) -> str:
    when = timezone.localtime(leg.expected_at).strftime("%m-%d %H:%M")
    return f"{leg.get_mode_display()} {leg.number} {when} {leg.station}".strip()


def _pickup(pickup, leg) -> dict:
    return {
        "id": pickup.pk,
        "travel": _leg_text(leg),
        "meet_at": pickup.meet_at,
        "status": pickup.status,
        "status_label": pickup.get_status_display(),
        "car": pickup.car,
        "version": pickup.version,
    }


def _guest(g) -> dict:
    legs = list(g.legs.all())
    return {
        "id": g.pk,
        "name": g.person.name,
        "title": g.title,
        "event": g.event.name,
        "lodging": g.lodging,
        "checked_in": g.checked_in_at is not None,
        "travel": [_leg_text(leg) for leg in legs],
        "pickups": [_pickup(p, leg) for leg in legs for p in leg.pickups.all()],
    }


@reception.post(
    "/reception/pickups/{pickup_id}/status",
    response={200: PickupOut, **ERRORS},
    summary="更新接站状态（已出发、已接到、取消）",
)
def move_pickup(request, pickup_id: RecordId, payload: PickupMoveIn):
    pickup = access_pickup(viewer=request.user, pk=pickup_id)
    moved = pickup_move(
        actor=request.user,
        pickup=pickup,
        status=payload.status,
        note=payload.note,
        version=payload.version,
    )
    return _pickup(moved, pickup.leg)


@reception.get(
    "/reception/arrivals", response={200: paged(ArrivalOut), **ERRORS}, summary="当天抵达看板"
)
def arrivals(
    request,
    day: dt.date | None = BoardDay,
    page: int = PageNumber,
):
    if not is_person_or_org_reader(request.user):
        raise Http404
    rows = board(viewer=request.user, day=day or timezone.localdate())
    return page_of(rows, page, _arrival)


def _arrival(a) -> dict:
    return {
        "guest_id": a.guest_id,
        "guest": a.guest,
        "volunteer": a.volunteer,
        "travel": a.travel,
        "planned": a.planned_time,
        "expected": a.time,
        "actual": a.actual_time,
        "status": a.status_label,
    }
