"""Where to go after a form: the page that sent it (`next`) when that is a page of this site,
otherwise the given fallback. A `next` pointing elsewhere (https://…, //host, javascript:) is
never followed, so a link cannot make Lianluo forward its users to another site."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, fallback: str, *args) -> str:
    """The `next` of the form (POST) or address (GET) if it stays on this site, else the URL of
    the view named `fallback` (with `args`)."""
    back = request.POST.get("next") or request.GET.get("next") or ""
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return reverse(fallback, args=args)


def redirect_back(request, fallback: str, *args):
    return redirect(safe_next(request, fallback, *args))
