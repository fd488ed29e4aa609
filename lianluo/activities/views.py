import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lianluo.activities.calendar import (
    calendar_feed_create,
    calendar_feed_revoke,
    feed_activities,
    ical,
    month_grid,
)
from lianluo.activities.documents import (
    activity_notice_docx,
    removal_recommendation_docx,
    signin_sheet_docx,
    warning_letter_docx,
)
from lianluo.activities.extensions import ACTIVITY_PANELS, LIST_LINKS
from lianluo.activities.figures import attendance_rate
from lianluo.activities.forms import (
    ATTENDANCE_CHOICES,
    ActivityForm,
    DisciplineForm,
    InviteForm,
    ListFilterForm,
)
from lianluo.activities.models import (
    AttendanceStatus,
    CalendarFeed,
    FileKind,
)
from lianluo.activities.outcomes import activity_file_add, suggestion_add
from lianluo.activities.selectors import (
    access_activity_file,
    activity_get,
    activity_get_for_edit,
    activity_list,
    activity_scope,
    attendance_counts,
    attendance_matrix,
    attendance_sheet,
    discipline_settings_for,
    discipline_standing_of,
    discipline_standings,
    leave_timeline,
    pending_leave_requests,
)
from lianluo.activities.services import (
    activity_invite,
    activity_save,
    attendance_record_many,
    discipline_notice_send,
    signin_manual,
)
from lianluo.core.access import can_write_org, require_org_reader
from lianluo.core.errors import ApplicationError
from lianluo.core.forms import form_add_service_error
from lianluo.core.home import gathered
from lianluo.core.redirects import redirect_back
from lianluo.core.replica import heavy_read
from lianluo.documents.docx import docx_response
from lianluo.documents.xlsx import table_xlsx, xlsx_response
from lianluo.orgs.selectors import org_get


@login_required
def activity_index(request):
    require_org_reader(request.user)
    form = ListFilterForm(request.GET or None)
    year, kind = timezone.localdate().year, ""
    if form.is_valid():
        year = form.cleaned_data["year"] or year
        kind = form.cleaned_data["kind"]
    activities = activity_list(viewer=request.user, year=year, kind=kind)
    page = Paginator(activities, 50).get_page(request.GET.get("page"))
    attendance_counts(activities=page.object_list)
    return render(
        request,
        "activities/activity_list.html",
        {
            "form": form,
            "page": page,
            "year": year,
            "can_add": can_write_org(request.user, request.user.organisation),
            "links": gathered(LIST_LINKS, request.user),
        },
    )


@login_required
@heavy_read
def attendance_matrix_xlsx(request):
    """出勤统计表: the office's people × its activities of the year, in Excel."""
    require_org_reader(request.user)
    requested = request.GET.get("org", "")
    organisation = (
        org_get(viewer=request.user, pk=int(requested))
        if requested.isdigit()
        else request.user.organisation
    )
    form = ListFilterForm(request.GET or None)
    year = timezone.localdate().year
    if form.is_valid() and form.cleaned_data["year"]:
        year = form.cleaned_data["year"]
    matrix = attendance_matrix(organisation=organisation, year=year)
    header = (
        ["姓名"]
        + [f"{a.partial_date.chinese()} {a.subject}" for a in matrix.activities]
        + ["出席", "请假", "缺席", "出勤率"]
    )
    rows = []
    for name, marks, counts in matrix.rows:
        rate = attendance_rate(counts["present"], counts["leave"], counts["absent"])
        rate = f"{rate}%" if rate is not None else ""
        rows.append([name, *marks, counts["present"], counts["leave"], counts["absent"], rate])
    title = f"{organisation.name}{year}年活动出勤统计表"
    content = table_xlsx(title=title, sheet="出勤", header=header, rows=rows)
    return xlsx_response(content, f"{title}.xlsx")


def _activity_form_page(request, *, activity=None):
    organisation = activity.organisation if activity else request.user.organisation
    if not can_write_org(request.user, organisation):
        raise Http404("无权修改")
    initial = {"mandatory": True}
    if activity is not None:
        initial = {
            "kind": activity.kind,
            "subject": activity.subject,
            "when": activity.partial_date.iso(),
            "year": activity.year if activity.counted_in_another_year else None,
            "place": activity.place,
            "partners": "、".join(activity.partners),
            "mandatory": activity.mandatory,
            "starts_at": activity.starts_at,
            "ends_at": activity.ends_at,
            "answer_deadline": activity.answer_deadline,
            "headcount": activity.headcount,
            "person_times": activity.person_times,
            "suggestions_count": activity.suggestions_count,
            "outcome": activity.outcome,
            "note": activity.note,
        }
    form = ActivityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity = activity_save(
                actor=request.user,
                organisation=organisation,
                activity=activity,
                **form.activity_fields(),
            )
        except (ApplicationError, ValidationError) as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, "活动已保存。")
            return redirect("activities:detail", pk=activity.pk)
    return render(request, "activities/activity_form.html", {"form": form, "activity": activity})


