from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lianluo.core.access import can_write_org, require_org_reader, require_own_writer
from lianluo.core.errors import ApplicationError
from lianluo.core.forms import form_add_service_error
from lianluo.core.replica import heavy_read
from lianluo.documents.docx import docx_response
from lianluo.duty.documents import duty_record_docx
from lianluo.duty.forms import (
    RANK_BY,
    AdjustmentForm,
    ContributionFilterForm,
    ContributionForm,
    PointRuleForm,
)
from lianluo.duty.points import rules_in_force
from lianluo.duty.selectors import (
    contribution_get,
    contribution_list,
    duty_record,
    money_total,
    rankings,
    record_person,
)
from lianluo.duty.services import (
    ContributionData,
    contribution_delete,
    contribution_save,
    point_adjustment_add,
    point_rule_set,
)

PAGE_SIZE = 50


def _year(request) -> int:
    value = request.GET.get("year", "")
    return (
        int(value) if value.isdigit() and 1990 <= int(value) <= 2100 else timezone.localdate().year
    )


# The duty record ------------------------------------------------------------------------------


@login_required
def my_record(request):
    if not request.user.person_id:
        raise Http404("记录不存在或无权查看")
    return redirect("duty:record", pk=request.user.person_id)


@login_required
def record(request, pk: int):
    person = record_person(viewer=request.user, pk=pk)
    year = _year(request)
    can_adjust = can_write_org(request.user, person.organisation)
    form = AdjustmentForm(request.POST or None) if can_adjust else None
    if request.method == "POST":
        if not can_adjust:
            raise Http404("记录不存在或无权查看")
        if form.is_valid():
            try:
                point_adjustment_add(
                    actor=request.user,
                    person=person,
                    year=year,
                    points=form.cleaned_data["points"],
                    reason=form.cleaned_data["reason"],
                )
            except ApplicationError as exc:
                form_add_service_error(form, exc)
            else:
                messages.success(request, "积分调整已记录。")
                return redirect(f"{request.path}?year={year}")
    return render(
        request,
        "duty/record.html",
        {
            "record": duty_record(person, year),
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
            "own": request.user.person_id == person.pk,
            "form": form,
        },
    )


@login_required
def record_docx(request, pk: int):
    person = record_person(viewer=request.user, pk=pk)
    year = _year(request)
    content = duty_record_docx(duty_record(person, year))
    return docx_response(content, f"{person.name}{year}年度履职档案.docx")


# Rankings and rules -----------------------------------------------------------------------------


@login_required
@heavy_read
def ranking(request):
    require_org_reader(request.user)
    year = _year(request)
    by = request.GET.get("by", "office")
    by = by if by in dict(RANK_BY) else "office"
    return render(
        request,
        "duty/ranking.html",
        {
            "groups": rankings(viewer=request.user, year=year, by=by),
            "year": year,
            "by": by,
            "rank_by": RANK_BY,
        },
    )


@login_required
def rules(request):
    require_org_reader(request.user)
    organisation = request.user.organisation
    can_write = can_write_org(request.user, organisation)
    form = None
    if can_write:
        form = PointRuleForm(request.POST or None, initial={"effective_from": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            cd = form.cleaned_data
            try:
                point_rule_set(
                    actor=request.user,
                    organisation=organisation,
                    source=cd["source"],
                    points=cd["points"],
                    cap=cd["cap"],
                    effective_from=cd["effective_from"],
                )
            except ApplicationError as exc:
                form_add_service_error(form, exc)
            else:
                messages.success(request, "积分规则已保存，自生效日期起计算。")
                return redirect("duty:rules")
    return render(
        request,
        "duty/rules.html",
        {
            "rules": rules_in_force(organisation, timezone.localdate()),
            "history": organisation.point_rules.order_by("-effective_from", "source"),
            "form": form,
        },
    )


# Contributions ----------------------------------------------------------------------------------


@login_required
def contribution_index(request):
    require_org_reader(request.user)
    form = ContributionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    items = contribution_list(
        viewer=request.user,
        year=data.get("year"),
        category=data.get("category") or "",
        q=(data.get("q") or "").strip(),
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "duty/contributions.html",
        {
            "form": form,
            "page": page,
            "money": money_total(items),
            "can_write": can_write_org(request.user, request.user.organisation),
        },
    )


def _contribution_form(request, item=None):
    organisation = item.organisation if item else require_own_writer(request.user)
    if item is not None and not can_write_org(request.user, organisation):
        raise Http404("记录不存在或无权查看")
    initial = {}
    if item is not None:
        initial = {
            "person": item.person_id,
            "category": item.category,
            "text": item.text,
            "date": item.date,
            "month_only": item.date_precision == "month",
            "year": item.year,
            "quantity": item.quantity,
            "unit": item.unit,
        }
    form = ContributionForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            contribution_save(
                actor=request.user,
                organisation=organisation,
                item=item,
                data=ContributionData(
                    person=cd["person"],
                    text=cd["text"],
                    category=cd["category"],
                    date=cd["date"],
                    month_only=cd["month_only"],
                    year=cd["year"],
                    quantity=cd["quantity"],
                    unit=cd["unit"],
                ),
            )
        except ApplicationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, "履职事迹已保存。")
            return redirect("duty:contributions")
    return render(request, "duty/contribution_form.html", {"form": form, "item": item})


@login_required
def contribution_new(request):
    return _contribution_form(request)


@login_required
def contribution_edit(request, pk: int):
    return _contribution_form(request, contribution_get(viewer=request.user, pk=pk))


@login_required
@require_POST
def contribution_remove(request, pk: int):
    item = contribution_get(viewer=request.user, pk=pk)
    try:
        contribution_delete(actor=request.user, item=item)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已删除。")
    return redirect("duty:contributions")
