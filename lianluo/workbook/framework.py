"""The liaison workbook (../shared/spec/workbook.md): one small interface per sheet, and export.

A sheet's handler lives in the app that owns its records (`<app>/workbook.py`) and registers itself
with `register_sheet`. The import runner (importer.py) reads every sheet, lets each handler parse
its rows (collecting every error), then plan (created / updated / unchanged), and only when no row
has an error applies all handlers in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

from django.utils import timezone

from lianluo.audit.services import audit_record
from lianluo.documents.xlsx import append_row

SPEC_SHEETS = ("组织", "人员", "活动", "出勤", "提案建议", "整改", "走访", "事迹", "接待")
PROGRESS_EVERY = 2000


class Derivation(NamedTuple):
    """How a field is made from a row's other cells when an office's sheet has no column for it
    (活动.编号 from the date and the subject); `label` says so to the user."""

    label: str
    value: Callable[[ImportContext, dict], str]


@dataclass(frozen=True)
class Column:
    """A column of the liaison format. For an office's own ledgers (lianluo/workbook/layout.py):
    `synonyms` are the headers offices give it; `choices` the values a whole sheet may be given at
    once when it has no such column (人员.身份 on a roster of members), and `named_by` the words of
    a sheet's name or title that name one of them (委员 → 政协委员); `derive` makes its value from
    the row when no column holds it."""

    header: str
    required: bool = False
    synonyms: tuple[str, ...] = ()
    choices: tuple[str, ...] = ()
    liaison: bool = True  # False: a column only offices' own ledgers have (not in the spec)
    named_by: tuple[tuple[str, str], ...] = ()  # (word in the title, the choice it names)
    derive: Derivation | None = None


@dataclass(frozen=True)
class Issue:
    sheet: str
    row: int | None
    column: str
    message: str
    column_index: int | None = field(default=None, compare=False)  # from column A = 0

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

    def warn(
        self, sheet: str, row: int | None, column: str, message: str, column_index=None
    ) -> None:
        """A warning; with `column_index` it names the file's own sheet and column already."""
        self.warnings.append(Issue(sheet, row, column, message, column_index))

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
    hints: ClassVar[tuple[str, ...]] = ()  # words of a sheet's name or title that suggest it

    def parse(self, ctx: ImportContext, rows: Iterable[Row]) -> None:
        raise NotImplementedError

    def wanted(self, ctx: ImportContext) -> bool:
        """Plan and apply even without a sheet of its own: another sheet gave it rows."""
        return False

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
    layouts: list[dict] = field(default_factory=list)  # how each sheet was read (layout.py)

    @property
    def needs_mapping(self) -> bool:
        """Some sheet is an office's own and its mapping has not been confirmed."""
        return any(not layout["liaison"] and not layout["confirmed"] for layout in self.layouts)

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
            # Every error placed in the office's own workbook, to mark it: sheet, row (None for
            # the sheet), column (A = 0; None when no column holds it), message, the error's text.
            "issues": [
                [issue.sheet, issue.row, issue.column_index, issue.message, str(issue)]
                for issue in self.errors
            ],
            "layouts": self.layouts,
        }


def workbook_export(
    *, organisation, year: int | None, actor, path: Path, full_personal_data: bool = True
) -> Path:
    """Write the organisation's records in the workbook format (openpyxl, write-only, streaming)."""
    from openpyxl import Workbook

    ctx = ExportContext(
        organisation=organisation,
        year=year or dt.date.today().year,  # noqa: DTZ011 (a calendar year, not an instant)
        actor=actor,
        full_personal_data=full_personal_data,
    )
    book = Workbook(write_only=True)
    for handler in registered_handlers():
        sheet = book.create_sheet(handler.sheet)
        append_row(sheet, [column.header for column in handler.columns if column.liaison])
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
