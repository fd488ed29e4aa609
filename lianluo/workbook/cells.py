"""Reading one cell of the liaison workbook: text, lists, whole numbers."""

import re

from lianluo.core.text import normalize_text

LIST_SEPARATORS = re.compile(r"[、，,;；]")


class CellError(ValueError):
    """A cell that cannot be read; the message is shown to the user as it is."""


def cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_text(value)


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


def cell_choice(value: object, choices: dict[str, str], *, what: str) -> str:
    """Map a Chinese label onto its stored value; an unknown label names the allowed ones."""
    text = cell_text(value)
    if not text:
        return ""
    if text not in choices:
        raise CellError(f"未知{what}“{text}”，可选：{'、'.join(choices)}")
    return choices[text]


def join_list(items) -> str:
    return "、".join(items)
