"""Where a sheet's records are and what its columns mean: the mapping of an office's own ledger.

A sheet in the liaison format (named 人员, 活动, ...) is read as the spec says: headers in row 1,
columns by their names. Any other sheet is laid out here:
- its header row is the row, among the first rows, whose cells most look like the headers of one
  record kind (title rows, blank rows and merged cells above it are skipped);
- the kind proposed is that record kind (the sheet's name and title break a tie);
- each column is mapped to a field by the handler's synonyms, or by the office's saved mapping for
  the same headers; a column that matches nothing is ignored or kept as 备注, as the user chooses;
- a required field the sheet has no column for may be given one value for all rows (身份 =
  政协委员 on a roster of members, as its title says), or be derived from each row's other cells
  where its Column says how (an activity without 编号 is numbered by its date and subject).

A layout is also the mapping's JSON form (`as_mapping`, read back by `layout_for_entry`): the web
page edits it, the command line takes it as `--mapping FILE.json`, and the office's saved mappings
keep it.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from openpyxl.utils import get_column_letter

from lianluo.core.text import normalize_text
from lianluo.workbook.framework import ImportContext, Row, SheetHandler

SCAN_ROWS = 30  # the header row is looked for among these
PREVIEW_ROWS = 8  # kept below the header; the preview shows the records among them
NOTE = "备注"
IGNORE = ""
# Rows below the records that say who filled the form in: not records.
# A row that heads a group of the records below it ("一、经济界", "（二）农业组"): not a record.
SECTION = re.compile(r"^[(（]?[一二三四五六七八九十]+[)）、.．]")
FOOTER = re.compile(
    r"^(填表人|填报人|制表人|制表|填表日期|填报日期|制表日期|审核人|审核|负责人|注)\s*[:：]"
)
# Headers that count rows and carry nothing.
COUNTERS = {"序号", "序", "编号序号", "No", "NO", "no"}
_NOISE = re.compile(r"[\s*※★:：]")
_BRACKETS = re.compile(r"[（(【\[].*?[）)】\]]")
_SPACES = re.compile(r"\s+")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def header_key(value: object) -> str:
    """A header as compared: full-width folded, spaces, stars and colons removed."""
    return _NOISE.sub("", normalize_text(value))


def _candidates(key: str) -> tuple[str, ...]:
    """The header itself, then without what its brackets say ("联系电话（手机）")."""
    bare = _BRACKETS.sub("", key)
    return (key, bare) if bare and bare != key else (key,)


def _lookup(handler: SheetHandler) -> dict[str, str]:
    """Header key -> field, for one handler's columns (built once per handler class)."""
    return _lookup_of(type(handler))


@functools.cache
def _lookup_of(handler_class) -> dict[str, str]:
    table: dict[str, str] = {}
    for column in handler_class.columns:
        for name in (*column.synonyms, column.header):  # a field's own name wins
            table[header_key(name)] = column.header
    return table


def _match(table: dict[str, str], key: str) -> str | None:
    for candidate in _candidates(key):
        if candidate in table:
            return table[candidate]
    return None


def signature(keys: Iterable[str]) -> str:
    """The same headers in the same order give the same signature (saved mappings' key)."""
    return hashlib.sha256("\u241f".join(keys).encode()).hexdigest()[:32]


@dataclass
class SheetLayout:
    source: str  # the sheet's name in the file
    kind: str | None  # the record kind (a liaison sheet's name), None: the sheet is not imported
    header_row: int  # as Excel counts, from 1
    headers: list[str]  # one label per column, from column A ("" for a column without a header)
    fields: list[str]  # per column: the field it holds, NOTE, or IGNORE
    fixed: dict[str, str] = field(default_factory=dict)  # field -> one value for every row
    liaison: bool = False  # the liaison format itself: nothing to confirm
    title: str = ""  # the text above the header row
    saved: bool = False  # taken from the office's saved mapping
    ambiguous: list[tuple[str, list[str]]] = field(default_factory=list)  # field, its columns
    preview: list[list] = field(default_factory=list)  # the first rows below the header

    @property
    def year(self) -> int | None:
        match = _YEAR.search(f"{self.title} {self.source}")
        return int(match.group(1)) if match else None

    @property
    def signature(self) -> str:
        return signature(header_key(label) for label in self.headers)

    def column_of(self, name: str) -> tuple[int | None, str]:
        """The column that holds a field: (index, its header); (None, field) when none does."""
        for index, target in enumerate(self.fields):
            if target == name:
                return index, self.headers[index] or get_column_letter(index + 1)
        return None, name

    def placed(self) -> Iterator[tuple[str, str]]:
        for label, target in zip(self.headers, self.fields, strict=True):
            if label:
                yield label, target

    def as_mapping(self) -> dict:
        return {
            "kind": self.kind,
            "header_row": self.header_row,
            "columns": dict(self.placed()),
            "fixed": dict(self.fixed),
        }