@login_required
def activity_new(request):
    require_org_reader(request.user)
    return _activity_form_page(request)


@login_required
def activity_edit(request, pk: int):
    return _activity_form_page(request, activity=activity_get(viewer=request.user, pk=pk))


@login_required
def activity_detail(request, pk: int):
    activity = activity_get(viewer=request.user, pk=pk)
    sheet = attendance_sheet(activity=activity)
    can_edit = can_write_org(request.user, activity.organisation)
    if request.method == "POST":
        if not can_edit:
            raise Http404("无权修改")
        valid = set(AttendanceStatus.values)
        changes = []
        for attendance in sheet:
            status = request.POST.get(f"status_{attendance.pk}", attendance.status)
            note = request.POST.get(f"note_{attendance.pk}", attendance.note).strip()[:300]
            if status in valid and (status, note) != (attendance.status, attendance.note):
                changes.append((attendance.person, status, note))
        try:
            attendance_record_many(actor=request.user, activity=activity, changes=changes)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已更新 {len(changes)} 人的出勤。")
        return redirect("activities:detail", pk=activity.pk)
    counts = {
        value: sum(1 for a in sheet if a.status == value) for value in AttendanceStatus.values
    }
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "pending_leave": pending_leave_requests(activity=activity) if can_edit else [],
            "leave_events": leave_timeline(activity=activity) if can_edit else [],
            "suggestions": activity.suggestions.select_related("raised_by"),
            "files": activity.files.all(),
            "file_kinds": FileKind.choices,
            "panels": gathered(ACTIVITY_PANELS, activity, request.user, can_edit),
            "today": timezone.localdate(),
            "sheet": sheet,
            "counts": counts,
            "choices": ATTENDANCE_CHOICES,
            "can_edit": can_edit,
        },
    )


@login_required
def activity_invite_view(request, pk: int):
    activity = activity_get_for_edit(viewer=request.user, pk=pk)
    form = InviteForm(request.POST or None, organisation=activity.organisation)
    if request.method == "POST" and form.is_valid():
        people = form.chosen_people()
        if not people:
            form.add_error(None, "请至少选择一种邀请范围")
        else:
            added = activity_invite(actor=request.user, activity=activity, people=people)
            messages.success(request, f"已邀请 {added} 人（已在名单中的不重复邀请）。")
            return redirect("activities:detail", pk=activity.pk)
    return render(request, "activities/invite.html", {"form": form, "activity": activity})


@login_required
def discipline(request):
    require_org_reader(request.user)
    form = DisciplineForm(request.GET or None)
    as_of = timezone.localdate()
    if form.is_valid() and form.cleaned_data["as_of"]:
        as_of = form.cleaned_data["as_of"]
    organisation = request.user.organisation
    standings = [
        s for s in discipline_standings(organisation=organisation, as_of=as_of) if s.streak
    ]
    return render(
        request,
        "activities/discipline.html",
        {
            "form": form,
            "as_of": as_of,
            "standings": standings,
            "rules": discipline_settings_for(organisation=organisation),
        },
    )


