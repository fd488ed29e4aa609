"""What the home page and an organisation's page show, registered by the apps that know it (in their
AppConfig.ready): panels (the round's visits, a member's record, an office's people) and a member's
to-dos. The home app reads these
registries; core only holds them, so that no app imports the home page."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class HomePanel:
    template: str
    data: Any


# What an organisation's page shows besides the organisation itself (its people, groups and
# sectors): callables taking the organisation and the user, returning a HomePanel or None.
ORG_PANELS: list = []

# Domain apps add what their users need to see first (the round's visits, a member's record):
# callables taking the user and returning a HomePanel, or None when it has nothing to show.
HOME_PANELS: list = []


@dataclass(frozen=True)
class Todo:
    """One thing waiting for the member's answer, on top of their home page."""

    text: str
    url: str
    action: str  # the button's word: 答复, 签到, 评价 …


# Apps add what waits for a member (invitations, ratings, unread notices): callables taking the
# user and returning a list of Todo.
TODO_SOURCES: list = []


def register(registry: list, entry) -> None:
    """Add an app's entry to a registry once (an AppConfig.ready may run more than once)."""
    if entry not in registry:
        registry.append(entry)


def todos_for(user) -> list[Todo]:
    if not user.person_id:
        return []
    return [todo for source in TODO_SOURCES for todo in source(user)]


def gathered(registry: list, *args) -> list:
    """What the callables apps registered give for these arguments, leaving out those with
    nothing to give (None): the panels of a page (HOME_PANELS for the user, ORG_PANELS for an
    organisation and the user), an activity page's panels and links, an invitation's notes."""
    return [panel for build in registry if (panel := build(*args)) is not None]
