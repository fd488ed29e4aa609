from huey.contrib.djhuey import db_task

from lianluo.workbook.services import import_job_analyse, import_job_apply


@db_task()
def analyse_import_job(job_id: str) -> None:
    import_job_analyse(job_id=job_id)


@db_task()
def apply_import_job(job_id: str) -> None:
    import_job_apply(job_id=job_id)
