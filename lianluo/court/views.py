from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from lianluo.core.access import can_write_org, is_org_reader, require_org_reader
from lianluo.core.errors import ApplicationError
from lianluo.core.forms import form_add_service_error, posted_version
from lianluo.court.forms import (
    CaseFilterForm,
    CaseForm,
    ContactForm,
    CourtSettingsForm,
    PairingForm,
)
from lianluo.court.selectors import (
    case_get,
    case_list,
    case_timeline,
    overdue_q,
    pairing_get,
    pairing_list,
    settings_for,
)
from lianluo.court.services import (
    ContactData,
    case_advance,
    case_register,
    contact_add,
    court_settings_update,
    pairing_create,
    pairing_end,
    records_court_liaison,
)

PAGE_SIZE = 50


def _writer_org(user):
    """Court liaison is recorded by a court's liaison office, in its own name."""
    organisation = user.organisation if user.is_authenticated else None
    if organisation is None or not records_court_liaison(organisation):
        return None
    return organisation if can_write_org(user, organisation) else None


@login_required
def pairings(request):
    require_org_reader(request.user)
    organisation = _writer_org(request.user)
    form = PairingForm(request.POST or None, organisation=organisation) if organisation else None
    if request.method == "POST":
        if form is None:
            raise Http404("记录不存在或无权查看")
        if form.is_valid():
            try:
                pairing_create(
                    actor=request.user,
                    organisation=organisation,
                    staff=form.cleaned_data["staff"],
                    person=form.cleaned_data["person"],
                    started_on=form.cleaned_data["started_on"],
                )
            except ApplicationError as exc:
                form_add_service_error(form, exc)
            else:
                messages.success(request, "已结对。")
                return redirect("court:pairings")
    return render(
        request,
        "court/pairings.html",
        {"pairs": pairing_list(viewer=request.user), "form": form},
    )


@login_required
def pairing_detail(request, pk: int):
    pairing = pairing_get(viewer=request.user, pk=pk)
    can_write = can_write_org(request.user, pairing.organisation)
    form = (
        ContactForm(request.POST or None, initial={"date": timezone.localdate()})
        if can_write
        else None
    )
    if request.method == "POST":
        if not can_write:
            raise Http404("记录不存在或无权查看")
        if request.POST.get("end"):
            try:
                pairing_end(actor=request.user, pairing=pairing)
            except ApplicationError as exc:
                messages.error(request, exc.message)
            return redirect("court:pairing", pk=pk)
        if form.is_valid():
            try:
                contact_add(
                    actor=request.user, pairing=pairing, data=ContactData(**form.cleaned_data)
                )
            except ApplicationError as exc:
                form_add_service_error(form, exc)
            else:
                messages.success(request, "已登记联络台账。")
                return redirect("court:pairing", pk=pk)
    return render(
        request,
        "court/pairing.html",
        {"pairing": pairing, "contacts": pairing.contacts.all(), "form": form},
    )


@login_required
def cases(request):
    require_org_reader(request.user)
    filters = CaseFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    items = case_list(
        viewer=request.user, status=data.get("status") or "", overdue=bool(data.get("overdue"))
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    overdue_ids = set(items.filter(overdue_q()).values_list("pk", flat=True))
    return render(
        request,
        "court/cases.html",
        {
            "filters": filters,
            "page": page,
            "overdue_ids": overdue_ids,
            "can_write": _writer_org(request.user) is not None,
        },
    )


@login_required
def case_new(request):
    organisation = _writer_org(request.user)
    if organisation is None or not is_org_reader(request.user):
        raise Http404("记录不存在或无权查看")
    form = CaseForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            case = case_register(
                actor=request.user,
                organisation=organisation,
                case_number=cd["case_number"],
                title=cd["title"],
                raised_by=list(cd["raised_by"]),
                received_on=cd["received_on"],
            )
        except ApplicationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(
                request,
                f"已登记。办理方案请于{case.plan_due:%m月%d日}前制定，"
                f"书面答复请于{case.reply_due:%m月%d日}前发出。",
            )
            return redirect("court:case", pk=case.pk)
    return render(request, "court/case_form.html", {"form": form})


@login_required
def case_detail(request, pk: int):
    case = case_get(viewer=request.user, pk=pk)
    can_write = can_write_org(request.user, case.organisation)
    if request.method == "POST":
        if not can_write:
            raise Http404("记录不存在或无权查看")
        try:
            case_advance(
                actor=request.user,
                case=case,
                step=request.POST.get("step", ""),
                text=request.POST.get("text", ""),
                version=posted_version(request),
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已保存。")
        return redirect("court:case", pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "court/case.html",
        {
            "case": case,
            "events": case_timeline(case),
            "can_write": can_write,
            "plan_overdue": case.planned_on is None and case.plan_due < today,
            "reply_overdue": case.replied_on is None and case.reply_due < today,
        },
    )


@login_required
def court_settings(request):
    organisation = _writer_org(request.user)
    if organisation is None or not is_org_reader(request.user):
        raise Http404("记录不存在或无权查看")
    current = settings_for(organisation)
    form = CourtSettingsForm(
        request.POST or None,
        initial={
            "plan_days": current.plan_days,
            "reply_days": current.reply_days,
            "working_days": current.working_days,
        },
    )
    if request.method == "POST" and form.is_valid():
        court_settings_update(actor=request.user, organisation=organisation, **form.cleaned_data)
        messages.success(request, "设置已保存，对此后登记的案件生效。")
        return redirect("court:cases")
    return render(request, "court/settings.html", {"form": form})