def _labels(values: list) -> list[str]:
    """Header labels; a repeated one is told apart by its column ("备注（F列）")."""
    labels, seen = [], set()
    for index, value in enumerate(values):
        label = _SPACES.sub(" ", normalize_text(value))
        if label in seen:
            label = f"{label}（{get_column_letter(index + 1)}列）"
        seen.add(label)
        labels.append(label)
    return labels


def _filled(values: list) -> list[str]:
    return [str(v).strip() for v in values if v is not None and str(v).strip()]


def handler_for(kind: str | None, handlers: list[SheetHandler]) -> SheetHandler | None:
    return next((h for h in handlers if h.sheet == kind), None)


def liaison_layout(source: str, top: list[list], handler: SheetHandler) -> SheetLayout:
    """A sheet of the liaison format: headers in row 1, known by their exact names."""
    headers = [
        str(value).strip().replace("\u3000", "") if value is not None else ""
        for value in (top[0] if top else [])
    ]
    known = {column.header for column in handler.columns if column.liaison}
    return SheetLayout(
        source=source,
        kind=handler.sheet,
        header_row=1,
        headers=headers,
        fields=[header if header in known else IGNORE for header in headers],
        liaison=True,
    )


def _matches(values: list, tables) -> int:
    keys = [header_key(v) for v in values]
    return max((len({_match(t, k) for k in keys if k} - {None}) for t in tables), default=0)


def _two_rows(top: list[list], index: int, tables) -> bool:
    """Is the row above `index` the upper row of a two-row header (联系方式 over 手机 and 固定电话,
    姓名 merged down over both rows)? It is when it looks like headers itself."""
    return (
        index > 0
        and _matches(top[index - 1], tables) >= 2
        and _matches(top[index], tables) >= 1  # the row below names headers of its own
    )


def _header_start(top: list[list], index: int, tables) -> int:
    return index - 1 if _two_rows(top, index, tables) else index


def _header_values(top: list[list], index: int, tables) -> list:
    """The header row's cells; under a two-row header, a cell left blank below takes the one
    above it (a header merged down over both rows)."""
    values = list(top[index])
    if not _two_rows(top, index, tables):
        return values
    above = top[index - 1]
    values += [""] * (len(above) - len(values))
    return [
        value if str(value).strip() else (above[i] if i < len(above) else "")
        for i, value in enumerate(values)
    ]


def _title(top: list[list], header_index: int) -> str:
    return " ".join(" ".join(_filled(values)) for values in top[:header_index])


def _propose_fixed(handler: SheetHandler, fields: list[str], text: str) -> dict[str, str]:
    """Values for required fields the sheet has no column for, where its name or title says them:
    a roster titled 政协委员名册 holds 政协委员."""
    fixed = {}
    for column in handler.columns:
        if column.header in fields:
            continue
        if column.derive is not None:
            fixed[column.header] = column.derive.label
            continue
        if not column.required or not column.choices:
            continue
        named = [choice for choice in column.choices if choice in text] or [
            choice for word, choice in column.named_by if word in text
        ]
        if len(named) == 1:
            fixed[column.header] = named[0]
    return fixed


def _fields_for(handler: SheetHandler, labels: list[str], unmapped: str) -> tuple[list, list]:
    table = _lookup(handler)
    own = {column.header for column in handler.columns}
    has_note = NOTE in own
    fields, first = [], {}
    ambiguous: dict[str, list[str]] = {}
    for index, label in enumerate(labels):
        key = header_key(label)
        target = _match(table, key) if key else None
        if target is None:
            fields.append(IGNORE if not key or key in COUNTERS or not has_note else unmapped)
            continue
        if target != NOTE and target in first:
            ambiguous.setdefault(target, [labels[first[target]]]).append(label)
            fields.append(IGNORE)
            continue
        first.setdefault(target, index)
        fields.append(target)
    return fields, list(ambiguous.items())


