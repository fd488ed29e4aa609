from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lianluo.core.access import can_write_org, get_in_scope_or_404, require_org_reader
from lianluo.core.errors import ApplicationError
from lianluo.core.forms import posted_version
from lianluo.core.redirects import redirect_back
from lianluo.core.replica import heavy_read
from lianluo.documents.docx import docx_response
from lianluo.documents.pdf import PdfUnavailable, docx_to_pdf, pdf_response
from lianluo.orgs.selectors import org_scope
from lianluo.reports.compose import numbered_headings, plain
from lianluo.reports.dashboard import dashboard_data
from lianluo.reports.forms import ReportPickForm, TemplateForm, year_choices
from lianluo.reports.polish import diff_html, llm_enabled
from lianluo.reports.render import to_docx, to_markdown
from lianluo.reports.selectors import (
    current_text,
    report_get,
    report_version,
    report_versions,
    reports_in_scope,
    template_for,
)
from lianluo.reports.services import (
    report_accept_suggestions,
    report_generate,
    report_polish_accept,
    report_section_polish,
    report_section_update,
    template_update,
)


def _organisation(request, pk: int):
    require_org_reader(request.user)
    return get_in_scope_or_404(org_scope(viewer=request.user), pk=pk)


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError) as exc:
        raise Http404("年度有误") from exc
    if year not in dict(year_choices()):
        raise Http404("年度有误")
    return year


def _pick_form(request, year: int) -> ReportPickForm:
    """Which organisation (in the viewer's scope) and year: the viewer's own by default."""
    require_org_reader(request.user)
    return ReportPickForm(
        request.GET or None,
        organisations=org_scope(viewer=request.user).order_by("path"),
        initial={"organisation": request.user.organisation, "year": year},
    )


@login_required
def report_index(request):
    form = _pick_form(request, _default_year())
    if request.GET and form.is_valid():
        return redirect(
            "reports:detail",
            org=form.cleaned_data["organisation"].pk,
            year=form.cleaned_data["year"],
        )
    return render(
        request,
        "reports/index.html",
        {"form": form, "reports": reports_in_scope(viewer=request.user)[:50]},
    )


def _default_year() -> int:
    today = timezone.localdate()
    # In the autumn offices start on this year's summary; before that, last year's.
    return today.year if today.month >= 10 else today.year - 1


@login_required
@heavy_read
def report_detail(request, org: int, year: int):
    organisation = _organisation(request, org)
    year = _year(year)
    report = report_get(viewer=request.user, organisation=organisation, year=year)
    title, sections, version = _current(request, organisation, year)
    suggestions = version.suggestions if version else []
    latest = report_version(report) if report else None
    shown = numbered_headings(sections)
    for section in shown:
        section["plain"] = plain(section["text"])
    return render(
        request,
        "reports/detail.html",
        {
            "organisation": organisation,
            "year": year,
            "report": report,
            "version": version,
            "latest": latest,
            "is_latest": version is None or latest is None or version.number == latest.number,
            "title": title,
            "sections": shown,
            "suggestions": list(enumerate(suggestions)),
            "versions": report_versions(report)[:30] if report else [],
            "can_write": can_write_org(request.user, organisation),
            "can_polish": llm_enabled(),
        },
    )


def _current(request, organisation, year: int):
    """The version asked for (?version=N), else the latest, else the (cached) live draft."""
    number = request.GET.get("version", "")
    return current_text(
        organisation=organisation,
        year=year,
        today=timezone.localdate(),
        number=int(number) if number.isdigit() else None,
        cached=True,
    )


def _back(organisation, year: int, anchor: str = "") -> str:
    url = reverse("reports:detail", kwargs={"org": organisation.pk, "year": year})
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_POST
def report_generate_view(request, org: int, year: int):
    organisation = _organisation(request, org)
    year = _year(year)
    try:
        version = report_generate(actor=request.user, organisation=organisation, year=year)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已根据台账记录生成第{version.number}版草稿。")
    return redirect(_back(organisation, year))


