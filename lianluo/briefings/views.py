from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lianluo.activities.models import Activity
from lianluo.briefings.documents import briefing_docx
from lianluo.briefings.models import BriefingStatus
from lianluo.briefings.selectors import briefing_get, briefing_list, briefing_timeline
from lianluo.briefings.services import (
    ItemData,
    briefing_add_records,
    briefing_create,
    briefing_delete,
    briefing_issue,
    briefing_save,
)
from lianluo.core.access import can_write_org, require_org_reader, require_own_writer
from lianluo.core.errors import ApplicationError
from lianluo.core.forms import posted_version
from lianluo.documents.docx import docx_response
from lianluo.documents.pdf import PdfUnavailable, docx_to_pdf, pdf_response
from lianluo.submissions.models import Submission, SubmissionState


def _year(value, default: int) -> int:
    return int(value) if str(value).isdigit() and 1990 <= int(value) <= 2100 else default


@login_required
def briefing_index(request):
    require_org_reader(request.user)
    this_year = timezone.localdate().year
    year = _year(request.GET.get("year", ""), 0) or None
    can_create = can_write_org(request.user, request.user.organisation)
    if request.method == "POST":
        organisation = require_own_writer(request.user)
        try:
            briefing = briefing_create(
                actor=request.user,
                organisation=organisation,
                title=request.POST.get("title", ""),
                year=_year(request.POST.get("year", ""), this_year),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            return redirect("briefings:compose", pk=briefing.pk)
    return render(
        request,
        "briefings/list.html",
        {
            "items": briefing_list(viewer=request.user, year=year)[:200],
            "year": year,
            "this_year": this_year,
            "can_create": can_create,
        },
    )


@login_required
def briefing_detail(request, pk: int):
    briefing = briefing_get(viewer=request.user, pk=pk)
    return render(
        request,
        "briefings/detail.html",
        {
            "briefing": briefing,
            "items": briefing.items.all(),
            "can_write": can_write_org(request.user, briefing.organisation),
            "events": briefing_timeline(briefing),
        },
    )


def _editable(request, pk: int):
    briefing = briefing_get(viewer=request.user, pk=pk)
    if not can_write_org(request.user, briefing.organisation):
        raise Http404("记录不存在或无权查看")
    return briefing


@login_required
def briefing_compose(request, pk: int):
    """Edit a draft: its title and items, a free item, and records of the year to add."""
    briefing = _editable(request, pk)
    if briefing.status != BriefingStatus.DRAFT:
        return redirect("briefings:detail", pk=pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "add":
                n = briefing_add_records(
                    actor=request.user,
                    briefing=briefing,
                    activity_ids=[int(v) for v in request.POST.getlist("activity") if v.isdigit()],
                    submission_ids=[
                        int(v) for v in request.POST.getlist("submission") if v.isdigit()
                    ],
                    version=posted_version(request),
                )
                messages.success(request, f"已编入{n}条。")
            else:
                ids = request.POST.getlist("item_id")
                headings = request.POST.getlist("heading")
                bodies = request.POST.getlist("body")
                items = [
                    ItemData(heading=h, body=b, item_id=int(i) if i.isdigit() else None)
                    for i, h, b in zip(ids, headings, bodies, strict=False)
                ]
                briefing_save(
                    actor=request.user,
                    briefing=briefing,
                    title=request.POST.get("title", ""),
                    items=items,
                    new_item=ItemData(
                        heading=request.POST.get("new_heading", ""),
                        body=request.POST.get("new_body", ""),
                    ),
                    version=posted_version(request),
                )
                messages.success(request, "已保存。")
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("briefings:compose", pk=pk)
    used_activities = {i.activity_id for i in briefing.items.all() if i.activity_id}
    used_submissions = {i.submission_id for i in briefing.items.all() if i.submission_id}
    activities = (
        Activity.objects.filter(organisation=briefing.organisation, year=briefing.year)
        .exclude(pk__in=used_activities)
        .order_by("-date", "-id")[:100]
    )
    submissions = (
        Submission.objects.filter(organisation=briefing.organisation, year=briefing.year)
        .exclude(state=SubmissionState.DRAFT)
        .exclude(pk__in=used_submissions)
        .order_by("-submitted_on", "-id")[:100]
    )
    return render(
        request,
        "briefings/compose.html",
        {
            "briefing": briefing,
            "items": briefing.items.all(),
            "activities": activities,
            "submissions": submissions,
        },
    )


@login_required
@require_POST
def briefing_issue_view(request, pk: int):
    briefing = _editable(request, pk)
    try:
        briefing = briefing_issue(
            actor=request.user, briefing=briefing, version=posted_version(request)
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("briefings:compose", pk=pk)
    messages.success(request, f"已印发{briefing.issue_label}，并通知{briefing.recipients}人。")
    return redirect("briefings:detail", pk=pk)


@login_required
@require_POST
def briefing_delete_view(request, pk: int):
    briefing = _editable(request, pk)
    try:
        briefing_delete(actor=request.user, briefing=briefing)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("briefings:detail", pk=pk)
    messages.success(request, "简报草稿已删除。")
    return redirect("briefings:list")


@login_required
def briefing_export(request, pk: int, fmt: str):
    if fmt not in ("docx", "pdf"):
        raise Http404("不支持的格式")
    briefing = briefing_get(viewer=request.user, pk=pk)
    upper = briefing.organisation.parent.name if briefing.organisation.parent_id else ""
    content = briefing_docx(briefing, briefing.items.all(), upper_name=upper)
    name = f"{briefing.organisation.name}简报{briefing.issue_label}"
    if fmt == "pdf":
        try:
            return pdf_response(docx_to_pdf(content), f"{name}.pdf")
        except PdfUnavailable as exc:
            messages.error(request, str(exc))
            return redirect("briefings:detail", pk=pk)
    return docx_response(content, f"{name}.docx")
