"""The JSON API for mobile clients under /api/v1/, described at /api/openapi.json, with
interactive documentation at /api/docs (Swagger UI served from the package, no CDN)."""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from lianluo.api import errors
from lianluo.api.auth import TokenAuth
from lianluo.api.endpoints import member, reception
from lianluo.api.staff import staff


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 JSON: Chinese stays readable in the answers, not \\u-escaped."""

    media_type = "application/json; charset=utf-8"
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=ChineseJSONRenderer(),
    title="联络 Lianluo 接口",
    version="1",
    description=(
        "供手机应用、小程序使用的接口。每个请求带上接口令牌：`Authorization: Bearer <令牌>`"
        "（令牌在网页“更多 → 接口令牌”中创建，或用 `lianluo issue_token 用户名` 签发）。"
        "权限与网页相同：委员只能看到本人的记录，工作人员只能看到本组织及下级组织的记录。"
        '出错时返回 JSON：`{"code": 稳定的错误码, "message": 中文说明}`；'
        "不允许的状态变化返回 409；列表分页，每页20条（参数 page）。"
    ),
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("/v1/", member)
api.add_router("/v1/", reception)
api.add_router("/v1/", staff)
