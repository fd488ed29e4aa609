"""Staff writes: what the office's staff do on the web pages, for a mini-program or a 政务微信 page.

Each endpoint loads its record through the app's access selectors (the same 404 for missing and
out of scope), validates the input with the web page's own form where the page has one (one place
per rule), and calls the same service as the page; every service checks the write permission,
refuses illegal state changes (409) and writes the audit log.
"""

import datetime as dt

from django import forms
from django.http import Http404
from django.utils import timezone
from ninja import Query, Router, Status

from lianluo.activities.figures import with_attendance_counts
from lianluo.activities.forms import ActivityForm, InviteForm
from lianluo.activities.models import (
    Activity,
    ActivityKind,
    AttendanceStatus,
    LeaveRequest,
    LeaveStatus,
)
from lianluo.activities.selectors import (
    activity_get,
    activity_get_for_edit,
    activity_list,
    attendance_sheet,
)
from lianluo.activities.services import (
    activity_invite,
    activity_save,
    attendance_record,
    leave_request_decide,
    signin_manual,
)
from lianluo.api.endpoints import (
    BoardDay,
    PageNumber,
    RecordId,
    _submission,
    _submission_detail,
    page_of,
)
from lianluo.api.errors import ERRORS
from lianluo.api.schemas import (
    ActivityIn,
    ActivityOut,
    AttendanceIn,
    AttendanceOut,
    InvitedOut,
    InviteIn,
    LeaveDecisionIn,
    LeaveRequestOut,
    ManualSignInIn,
    MoveIn,
    OneOf,
    PersonOut,
    SearchText,
    SignInOut,
    SubmissionDetailOut,
    SubmissionOut,
    VisitIn,
    VisitOut,
    paged,
)
from lianluo.core.access import (
    can_write_org,
    get_in_scope_or_404,
    require_org_reader,
    require_own_writer,
)
from lianluo.core.errors import ApplicationError
from lianluo.core.masking import mask_mobile
from lianluo.core.replica import heavy_read
from lianluo.people.models import Person, RoleKind
from lianluo.people.selectors import PeopleFilters, people_list
from lianluo.submissions.lifecycle import MOVES
from lianluo.submissions.models import SubmissionKind, SubmissionState
from lianluo.submissions.selectors import (
    ListFilters,
    merge_lead_find,
    submission_get,
    submission_list,
)
from lianluo.submissions.services import submission_move
from lianluo.visits.models import Visit
from lianluo.visits.selectors import visit_get
from lianluo.visits.services import VisitData, visit_save

staff = Router(tags=["工作人员"])


# Reads ----------------------------------------------------------------------------------


@staff.get("/people", response={200: paged(PersonOut), **ERRORS}, summary="名册（手机号已脱敏）")
@heavy_read
def people(
    request,
    q: SearchText(50) = "",
    role: OneOf(RoleKind.values) = "",
    page: int = PageNumber,
):
    require_org_reader(request.user)
    rows = people_list(viewer=request.user, filters=PeopleFilters(q=q.strip(), role=role))
    return page_of(rows.prefetch_related("roles"), page, _person)


def _person(p) -> dict:
    return {
        "id": p.pk,
        "name": p.name,
        "gender": p.get_gender_display(),
        "roles": [r.get_role_display() for r in p.roles.all()],
        "sector": p.sector.name if p.sector else "",
        "work_unit": p.work_unit,
        "position": p.position,
        "organisation": p.organisation.name,
        "mobile": mask_mobile(p.mobile),
        "status": p.get_status_display(),
    }


def _activity(a: Activity) -> dict:
    return {
        "id": a.pk,
        "code": a.code,
        "kind": a.kind,
        "kind_label": ActivityKind(a.kind).label,
        "subject": a.subject,
        "date": a.partial_date.iso(),
        "year": a.year,
        "place": a.place,
        "organisation": a.organisation.name,
        "starts_at": a.starts_at,
        "invited": getattr(a, "invited", 0),
        "present": getattr(a, "present", 0),
    }


