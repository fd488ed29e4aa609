import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from lianluo.core.access import ensure_can_write
from lianluo.core.errors import ApplicationError
from lianluo.core.uploads import ZIP_SIGNATURE, check_upload
from lianluo.workbook.importer import workbook_import
from lianluo.workbook.models import ImportJob, ImportStatus


@contextmanager
def _local_copy(job: ImportJob):
    """The upload as a local file, whatever the storage (file system or object storage)."""
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
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
def import_job_create(*, actor, upload: UploadedFile) -> ImportJob:
    ensure_can_write(actor, actor.organisation, "只有工作人员和管理员可以导入联络工作台账")
    if not upload.name.lower().endswith(".xlsx"):
        raise ApplicationError("请上传 .xlsx 格式的联络工作台账（Excel 2007 及以上）", field="file")
    check_upload(
        upload, allowed={".xlsx": ZIP_SIGNATURE}, limit=settings.LIANLUO_WORKBOOK_MAX_BYTES
    )
    job = ImportJob(
        created_by=actor, organisation=actor.organisation, original_name=upload.name[:255]
    )
    job.file.save(upload.name, upload, save=False)
    job.save()
    from lianluo.workbook.tasks import analyse_import_job

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
                path=path, actor=job.created_by, dry_run=dry_run, progress=_progress_saver(job.pk)
            )
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, finished_at=timezone.now()
        )
        raise
    job.refresh_from_db()
    setattr(job, "report" if dry_run else "result", report.as_dict())
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
    from lianluo.workbook.tasks import apply_import_job

    transaction.on_commit(lambda: apply_import_job(str(job.pk)))
    return job


def import_job_apply(*, job_id) -> ImportJob:
    """Import for real, all or nothing; the records may have changed since the check."""
    return _run_job(
        job_id=job_id,
        queued=ImportStatus.QUEUED_APPLY,
        running=ImportStatus.APPLYING,
        succeeded=ImportStatus.DONE,
        dry_run=False,
    )
