"""Search keys for names: pinyin initials (周建华 -> zjh) and full pinyin (zhoujianhua)."""

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=65536)
def name_search_keys(name: str) -> tuple[str, str]:
    initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")).lower()
    full = "".join(lazy_pinyin(name, errors="ignore")).lower()
    return initials[:50], full[:200]