@staff.get(
    "/activities",
    response={200: paged(ActivityOut), **ERRORS},
    summary="活动（某年，或某一天的：如当天现场签到）",
)
@heavy_read
def activities(
    request,
    year: int | None = Query(None, ge=2000, le=2100),
    day: dt.date | None = BoardDay,
    kind: OneOf(ActivityKind.values) = "",
    page: int = PageNumber,
):
    require_org_reader(request.user)
    year = day.year if day else year or timezone.localdate().year
    rows = activity_list(viewer=request.user, year=year, kind=kind)
    if day:
        rows = rows.filter(date=day, date_precision="day")
    return page_of(with_attendance_counts(rows.select_related("organisation")), page, _activity)


@staff.get("/activities/{activity_id}", response={200: ActivityOut, **ERRORS}, summary="一次活动")
def activity(request, activity_id: RecordId):
    require_org_reader(request.user)
    item = activity_get(viewer=request.user, pk=activity_id)
    return _activity_out(item)


@staff.get("/submissions", response={200: paged(SubmissionOut), **ERRORS}, summary="提案建议")
@heavy_read
def submissions(
    request,
    year: int | None = Query(None, ge=1990, le=2100),
    kind: OneOf(SubmissionKind.values) = "",
    state: OneOf(SubmissionState.values) = "",
    q: SearchText(100) = "",
    page: int = PageNumber,
):
    require_org_reader(request.user)
    rows = submission_list(
        viewer=request.user, filters=ListFilters(kind=kind, state=state, year=year, q=q.strip())
    )
    rows = (
        rows.select_related("organisation")
        .prefetch_related("proposers__person", "adoptions")
        .order_by("-year", "-id")
    )
    return page_of(rows, page, _submission)


@staff.get(
    "/submissions/{submission_id}",
    response={200: SubmissionDetailOut, **ERRORS},
    summary="一件提案建议",
)
def submission(request, submission_id: RecordId):
    require_org_reader(request.user)
    return _submission_detail(request, submission_id)


# Writes ----------------------------------------------------------------------------------------


def _valid(form: forms.Form) -> dict:
    """The web form's cleaned data, or a 400 naming the first field that is wrong and why."""
    if form.is_valid():
        return form.cleaned_data
    field, messages = next(iter(form.errors.items()))
    label = form.fields[field].label if field in form.fields else ""
    raise ApplicationError(f"{label}：{messages[0]}" if label else messages[0], field=field)


def _local(moment: dt.datetime | None) -> str:
    """A time as the web form takes it, in the server's zone (a time without a zone is one)."""
    if moment is None:
        return ""
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
    except (ValueError, OverflowError) as exc:
        raise ApplicationError(f"时间有误：{moment.isoformat()}") from exc


def _activity_fields(payload: ActivityIn) -> dict:
    form = ActivityForm(
        data={
            **payload.dict(exclude={"date", "partners", "starts_at", "ends_at", "answer_deadline"}),
            "when": payload.date,
            "partners": "、".join(payload.partners),
            "starts_at": _local(payload.starts_at),
            "ends_at": _local(payload.ends_at),
            "answer_deadline": _local(payload.answer_deadline),
            "mandatory": "on" if payload.mandatory else "",
        }
    )
    _valid(form)
    return form.activity_fields()


def _activity_out(activity: Activity) -> dict:
    counted = with_attendance_counts(Activity.objects.filter(pk=activity.pk))
    return _activity(counted.select_related("organisation").get())


@staff.post("/activities", response={201: ActivityOut, **ERRORS}, summary="新建活动")
def activity_create(request, payload: ActivityIn):
    organisation = require_own_writer(request.user)
    activity = activity_save(
        actor=request.user, organisation=organisation, **_activity_fields(payload)
    )
    return Status(201, _activity_out(activity))


