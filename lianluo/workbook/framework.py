"""The liaison workbook (../shared/spec/workbook.md): one runner, one small interface per sheet.

A sheet's handler lives in the app that owns its records (`<app>/workbook.py`) and registers itself
with `register_sheet`. The runner reads every sheet, lets each handler parse its rows (collecting
every error), then plan (created / updated / unchanged), and only when no row has an error applies
all handlers in one transaction. Sheets of the spec without a handler yet are warned about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from django.db import transaction
from django.utils import timezone

from lianluo.audit.services import audit_record

SPEC_SHEETS = ("组织", "人员", "活动", "出勤", "提案建议", "整改", "走访", "事迹", "接待")
PROGRESS_EVERY = 2000


@dataclass(frozen=True)
class Column:
    header: str
    required: bool = False


@dataclass(frozen=True)
class Issue:
    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.sheet} 行{self.row}" if self.row is not None else self.sheet
        column = f" {self.column}" if self.column else ""
        return f"{where}{column}: {self.message}"


@dataclass
class SheetCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def plan(self, changes: list, current, row, *, same: bool) -> None:
        """Count one row against its stored record (None: a new one), and keep it in `changes`
        as (current, row) unless it would change nothing."""
        if current is None:
            self.created += 1
            changes.append((None, row))
        elif not same:
            self.updated += 1
            changes.append((current, row))
        else:
            self.unchanged += 1


@dataclass
class Row:
    number: int  # the row number as Excel shows it
    values: dict[str, Any]

    def get(self, header: str) -> Any:
        return self.values.get(header)


@dataclass
class ImportContext:
    actor: Any
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    counts: dict[str, SheetCounts] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)  # shared facts: the org, the year, ...
    progress: Callable[[int, int], None] | None = None
    today: dt.date = field(default_factory=timezone.localdate)
    rows_total: int = 0
    rows_done: int = 0

    def error(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.errors.append(Issue(sheet, row, column, message))

    def warn(self, sheet: str, row: int | None, column: str, message: str) -> None:
        self.warnings.append(Issue(sheet, row, column, message))

    def tick(self) -> None:
        self.rows_done += 1
        if self.progress and self.rows_done % PROGRESS_EVERY == 0:
            self.progress(self.rows_done, self.rows_total)


@dataclass
class ExportContext:
    organisation: Any
    year: int
    actor: Any
    full_personal_data: bool = True


class SheetHandler:
    """One sheet of the workbook. Subclasses set `sheet`, `columns`, `order` and the four steps."""

    sheet: ClassVar[str]
    columns: ClassVar[tuple[Column, ...]]
    order: ClassVar[int]
    required_sheet: ClassVar[bool] = False

    def parse(self, ctx: ImportContext, rows: Iterable[Row]) -> None:
        raise NotImplementedError

    def plan(self, ctx: ImportContext) -> SheetCounts:
        raise NotImplementedError

    def apply(self, ctx: ImportContext) -> None:
        raise NotImplementedError

    def export_rows(self, ctx: ExportContext) -> Iterator[list[Any]]:
        raise NotImplementedError


_REGISTRY: dict[str, type[SheetHandler]] = {}


def register_sheet(handler: type[SheetHandler]) -> type[SheetHandler]:
    if handler.sheet not in SPEC_SHEETS:
        raise ValueError(f"{handler.sheet} is not a sheet of the workbook spec")
    _REGISTRY[handler.sheet] = handler
    return handler


def registered_handlers() -> list[SheetHandler]:
    return [cls() for cls in sorted(_REGISTRY.values(), key=lambda cls: cls.order)]


@dataclass
class ImportReport:
    errors: list[Issue]
    warnings: list[Issue]
    counts: dict[str, SheetCounts]
    applied: bool
    organisation: Any = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "applied": self.applied,
            "organisation": str(self.organisation) if self.organisation else None,
            "errors": [str(issue) for issue in self.errors],
            "warnings": [str(issue) for issue in self.warnings],
            "counts": {sheet: vars(counts) for sheet, counts in self.counts.items()},
        }


class WorkbookUnreadable(Exception):
    pass


def _open_book(path: Path):
    from django.conf import settings
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError, XmlError, ZipError

    from lianluo.core.uploads import UnsafePackage, check_ooxml_package

    try:
        check_ooxml_package(path, max_unpacked=settings.LIANLUO_WORKBOOK_MAX_UNPACKED_BYTES)
    except UnsafePackage as exc:
        raise WorkbookUnreadable(f"无法读取文件：{exc}") from exc
    try:
        return CalamineWorkbook.from_path(str(path))
    except (CalamineError, PasswordError, XmlError, ZipError, OSError, ValueError) as exc:
        raise WorkbookUnreadable(f"无法读取文件：不是有效的 .xlsx 工作簿（{exc}）") from exc


def _iter_rows(ctx: ImportContext, handler: SheetHandler, sheet) -> Iterator[Row]:
    """Rows of one sheet as header -> value, after checking the header row."""
    rows = sheet.iter_rows()
    header_row = next(rows, None)
    if header_row is None:
        return
    headers = [
        str(value).strip().replace("\u3000", "") if value is not None else ""
        for value in header_row
    ]
    known = {column.header for column in handler.columns}
    present = set(headers)
    for column in handler.columns:
        if column.required and column.header not in present:
            ctx.error(handler.sheet, 1, column.header, "缺少必填列")
    for header in headers:
        if header and header not in known:
            ctx.warn(handler.sheet, 1, header, "未知列，已忽略")
    positions = [(index, header) for index, header in enumerate(headers) if header in known]
    if any(column.required and column.header not in present for column in handler.columns):
        return
    for number, values in enumerate(rows, start=2):
        ctx.tick()
        cells = {
            header: (values[index] if index < len(values) else "") for index, header in positions
        }
        if all(
            value in ("", None) or (isinstance(value, str) and not value.strip(" \u3000"))
            for value in cells.values()
        ):
            continue
        yield Row(number=number, values=cells)


def workbook_import(
    *,
    path: Path,
    actor,
    dry_run: bool,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import a liaison workbook, all or nothing; the report lists every error and warning."""
    ctx = ImportContext(actor=actor, progress=progress)
    try:
        book = _open_book(path)
    except WorkbookUnreadable as exc:
        ctx.error("文件", None, "", str(exc))
        return ImportReport(ctx.errors, ctx.warnings, ctx.counts, applied=False)
    names = [name.strip() for name in book.sheet_names]
    handlers = registered_handlers()
    handled = {handler.sheet for handler in handlers}
    for name in names:
        if name in SPEC_SHEETS and name not in handled:
            ctx.warn(name, None, "", "该工作表暂不支持导入（not yet supported），本次未导入")
        elif name not in SPEC_SHEETS:
            ctx.warn(name, None, "", "不是联络工作台账的工作表，已忽略")
    sheets = {
        name.strip(): book.get_sheet_by_name(name)
        for name in book.sheet_names
        if name.strip() in handled
    }
    ctx.rows_total = sum(max(sheet.height - 1, 0) for sheet in sheets.values())
    for handler in handlers:
        sheet = sheets.get(handler.sheet)
        if sheet is None:
            if handler.required_sheet:
                ctx.error(handler.sheet, None, "", f"缺少工作表“{handler.sheet}”")
            continue
        handler.parse(ctx, _iter_rows(ctx, handler, sheet))
    # Every sheet is planned even when some rows already have errors: the plan is where rows are
    # checked against other sheets and the stored records, and the office fixes every error of
    # the workbook in one go. Rows with errors of their own are left out of the plan, but what
    # they name (an activity's 编号, a person's 姓名) still counts as named by the workbook.
    for handler in handlers:
        if handler.sheet in sheets:
            ctx.counts[handler.sheet] = handler.plan(ctx)
        if ctx.state.get("forbidden"):
            break  # nothing of an organisation the actor may not write is looked at
    applied = False
    if not ctx.errors and not dry_run:
        with transaction.atomic():
            for handler in handlers:
                if handler.sheet in sheets:
                    handler.apply(ctx)
            audit_record(
                actor=actor,
                action="workbook.imported",
                organisation=ctx.state["organisation"],
                target=ctx.state["organisation"],
                after={"file": path.name, **{sheet: vars(c) for sheet, c in ctx.counts.items()}},
            )
        applied = True
    if progress:
        progress(ctx.rows_total, ctx.rows_total)
    return ImportReport(
        ctx.errors,
        ctx.warnings,
        {} if ctx.errors else ctx.counts,  # counts of a refused workbook would mislead
        applied=applied,
        organisation=ctx.state.get("organisation"),
    )


def workbook_export(
    *, organisation, year: int | None, actor, path: Path, full_personal_data: bool = True
) -> Path:
    """Write the organisation's records in the workbook format (openpyxl, write-only, streaming)."""
    from openpyxl import Workbook

    from lianluo.documents.xlsx import append_row

    ctx = ExportContext(
        organisation=organisation,
        year=year or dt.date.today().year,  # noqa: DTZ011 (a calendar year, not an instant)
        actor=actor,
        full_personal_data=full_personal_data,
    )
    book = Workbook(write_only=True)
    for handler in registered_handlers():
        sheet = book.create_sheet(handler.sheet)
        append_row(sheet, [column.header for column in handler.columns])
        for row in handler.export_rows(ctx):
            append_row(sheet, row)
    book.save(path)
    audit_record(
        actor=actor,
        action="workbook.exported",
        organisation=organisation,
        target=organisation,
        after={"year": ctx.year, "full_personal_data": full_personal_data},
    )
    return path