def propose_layout(
    source: str,
    top: list[list],
    handlers: list[SheetHandler],
    *,
    saved: dict[str, dict] | None = None,
) -> SheetLayout | None:
    """The layout of an office's sheet from its first rows, or None when nothing in it looks like
    the headers of a record kind."""
    best = None  # (score, hint, -order, row index, handler)
    candidates = [h for h in handlers if h.sheet != "组织"]
    tables = {h.sheet: _lookup(h) for h in candidates}
    for index in range(min(len(top), SCAN_ROWS)):
        keys = [header_key(v) for v in _header_values(top, index, tables.values())]
        if sum(1 for k in keys if k) < 2:
            continue
        context = f"{source} {_title(top, _header_start(top, index, tables.values()))}"
        for handler in candidates:
            table = tables[handler.sheet]
            score = len({_match(table, k) for k in keys if k} - {None})
            if score < 2:
                continue
            hint = any(word in context for word in handler.hints)
            # a tie between a two-row header's rows goes to the lower one, which has both
            rank = (score, _two_rows(top, index, tables.values()), hint, -handler.order)
            if best is None or rank > best[0]:
                best = (rank, index, handler)
    if best is None:
        return None
    _, index, handler = best
    labels = _labels(_header_values(top, index, tables.values()))
    layout = SheetLayout(
        source=source,
        kind=handler.sheet,
        header_row=index + 1,
        headers=labels,
        fields=[],
        title=_title(top, _header_start(top, index, tables.values())),
    )
    remembered = (saved or {}).get(layout.signature)
    if remembered:
        apply_mapping(layout, remembered, handlers)
        layout.saved = True
    else:
        layout.fields, layout.ambiguous = _fields_for(handler, labels, IGNORE)
        layout.fixed = _propose_fixed(handler, layout.fields, f"{source} {layout.title}")
    layout.preview = top[index + 1 : index + 1 + PREVIEW_ROWS]
    return layout


class MappingError(ValueError):
    """A mapping that cannot be used; the message names the sheet and the column."""


def apply_mapping(layout: SheetLayout, mapping: dict, handlers: list[SheetHandler]) -> None:
    """Set a layout's kind, fields and fixed values from a mapping's entry for its sheet."""
    kind = mapping.get("kind")
    if kind in (None, "", "忽略"):
        layout.kind, layout.fields, layout.fixed = None, [IGNORE] * len(layout.headers), {}
        return
    handler = handler_for(kind, handlers)
    if handler is None or kind == "组织":
        kinds = "、".join(h.sheet for h in handlers if h.sheet != "组织")
        raise MappingError(f"工作表“{layout.source}”：未知记录类型“{kind}”，可选：{kinds}")
    own = [column.header for column in handler.columns]
    columns = mapping.get("columns") or {}
    unknown = [label for label in columns if label not in layout.headers]
    if unknown:
        raise MappingError(
            f"工作表“{layout.source}”第{layout.header_row}行没有列“{'”“'.join(unknown)}”"
        )
    unmapped = _unmapped(mapping, handler)
    fields, seen = [], {}
    for label in layout.headers:
        target = columns.get(label, unmapped if label else IGNORE)
        target = "" if target in ("忽略", "ignore", None) else target
        if target == NOTE and NOTE not in own:
            target = IGNORE  # a kind without 备注 keeps nothing of the columns it does not read
        if target and target not in own:
            raise MappingError(
                f"工作表“{layout.source}”列“{label}”：“{target}”不是{kind}表的字段，"
                f"可选：{'、'.join(own)}"
            )
        if target and target != NOTE and target in seen:
            layout.ambiguous.append((target, [seen[target], label]))
        seen.setdefault(target, label)
        fields.append(target)
    layout.kind = kind
    layout.fields = fields
    fixed = {}
    for name, value in (mapping.get("fixed") or {}).items():
        column = next((c for c in handler.columns if c.header == name), None)
        if column is None:
            raise MappingError(f"工作表“{layout.source}”：固定值的字段“{name}”不是{kind}表的字段")
        value = normalize_text(value)
        derived = column.derive is not None and value == column.derive.label
        if value and column.choices and value not in column.choices and not derived:
            raise MappingError(
                f"工作表“{layout.source}”：“{name}”的固定值“{value}”不在可选值中：{'、'.join(column.choices)}"
            )
        if value and name not in fields:
            fixed[name] = value
    layout.fixed = fixed


def _unmapped(mapping: dict, handler: SheetHandler) -> str:
    """Where a mapping puts the columns it does not name: 备注 ("unmapped": "note"), where the
    kind has one, else nowhere."""
    asked = mapping.get("unmapped", IGNORE) in ("note", NOTE)
    return NOTE if asked and any(c.header == NOTE for c in handler.columns) else IGNORE


