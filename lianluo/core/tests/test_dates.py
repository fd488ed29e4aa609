import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lianluo.core.dates import DateParseError, PartialDate, parse_partial_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-07-05", PartialDate(2024, 7, 5)),
        ("2024/7/5", PartialDate(2024, 7, 5)),
        ("2024年7月5日", PartialDate(2024, 7, 5)),
        ("7月5日", PartialDate(2024, 7, 5)),
        ("２０２４年７月５日", PartialDate(2024, 7, 5)),
        (" 2024-07-05 00:00:00", PartialDate(2024, 7, 5)),
        ("2024-07", PartialDate(2024, 7)),
        ("2024年7月", PartialDate(2024, 7)),
        ("7月", PartialDate(2024, 7)),
        ("7月份", PartialDate(2024, 7)),
        (dt.date(2024, 3, 15), PartialDate(2024, 3, 15)),
        (dt.datetime(2024, 3, 15, 9, 30), PartialDate(2024, 3, 15)),  # noqa: DTZ001 (an Excel cell)
    ],
)
def test_every_listed_form_is_read(text, expected):
    assert parse_partial_date(text, default_year=2024) == expected


def test_month_precision_is_kept_and_written_as_recorded():
    month = parse_partial_date("7月份", default_year=2024)
    assert month.is_month_only
    assert month.chinese() == "7月"
    assert month.iso() == "2024-07"
    assert parse_partial_date("2024-07-05").chinese() == "7月5日"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-02-30", "2024年2月没有30日"),
        ("2024-13", "月份13不存在"),
        ("明年春天", "无法识别的日期“明年春天”"),
        ("7月5日", "没有写年份"),
        (123, "不是日期"),  # too few days for an Excel date of these years
        (2024, "只写了年份"),
        (2024.1, "分不清是几月"),
    ],
)
def test_bad_dates_are_named(text, message):
    with pytest.raises(DateParseError, match=message):
        parse_partial_date(text)


def test_empty_cells_are_no_date():
    assert parse_partial_date(None) is None
    assert parse_partial_date("\u3000") is None


@given(st.text(max_size=20))
def test_random_text_never_crashes(text):
    try:
        parse_partial_date(text, default_year=2024)
    except DateParseError as exc:
        assert str(exc)
