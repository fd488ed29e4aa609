"""What an organisation's page shows of its people (registered in core.home.ORG_PANELS): the serving
people by role over its subtree, its activity groups and its sectors, which staff edit there."""

from lianluo.core.access import can_write_org, is_org_reader
from lianluo.core.home import HomePanel
from lianluo.orgs.selectors import org_scope
from lianluo.people.forms import SectorForm
from lianluo.people.selectors import groups_of_org, role_counts, sectors_for


def organisation_people(organisation, user) -> HomePanel | None:
    if not is_org_reader(user):
        return None
    subtree = org_scope(viewer=user).filter(path__startswith=organisation.path)
    return HomePanel(
        "people/org_panel.html",
        {
            "org": organisation,
            "can_edit": can_write_org(user, organisation),
            "role_counts": role_counts(organisations=subtree),
            "groups": groups_of_org(organisation=organisation),
            "sectors": sectors_for(organisation=organisation, active_only=False),
            "sector_form": SectorForm(),
        },
    )
