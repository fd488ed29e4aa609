from lianluo.audit.context import RequestMeta, reset_request_meta, set_request_meta


def client_ip(request) -> str | None:
    # REMOTE_ADDR is the peer; a trusted proxy in production sets it via the WSGI server.
    return request.META.get("REMOTE_ADDR") or None


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
