from django.core.exceptions import ValidationError


class MixedCharacterValidator:
    """A password must mix letters and digits."""

    def validate(self, password: str, user=None) -> None:
        has_letter = any(char.isalpha() for char in password)
        has_digit = any(char.isdigit() for char in password)
        if not (has_letter and has_digit):
            raise ValidationError("密码必须同时包含字母和数字。", code="password_not_mixed")

    def get_help_text(self) -> str:
        return "密码必须同时包含字母和数字。"


class MinimumLengthValidator:
    """At least `min_length` characters, explained in Chinese."""

    def __init__(self, min_length: int = 10):
        self.min_length = min_length

    def validate(self, password: str, user=None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                f"密码长度太短，至少需要{self.min_length}个字符。", code="password_too_short"
            )

    def get_help_text(self) -> str:
        return f"密码至少需要{self.min_length}个字符。"