def layout_rows(
    ctx: ImportContext, layout: SheetLayout, handler: SheetHandler, rows: Iterator[list], merged
) -> Iterator[Row]:
    """The records of a sheet as rows of field -> value, numbered as Excel numbers them."""
    positions = [(i, target) for i, target in enumerate(layout.fields) if target and target != NOTE]
    notes = [(i, layout.headers[i]) for i, target in enumerate(layout.fields) if target == NOTE]
    derived = {
        column.header: column.derive.value
        for column in handler.columns
        if column.derive is not None and layout.fixed.get(column.header) == column.derive.label
    }
    fixed = {k: v for k, v in layout.fixed.items() if k not in derived}
    # A range merged down over rows below the header (a 界别 over its members): its value is
    # each of those rows' value.
    starts: dict[int, list[tuple[int, int]]] = {}
    for (top, left), (bottom, _right) in merged or ():
        if bottom > top and top >= layout.header_row:
            starts.setdefault(top, []).append((left, bottom))
    pending: dict[int, dict[int, object]] = {}
    footer_check = not layout.liaison
    for index, values in enumerate(rows):
        if index < layout.header_row:
            continue
        ctx.tick()
        if starts or pending:
            values = _fill_merged(values, index, starts, pending)
        kind, text = _label_row(values) if footer_check else (None, "")
        if kind == "section":
            ctx.warn(layout.kind, index + 1, "", f"“{text}”看作分组标题，不是一条记录，未导入")
            continue
        width = len(values)
        cells = {target: (values[i] if i < width else "") for i, target in positions}
        if notes:
            note = _note((label, values[i] if i < width else "") for i, label in notes)
            if note:
                cells[NOTE] = note
        if all(
            value in ("", None) or (isinstance(value, str) and not value.strip(" \u3000"))
            for value in cells.values()
        ):
            continue
        if kind == "footer":
            continue

        if fixed:
            cells.update(fixed)
        for name, derive in derived.items():
            cells[name] = derive(ctx, cells)
        yield Row(number=index + 1, values=cells)


def _note(cells) -> str:
    """What the columns kept as 备注 make of it: "民族：汉族；…", a 备注/说明 column as it is."""
    parts = []
    for label, value in cells:
        text = normalize_text(value)
        if text:
            parts.append(text if header_key(label) in ("备注", "说明", "") else f"{label}：{text}")
    return "；".join(parts)


def _fill_merged(values: list, index: int, starts: dict, pending: dict) -> list:
    for left, bottom in starts.get(index, ()):
        value = values[left] if left < len(values) else ""
        for below in range(index + 1, bottom + 1):
            pending.setdefault(below, {})[left] = value
    fills = pending.pop(index, None)
    if not fills:
        return values
    values = list(values)
    for column, value in fills.items():
        if column >= len(values):
            values.extend([""] * (column - len(values) + 1))
        if values[column] in ("", None):
            values[column] = value
    return values


def _label_row(values: list) -> tuple[str | None, str]:
    """("section", its text) for a row that only heads a group of records (一、经济界), ("footer",
    …) for who filled the form in (填表人：…), (None, "") for a record. Reads at most four cells:
    a record has more."""
    filled = list(islice((v for v in values if v not in ("", None)), 4))
    if not filled or len(filled) > 3 or not isinstance(filled[0], str):
        return None, ""
    text = filled[0].strip()
    if len(filled) == 1 and SECTION.match(text):
        return "section", text
    return ("footer", text) if FOOTER.match(text) else (None, "")


def ledger_year(mapping: dict | None, years) -> int | None:
    """The year of an office's ledger: the mapping's, else the first its sheets' titles name."""
    year = (mapping or {}).get("year") or next((year for year in years if year), None)
    return int(year) if year else None


def mapping_lines(shown: dict) -> list[str]:
    """A sheet's mapping (layout_as_dict) as the command line prints it: `sheet: 列名 → 字段`."""
    source = shown["source"]
    if shown["kind"] is None:
        return [f"{source}: （整张表不导入）"]
    lines = [f"{source}: 第{shown['header_row']}行为表头 → {shown['kind']}表"]
    for label, target in zip(shown["headers"], shown["fields"], strict=True):
        if label:
            lines.append(f"{source}: {label} → {target or '（忽略）'}")
    for name, value in shown["fixed"].items():
        lines.append(f"{source}: （每一行）→ {name} = {value}")
    return lines