@login_required
@require_POST
def manual_signin(request, pk: int):
    """补签: sign a person in by hand afterwards, with the reason."""
    activity = activity_get_for_edit(viewer=request.user, pk=pk)
    attendance = next(
        (
            a
            for a in attendance_sheet(activity=activity)
            if str(a.pk) == request.POST.get("attendance")
        ),
        None,
    )
    try:
        day = dt.date.fromisoformat(request.POST.get("day", ""))
    except ValueError:
        day = None
    if attendance is None or day is None:
        messages.error(request, "请选择人员并填写日期")
        return redirect("activities:detail", pk=pk)
    try:
        signin_manual(
            actor=request.user,
            activity=activity,
            person=attendance.person,
            day=day,
            reason=request.POST.get("reason", ""),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已为{attendance.person.name}补签。")
    return redirect("activities:detail", pk=pk)


@login_required
def activity_notice(request, pk: int):
    activity = activity_get(viewer=request.user, pk=pk)
    people = [attendance.person for attendance in attendance_sheet(activity=activity)]
    content = activity_notice_docx(activity=activity, people=people, today=timezone.localdate())
    return docx_response(content, f"{activity.subject}活动通知.docx")


@login_required
def signin_sheet(request, pk: int):
    activity = activity_get(viewer=request.user, pk=pk)
    people = [attendance.person for attendance in attendance_sheet(activity=activity)]
    content = signin_sheet_docx(activity=activity, people=people)
    return docx_response(content, f"{activity.subject}签到表.docx")


@login_required
def discipline_letter(request, person_pk: int):
    """The warning letter, or the recommendation to the upper level, for one person."""
    require_org_reader(request.user)
    organisation = request.user.organisation
    today = timezone.localdate()
    standing = _standing_or_404(organisation, person_pk, today)
    rules = discipline_settings_for(organisation=organisation)
    if standing.level == "removal":
        content = removal_recommendation_docx(
            organisation=organisation, standing=standing, rules=rules, today=today
        )
        return docx_response(content, f"关于建议取消{standing.name}同志委员资格的函.docx")
    content = warning_letter_docx(
        organisation=organisation, standing=standing, rules=rules, today=today
    )
    return docx_response(content, f"{standing.name}口头警告通知.docx")


@login_required
def month_calendar(request):
    require_org_reader(request.user)
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        dt.date(year, month, 1)
    except ValueError:
        year, month = today.year, today.month
    activities = list(
        activity_scope(viewer=request.user).filter(
            organisation=request.user.organisation, date__year=year, date__month=month
        )
    )
    weeks, month_only = month_grid(activities=activities, year=year, month=month)
    previous = dt.date(year, month, 1) - dt.timedelta(days=1)
    following = dt.date(year, month, 28) + dt.timedelta(days=4)
    return render(
        request,
        "activities/calendar.html",
        {
            "weeks": weeks,
            "month_only": month_only,
            "year": year,
            "month": month,
            "today": today,
            "previous": f"{previous:%Y-%m}",
            "following": f"{following:%Y-%m}",
            "feeds": CalendarFeed.objects.filter(created_by=request.user, revoked_at=None),
        },
    )


@login_required
@require_POST
def feed_create(request):
    scope = request.POST.get("scope")
    if scope == "mine" and request.user.person_id:
        calendar_feed_create(actor=request.user, person=request.user.person)
        return redirect("activities:mine")
    require_org_reader(request.user)
    calendar_feed_create(actor=request.user, organisation=request.user.organisation)
    return redirect("activities:calendar")


@login_required
@require_POST
def feed_revoke(request, feed_pk: int):
    feed = CalendarFeed.objects.filter(pk=feed_pk, created_by=request.user).first()
    if feed is None:
        raise Http404
    calendar_feed_revoke(actor=request.user, feed=feed)
    messages.success(request, "订阅地址已停用。")
    return redirect_back(request, "activities:calendar")


def feed_ics(request, token: str):
    """The secret address a calendar app subscribes to; no login, revocable."""
    feed = (
        CalendarFeed.objects.filter(token=token, revoked_at=None)
        .select_related("organisation", "person")
        .first()
    )
    if feed is None:
        raise Http404
    name = f"{feed.person.name}的活动" if feed.person_id else f"{feed.organisation.name}活动"
    body = ical(activities=feed_activities(feed=feed), name=name, host=request.get_host())
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@login_required
@require_POST
def discipline_notify(request, person_pk: int):
    require_org_reader(request.user)
    organisation = request.user.organisation
    today = timezone.localdate()
    standing = _standing_or_404(organisation, person_pk, today)
    try:
        discipline_notice_send(actor=request.user, organisation=organisation, standing=standing)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已向{standing.name}发送通知。")
    return redirect("activities:discipline")


@login_required
@require_POST
def suggestion_new(request, pk: int):
    activity = activity_get_for_edit(viewer=request.user, pk=pk)
    person = activity.organisation.people.filter(pk=request.POST.get("raised_by") or 0).first()
    try:
        suggestion_add(
            actor=request.user,
            activity=activity,
            text=request.POST.get("text", ""),
            raised_by=person,
            raised_by_other=request.POST.get("raised_by_other", ""),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("activities:detail", pk=pk)


@login_required
@require_POST
def file_new(request, pk: int):
    activity = activity_get_for_edit(viewer=request.user, pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要上传的文件")
        return redirect("activities:detail", pk=pk)
    try:
        activity_file_add(
            actor=request.user, activity=activity, kind=request.POST.get("kind", ""), upload=upload
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "材料已上传。")
    return redirect("activities:detail", pk=pk)


@login_required
def file_download(request, file_pk: int):
    stored = access_activity_file(viewer=request.user, pk=file_pk)
    return FileResponse(
        stored.file.open("rb"), as_attachment=stored.kind != "photo", filename=stored.original_name
    )


def _standing_or_404(organisation, person_pk: int, as_of):
    standing = discipline_standing_of(organisation=organisation, person_id=person_pk, as_of=as_of)
    if standing is None or standing.level == "none":
        raise Http404("该人员没有需要处理的考勤情况")
    return standing
