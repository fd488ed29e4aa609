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
_DATETIME_TEXT = re.compile(r"^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})[ T]\d{1,2}:\d{2}(:\d{2})?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")  # 20240605
_CHINESE_MONTHS = {
    name: number
    for number, name in enumerate(
        ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"), start=1
    )
}
_CHINESE_MONTHS.update({"正": 1, "冬": 11, "腊": 12})
_CHINESE_MONTH_NAME = re.compile(r"^(?:(\d{4})年)?(十[一二]|[一二三四五六七八九十正冬腊])月份?$")
# Excel keeps a date as the days since 1899-12-30; a cell that lost its date format shows them.
EXCEL_EPOCH = dt.date(1899, 12, 30)
SERIALS = range(20000, 80001)  # 1954-10-03 to 2119-01-10: never a year, never a count of days


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
    """Read a cell: an Excel date or its serial number, 2024-07-05, 2024/7/5, 2024.7.5, 20240705,
    2024年7月5日, 7月5日, 2024-07, 2024年7月, 7月, 7月份, 六月 (full-width digits, spaces allowed).

    Returns None for an empty cell; raises DateParseError with a Chinese reason otherwise.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_number(value)
    text = normalize_text(value)
    if not text:
        return None
    stamp = _DATETIME_TEXT.match(text)
    text = stamp.group(1) if stamp else text.replace(" ", "")
    if match := _CHINESE_MONTH_NAME.match(text):
        year = int(match.group(1)) if match.group(1) else default_year
        if year is None:
            raise DateParseError(f"“{text}”没有写年份，且未指定年度")
        return _build(year, _CHINESE_MONTHS[match.group(2)], None)
    if match := _FULL.match(text):
        return _build(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _MONTH_ONLY.match(text):
        return _build(int(match.group(1)), int(match.group(2)), None)
    short_day = _CHINESE_DAY.match(text)
    short_month = _CHINESE_MONTH.match(text)
    if short_day or short_month:
        if default_year is None:
            raise DateParseError(f"“{text}”没有写年份，且组织表未填写年度（或导入时未指定年度）")
        if short_day:
            return _build(default_year, int(short_day.group(1)), int(short_day.group(2)))
        return _build(default_year, int(short_month.group(1)), None)
    if re.fullmatch(r"\d+(\.\d+)?", text):  # 20240605, or a serial number written out as text
        return _from_number(float(text))
    raise DateParseError(f"无法识别的日期“{text}”，请填写如 2024-07-05、2024年7月 或 7月份")


def _from_number(value: float) -> PartialDate:
    """A number in a date cell: an Excel serial (the cell lost its date format), 20240605, or
    a year alone, which is not a date."""
    number = int(value) if float(value).is_integer() else value
    if isinstance(number, int) and 1900 <= number <= 2100:
        raise DateParseError(f"“{number}”只写了年份，请写出月份，如 {number}-07 或 {number}年7月")
    if not isinstance(number, int) and 1900 <= int(value) <= 2100:
        raise DateParseError(
            f"“{value}”被 Excel 存成了数字，分不清是几月（如 2024.1 可能是1月或10月）："
            "请将该列设为文本，或写成 2024-10"
        )
    if isinstance(number, int) and _COMPACT.match(str(number)):
        text = str(number)
        return _build(int(text[:4]), int(text[4:6]), int(text[6:]))
    if int(value) in SERIALS:
        day = EXCEL_EPOCH + dt.timedelta(days=int(value))
        return PartialDate(day.year, day.month, day.day)
    raise DateParseError(f"“{value}”不是日期，请填写如 2024-07-05 或 7月")


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
