"""The office's own workbook back, marked: every cell with an error filled red with a comment
naming the problem, and a first sheet listing every error.

An .xlsx is marked in place (its formats, merged cells and column widths kept); an .xls, .ods or
.csv file is written out as .xlsx with the same sheets, rows and columns, then marked.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from django.conf import settings
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from lianluo.core.uploads import check_ooxml_package, extension_of
from lianluo.documents.xlsx import append_row
from lianluo.workbook.importer import LIST_SHEET
from lianluo.workbook.sources import open_book

ERROR_FILL = PatternFill(fill_type="solid", start_color="FFFF7C80", end_color="FFFF7C80")
AUTHOR = "联络工作台账导入"


def _copy_as_xlsx(source: Path, filename: str) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    for sheet in open_book(
        source, filename=filename, max_unpacked=settings.LIANLUO_WORKBOOK_MAX_UNPACKED_BYTES
    ).sheets:
        target = book.create_sheet(sheet.name[:31] or "Sheet")
        for values in sheet.rows():
            append_row(target, list(values))
    return book


def marked_workbook(*, source: Path, filename: str, issues: list, target: Path) -> Path:
    """Write the marked workbook to `target` (.xlsx). `issues` are the import report's: [sheet,
    row, column (A = 0), message, the error's text], row and column None where none holds it.
    Raises UnsafePackage for a file that is not one to open."""
    if extension_of(filename) == ".xlsx":
        # The same package check as before the import: a refused upload may be a zip bomb, and
        # openpyxl would unpack it whole.
        check_ooxml_package(source, max_unpacked=settings.LIANLUO_WORKBOOK_MAX_UNPACKED_BYTES)
        book = load_workbook(source)
    else:
        book = _copy_as_xlsx(source, filename)
    by_cell: dict[tuple, list[str]] = defaultdict(list)
    for sheet, row, column, message, _text in issues:
        if row is not None and column is not None:
            by_cell[(sheet, row, column)].append(message)
    names = {name.strip(): name for name in book.sheetnames}
    for (sheet, row, column), messages in by_cell.items():
        if sheet not in names:
            continue
        cell = book[names[sheet]].cell(row=row, column=column + 1)
        cell.fill = ERROR_FILL
        comment = Comment("\n".join(messages), AUTHOR)
        comment.width, comment.height = 300, 40 + 20 * len(messages)
        cell.comment = comment
    if LIST_SHEET in book.sheetnames:  # a marked workbook corrected and uploaded again
        del book[LIST_SHEET]
    for sheet in book.worksheets:
        sheet.sheet_view.tabSelected = False
    listing = book.create_sheet(LIST_SHEET, 0)
    append_row(listing, ["序号", "位置", "问题"])
    for cell in listing[1]:
        cell.font = Font(bold=True)
    for number, (sheet, row, column, _message, text) in enumerate(issues, start=1):
        place = f"{get_column_letter(column + 1)}{row}" if None not in (row, column) else ""
        append_row(listing, [number, f"{sheet} {place}".strip(), text])
    listing.column_dimensions["A"].width = 6
    listing.column_dimensions["B"].width = 18
    listing.column_dimensions["C"].width = 90
    book.active = 0
    listing.sheet_view.tabSelected = True
    book.save(target)
    return target
