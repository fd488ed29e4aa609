from django.db.models import Count, Q, QuerySet

from lianluo.core.access import can_write_org, get_in_scope_or_404, scope_by_org
from lianluo.orgs.models import Organisation


def org_scope(*, viewer) -> QuerySet[Organisation]:
    """The organisations the viewer reads: the subtree for readers, the own one for others."""
    own = Q(pk=viewer.organisation_id) if viewer.is_authenticated else None
    return scope_by_org(Organisation.objects.all(), viewer, org_field="", own=own)


def org_get(*, viewer, pk: int) -> Organisation:
    return get_in_scope_or_404(org_scope(viewer=viewer).select_related("parent"), pk=pk)


def org_by_name(*, name: str) -> Organisation | None:
    return Organisation.objects.filter(name=name.strip()).first()


def org_children_with_counts(*, org: Organisation) -> QuerySet[Organisation]:
    return org.children.annotate(
        people_count=Count("people", filter=Q(people__status="serving"), distinct=True)
    ).order_by("path")


def orgs_writable(*, viewer) -> list[Organisation]:
    """The organisations in the viewer's scope whose records the viewer may write."""
    return [org for org in org_scope(viewer=viewer).order_by("path") if can_write_org(viewer, org)]
