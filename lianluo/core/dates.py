"""Dates as liaison records keep them: a day, or only a month ("7月份")."""

import datetime as dt
import re
from dataclasses import dataclass

from lianluo.core.text import normalize_text


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int
    day: int | None = None

    @property
    def is_month_only(self) -> bool:
        return self.day is None

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)

    def iso(self) -> str:
        """`2024-07-05` for a day, `2024-07` for a month: the workbook's export form."""
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def chinese(self, *, with_year: bool = False) -> str:
        """As a summary writes it: `7月5日`, or `7月` when only the month is known."""
        prefix = f"{self.year}年" if with_year else ""
        if self.day is None:
            return f"{prefix}{self.month}月"
        return f"{prefix}{self.month}月{self.day}日"


class DateParseError(ValueError):
    pass


_FULL = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
_MONTH_ONLY = re.compile(r"^(\d{4})[-/.年](\d{1,2})月?份?$")
_CHINESE_DAY = re.compile(r"^(\d{1,2})月(\d{1,2})日$")
_CHINESE_MONTH = re.compile(r"^(\d{1,2})月份?$")
_DATETIME_TEXT = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}(:\d{2})?$")


def _build(year: int, month: int, day: int | None) -> PartialDate:
    if not 1900 <= year <= 2100:
        raise DateParseError(f"年份{year}不合理")
    if not 1 <= month <= 12:
        raise DateParseError(f"月份{month}不存在")
    if day is not None:
        try:
            dt.date(year, month, day)
        except ValueError as exc:
            raise DateParseError(f"{year}年{month}月没有{day}日") from exc
    return PartialDate(year, month, day)


def parse_partial_date(value: object, *, default_year: int | None = None) -> PartialDate | None:
    """Read a cell: an Excel date, 2024-07-05, 2024/7/5, 2024年7月5日, 7月5日, 2024-07, 7月, 7月份.

    Returns None for an empty cell; raises DateParseError with a Chinese reason otherwise.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise DateParseError(f"“{value}”不是日期，请填写如 2024-07-05 或 7月")
    text = normalize_text(value)
    if not text:
        return None
    stamp = _DATETIME_TEXT.match(text)
    text = stamp.group(1) if stamp else text.replace(" ", "")
    if match := _FULL.match(text):
        return _build(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _MONTH_ONLY.match(text):
        return _build(int(match.group(1)), int(match.group(2)), None)
    short_day = _CHINESE_DAY.match(text)
    short_month = _CHINESE_MONTH.match(text)
    if short_day or short_month:
        if default_year is None:
            raise DateParseError(f"“{text}”没有写年份，且组织表未填写年度")
        if short_day:
            return _build(default_year, int(short_day.group(1)), int(short_day.group(2)))
        return _build(default_year, int(short_month.group(1)), None)
    raise DateParseError(f"无法识别的日期“{text}”，请填写如 2024-07-05、2024年7月 或 7月份")


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    import calendar

    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_working_days(day: dt.date, days: int) -> dt.date:
    """`days` working days after `day`, skipping Saturdays and Sundays (no holiday calendar)."""
    current = day
    while days > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current
