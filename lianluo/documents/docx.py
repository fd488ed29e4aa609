"""Word documents in the house style: 仿宋-like body, 黑体-like titles, A4, CJK fonts set properly.

A document is data gathered by a selector plus a renderer built from these helpers; renderers
never query the database.
"""

import io
import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

BODY_FONT = "仿宋"
TITLE_FONT = "黑体"
LATIN_FONT = "Times New Roman"
# Characters XML cannot carry: a title typed with one must not make the whole document fail.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def plain_text(text) -> str:
    """Text as it goes into a run: always literal characters (w:t), never a field code, and
    without the control characters that XML cannot hold."""
    return XML_ILLEGAL.sub("", str(text))


def _set_fonts(run_or_style, east_asian: str, size: float | None = None) -> None:
    font = run_or_style.font
    font.name = LATIN_FONT
    if size:
        font.size = Pt(size)
    element = run_or_style.element
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.append(fonts)
    fonts.set(qn("w:eastAsia"), east_asian)


def new_document() -> Document:
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(3.0)
    section.left_margin = section.right_margin = Cm(2.6)
    normal = document.styles["Normal"]
    _set_fonts(normal, BODY_FONT, 14)
    # Simplified Chinese, so word processors pick the mainland glyph forms and punctuation.
    properties = normal.element.get_or_add_rPr()
    language = properties.makeelement(qn("w:lang"), {qn("w:eastAsia"): "zh-CN"})
    properties.append(language)
    return document


def add_title(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_fonts(paragraph.add_run(plain_text(text)), TITLE_FONT, 20)


def add_paragraph(
    document, text: str, *, indent: bool = True, align: str = "left", bold: bool = False
):
    paragraph = document.add_paragraph()
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(28)
    paragraph.alignment = {
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
    }[align]
    run = paragraph.add_run(plain_text(text))
    run.bold = bold
    _set_fonts(run, BODY_FONT)
    return paragraph


def add_table(
    document, header: list[str], rows: list[list[str]], widths_cm: list[float] | None = None
):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        _set_fonts(cell.paragraphs[0].add_run(plain_text(text)), TITLE_FONT, 12)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ""
            _set_fonts(cell.paragraphs[0].add_run(plain_text(text)), BODY_FONT, 12)
    if widths_cm:
        for row in table.rows:
            for cell, width in zip(row.cells, widths_cm, strict=True):
                cell.width = Cm(width)
    return table


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_response(content: bytes, filename: str):
    """A Word file to download under its Chinese name."""
    from urllib.parse import quote

    from django.http import HttpResponse

    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
