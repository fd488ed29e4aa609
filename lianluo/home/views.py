from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lianluo.core.home import HOME_PANELS, gathered, todos_for
from lianluo.home.selectors import home_figures
from lianluo.people.selectors import person_get


@login_required
def home(request):
    own_person = (
        person_get(viewer=request.user, pk=request.user.person_id)
        if request.user.person_id
        else None
    )
    panels = gathered(HOME_PANELS, request.user)
    return render(
        request,
        "home/home.html",
        {
            "figures": home_figures(viewer=request.user),
            "own_person": own_person,
            "panels": panels,
            "todos": todos_for(request.user),
        },
    )


def manifest(request):
    """The web app manifest: members add Lianluo to their phone's home screen."""
    from django.http import JsonResponse
    from django.templatetags.static import static

    data = {
        "name": "联络",
        "short_name": "联络",
        "description": "联络工作台账：活动、签到、提案与社情民意、履职档案",
        "lang": "zh-CN",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f8f9fa",
        "theme_color": "#b02a37",
        "icons": [
            {"src": static("core/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("core/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("core/icons/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response