@staff.put("/activities/{activity_id}", response={200: ActivityOut, **ERRORS}, summary="修改活动")
def activity_change(request, activity_id: RecordId, payload: ActivityIn):
    activity = activity_get_for_edit(viewer=request.user, pk=activity_id)
    activity = activity_save(
        actor=request.user,
        organisation=activity.organisation,
        activity=activity,
        **_activity_fields(payload),
    )
    return _activity_out(activity)


@staff.post(
    "/activities/{activity_id}/invitations",
    response={200: InvitedOut, **ERRORS},
    summary="邀请参加活动（全部在任人员、按身份、小组、界别或人员）",
)
def activity_invitations(request, activity_id: RecordId, payload: InviteIn):
    activity = activity_get_for_edit(viewer=request.user, pk=activity_id)
    form = InviteForm(
        data={
            "everyone": "on" if payload.everyone else "",
            "roles": payload.roles,
            "groups": [str(pk) for pk in payload.group_ids],
            "sectors": payload.sectors,
            "people": [str(pk) for pk in payload.person_ids],
        },
        organisation=activity.organisation,
    )
    _valid(form)
    people = form.chosen_people()
    if not people:
        raise ApplicationError("请至少选择一种邀请范围")
    added = activity_invite(actor=request.user, activity=activity, people=people)
    return {"invited": added, "activity": _activity_out(activity)}


def _activity_and_person(request, activity_id: int, person_id: int):
    """An activity the viewer may change, and a person of its organisation (else 404)."""
    activity = activity_get_for_edit(viewer=request.user, pk=activity_id)
    people = Person.objects.filter(organisation=activity.organisation)
    return activity, get_in_scope_or_404(people, pk=person_id)


def _attendance(attendance) -> dict:
    return {
        "person_id": attendance.person_id,
        "name": attendance.person.name,
        "status": attendance.status,
        "status_label": AttendanceStatus(attendance.status).label,
        "note": attendance.note,
        "late": attendance.late,
    }


@staff.get(
    "/activities/{activity_id}/attendance",
    response={200: paged(AttendanceOut), **ERRORS},
    summary="一次活动的邀请和出勤名单",
)
def activity_attendance(request, activity_id: RecordId, page: int = PageNumber):
    activity = activity_get_for_edit(viewer=request.user, pk=activity_id)
    return page_of(attendance_sheet(activity=activity), page, _attendance)


@staff.post(
    "/activities/{activity_id}/attendance",
    response={200: AttendanceOut, **ERRORS},
    summary="记录一人的出勤（出席、请假、缺席）",
)
def activity_attendance_record(request, activity_id: RecordId, payload: AttendanceIn):
    activity, person = _activity_and_person(request, activity_id, payload.person_id)
    attendance = attendance_record(
        actor=request.user,
        activity=activity,
        person=person,
        status=payload.status,
        note=payload.note.strip(),
    )
    return _attendance(attendance)


@staff.post(
    "/activities/{activity_id}/signins",
    response={201: SignInOut, **ERRORS},
    summary="为委员签到或补签（写明原因，如“现场签到”）",
)
def activity_signin(request, activity_id: RecordId, payload: ManualSignInIn):
    activity, person = _activity_and_person(request, activity_id, payload.person_id)
    sign_in = signin_manual(
        actor=request.user, activity=activity, person=person, day=payload.day, reason=payload.reason
    )
    return Status(
        201,
        {
            "activity_id": activity.pk,
            "subject": activity.subject,
            "day": sign_in.day,
            "late": sign_in.late,
            "created": True,
        },
    )


def _leave(leave: LeaveRequest) -> dict:
    return {
        "id": leave.pk,
        "activity_id": leave.attendance.activity_id,
        "person_id": leave.attendance.person_id,
        "name": leave.attendance.person.name,
        "reason": leave.reason,
        "status": leave.status,
        "status_label": LeaveStatus(leave.status).label,
        "created_at": leave.created_at,
    }


