"""An office's file as sheets of cell values: .xlsx, .xls (and WPS .et), .ods and .csv.

Rows and columns are the sheet's own, counted from A1 (0-based here; Excel's row number is the
index + 1), so that an error can name the cell the office sees and the marked-up workbook can
colour it. Spreadsheets are read with calamine; a CSV file is UTF-8 (with or without BOM) or GBK.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lianluo.core.uploads import (
    OLE_SIGNATURE,
    ZIP_SIGNATURE,
    UnsafePackage,
    check_ooxml_package,
    extension_of,
)

# Extension -> the first bytes such a file begins with (None: plain text).
ACCEPTED = {
    ".xlsx": ZIP_SIGNATURE,
    ".xls": OLE_SIGNATURE,
    ".et": OLE_SIGNATURE,  # WPS 表格: the Excel 97-2003 container
    ".ods": ZIP_SIGNATURE,
    ".csv": None,
}
ZIPPED = (".xlsx", ".ods")
Range = tuple[tuple[int, int], tuple[int, int]]


class WorkbookUnreadable(Exception):
    pass


@dataclass
class SourceSheet:
    name: str
    height: int  # rows, counted from row 1
    merged: list[Range] = field(default_factory=list)  # ((row, col), (row, col)), inclusive
    _sheet: object = None  # a calamine sheet, or the rows of a CSV file
    _column_offset: int = 0

    def rows(self) -> Iterator[list]:
        """Every row from row 1, its cells from column A."""
        if isinstance(self._sheet, list):
            yield from self._sheet
            return
        pad = [""] * self._column_offset
        for values in self._sheet.iter_rows():
            yield pad + values if pad else values


@dataclass
class SourceBook:
    sheets: list[SourceSheet]


def decode_text(data: bytes) -> str:
    """A CSV file's text: UTF-8 (a BOM allowed), else GBK (read as GB18030, its superset)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise WorkbookUnreadable("无法读取文件：CSV 文件的编码无法识别，请另存为 UTF-8 或 GBK 编码")


def _csv_book(path: Path, name: str) -> SourceBook:
    text = decode_text(path.read_bytes())
    if "\x00" in text:
        raise WorkbookUnreadable("无法读取文件：不是文本格式的 CSV 文件")
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return SourceBook([SourceSheet(name=name, height=len(rows), _sheet=rows)])


def open_book(path: Path, *, filename: str | None = None, max_unpacked: int) -> SourceBook:
    """Open an office file (`filename`: the name it was uploaded with, where `path` is a copy);
    WorkbookUnreadable names in Chinese what is wrong with it."""
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, XmlError, ZipError

    filename = filename or path.name
    extension = extension_of(filename)
    if extension not in ACCEPTED:
        raise WorkbookUnreadable(
            f"无法读取文件：不支持 {extension or '无扩展名'} 文件，可导入 {'、'.join(ACCEPTED)}"
        )
    if extension == ".csv":
        return _csv_book(path, filename.rsplit(".", 1)[0])  # its one sheet is named after it
    if extension in ZIPPED:
        try:
            check_ooxml_package(path, max_unpacked=max_unpacked)
        except UnsafePackage as exc:
            raise WorkbookUnreadable(f"无法读取文件：{exc}") from exc
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
        if not any(head.startswith(signature) for signature in ACCEPTED[extension]):
            raise WorkbookUnreadable(
                f"无法读取文件：内容与扩展名 {extension} 不符（可能是改了扩展名的其他文件）"
            )
        if extension == ".et":  # calamine knows the container by its Excel name
            book = CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
        else:
            book = CalamineWorkbook.from_path(str(path))
        sheets = []
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            start = sheet.start or (0, 0)
            sheets.append(
                SourceSheet(
                    name=name.strip(),
                    height=sheet.end[0] + 1 if sheet.end else 0,
                    merged=list(sheet.merged_cell_ranges or ()),
                    _sheet=sheet,
                    _column_offset=start[1],
                )
            )
    except (CalamineError, PasswordError, XmlError, ZipError, OSError, ValueError) as exc:
        raise WorkbookUnreadable(f"无法读取文件：不是有效的 {extension} 工作簿（{exc}）") from exc
    return SourceBook(sheets)
