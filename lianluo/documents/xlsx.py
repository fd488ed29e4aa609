"""Excel tables to count with: a title row, a bold header, frozen panes, sensible widths."""

import io
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_xlsx(*, title: str, sheet: str, header: list[str], rows) -> bytes:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet[:31]
    worksheet.append([title])
    worksheet["A1"].font = Font(bold=True, size=14)
    worksheet.append(header)
    for cell in worksheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [len(str(h)) * 2 + 2 for h in header]
    for row in rows:
        worksheet.append(list(row))
        for i, value in enumerate(row):
            if value is not None:
                widths[i] = min(max(widths[i], len(str(value)) * 2 + 2), 50)
    for i, width in enumerate(widths, 1):
        worksheet.column_dimensions[get_column_letter(i)].width = width
    worksheet.freeze_panes = "B3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