def _leave_requests(request):
    organisation = require_own_writer(request.user)
    return LeaveRequest.objects.filter(
        attendance__activity__organisation=organisation
    ).select_related("attendance__person", "attendance__activity__organisation")


@staff.get(
    "/leave-requests",
    response={200: paged(LeaveRequestOut), **ERRORS},
    summary="待审批的请假申请",
)
def leave_requests(request, page: int = PageNumber):
    pending = _leave_requests(request).filter(status=LeaveStatus.PENDING).order_by("created_at")
    return page_of(pending, page, _leave)


@staff.post(
    "/leave-requests/{leave_id}/decision",
    response={200: LeaveRequestOut, **ERRORS},
    summary="审批请假（批准或不批准，可写明理由）",
)
def leave_decide(request, leave_id: RecordId, payload: LeaveDecisionIn):
    leave = get_in_scope_or_404(_leave_requests(request), pk=leave_id)
    decided = leave_request_decide(
        actor=request.user, leave=leave, approve=payload.approve, note=payload.note
    )
    decided.attendance = leave.attendance
    return _leave(decided)


@staff.post(
    "/submissions/{submission_id}/moves/{move}",
    response={200: SubmissionDetailOut, **ERRORS},
    summary="办理提案建议的一步（立案、交办、答复、办结……；不允许的一步返回 409）",
    description="move 取值：" + "、".join(f"{m.name}（{m.label}）" for m in MOVES.values()),
)
def submission_move_endpoint(request, submission_id: RecordId, move: str, payload: MoveIn):
    item = submission_get(viewer=request.user, pk=submission_id)
    if move not in MOVES:
        raise ApplicationError(f"未知操作：{move}", code="not_found")
    data = payload.dict(exclude={"version", "person_id", "lead"})
    data["person"] = payload.person_id
    if move == "merge":
        data["lead"] = merge_lead_find(viewer=request.user, submission=item, lead=payload.lead)
    submission_move(
        actor=request.user, submission=item, move=move, version=payload.version, data=data
    )
    return _submission_detail(request, item.pk)


def _visit(visit: Visit) -> dict:
    return {
        "id": visit.pk,
        "date": visit.partial_date.iso(),
        "kind": visit.kind,
        "method": visit.method,
        "visitors": visit.visitors,
        "people": sorted(p.name for p in visit.people.all()),
        "unit": visit.unit,
        "heard": visit.heard,
        "concern_status": visit.concern_status,
        "follow_up": visit.follow_up,
        "version": visit.version,
    }


def _visit_data(organisation, payload: VisitIn) -> VisitData:
    people = list(Person.objects.filter(organisation=organisation, pk__in=payload.person_ids))
    if len(people) != len(set(payload.person_ids)):
        raise ApplicationError("走访对象只能是本组织名册中的人员", field="people")
    return VisitData(
        date=payload.date,
        month_only=payload.month_only,
        kind=payload.kind,
        method=payload.method,
        visitors=payload.visitors,
        people=people,
        unit=payload.unit,
        heard=payload.heard,
        concern_open=payload.concern_open,
        follow_up=payload.follow_up,
    )


@staff.post("/visits", response={201: VisitOut, **ERRORS}, summary="登记一次走访")
def visit_create(request, payload: VisitIn):
    organisation = require_own_writer(request.user)
    visit = visit_save(
        actor=request.user,
        organisation=organisation,
        data=_visit_data(organisation, payload),
    )
    return Status(201, _visit(visit))


@staff.put("/visits/{visit_id}", response={200: VisitOut, **ERRORS}, summary="修改走访记录")
def visit_change(request, visit_id: RecordId, payload: VisitIn):
    visit = visit_get(viewer=request.user, pk=visit_id)
    if not can_write_org(request.user, visit.organisation):
        raise Http404("记录不存在或无权修改")
    saved = visit_save(
        actor=request.user,
        organisation=visit.organisation,
        visit=visit,
        version=payload.version,
        data=_visit_data(visit.organisation, payload),
    )
    return _visit(saved)
