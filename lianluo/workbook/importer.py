"""The import runner: an office's file in, every error named, all or nothing.

Each sheet is laid out (layout.py): a sheet of the liaison format by its own headers, any other
sheet by the mapping given or proposed. Each handler then parses its rows (collecting every error),
plans (created / updated / unchanged) and, only when no row of any sheet has an error, applies in
one transaction. Errors name the office's own sheet, row and column.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import transaction

from lianluo.audit.services import audit_record
from lianluo.core.access import can_write_org
from lianluo.workbook.framework import (
    SPEC_SHEETS,
    ImportContext,
    ImportReport,
    Issue,
    SheetHandler,
    registered_handlers,
)
from lianluo.workbook.layout import (
    COUNTERS,
    IGNORE,
    PREVIEW_ROWS,
    SCAN_ROWS,
    MappingError,
    SheetLayout,
    header_key,
    layout_as_dict,
    layout_for_entry,
    layout_rows,
    ledger_year,
    liaison_layout,
    propose_layout,
)
from lianluo.workbook.mappings import mappings_remember, saved_mappings
from lianluo.workbook.sources import SourceBook, WorkbookUnreadable, open_book

ORGANISATION = "组织"
LIST_SHEET = "错误清单"  # the first sheet of a marked-up workbook (markup.py)


def workbook_import(
    *,
    path: Path,
    actor,
    dry_run: bool,
    progress: Callable[[int, int], None] | None = None,
    organisation=None,
    mapping: dict | None = None,
    filename: str | None = None,
) -> ImportReport:
    """Import a workbook, all or nothing; the report lists every error and warning.

    `organisation` is the office the records go to when the workbook has no 组织 sheet (an
    office's own ledger); `mapping` is how its sheets are read (layout.py), where not proposed;
    `filename` is the name the file was uploaded with, where `path` is a copy.
    """
    filename = filename or path.name
    ctx = ImportContext(actor=actor, progress=progress)
    try:
        book = open_book(
            path, filename=filename, max_unpacked=settings.LIANLUO_WORKBOOK_MAX_UNPACKED_BYTES
        )
    except WorkbookUnreadable as exc:
        ctx.error("文件", None, "", str(exc))
        return ImportReport(ctx.errors, ctx.warnings, ctx.counts, applied=False)
    handlers = registered_handlers()
    layouts, shown, problems = _lay_out(ctx, book, handlers, organisation, mapping)
    by_kind = {layout.kind: layout for layout in layouts}
    sheets = {sheet.name: sheet for sheet in book.sheets}
    ctx.rows_total = sum(
        max(sheets[layout.source].height - layout.header_row, 0) for layout in layouts
    )
    own = ORGANISATION not in by_kind and organisation is not None
    if own:
        _start_own(ctx, organisation, mapping, layouts, problems)
    for handler in handlers:
        layout = by_kind.get(handler.sheet)
        if layout is None:
            if handler.required_sheet and not own:
                ctx.error(handler.sheet, None, "", f"缺少工作表“{handler.sheet}”")
            continue
        sheet = sheets[layout.source]
        readable = _check_columns(ctx, handler, layout)
        handler.parse(
            ctx,
            layout_rows(ctx, layout, handler, sheet.rows(), sheet.merged) if readable else iter(()),
        )
    # The parsed records are all that is needed from here: the file's cells (the calamine sheets,
    # ~90 MB for 100,000 rows) are let go before the plan and the writes build their own.
    book = sheets = sheet = None
    # Every sheet is planned even when some rows already have errors: the plan is where rows are
    # checked against other sheets and the stored records, and the office fixes every error of
    # the workbook in one go. Rows with errors of their own are left out of the plan, but what
    # they name (an activity's 编号, a person's 姓名) still counts as named by the workbook.
    for handler in handlers:
        if ctx.state.get("forbidden"):
            break  # nothing of an organisation the actor may not write is looked at
        if handler.sheet in by_kind or handler.wanted(ctx):
            ctx.counts[handler.sheet] = handler.plan(ctx)
    errors = problems + _translated(ctx.errors, by_kind)
    warnings = _translated(ctx.warnings, by_kind)
    applied = False
    if not errors and not dry_run and layouts:
        with transaction.atomic():
            for handler in handlers:
                if handler.sheet in ctx.counts:
                    handler.apply(ctx)
            org = ctx.state["organisation"]
            mappings_remember(organisation=org, layouts=layouts, actor=actor)
            audit_record(
                actor=actor,
                action="workbook.imported",
                organisation=org,
                target=org,
                after={"file": filename, **{sheet: vars(c) for sheet, c in ctx.counts.items()}},
            )
        applied = True
    elif not errors and not layouts:
        errors.append(Issue("文件", None, "", "工作簿中没有可以导入的工作表"))
    if progress:
        progress(ctx.rows_total, ctx.rows_total)
    return ImportReport(
        errors,
        warnings,
        {} if errors else ctx.counts,  # counts of a refused workbook would mislead
        applied=applied,
        organisation=ctx.state.get("organisation"),
        layouts=shown,
    )


def _lay_out(ctx, book: SourceBook, handlers: list[SheetHandler], organisation, mapping):
    """Each sheet's layout; the sheets' dicts for the mapping page; problems of the mapping."""
    entries = (mapping or {}).get("sheets") or {}
    handled = {handler.sheet: handler for handler in handlers}
    # A workbook with a 组织 sheet is a liaison workbook: its other sheets are not an office's own.
    own = organisation is not None and ORGANISATION not in {sheet.name for sheet in book.sheets}
    saved = saved_mappings(organisation) if own else {}
    layouts: list[SheetLayout] = []
    shown: list[dict] = []
    problems: list[Issue] = []
    for sheet in book.sheets:
        top = _top_rows(sheet)
        entry = entries.get(sheet.name)
        layout = None
        if sheet.name == LIST_SHEET:
            ctx.warn(sheet.name, None, "", "这是标注错误时加上的清单，导入时忽略")
            continue
        if entry is not None:
            try:
                layout = layout_for_entry(sheet.name, top, entry, handlers)
            except MappingError as exc:
                problems.append(Issue(sheet.name, None, "", str(exc)))
                continue
        elif sheet.name in SPEC_SHEETS:
            if sheet.name not in handled:
                ctx.warn(
                    sheet.name, None, "", "该工作表暂不支持导入（not yet supported），本次未导入"
                )
                continue
            layout = liaison_layout(sheet.name, top, handled[sheet.name])
        elif own:
            layout = propose_layout(sheet.name, top, handlers, saved=saved)
            if layout is None:
                if any(any(str(v).strip() for v in row) for row in top):
                    ctx.warn(sheet.name, None, "", "没有找到可识别的表头，整张表已忽略")
                continue
        else:
            ctx.warn(sheet.name, None, "", "不是联络工作台账的工作表，已忽略")
            continue
        shown.append(layout_as_dict(layout, top=top, confirmed=entry is not None))
        if layout.kind is None:
            continue
        twin = next((other for other in layouts if other.kind == layout.kind), None)
        if twin is not None:
            problems.append(
                Issue(
                    sheet.name,
                    None,
                    "",
                    f"与工作表“{twin.source}”都是{layout.kind}表，一次只能导入一张：请合并，"
                    "或把其中一张设为不导入",
                )
            )
            continue
        layouts.append(layout)
    return layouts, shown, problems


def _top_rows(sheet) -> list[list]:
    top = []
    for values in sheet.rows():
        top.append(values)
        if len(top) >= SCAN_ROWS + PREVIEW_ROWS:
            break
    return top


def _start_own(ctx, organisation, mapping, layouts, problems) -> None:
    """An office's own ledger: the records are the given organisation's, the year the mapping's
    or the one its titles name."""
    ctx.state["year"] = ledger_year(mapping, (layout.year for layout in layouts))
    ctx.state["organisation"] = organisation
    if ctx.actor is not None and not can_write_org(ctx.actor, organisation):
        problems.append(Issue("文件", None, "", f"您没有向“{organisation.name}”导入的权限"))
        ctx.state["forbidden"] = True
        ctx.state["organisation"] = None


def _check_columns(ctx, handler: SheetHandler, layout: SheetLayout) -> bool:
    """Name a required field without a column, two columns for one field, columns left out;
    False when the sheet cannot be read."""
    row = layout.header_row
    ok = True
    given = set(layout.fields) | set(layout.fixed)
    for column in handler.columns:
        if column.required and column.header not in given:
            ctx.error(
                handler.sheet,
                row,
                column.header,
                "缺少必填列"
                if layout.liaison
                else "缺少必填列：请把表中的一列对应到该字段，或为整张表指定一个值",
            )
            ok = False
    for name, columns in layout.ambiguous:
        ctx.error(
            handler.sheet,
            row,
            name,
            f"列“{'”“'.join(columns)}”都可对应到“{name}”，请指定用哪一列",
        )
        ok = False
    for index, (label, target) in enumerate(zip(layout.headers, layout.fields, strict=True)):
        if not label or target != IGNORE:
            continue
        if layout.liaison:
            ctx.warn(layout.source, 1, label, "未知列，已忽略", index)
        elif header_key(label) not in COUNTERS:
            ctx.warn(layout.source, row, label, "没有对应的字段，已忽略", index)
    return ok


def _translated(issues: list[Issue], by_kind: dict[str, SheetLayout]) -> list[Issue]:
    """Issues as the office sees its file: its sheet's name, its column's header and position."""
    out = []
    for issue in issues:
        layout = by_kind.get(issue.sheet)
        if layout is None or issue.column_index is not None:  # not a handler's, or placed already
            out.append(issue)
            continue
        index, label = None, issue.column
        if issue.column:
            index, label = layout.column_of(issue.column)
            if index is None and issue.column in layout.fixed:
                label = f"{issue.column}（整表指定值）"
        out.append(Issue(layout.source, issue.row, label, issue.message, index))
    return out
