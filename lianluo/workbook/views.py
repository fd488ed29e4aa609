import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lianluo.core.access import (
    can_reveal_personal_data,
    is_org_reader,
    require_own_writer,
)
from lianluo.core.errors import ApplicationError
from lianluo.core.forms import form_add_service_error
from lianluo.core.replica import heavy_read
from lianluo.orgs.selectors import org_get, orgs_writable
from lianluo.workbook.forms import ExportForm, UploadForm, mapping_from_post
from lianluo.workbook.framework import workbook_export
from lianluo.workbook.layout import ledger_year
from lianluo.workbook.models import ImportStatus
from lianluo.workbook.selectors import import_job_get, import_jobs_in_scope, mapping_page_sheets
from lianluo.workbook.services import (
    import_job_confirm,
    import_job_create,
    import_job_map,
    import_job_marked,
)


@login_required
def import_start(request):
    require_own_writer(request.user)
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        organisations=orgs_writable(viewer=request.user),
        initial={"destination": request.user.organisation_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_create(
                actor=request.user,
                upload=form.cleaned_data["file"],
                destination=form.cleaned_data.get("destination"),
            )
        except ApplicationError as exc:
            form_add_service_error(form, exc)
        else:
            return redirect("workbook:job", pk=job.pk)
    jobs = import_jobs_in_scope(viewer=request.user)[:20]
    return render(request, "workbook/import.html", {"form": form, "jobs": jobs})


@login_required
def job_detail(request, pk):
    job = import_job_get(viewer=request.user, pk=pk)
    return render(request, "workbook/job.html", {"job": job, "report": job.result or job.report})


@login_required
def job_status(request, pk):
    job = import_job_get(viewer=request.user, pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "label": job.get_status_display(),
            "percent": job.percent,
            "running": job.is_running,
        }
    )


@login_required
@require_POST
def job_confirm(request, pk):
    job = import_job_get(viewer=request.user, pk=pk)
    try:
        import_job_confirm(actor=request.user, job=job)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("workbook:job", pk=job.pk)


@login_required
def job_mapping(request, pk):
    """An office's own sheets: which record kind each holds and which field each column is."""
    job = import_job_get(viewer=request.user, pk=pk)
    shown = [item for item in (job.report or {}).get("layouts", []) if not item["liaison"]]
    if not shown:
        return redirect("workbook:job", pk=job.pk)
    mapping = job.mapping or {}
    problems: list[str] = []
    if request.method == "POST":
        mapping, problems = mapping_from_post(request.POST, shown)
    sheets, mapping_problems = mapping_page_sheets(shown, mapping.get("sheets") or {})
    problems += mapping_problems
    if request.method == "POST" and request.POST.get("action") == "check" and not problems:
        try:
            import_job_map(actor=request.user, job=job, mapping=mapping)
        except ApplicationError as exc:
            problems.append(exc.message)
        else:
            return redirect("workbook:job", pk=job.pk)
    year = ledger_year(mapping, (item["year"] for item in shown))
    return render(
        request,
        "workbook/mapping.html",
        {"job": job, "sheets": sheets, "problems": problems, "year": year or ""},
    )


@login_required
def job_marked(request, pk):
    """The upload back with its bad cells red and commented."""
    job = import_job_get(viewer=request.user, pk=pk)
    if job.status != ImportStatus.INVALID:
        raise Http404
    handle = tempfile.NamedTemporaryFile(prefix="lianluo-marked-", suffix=".xlsx")  # noqa: SIM115
    try:
        import_job_marked(job=job, target=Path(handle.name))
    except ApplicationError:
        handle.close()
        raise Http404 from None
    stem = job.original_name.rsplit(".", 1)[0]
    return FileResponse(handle, as_attachment=True, filename=f"{stem}（错误标注）.xlsx")


@login_required
@heavy_read
def export(request, org_pk: int):
    org = org_get(viewer=request.user, pk=org_pk)
    if not is_org_reader(request.user):
        raise Http404
    form = ExportForm(request.GET or None, initial={"year": timezone.localdate().year})
    if not request.GET or not form.is_valid():
        return render(
            request,
            "workbook/export.html",
            {"form": form, "org": org, "can_full": can_reveal_personal_data(request.user, org)},
        )
    full = form.cleaned_data["full"] and can_reveal_personal_data(request.user, org)
    year = form.cleaned_data["year"]
    # A temporary file removed when the response is closed, after it has been sent.
    handle = tempfile.NamedTemporaryFile(prefix="lianluo-export-", suffix=".xlsx")  # noqa: SIM115
    workbook_export(
        organisation=org,
        year=year,
        actor=request.user,
        path=Path(handle.name),
        full_personal_data=full,
    )
    return FileResponse(handle, as_attachment=True, filename=f"{org.name}{year}年联络工作台账.xlsx")
