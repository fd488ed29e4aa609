"""PDF from Word through LibreOffice (`soffice --headless --convert-to pdf`), as offices print.

LibreOffice is a system package (the Makefile installs it with fonts-noto-cjk where missing);
without it the PDF export answers a clear message instead of failing.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

CONVERT_TIMEOUT = 120
FONTS_CONF = Path(__file__).with_name("fonts.conf")


class PdfUnavailable(RuntimeError):
    pass


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(content: bytes) -> bytes:
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailable("服务器未安装 LibreOffice，暂不能导出 PDF，请先导出 Word 文件。")
    with tempfile.TemporaryDirectory(prefix="lianluo-pdf-") as folder:
        work = Path(folder)
        source = work / "document.docx"
        source.write_bytes(content)
        # A profile of its own, so conversions never wait on a user's running LibreOffice.
        profile = (work / "profile").as_uri()
        try:
            subprocess.run(  # noqa: S603 - our own binary and temporary paths
                [
                    soffice,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(work),
                    str(source),
                ],
                check=True,
                capture_output=True,
                env={**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)},
                timeout=CONVERT_TIMEOUT,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise PdfUnavailable("LibreOffice 转换 PDF 失败，请稍后重试或导出 Word 文件。") from exc
        target = work / "document.pdf"
        if not target.exists():
            raise PdfUnavailable("LibreOffice 没有生成 PDF 文件，请导出 Word 文件。")
        return target.read_bytes()


def pdf_response(content: bytes, filename: str):
    from urllib.parse import quote

    from django.http import HttpResponse

    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
