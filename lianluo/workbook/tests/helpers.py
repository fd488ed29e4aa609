from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT.parent / "shared" / "examples"


def write_workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def read_workbook(path: Path) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(path, read_only=True)
    sheets = {}
    for sheet in book:
        rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
        width = max((len(row) for row in rows), default=0)
        sheets[sheet.title] = [row + (None,) * (width - len(row)) for row in rows]
    return sheets


def sheet_as_dicts(path: Path, name: str) -> list[dict]:
    rows = read_workbook(path)[name]
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]
