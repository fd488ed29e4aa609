"""Quantities as a Chinese summary writes them: 50万元, 1.2亿元, 3000元, 40户."""

from decimal import Decimal

MONEY_UNIT = "元"
# Units that mean an amount of money in another magnitude, normalised to 元 when read.
MONEY_UNITS = {"元": 1, "万元": 10_000, "亿元": 100_000_000}


def plain_number(value: Decimal | int) -> str:
    """12 for 12.00, 1.5 for 1.50; never an exponent."""
    text = f"{Decimal(value):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def normalise_money(quantity: Decimal | None, unit: str) -> tuple[Decimal | None, str]:
    """(50, 万元) -> (500000, 元); other units are kept as they are."""
    if quantity is not None and unit in MONEY_UNITS:
        return quantity * MONEY_UNITS[unit], MONEY_UNIT
    return quantity, unit


def chinese_quantity(quantity: Decimal | int | None, unit: str) -> str:
    """How a summary writes a quantity: money from ten thousand 元 up in 万元 (or 亿元), exactly,
    without rounding away a single 元; other units as they are."""
    if quantity is None:
        return ""
    quantity = Decimal(quantity)
    if unit == MONEY_UNIT:
        if quantity >= 100_000_000:
            return f"{plain_number(quantity / 100_000_000)}亿元"
        if quantity >= 10_000:
            return f"{plain_number(quantity / 10_000)}万元"
    return f"{plain_number(quantity)}{unit}"


DIGITS = "零一二三四五六七八九"


def chinese_count(n: int) -> str:
    """一 to 九十九 as a rule is written (连续三次); larger numbers in Arabic numerals."""
    if n < 10:
        return DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return (DIGITS[tens] if tens > 1 else "") + "十" + (DIGITS[ones] if ones else "")
    return str(n)
