"""Errors as JSON with a stable code and a Chinese message: {"code": "...", "message": "..."}.

400 invalid input the rules refuse; 401 no or a bad token; 403 not allowed; 404 missing or outside
the account's scope (the same answer, as on the web); 409 an illegal state change; 422 a request
that does not match the schema."""

from django.core.exceptions import ValidationError as RecordInvalid
from django.http import Http404
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from lianluo.core.errors import ApplicationError


class Error(Schema):
    code: str
    message: str


STATUS_BY_CODE = {"conflict": 409, "forbidden": 403, "signin_refused": 409, "not_found": 404}
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


def install(api) -> None:
    def respond(request, status: int, code: str, message: str):
        return api.create_response(request, {"code": code, "message": message}, status=status)

    @api.exception_handler(ApplicationError)
    def application_error(request, exc: ApplicationError):
        return respond(request, STATUS_BY_CODE.get(exc.code, 400), exc.code, exc.message)

    @api.exception_handler(RecordInvalid)
    def record_invalid(request, exc: RecordInvalid):
        """A record a service refused in full_clean: the first field and its message."""
        if hasattr(exc, "error_dict"):
            field, errors = next(iter(exc.error_dict.items()))
            return respond(request, 400, "invalid", f"{field}：{errors[0].messages[0]}")
        return respond(request, 400, "invalid", exc.messages[0])

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, "not_found", "记录不存在或无权查看")

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        return respond(
            request, 401, "unauthorized", "请提供有效的接口令牌（Authorization: Bearer 令牌）"
        )

    @api.exception_handler(ValidationError)
    def invalid_request(request, exc: ValidationError):
        first = exc.errors[0] if exc.errors else {}
        where = ".".join(
            str(part) for part in first.get("loc", ()) if part not in ("body", "query", "path")
        )
        message = f"请求参数有误：{where}" if where else "请求参数有误"
        return respond(request, 422, "invalid_request", message)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return respond(request, exc.status_code, "error", str(exc))
