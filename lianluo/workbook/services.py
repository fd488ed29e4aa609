"""Import jobs: an upload checked in the background, its mapping confirmed where it is an office's
own ledger, then applied; and the upload marked with its errors.

The huey tasks are defined here, beside the services they run; tasks.py only makes them known to
the worker, so this module imports nothing that imports it.
"""

import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from huey.contrib.djhuey import db_task

from lianluo.core.access import ensure_can_write
from lianluo.core.errors import ApplicationError
from lianluo.core.uploads import UnsafePackage, check_upload, extension_of
from lianluo.workbook.framework import registered_handlers
from lianluo.workbook.importer import workbook_import
from lianluo.workbook.layout import MappingError, layout_for_entry
from lianluo.workbook.mappings import mappings_remember
from lianluo.workbook.markup import marked_workbook
from lianluo.workbook.models import ImportJob, ImportStatus
from lianluo.workbook.sources import ACCEPTED


@contextmanager
def _local_copy(job: ImportJob):
    """The upload as a local file, whatever the storage (file system or object storage)."""
    with tempfile.NamedTemporaryFile(suffix=extension_of(job.original_name)) as handle:
        with job.file.open("rb") as source:
            for chunk in source.chunks():
                handle.write(chunk)
        handle.flush()
        yield Path(handle.name)


def _progress_saver(job_id):
    def save(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(rows_done=done, rows_total=total)

    return save


@transaction.atomic
def import_job_create(*, actor, upload: UploadedFile, destination=None) -> ImportJob:
    """An upload to check; `destination` is where an office's own ledger goes (the uploader's
    organisation when None)."""
    ensure_can_write(actor, actor.organisation, "只有工作人员和管理员可以导入联络工作台账")
    if destination is not None:
        ensure_can_write(actor, destination, f"您没有向“{destination}”导入的权限")
    check_upload(upload, allowed=ACCEPTED, limit=settings.LIANLUO_WORKBOOK_MAX_BYTES)
    job = ImportJob(
        created_by=actor,
        organisation=actor.organisation,
        destination=destination if destination != actor.organisation else None,
        original_name=upload.name[:255],
    )
    job.file.save(upload.name, upload, save=False)
    job.save()
    transaction.on_commit(lambda: analyse_import_job(str(job.pk)))
    return job


def _run_job(*, job_id, queued: str, running: str, succeeded: str, dry_run: bool) -> ImportJob:
    """Claim a queued job, run the import (checking only, or for real) and keep its report."""
    # The claim is one conditional UPDATE, so a job is run once even if delivered twice.
    claimed = ImportJob.objects.filter(pk=job_id, status=queued).update(status=running)
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not claimed:
        return job
    try:
        with _local_copy(job) as path:
            report = workbook_import(
                path=path,
                actor=job.created_by,
                dry_run=dry_run,
                progress=_progress_saver(job.pk),
                organisation=job.office,
                mapping=job.mapping,
                filename=job.original_name,
            )
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, finished_at=timezone.now()
        )
        raise
    job.refresh_from_db()
    setattr(job, "report" if dry_run else "result", report.as_dict())
    if dry_run and report.needs_mapping and report.layouts:
        job.status = ImportStatus.MAPPING  # an office's own sheets: the user confirms how
    else:
        job.status = succeeded if report.ok else ImportStatus.INVALID
    job.target = report.organisation if report.organisation and report.organisation.pk else None
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "report" if dry_run else "result",
            "status",
            "target",
            "finished_at",
            "updated_at",
        ]
    )
    return job


def import_job_analyse(*, job_id) -> ImportJob:
    """Check the upload without writing: counts per sheet, every error and warning."""
    return _run_job(
        job_id=job_id,
        queued=ImportStatus.QUEUED,
        running=ImportStatus.ANALYSING,
        succeeded=ImportStatus.READY,
        dry_run=True,
    )


@transaction.atomic
def import_job_confirm(*, actor, job: ImportJob) -> ImportJob:
    # Locked so that two clicks on "confirm" queue one import, not two.
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.created_by_id != actor.pk:
        ensure_can_write(actor, job.organisation, "只有上传人或本组织工作人员可以确认导入")
    if job.status != ImportStatus.READY:
        raise ApplicationError(
            f"该导入任务当前状态为“{job.get_status_display()}”，不能确认导入", code="conflict"
        )
    job.status = ImportStatus.QUEUED_APPLY
    job.rows_done = 0
    job.save(update_fields=["status", "rows_done", "updated_at"])
    transaction.on_commit(lambda: apply_import_job(str(job.pk)))
    return job


MAPPABLE = (ImportStatus.MAPPING, ImportStatus.READY, ImportStatus.INVALID)


@transaction.atomic
def import_job_map(*, actor, job: ImportJob, mapping: dict) -> ImportJob:
    """Take the user's mapping of an upload's own sheets, remember it for the office, and check
    the upload again under it."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.created_by_id != actor.pk:
        ensure_can_write(actor, job.organisation, "只有上传人或本组织工作人员可以修改对应关系")
    if job.status not in MAPPABLE:
        raise ApplicationError(
            f"该导入任务当前状态为“{job.get_status_display()}”，不能修改对应关系", code="conflict"
        )
    handlers = registered_handlers()
    shown = {item["source"]: item for item in (job.report or {}).get("layouts", [])}
    layouts = []
    for source, entry in (mapping.get("sheets") or {}).items():
        if source not in shown:
            raise ApplicationError(f"上传的文件中没有工作表“{source}”")
        try:
            layouts.append(layout_for_entry(source, shown[source]["top"], entry, handlers))
        except MappingError as exc:
            raise ApplicationError(str(exc)) from exc
    year = mapping.get("year")
    if year is not None and not (isinstance(year, int) and 1949 <= year <= 2100):
        raise ApplicationError("年度应为1949至2100之间的年份", field="year")
    mappings_remember(organisation=job.office, layouts=layouts, actor=actor)
    job.mapping = mapping
    job.status = ImportStatus.QUEUED
    job.rows_done = 0
    job.save(update_fields=["mapping", "status", "rows_done", "updated_at"])
    transaction.on_commit(lambda: analyse_import_job(str(job.pk)))
    return job


def import_job_marked(*, job: ImportJob, target: Path) -> Path:
    """The upload back with every bad cell filled red and commented, and a list of the errors."""
    report = job.result or job.report or {}
    if not report.get("errors"):
        raise ApplicationError("该导入没有错误，无需标注")
    with _local_copy(job) as path:
        try:
            return marked_workbook(
                source=path,
                filename=job.original_name,
                issues=report.get("issues", []),
                target=target,
            )
        except UnsafePackage as exc:
            raise ApplicationError(f"无法标注：{exc}") from exc


@db_task()
def analyse_import_job(job_id: str) -> None:
    import_job_analyse(job_id=job_id)


@db_task()
def apply_import_job(job_id: str) -> None:
    import_job_apply(job_id=job_id)


def import_job_apply(*, job_id) -> ImportJob:
    """Import for real, all or nothing; the records may have changed since the check."""
    return _run_job(
        job_id=job_id,
        queued=ImportStatus.QUEUED_APPLY,
        running=ImportStatus.APPLYING,
        succeeded=ImportStatus.DONE,
        dry_run=False,
    )
