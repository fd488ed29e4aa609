from django.db.models import Q, QuerySet

from lianluo.core.access import get_in_scope_or_404, org_scope_q
from lianluo.workbook.models import ImportJob


def import_jobs_in_scope(*, viewer) -> QuerySet[ImportJob]:
    """Uploads of the viewer's organisations (subtree for readers), and always the viewer's own."""
    if not viewer.is_authenticated:
        return ImportJob.objects.none()
    jobs = ImportJob.objects.filter(org_scope_q(viewer) | Q(created_by=viewer))
    return jobs.select_related("created_by", "target", "organisation").order_by("-created_at")


def import_job_get(*, viewer, pk) -> ImportJob:
    return get_in_scope_or_404(import_jobs_in_scope(viewer=viewer), pk=pk)