def layout_for_entry(
    source: str, top: list[list], entry: dict, handlers: list[SheetHandler]
) -> SheetLayout:
    """A sheet laid out as a mapping's entry says (its header row, kind, columns, fixed values)."""
    try:
        header_row = int(entry.get("header_row") or 1)
    except (TypeError, ValueError) as exc:
        raise MappingError(f"工作表“{source}”：表头行应为数字") from exc
    if not 1 <= header_row <= max(len(top), 1):
        raise MappingError(f"工作表“{source}”：第{header_row}行不在表的前{len(top)}行中")
    tables = [_lookup(h) for h in handlers if h.sheet != "组织"]
    values = _header_values(top, header_row - 1, tables) if top else []
    layout = SheetLayout(
        source=source,
        kind=None,
        header_row=header_row,
        headers=_labels(values),
        fields=[],
        title=_title(top, _header_start(top, header_row - 1, tables)) if top else "",
    )
    kind = entry.get("kind")
    handler = handler_for(kind, handlers)
    if "columns" not in entry and handler is not None and kind != "组织":
        # A kind or header row chosen anew: its columns are proposed again by their synonyms.
        layout.kind = kind
        layout.fields, layout.ambiguous = _fields_for(
            handler, layout.headers, _unmapped(entry, handler)
        )
        layout.fixed = _propose_fixed(handler, layout.fields, f"{source} {layout.title}")
    else:
        apply_mapping(layout, entry, handlers)
    layout.preview = top[header_row : header_row + PREVIEW_ROWS]
    return layout


def mapped_preview(layout: SheetLayout, handlers: list[SheetHandler]) -> tuple[list, list]:
    """The first rows as they will be read: (the fields, one list of values per row)."""
    handler = handler_for(layout.kind, handlers)
    if handler is None:
        return [], []
    names = [
        c.header for c in handler.columns if c.header in layout.fields or c.header in layout.fixed
    ]
    rows = []
    for values in layout.preview:
        if not _filled(values) or _label_row(values)[0]:
            continue
        row = []
        for name in names:
            if name in layout.fixed:
                row.append(layout.fixed[name])
                continue
            cells = [
                (label, shown(values[i]) if i < len(values) else "")
                for i, (label, target) in enumerate(zip(layout.headers, layout.fields, strict=True))
                if target == name
            ]
            row.append(_note(cells) if name == NOTE else "；".join(v for _, v in cells if v))
        rows.append(row)
    return names, rows


def shown(value: object) -> str:
    """A cell as the preview shows it: dates as dates, whole numbers without `.0`."""
    if isinstance(value, dt.datetime):
        return (
            value.strftime("%Y-%m-%d %H:%M") if (value.hour, value.minute) else f"{value:%Y-%m-%d}"
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return "" if value is None else str(value).strip()


def layout_as_dict(layout: SheetLayout, *, top: list[list], confirmed: bool) -> dict:
    """What the mapping page shows and edits, JSON-safe."""
    width = len(layout.headers)
    return {
        "source": layout.source,
        "kind": layout.kind,
        "header_row": layout.header_row,
        "headers": layout.headers,
        "fields": layout.fields,
        "fixed": layout.fixed,
        "liaison": layout.liaison,
        "confirmed": confirmed or layout.liaison,
        "saved": layout.saved,
        "title": layout.title,
        "year": layout.year,
        "ambiguous": [[name, columns] for name, columns in layout.ambiguous],
        "preview": [[shown(v) for v in row[:width]] for row in layout.preview],
        "top": [[shown(v) for v in row] for row in top[:SCAN_ROWS]],
    }


def entry_of(shown: dict) -> dict:
    """A mapping entry from a layout as the report keeps it (layout_as_dict)."""
    return {
        "kind": shown["kind"],
        "header_row": shown["header_row"],
        "columns": {
            label: target
            for label, target in zip(shown["headers"], shown["fields"], strict=True)
            if label
        },
        "fixed": shown["fixed"],
    }


def missing_required(layout: SheetLayout, handlers: list[SheetHandler]) -> list:
    """The required columns of the layout's kind that no column holds: (column, its choices)."""
    handler = handler_for(layout.kind, handlers)
    if handler is None:
        return []
    return [
        (
            column,
            (column.derive.label,) if column.derive is not None else column.choices,
        )
        for column in handler.columns
        if column.required and column.header not in layout.fields
    ]
