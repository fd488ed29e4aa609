"""Normalising what people type or paste: full-width characters and stray spaces."""

import re
import unicodedata

_FULL_WIDTH_SPACE = "\u3000"
_NEEDS_FOLDING = re.compile("[\u3000\uff01-\uff5e]")


def normalize_text(value: object) -> str:
    """Strip ordinary and full-width spaces and fold full-width digits and Latin letters.

    Chinese punctuation such as 、 and ， is kept: it carries meaning in lists.
    """
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if _NEEDS_FOLDING.search(text) is None:  # the common case: nothing to fold
        return text.strip()
    text = text.replace(_FULL_WIDTH_SPACE, " ")
    folded = []
    for char in text:
        code = ord(char)
        # Full-width ASCII variants (！ to ～) map onto ASCII; NFKC would also fold 、 etc.
        if 0xFF01 <= code <= 0xFF5E and (char.isalnum() or char in "－＋（）：／．"):
            folded.append(unicodedata.normalize("NFKC", char))
        else:
            folded.append(char)
    return "".join(folded).strip()


# Generated documents (the summary, briefings) link each figure and title to its records as
# "[文字](/站内路径)"; only site-relative links are read as links.
LINK_RE = re.compile(r"\[([^\[\]]+)\]\((/(?!/)[^()\s]*)\)")  # site-relative links only


def link(text: str, url: str) -> str:
    if not url:
        return text
    return f"[{text.replace('[', '［').replace(']', '］')}]({url})"


def plain(text: str) -> str:
    """The words of a section without its links (exports, the edit box)."""
    return LINK_RE.sub(r"\1", text)
