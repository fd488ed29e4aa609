from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lianluo.core.access import (
    can_write_org,
    is_handler,
    is_member,
    is_org_reader,
    require_org_reader,
    require_own_writer,
)
from lianluo.core.errors import ApplicationError
from lianluo.core.forms import form_add_service_error, posted_version
from lianluo.core.redirects import redirect_back
from lianluo.core.replica import heavy_read
from lianluo.documents.xlsx import table_xlsx, xlsx_response
from lianluo.submissions.forms import (
    CHOICES,
    ListFilterForm,
    SettingsForm,
    SubmissionForm,
    parse_date,
    proposers_in_order,
)
from lianluo.submissions.lifecycle import BATCH_MOVES, HANDLER, MEMBER, MOVES, STAFF
from lianluo.submissions.models import (
    AssignmentRole,
    ExtensionStatus,
    HandlingUnit,
    ReplyTemplate,
    Submission,
    SubmissionCategory,
    SubmissionKind,
    SubmissionState,
)
from lianluo.submissions.selectors import (
    ListFilters,
    access_submission_file,
    available_moves,
    current_round_ratings,
    handler_assignments,
    member_submissions,
    merge_lead_find,
    pending_cosign,
    settings_for,
    submission_get,
    submission_list,
    submission_roles,
    submission_scope,
    submission_similar,
    submission_timeline,
    viewer_assignments,
)
from lianluo.submissions.services import (
    SubmissionData,
    category_add,
    internal_note_add,
    reply_template_add,
    settings_update,
    submission_file_add,
    submission_move,
    submission_move_many,
    submission_save,
)
from lianluo.workbook.cells import cell_list

PAGE_SIZE = 50


# Lists --------------------------------------------------------------------------------------


def _list_filters(request):
    """The list's filter form and what it asks for; the page and its Excel table share it."""
    form = ListFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, ListFilters(
        kind=data.get("kind") or "",
        state=data.get("state") or "",
        unit=data.get("unit") or "",
        proposer=data.get("proposer") or "",
        year=data.get("year"),
        overdue=bool(data.get("overdue")),
        q=data.get("q") or "",
    )


@login_required
@heavy_read
def submission_table_xlsx(request):
    """提案建议办理情况表 in Excel, with the list's filters."""
    require_org_reader(request.user)
    _, filters = _list_filters(request)
    items = (
        submission_list(viewer=request.user, filters=filters)
        .select_related("organisation")
        .prefetch_related("proposers__person", "assignments__unit", "adoptions")
        .order_by("-year", "code", "id")
    )
    rows = (
        [
            index,
            s.code,
            s.get_kind_display(),
            s.title,
            "集体" if s.collective else "、".join(p.person.name for p in s.proposers.all()),
            s.organisation.name,
            s.submitted_on.isoformat() if s.submitted_on else "",
            s.get_state_display(),
            "、".join(a.unit.name for a in s.assignments.all() if a.active),
            s.deadline.isoformat() if s.deadline else "",
            s.replied_on.isoformat() if s.replied_on else "",
            "、".join(f"{a.get_level_display()}级" for a in s.adoptions.all()),
        ]
        for index, s in enumerate(items, 1)
    )
    header = [
        "序号",
        "编号",
        "类型",
        "标题",
        "提出人",
        "组织",
        "提交日期",
        "状态",
        "承办单位",
        "办理期限",
        "答复日期",
        "采用",
    ]
    title = f"{request.user.organisation.name}提案建议办理情况表"
    content = table_xlsx(title=title, sheet="提案建议", header=header, rows=rows)
    return xlsx_response(content, f"{title}.xlsx")


