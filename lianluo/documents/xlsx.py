"""Excel files the system writes: every row goes through `append_row`, the one guard of what a
cell may hold.

- Text that Excel or a spreadsheet would take as a formula (CWE-1236: it begins with =, +, -, @,
  a tab or a carriage return) is written as a text cell with Excel's quote prefix, so it is shown
  and edited as the text it is, and read back by an import unchanged.
- Control characters that XML cannot carry are dropped instead of failing the whole export.

Tables to count with (`table_xlsx`) add a title row, a bold header, frozen panes and widths, and
are written as they are read (write-only mode).
"""

import io
from itertools import chain
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def excel_value(worksheet, value):
    """The value as it may go into a cell of `worksheet`: text that could run as a formula becomes
    a quote-prefixed text cell; other values are kept (illegal control characters dropped)."""
    if not isinstance(value, str):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not is_formula_like(text):
        return text
    cell = WriteOnlyCell(worksheet)
    cell.value = text  # openpyxl marks text beginning with "=" as a formula ...
    cell.data_type = "s"  # ... so the type is set back to a plain string
    cell.quotePrefix = True
    return cell


def append_row(worksheet, values) -> None:
    """Append one row to a worksheet (normal or write-only) through the guard above."""
    worksheet.append([excel_value(worksheet, value) for value in values])


WIDTH_SAMPLE = 200  # rows whose lengths set the columns' widths


def _styled(worksheet, value, **style) -> Cell:
    cell = excel_value(worksheet, value)
    if not isinstance(cell, Cell):  # WriteOnlyCell makes a Cell
        cell = WriteOnlyCell(worksheet, value=cell)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def table_xlsx(*, title: str, sheet: str, header: list[str], rows) -> bytes:
    """A table to count with: a title row, a bold header, frozen panes, widths from the first rows.

    Written in openpyxl's write-only mode, row by row as `rows` yields them, so a province's
    100,000-row roster takes the memory of one row, not of the whole sheet."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])
    rows = iter(rows)
    first = [list(row) for _, row in zip(range(WIDTH_SAMPLE), rows, strict=False)]
    widths = [len(str(h)) * 2 + 2 for h in header]
    for row in first:
        for i, value in enumerate(row):
            if value is not None and i < len(widths):
                widths[i] = min(max(widths[i], len(str(value)) * 2 + 2), 50)
    for i, width in enumerate(widths, 1):
        worksheet.column_dimensions[get_column_letter(i)].width = width
    worksheet.freeze_panes = "B3"
    worksheet.append([_styled(worksheet, title, font=Font(bold=True, size=14))])
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    worksheet.append(
        [_styled(worksheet, h, font=Font(bold=True), alignment=centred) for h in header]
    )
    for row in chain(first, rows):
        append_row(worksheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
