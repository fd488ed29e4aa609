from dataclasses import dataclass

from lianluo.core.access import is_org_reader
from lianluo.orgs.models import Organisation
from lianluo.orgs.selectors import org_scope
from lianluo.people.selectors import RoleCount, groups_in_scope, role_counts, status_counts


@dataclass(frozen=True)
class HomeFigures:
    organisation: Organisation
    scope_size: int
    role_counts: list[RoleCount]
    serving: int
    term_ended: int
    removed: int
    group_count: int


def home_figures(*, viewer) -> HomeFigures | None:
    """The figures on the home page: the viewer's organisation and everything below it."""
    if not is_org_reader(viewer):
        return None
    organisations = org_scope(viewer=viewer)
    statuses = status_counts(organisations=organisations)
    return HomeFigures(
        organisation=viewer.organisation,
        scope_size=organisations.count(),
        role_counts=role_counts(organisations=organisations),
        serving=statuses.get("serving", 0),
        term_ended=statuses.get("term_ended", 0),
        removed=statuses.get("removed", 0),
        group_count=groups_in_scope(viewer=viewer).count(),
    )
