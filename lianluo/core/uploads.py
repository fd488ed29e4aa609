"""Files people upload: the one place that decides whether one is taken.

- `check_upload`: the extension is one the place accepts, the content begins as such a file does
  (a .txt renamed to .xlsx is refused), and the size is within the place's limit.
- `check_ooxml_package`: an .xlsx or .docx is a zip of XML parts. Before anything parses one it is
  read once, member by member, in fixed-size chunks: refused when it unpacks beyond a limit (a
  zip bomb; the CRC check also catches sizes that the zip's directory lies about) or when a part
  declares a DTD (entity expansion such as "billion laughs", or an external entity reading the
  server's files: no Office file needs one).
- `UploadSizeLimitMiddleware`: a request body beyond the largest limit is answered 413 before
  Django reads it, so a 200 MB upload costs neither the time to receive it nor disk.
"""

import json
import zipfile
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse

from lianluo.core.errors import ApplicationError

MB = 1024 * 1024
ZIP_SIGNATURE = (b"PK\x03\x04",)
OLE_SIGNATURE = (b"\xd0\xcf\x11\xe0",)
PHOTO_TYPES = {".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",), ".png": (b"\x89PNG",)}
DOCUMENT_TYPES = {
    ".pdf": (b"%PDF",),
    ".docx": ZIP_SIGNATURE,
    ".xlsx": ZIP_SIGNATURE,
    ".doc": OLE_SIGNATURE,
    ".xls": OLE_SIGNATURE,
    ".txt": None,  # any bytes
}
CHUNK = 1 * MB
DTD_MARKS = (b"<!DOCTYPE", b"<!ENTITY")


def extension_of(name: str) -> str:
    return ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""


def check_upload(upload, *, allowed: dict, limit: int, field: str = "file") -> str:
    """Refuse a file of another type, whose content does not match its extension, or too large;
    returns the extension."""
    extension = extension_of(upload.name or "")
    if extension not in allowed:
        raise ApplicationError(
            f"不支持的文件类型：{extension or '无扩展名'}，可上传 {'、'.join(allowed)}",
            field=field,
        )
    if upload.size > limit:
        raise ApplicationError(f"文件过大：不能超过 {limit // MB} MB", field=field)
    signatures = allowed[extension]
    if signatures is not None:
        head = upload.read(8)
        upload.seek(0)
        if not any(head.startswith(signature) for signature in signatures):
            raise ApplicationError(
                f"文件内容与扩展名 {extension} 不符（可能是改了扩展名的其他文件）", field=field
            )
    return extension


class UnsafePackage(ValueError):
    """The message says in Chinese what is wrong with the file."""


def check_ooxml_package(path: Path, *, max_unpacked: int) -> None:
    """Read the whole package once in bounded memory; raise UnsafePackage when it is not a zip,
    unpacks beyond `max_unpacked` bytes, is damaged, or holds a part with a DTD."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnsafePackage("文件不是有效的 Office 文档（可能是改了扩展名的其他文件）") from exc
    total = 0
    limit_mb = max_unpacked // MB
    with archive:
        members = archive.infolist()
        if sum(member.file_size for member in members) > max_unpacked:
            raise UnsafePackage(f"文件解压后超过 {limit_mb} MB，已拒绝（疑似压缩炸弹）")
        try:
            for member in members:
                with archive.open(member) as part:
                    first = True
                    while chunk := part.read(CHUNK):
                        total += len(chunk)
                        if total > max_unpacked:
                            raise UnsafePackage(
                                f"文件解压后超过 {limit_mb} MB，已拒绝（疑似压缩炸弹）"
                            )
                        if first and any(mark in chunk[:4096] for mark in DTD_MARKS):
                            raise UnsafePackage(
                                f"文件中的“{member.filename}”含有 DTD 声明，Office 文档不需要它，"
                                "出于安全原因已拒绝"
                            )
                        first = False
        except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError) as exc:
            raise UnsafePackage(f"文件已损坏，无法读取（{exc}）") from exc


class UploadSizeLimitMiddleware:
    """413 for a request body beyond LIANLUO_UPLOAD_MAX_BYTES, decided on its Content-Length."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.LIANLUO_UPLOAD_MAX_BYTES
        if length > limit:
            message = (
                f"上传的内容过大（{length / MB:.0f} MB），单个文件不能超过 {limit // MB} MB。"
                "请压缩或拆分后重新上传。"
            )
            if request.path.startswith("/api/"):
                body = json.dumps({"code": "too_large", "message": message}, ensure_ascii=False)
                return HttpResponse(
                    body, status=413, content_type="application/json; charset=utf-8"
                )
            return HttpResponse(
                f'<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>文件过大</title>'
                f'<p>{message}</p><p><a href="javascript:history.back()">返回</a></p></html>',
                status=413,
                content_type="text/html; charset=utf-8",
            )
        return self.get_response(request)
