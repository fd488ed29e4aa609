"""Synthetic but valid identifiers, for the demo data and the scale generator."""

import datetime as dt
import random

from lianluo.core.validators import id_number_check_char

MOBILE_PREFIXES = (
    "130",
    "133",
    "135",
    "137",
    "138",
    "139",
    "150",
    "152",
    "158",
    "177",
    "186",
    "189",
)
REGION_CODES = ("452101", "452122", "452123", "450102", "450103", "440106", "330106", "510104")


def fake_id_number(rng: random.Random, *, male: bool, born: dt.date | None = None) -> str:
    born = born or dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 45))
    sequence = rng.randrange(0, 100)
    gender_digit = rng.choice("13579" if male else "02468")
    first17 = f"{rng.choice(REGION_CODES)}{born:%Y%m%d}{sequence:02d}{gender_digit}"
    return first17 + id_number_check_char(first17)


def fake_mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(0, 10**8):08d}"


class UniqueIdNumbers:
    """Synthetic ID numbers that never repeat within one data set."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.seen: set[str] = set()

    def next(self, *, male: bool) -> str:
        while True:
            number = fake_id_number(self.rng, male=male)
            if number not in self.seen:
                self.seen.add(number)
                return number
