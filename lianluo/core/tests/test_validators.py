import datetime as dt
import random

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from lianluo.core.identity import fake_id_number, fake_mobile
from lianluo.core.masking import mask_id_number, mask_mobile
from lianluo.core.text import normalize_text
from lianluo.core.validators import (
    id_number_check_char,
    id_number_problem,
    mobile_problem,
    normalize_id_number,
    normalize_mobile,
    validate_id_number,
    validate_mobile,
)

# A published example of a valid number (GB 11643): 11010519491231002X.
VALID_ID = "11010519491231002X"


def test_a_valid_id_number_passes():
    assert id_number_problem(VALID_ID) is None
    validate_id_number(VALID_ID.lower())  # a lower-case x is accepted after normalising


def test_a_wrong_check_digit_is_named():
    wrong = VALID_ID[:17] + "5"
    assert id_number_problem(wrong) == "身份证号校验位不正确，请核对号码"


def test_an_impossible_birth_date_is_named():
    first17 = "11010519491331002"  # month 13
    number = first17 + id_number_check_char(first17)
    assert "不是有效日期" in id_number_problem(number)


def test_a_birth_date_in_the_future_is_refused():
    first17 = "11010520990101002"
    number = first17 + id_number_check_char(first17)
    assert "不合理" in id_number_problem(number, today=dt.date(2026, 11, 22))


def test_length_and_characters_are_named():
    assert id_number_problem("1101051949") == "身份证号应为18位，现为10位"
    assert "格式不正确" in id_number_problem("A1010519491231002X")


def test_full_width_digits_and_spaces_are_normalised():
    full_width = "１１０１０５１９４９１２３１００２ｘ"
    assert normalize_id_number(f"\u3000{full_width} ") == VALID_ID


def test_generated_id_numbers_are_valid():
    rng = random.Random(1)
    for _ in range(200):
        number = fake_id_number(rng, male=rng.random() < 0.5)
        assert id_number_problem(number) is None, number


@given(st.text(max_size=40))
def test_random_strings_never_crash_the_id_validator(text):
    problem = id_number_problem(normalize_id_number(text))
    assert problem is None or isinstance(problem, str)
    try:
        validate_id_number(text)
    except ValidationError as exc:
        assert exc.messages


@given(st.text(max_size=40))
def test_random_strings_never_crash_the_mobile_validator(text):
    try:
        validate_mobile(text)
    except ValidationError as exc:
        assert exc.messages


def test_mobile_rules():
    assert mobile_problem("13812345678") is None
    assert mobile_problem(normalize_mobile("+86 138-1234-5678")) is None
    assert mobile_problem("12812345678") == "手机号格式不正确：应以13至19开头"
    assert mobile_problem("1381234567") == "手机号应为11位，现为10位"
    assert mobile_problem("1381234567a") == "手机号只能包含数字"
    assert mobile_problem(fake_mobile(random.Random(3))) is None


def test_masks_keep_the_ends_only():
    assert mask_id_number("452101198001011234") == "452101********1234"
    assert mask_mobile("13812345678") == "138****5678"
    assert mask_mobile("") == ""
    assert mask_id_number(None) == ""


def test_normalize_text_keeps_chinese_list_separators():
    assert normalize_text("\u3000刘志强、周建华 ") == "刘志强、周建华"
    assert normalize_text("２０２４年７月") == "2024年7月"


@pytest.mark.parametrize("value", ["", None])
def test_empty_values_normalise_to_empty(value):
    assert normalize_text(value) == ""


def test_the_check_character_is_the_weighted_sum_of_gb_11643():
    import random

    from lianluo.core.validators import _ID_CHECK_CHARS, _ID_WEIGHTS, id_number_check_char

    rng = random.Random(11643)
    for _ in range(20000):
        digits = "".join(rng.choice("0123456789") for _ in range(17))
        total = sum(int(d) * w for d, w in zip(digits, _ID_WEIGHTS, strict=True))
        assert id_number_check_char(digits) == _ID_CHECK_CHARS[total % 11], digits
