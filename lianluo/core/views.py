from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lianluo.core.selectors import home_figures
from lianluo.people.selectors import person_get


@dataclass(frozen=True)
class HomePanel:
    template: str
    data: Any


# Domain apps add what their users need to see first (the round's visits, a member's record):
# callables taking the user and returning a HomePanel, or None when it has nothing to show.
HOME_PANELS: list = []


@login_required
def home(request):
    own_person = (
        person_get(viewer=request.user, pk=request.user.person_id)
        if request.user.person_id
        else None
    )
    panels = [panel for build in HOME_PANELS if (panel := build(request.user)) is not None]
    return render(
        request,
        "core/home.html",
        {
            "figures": home_figures(viewer=request.user),
            "own_person": own_person,
            "panels": panels,
        },
    )
