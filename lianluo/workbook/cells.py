"""Reading one cell of the liaison workbook: text, lists, whole and decimal numbers, dates."""

import re
from decimal import Decimal, InvalidOperation

from lianluo.core.dates import DateParseError, PartialDate, parse_partial_date
from lianluo.core.text import normalize_text

LIST_SEPARATORS = re.compile(r"[、，,;；]")


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the user as it is."""


def cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(value)


_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


def cell_name(value: object) -> str:
    """A person's name: "林  晓", padded to line up with three-character names, is 林晓."""
    text = cell_text(value)
    return _CJK_GAP.sub("", text) if " " in text else text


def cell_names(value: object) -> list[str]:
    """Names in one cell (a list, as `cell_list` reads it), each as `cell_name` reads it."""
    return [cell_name(item) for item in cell_list(value)]


def cell_list(value: object) -> list[str]:
    """A list in one cell, separated by 、 ， , or ; (blank items dropped, order kept)."""
    items = [item.strip() for item in LIST_SEPARATORS.split(cell_text(value))]
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return list(seen)


def cell_int(value: object, *, minimum: int = 0) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError("应为整数")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"应为整数，现为{value}")
        number = int(value)
    else:
        text = cell_text(value)
        if not text:
            return None
        if not re.fullmatch(r"-?\d+", text):
            raise CellError(f"应为整数，现为“{text}”")
        number = int(text)
    if number < minimum:
        raise CellError(f"不能小于{minimum}")
    return number


def cell_choice(
    value: object, choices: dict[str, str], *, what: str, aliases: dict[str, str] | None = None
) -> str:
    """Map a Chinese label (or another way of writing it, `aliases`) onto its stored value; an
    unknown label names the allowed ones."""
    text = cell_text(value)
    if not text:
        return ""
    if aliases and text.upper() in aliases:
        return aliases[text.upper()]
    if text not in choices:
        raise CellError(f"未知{what}“{text}”，可选：{'、'.join(choices)}")
    return choices[text]


def join_list(items) -> str:
    return "、".join(items)


def cell_decimal(value: object) -> Decimal | None:
    """A quantity: 500000, 1.5, "3,000" (thousands separators allowed); never negative."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellError("应为数字")
    text = cell_text(value).replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise CellError(f"应为数字，现为“{text}”") from exc
    if not number.is_finite() or number < 0:
        raise CellError(f"应为不小于0的数字，现为“{text}”")
    return Decimal(int(number)) if number == number.to_integral() else number


def row_date(ctx, sheet: str, row, column: str) -> PartialDate | None:
    """A date cell (day or month precision), the year from 组织.年度 when it has none; a cell
    that is not a date is reported at its row and column."""
    try:
        return parse_partial_date(row.get(column), default_year=ctx.state.get("year"))
    except DateParseError as exc:
        ctx.error(sheet, row.number, column, str(exc))
        return None


_DATETIME_TEXT = re.compile(
    r"^(?:(\d{4})[-/.年])?(\d{1,2})[-/.月](\d{1,2})日?\s*(\d{1,2})[:：时](\d{2})分?(?::\d{2})?$"
)


def cell_datetime(value: object, *, default_year: int | None = None):
    """A date and time: an Excel date-time, `2024-10-12 09:40`, `10月12日 9:40` (the year from
    组织.年度); an aware datetime in the server's time zone, or None for a blank cell."""
    import datetime as dt

    from django.utils import timezone

    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        moment = value
    else:
        text = cell_text(value)
        if not text:
            return None
        match = _DATETIME_TEXT.match(text)
        if not match:
            raise CellError(f"应为日期和时间，如 2024-10-12 09:40，现为“{text}”")
        year, month, day, hour, minute = match.groups()
        year = int(year) if year else default_year
        if year is None:
            raise CellError(f"“{text}”没有年份，请写成 2024-10-12 09:40")
        try:
            moment = dt.datetime(
                year,
                int(month),
                int(day),
                int(hour),
                int(minute),
                tzinfo=timezone.get_current_timezone(),
            )
        except ValueError as exc:
            raise CellError(f"“{text}”不是有效的日期和时间") from exc
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
