from django.conf import settings

from lianluo.audit.context import RequestMeta, reset_request_meta, set_request_meta


def client_ip(request) -> str | None:
    """The client's address: the peer, or — when the peer is a proxy of ours (nginx in front of
    gunicorn, LIANLUO_TRUSTED_PROXIES) — the address it says it forwards for. A client's own
    X-Forwarded-For is never believed: only the last entry, the one our proxy wrote, counts."""
    peer = request.META.get("REMOTE_ADDR") or None
    if peer and peer in settings.LIANLUO_TRUSTED_PROXIES:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return peer


class RequestMetaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = RequestMeta(
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        )
        token = set_request_meta(meta)
        try:
            return self.get_response(request)
        finally:
            reset_request_meta(token)
