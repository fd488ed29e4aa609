"""The current request's address and client, so services can audit without taking a request."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestMeta:
    ip_address: str | None = None
    user_agent: str = ""


_NO_REQUEST = RequestMeta()
_current: ContextVar[RequestMeta | None] = ContextVar("lianluo_request_meta", default=None)


def current_request_meta() -> RequestMeta:
    return _current.get() or _NO_REQUEST


def set_request_meta(meta: RequestMeta):
    return _current.set(meta)


def reset_request_meta(token) -> None:
    _current.reset(token)
