from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lianluo.core.selectors import home_figures
from lianluo.people.selectors import person_get


@login_required
def home(request):
    own_person = (
        person_get(viewer=request.user, pk=request.user.person_id)
        if request.user.person_id
        else None
    )
    return render(
        request,
        "core/home.html",
        {"figures": home_figures(viewer=request.user), "own_person": own_person},
    )
