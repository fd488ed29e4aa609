import time

from django.conf import settings

SESSION_REFRESHED_KEY = "_lianluo_refreshed"


class SessionIdleRefreshMiddleware:
    """Idle expiry without a database write on every request.

    Sessions live SESSION_COOKIE_AGE seconds from their last save. Saving on every request
    (SESSION_SAVE_EVERY_REQUEST) would write the session row on every page view; instead the
    session is saved again once LIANLUO_SESSION_REFRESH_SECONDS have passed, so a user idle for
    the full age is logged out, give or take that interval.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated:
            now = int(time.time())
            last = session.get(SESSION_REFRESHED_KEY, 0)
            if now - last >= settings.LIANLUO_SESSION_REFRESH_SECONDS:
                session[SESSION_REFRESHED_KEY] = now
        return self.get_response(request)
