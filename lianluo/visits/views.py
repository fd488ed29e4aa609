from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from lianluo.core.access import can_write_org, require_org_reader, require_own_writer
from lianluo.core.errors import ApplicationError
from lianluo.core.forms import form_add_service_error, posted_version
from lianluo.people.models import Person
from lianluo.visits.forms import VisitFilterForm, VisitForm, VisitSettingsForm
from lianluo.visits.models import ConcernStatus
from lianluo.visits.selectors import (
    coverage_by_office,
    round_coverage,
    round_from_key,
    settings_for,
    visit_get,
    visit_list,
)
from lianluo.visits.services import VisitData, visit_resolve, visit_save, visit_settings_update

PAGE_SIZE = 50


@login_required
def visit_index(request):
    require_org_reader(request.user)
    form = VisitFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    items = visit_list(
        viewer=request.user,
        year=data.get("year"),
        kind=data.get("kind") or "",
        method=data.get("method") or "",
        open_only=bool(data.get("open_only")),
        q=(data.get("q") or "").strip(),
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "visits/list.html",
        {
            "form": form,
            "page": page,
            "today": timezone.localdate(),
            "show_org": request.user.organisation.children.exists(),
            "can_write": can_write_org(request.user, request.user.organisation),
        },
    )


def _form_page(request, visit=None):
    organisation = visit.organisation if visit else require_own_writer(request.user)
    if visit is not None and not can_write_org(request.user, organisation):
        raise Http404("记录不存在或无权查看")
    initial = {"date": timezone.localdate()}
    if visit is not None:
        initial = {
            "date": visit.date,
            "month_only": visit.date_precision == "month",
            "kind": visit.kind,
            "method": visit.method,
            "visitors": visit.visitors,
            "people": list(visit.people.values_list("pk", flat=True)),
            "unit": visit.unit,
            "heard": visit.heard,
            "concern_open": visit.concern_status == ConcernStatus.OPEN,
            "follow_up": visit.follow_up,
        }
    elif request.GET.get("person", "").isdigit():
        initial["people"] = list(
            Person.objects.filter(
                organisation=organisation, pk=int(request.GET["person"])
            ).values_list("pk", flat=True)
        )
    form = VisitForm(request.POST or None, initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            saved = visit_save(
                actor=request.user,
                organisation=organisation,
                visit=visit,
                version=posted_version(request),
                data=VisitData(
                    date=cd["date"],
                    month_only=cd["month_only"],
                    kind=cd["kind"],
                    method=cd["method"],
                    visitors=cd["visitors"],
                    people=list(cd["people"]),
                    unit=cd["unit"],
                    heard=cd["heard"],
                    concern_open=cd["concern_open"],
                    follow_up=cd["follow_up"],
                ),
            )
        except ApplicationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, "走访记录已保存。")
            return redirect("visits:detail", saved.pk)
    return render(request, "visits/form.html", {"form": form, "visit": visit})


@login_required
def visit_new(request):
    return _form_page(request)


@login_required
def visit_edit(request, pk: int):
    return _form_page(request, visit_get(viewer=request.user, pk=pk))


@login_required
def visit_detail(request, pk: int):
    visit = visit_get(viewer=request.user, pk=pk)
    can_write = can_write_org(request.user, visit.organisation)
    if request.method == "POST":
        if not can_write:
            raise Http404("记录不存在或无权查看")
        try:
            visit_resolve(
                actor=request.user,
                visit=visit,
                result=request.POST.get("result", ""),
                version=posted_version(request),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已记录跟进结果。")
        return redirect("visits:detail", visit.pk)
    return render(request, "visits/detail.html", {"visit": visit, "can_write": can_write})


@login_required
def coverage(request):
    """The round's coverage: the office's own (with who is not yet visited), or each office's."""
    require_org_reader(request.user)
    office = request.user.organisation
    cadence = settings_for(office).cadence
    current = round_from_key(request.GET.get("round", ""), cadence)
    own = round_coverage(office, current)
    offices = coverage_by_office(viewer=request.user, round_day=current.start)
    return render(
        request,
        "visits/coverage.html",
        {
            "own": own,
            "offices": [c for c in offices if c.organisation.pk != office.pk],
            "previous": current.previous(cadence),
            "next": current.next(cadence),
            "is_current": current.start <= timezone.localdate() <= current.end,
            "can_write": can_write_org(request.user, office),
        },
    )


@login_required
def visit_settings(request):
    organisation = require_own_writer(request.user)
    form = VisitSettingsForm(
        request.POST or None, initial={"cadence": settings_for(organisation).cadence}
    )
    if request.method == "POST" and form.is_valid():
        visit_settings_update(
            actor=request.user, organisation=organisation, cadence=form.cleaned_data["cadence"]
        )
        messages.success(request, "走访周期已保存。")
        return redirect("visits:coverage")
    return render(request, "visits/settings.html", {"form": form})