def _report_or_404(request, organisation, year):
    report = report_get(viewer=request.user, organisation=organisation, year=year)
    if report is None:
        raise Http404("请先生成工作总结草稿")
    return report


def _save_section(request, org: int, year: int, save, saved: str):
    """A section saved as a new version, by staff's own words or an accepted polish."""
    organisation = _organisation(request, org)
    year = _year(year)
    report = _report_or_404(request, organisation, year)
    key = request.POST.get("key", "")
    try:
        version = save(
            actor=request.user,
            report=report,
            key=key,
            text=request.POST.get("text", ""),
            base=posted_version(request),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, saved.format(number=version.number))
    return redirect(_back(organisation, year, f"section-{key}"))


@login_required
@require_POST
def report_section_edit(request, org: int, year: int):
    return _save_section(request, org, year, report_section_update, "已保存（第{number}版）。")


@login_required
@require_POST
def report_polish(request, org: int, year: int):
    """The office's model polishes one section: draft and polish side by side, checked."""
    organisation = _organisation(request, org)
    year = _year(year)
    report = _report_or_404(request, organisation, year)
    key = request.POST.get("key", "")
    try:
        proposal = report_section_polish(actor=request.user, report=report, key=key)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(_back(organisation, year, f"section-{key}"))
    return render(
        request,
        "reports/polish.html",
        {
            "organisation": organisation,
            "year": year,
            "proposal": proposal,
            "diff": diff_html(proposal.draft, proposal.polished),
        },
    )


@login_required
@require_POST
def report_polish_accept_view(request, org: int, year: int):
    return _save_section(request, org, year, report_polish_accept, "已采用润色稿（第{number}版）。")


@login_required
@require_POST
def report_accept(request, org: int, year: int):
    organisation = _organisation(request, org)
    year = _year(year)
    report = _report_or_404(request, organisation, year)
    indexes = [int(v) for v in request.POST.getlist("suggestion") if v.isdigit()]
    try:
        version = report_accept_suggestions(
            actor=request.user, report=report, indexes=indexes, base=posted_version(request)
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已加入下一年工作计划（第{version.number}版）。")
    return redirect(_back(organisation, year, "section-plan"))


@login_required
@heavy_read
def report_export(request, org: int, year: int, fmt: str):
    if fmt not in ("md", "docx", "pdf"):
        raise Http404("不支持的格式")
    organisation = _organisation(request, org)
    year = _year(year)
    title, sections, _ = _current(request, organisation, year)
    if fmt == "md":
        response = HttpResponse(
            to_markdown(title, sections), content_type="text/markdown; charset=utf-8"
        )
        response["Content-Disposition"] = "inline"
        return response
    content = to_docx(title, sections)
    if fmt == "pdf":
        try:
            return pdf_response(docx_to_pdf(content), f"{title}.pdf")
        except PdfUnavailable as exc:
            messages.error(request, str(exc))
            return redirect(_back(organisation, year))
    return docx_response(content, f"{title}.docx")


@login_required
def template_edit(request, org: int):
    organisation = _organisation(request, org)
    if not can_write_org(request.user, organisation):
        raise Http404("记录不存在或无权查看")
    template = template_for(organisation)
    initial = {
        "opening": template.opening,
        "shortcomings": template.shortcomings,
        "plan": template.plan,
    }
    form = TemplateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            template_update(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "模板已保存，下次生成草稿时使用。")
            return redirect_back(request, "reports:index")
    return render(request, "reports/template.html", {"form": form, "organisation": organisation})


@login_required
@heavy_read
def dashboard(request):
    form = _pick_form(request, timezone.localdate().year)
    organisation, year = request.user.organisation, timezone.localdate().year
    if request.GET and form.is_valid():
        organisation, year = form.cleaned_data["organisation"], form.cleaned_data["year"]
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "organisation": organisation,
            "year": year,
            "data": dashboard_data(organisation=organisation, year=year),
        },
    )
