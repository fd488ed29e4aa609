"""The workbook's background tasks, defined beside their services; imported here so that huey's
worker, which loads each app's tasks module, knows them."""

from lianluo.workbook.services import analyse_import_job, apply_import_job

__all__ = ["analyse_import_job", "apply_import_job"]
