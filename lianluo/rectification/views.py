"""The rectification pages: the list (by state, overdue), a new item (from an activity, a
submission or by hand), its page with its history and the moves staff may take."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from lianluo.activities.models import Activity
from lianluo.core.access import can_write_org, require_org_reader, require_own_writer
from lianluo.core.errors import ApplicationError
from lianluo.core.forms import form_add_service_error, posted_version
from lianluo.rectification.forms import RectificationFilterForm, RectificationForm
from lianluo.rectification.lifecycle import RECTIFICATION_MOVES
from lianluo.rectification.models import RectificationStatus
from lianluo.rectification.selectors import (
    rectification_get,
    rectification_list,
    rectification_timeline,
)
from lianluo.rectification.services import (
    RECTIFICATION_LIFECYCLE,
    RectificationData,
    rectification_move,
    rectification_save,
)
from lianluo.submissions.models import Submission
from lianluo.submissions.selectors import submission_get

PAGE_SIZE = 50


@login_required
def rectification_index(request):
    require_org_reader(request.user)
    form = RectificationFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    items = rectification_list(
        viewer=request.user, status=data.get("status") or "", overdue=bool(data.get("overdue"))
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "rectification/list.html",
        {
            "form": form,
            "page": page,
            "today": timezone.localdate(),
            "can_write": can_write_org(request.user, request.user.organisation),
        },
    )


def _rectification_form_page(request, item=None):
    organisation = item.organisation if item else require_own_writer(request.user)
    if item is not None and not can_write_org(request.user, organisation):
        raise Http404("记录不存在或无权查看")
    source_submission = None
    initial = {}
    if item is not None:
        source_submission = item.source_submission
        initial = {
            "source_text": item.source_label,
            "opinion": item.opinion,
            "raised_by": list(item.raised_by.values_list("pk", flat=True)),
            "measure": item.measure,
            "owner": item.owner,
            "deadline": item.deadline,
        }
    elif request.GET.get("submission", "").isdigit():
        source_submission = submission_get(viewer=request.user, pk=int(request.GET["submission"]))
        initial = {
            "source_text": source_submission.code,
            "opinion": source_submission.title,
            "raised_by": [p.person_id for p in source_submission.proposers.all()],
        }
    form = RectificationForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        source = cd["source_text"]
        activity = Activity.objects.filter(organisation=organisation, code=source).first()
        if source_submission is None and source:
            source_submission = Submission.objects.filter(
                organisation=organisation, code=source
            ).first()
        data = RectificationData(
            opinion=cd["opinion"],
            measure=cd["measure"],
            owner=cd["owner"],
            deadline=cd["deadline"],
            raised_by=list(cd["raised_by"]),
            source_text="" if activity or source_submission else source,
            source_activity=activity,
            source_submission=None if activity else source_submission,
        )
        try:
            saved = rectification_save(
                actor=request.user, organisation=organisation, data=data, item=item
            )
        except ApplicationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, "整改事项已保存。")
            return redirect("rectification:detail", saved.pk)
    return render(request, "rectification/form.html", {"form": form, "item": item})


@login_required
def rectification_new(request):
    return _rectification_form_page(request)


@login_required
def rectification_edit(request, pk: int):
    return _rectification_form_page(request, rectification_get(viewer=request.user, pk=pk))


@login_required
def rectification_detail(request, pk: int):
    item = rectification_get(viewer=request.user, pk=pk)
    can_write = can_write_org(request.user, item.organisation)
    if request.method == "POST":
        if not can_write:
            raise Http404("记录不存在或无权查看")
        move = request.POST.get("move", "")
        try:
            rectification_move(
                actor=request.user,
                item=item,
                move=move,
                version=posted_version(request),
                data={
                    "result": request.POST.get("result", ""),
                    "comment": request.POST.get("comment", ""),
                },
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已{RECTIFICATION_MOVES[move].label}。")
        return redirect("rectification:detail", item.pk)
    today = timezone.localdate()
    return render(
        request,
        "rectification/detail.html",
        {
            "item": item,
            "can_write": can_write,
            "moves": RECTIFICATION_LIFECYCLE.open_to(item) if can_write else [],
            "events": rectification_timeline(item),
            "overdue": item.deadline is not None
            and item.deadline < today
            and item.status in (RectificationStatus.PENDING, RectificationStatus.IN_PROGRESS),
        },
    )