@login_required
def submission_index(request):
    require_org_reader(request.user)
    form, filters = _list_filters(request)
    items = submission_list(viewer=request.user, filters=filters)
    page = Paginator(items.order_by("-year", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    can_write = can_write_org(request.user, request.user.organisation)
    return render(
        request,
        "submissions/list.html",
        {
            "form": form,
            "page": page,
            "today": timezone.localdate(),
            "can_write": can_write,
            "batch_moves": [MOVES[name] for name in BATCH_MOVES] if can_write else [],
            "templates": ReplyTemplate.objects.filter(organisation=request.user.organisation),
            "choices": CHOICES,
        },
    )


@login_required
def my_submissions(request):
    if not request.user.person_id:
        raise Http404("没有对应的人员记录")
    return render(
        request,
        "submissions/mine.html",
        {
            "items": member_submissions(request.user),
            "cosign": pending_cosign(request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
def handling_desk(request):
    if not is_handler(request.user):
        raise Http404("记录不存在或无权查看")
    return render(
        request,
        "submissions/handling.html",
        {"assignments": handler_assignments(request.user), "today": timezone.localdate()},
    )


# One item -----------------------------------------------------------------------------------


def _form_page(request, submission: Submission | None = None):
    user = request.user
    organisation = submission.organisation if submission else user.organisation
    staff = can_write_org(user, organisation)
    member = None
    if not staff:
        if not is_member(user):
            raise Http404("记录不存在或无权查看")
        member = user.person
        if submission is not None and MEMBER not in submission_roles(user, submission):
            raise Http404("记录不存在或无权查看")
    initial = {}
    if submission is not None:
        initial = {
            "kind": submission.kind,
            "title": submission.title,
            "body": submission.body,
            "category": submission.category_id,
            "proposers": [p.person_id for p in submission.proposers.all()],
            "collective": submission.collective,
            "term": submission.term,
            "session": submission.session,
            "period": submission.period,
            "suggested_units": "、".join(submission.suggested_units),
            "publish_consent": submission.publish_consent,
            "is_key": submission.is_key,
            "is_excellent": submission.is_excellent,
            "note": submission.note,
        }
    else:
        initial = {"kind": request.GET.get("kind") or SubmissionKind.OPINION_REPORT}
    form = SubmissionForm(
        request.POST or None, initial=initial, organisation=organisation, member=member
    )
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        data = SubmissionData(
            kind=cd["kind"],
            title=cd["title"],
            body=cd["body"],
            category=cd["category"],
            proposers=proposers_in_order(form, request.POST.getlist("proposers")),
            collective=cd.get("collective", False),
            term=cd["term"],
            session=cd["session"],
            period=cd["period"],
            publish_consent=cd["publish_consent"],
            suggested_units=cd["suggested_units"],
            is_key=cd.get("is_key", False),
            is_excellent=cd.get("is_excellent", False),
            note=cd.get("note", ""),
        )
        try:
            saved = submission_save(
                actor=user, organisation=organisation, data=data, submission=submission
            )
            if "submit" in request.POST and saved.state == SubmissionState.DRAFT:
                submission_move(actor=user, submission=saved, move="submit")
        except ApplicationError as exc:
            form_add_service_error(form, exc)
        else:
            if saved.state == SubmissionState.DRAFT:
                messages.success(request, "草稿已保存，可继续修改后再提交。")
            else:
                messages.success(request, f"已保存。编号：{saved.code}")
            return redirect("submissions:detail", saved.pk)
    return render(
        request,
        "submissions/form.html",
        {"form": form, "submission": submission, "member": member},
    )


@login_required
def submission_new(request):
    return _form_page(request)


@login_required
def submission_edit(request, pk: int):
    return _form_page(request, submission_get(viewer=request.user, pk=pk))


@login_required
def submission_detail(request, pk: int):
    user = request.user
    item = submission_get(viewer=user, pk=pk)
    roles = submission_roles(user, item)
    staff = STAFF in roles
    today = timezone.localdate()
    assignments = list(item.assignments.select_related("unit").prefetch_related("extensions"))
    context = {
        "item": item,
        "roles": roles,
        "staff": staff,
        "moves": {m.name: m for m in available_moves(user, item)},
        "proposers": item.proposers.select_related("person", "joined_from"),
        "assignments": assignments,
        "pending_extensions": [
            (a, e)
            for a in assignments
            for e in a.extensions.all()
            if e.status == ExtensionStatus.PENDING
        ],
        "my_assignments": viewer_assignments(user, item),
        "adoptions": item.adoptions.all(),
        "ratings": item.ratings.select_related("person"),
        "rated": MEMBER in roles
        and current_round_ratings(item).filter(person_id=user.person_id).exists(),
        "timeline": submission_timeline(item),
        "files": item.files.all(),
        "notes": item.internal_notes.select_related("author") if staff else [],
        "merged_items": item.merged_items.all(),
        "similar": submission_similar(user, title=item.title, body=item.body, exclude_pk=item.pk)
        if staff
        else [],
        "rectifications": item.rectifications.all() if staff else [],
        "templates": ReplyTemplate.objects.filter(organisation=item.organisation) if staff else [],
        "units": HandlingUnit.objects.filter(organisation=item.organisation) if staff else [],
        "today": today,
        "overdue": item.state == SubmissionState.HANDLING
        and item.deadline is not None
        and item.deadline < today,
        "choices": CHOICES,
        "can_edit": staff or (MEMBER in roles and item.state == SubmissionState.DRAFT),
        "lead_role": AssignmentRole.LEAD,
        "handler": HANDLER in roles,
    }
    return render(request, "submissions/detail.html", context)


def _move_data(request, move_name: str, item: Submission) -> dict:
    """Read what a move requires from the posted form (lifecycle.Move.requires)."""
    post = request.POST
    data: dict = {
        key: post.get(key, "").strip()
        for key in (
            "reason",
            "comment",
            "reply_class",
            "reply_text",
            "attitude",
            "result",
            "level",
            "adopted_by",
            "instruction",
            "instructed_by",
            "lead_unit",
            "decision",
            "extension",
        )
    }
    data["assisting_units"] = cell_list(post.get("assisting_units"))
    for key in ("deadline", "date", "adopted_on", "replied_on"):
        data[key] = parse_date(post.get(key))
    data["is_key"] = bool(post.get("is_key"))
    data["person"] = int(post["person"]) if post.get("person", "").isdigit() else None
    if move_name == "merge":
        data["lead"] = merge_lead_find(viewer=request.user, submission=item, lead=post.get("lead"))
    return data


@login_required
@require_POST
def submission_move_view(request, pk: int, move: str):
    item = submission_get(viewer=request.user, pk=pk)
    if move not in MOVES:
        raise Http404("未知操作")
    try:
        data = _move_data(request, move, item)
        submission_move(
            actor=request.user,
            submission=item,
            move=move,
            version=posted_version(request),
            data=data,
        )
    except (ApplicationError, ValueError) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
    else:
        messages.success(request, f"已{MOVES[move].label}。")
    return redirect("submissions:detail", item.pk)


@login_required
@require_POST
def submission_batch(request):
    organisation = require_own_writer(request.user)
    move = request.POST.get("move", "")
    if move not in BATCH_MOVES:
        messages.error(request, "请选择批量操作")
        return redirect("submissions:list")
    ids = [int(i) for i in request.POST.getlist("items") if i.isdigit()]
    items = list(submission_scope(request.user).filter(pk__in=ids, organisation=organisation))
    data = {
        "reason": request.POST.get("text", "").strip(),
        "reply_text": request.POST.get("text", "").strip(),
        "reply_class": request.POST.get("reply_class", ""),
    }
    try:
        done = submission_move_many(actor=request.user, submissions=items, move=move, data=data)
    except ApplicationError as exc:
        messages.error(request, f"未处理任何事项。{exc.message}")
    else:
        messages.success(request, f"已对 {done} 件事项“{MOVES[move].label}”。")
    return redirect_back(request, "submissions:list")


@login_required
def submission_similar_json(request):
    """While a title and text are typed: the most similar items the viewer may know of."""
    title = request.GET.get("title", "")[:200]
    body = request.GET.get("body", "")[:2000]
    exclude = request.GET.get("exclude", "")
    matches = submission_similar(
        request.user, title=title, body=body, exclude_pk=int(exclude) if exclude.isdigit() else None
    )
    reader = is_org_reader(request.user)
    return JsonResponse(
        {
            "results": [
                {
                    "title": m.submission.title,
                    "code": m.submission.code,
                    "kind": m.submission.get_kind_display(),
                    "state": m.submission.get_state_display(),
                    "year": m.submission.year,
                    "score": round(m.score, 2),
                    "likely_duplicate": m.likely_duplicate,
                    "url": reverse("submissions:detail", args=[m.submission.pk]) if reader else "",
                }
                for m in matches
            ]
        }
    )


@login_required
@require_POST
def note_add(request, pk: int):
    item = submission_get(viewer=request.user, pk=pk)
    try:
        internal_note_add(actor=request.user, submission=item, text=request.POST.get("text", ""))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("submissions:detail", item.pk)


@login_required
@require_POST
def file_add(request, pk: int):
    item = submission_get(viewer=request.user, pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要上传的文件")
    else:
        try:
            submission_file_add(actor=request.user, submission=item, upload=upload)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "附件已上传。")
    return redirect("submissions:detail", item.pk)


@login_required
def file_download(request, file_pk: int):
    file = access_submission_file(viewer=request.user, pk=file_pk)
    response = FileResponse(file.file.open("rb"), as_attachment=True)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file.name)}"
    return response


# Office settings ----------------------------------------------------------------------------


@login_required
def office_settings(request):
    organisation = require_own_writer(request.user)
    current = settings_for(organisation)
    form = SettingsForm(
        request.POST if request.POST.get("part") == "rules" else None, instance=current
    )
    if request.method == "POST":
        part = request.POST.get("part")
        try:
            if part == "rules" and form.is_valid():
                settings_update(actor=request.user, organisation=organisation, **form.cleaned_data)
                messages.success(request, "办理规则已保存。")
                return redirect("submissions:settings")
            if part == "category":
                category_add(
                    actor=request.user, organisation=organisation, name=request.POST.get("name", "")
                )
                return redirect("submissions:settings")
            if part == "template":
                reply_template_add(
                    actor=request.user,
                    organisation=organisation,
                    title=request.POST.get("title", ""),
                    text=request.POST.get("text", ""),
                )
                return redirect("submissions:settings")
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return render(
        request,
        "submissions/settings.html",
        {
            "form": form,
            "categories": SubmissionCategory.objects.filter(organisation=organisation),
            "templates": ReplyTemplate.objects.filter(organisation=organisation),
            "units": HandlingUnit.objects.filter(organisation=organisation),
        },
    )
