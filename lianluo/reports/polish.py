"""Polishing a section of the annual summary by the office's own model, fact-locked.

The model is any OpenAI-compatible chat endpoint on the office's servers (settings.LLM: url,
model, key, timeout); with no url the feature is off and nothing here opens a connection. A
polished text is accepted only when `fact_check` finds in it every figure, date, name and title of
the draft unchanged and no figure the draft does not have.
"""

import difflib
import json
import re
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe

from lianluo.core.text import LINK_RE, plain

# A figure is its digits with the unit written after them: "6名" changed to "6人次" is a change.
UNITS = (
    "人次",
    "万元",
    "%",
    "年",
    "月",
    "日",
    "次",
    "名",
    "件",
    "条",
    "篇",
    "项",
    "个",
    "期",
    "元",
    "户",
    "羽",
    "吨",
    "所",
    "家",
    "人",
    "期",
    "届",
    "号",
)
FIGURE_RE = re.compile(r"\d+(?:\.\d+)?(?:" + "|".join(re.escape(u) for u in UNITS) + r")?")
# Figures written in Chinese numerals ("三次", "两名"): the draft writes figures in digits, so a
# polish that has one the draft does not have has added a figure.
CHINESE_FIGURE_RE = re.compile(
    r"[一二两三四五六七八九十百千万]+(?:人次|次|名|件|条|篇|项|个|户|万元|元)"
)
# Titles and names the records hold: 《…》 and “…” quoted, and every linked phrase of the draft
# that names a record (an activity, a submission, a visit's people, a contribution).
QUOTED_RE = re.compile(r"《[^》]+》|“[^”]+”")
SYSTEM_PROMPT = (
    "你是政府机关文字工作者，负责润色联络工作年度总结中的一个部分。要求：保持原意和段落结构，"
    "使语句更通顺、更符合公文习惯；所有数字、日期、人名、单位名称、活动名称和书名号、引号内的"
    "标题必须原样保留，不得增加、删除或改写；不得添加原文没有的数字或事实；只输出润色后的正文，"
    "不要解释。"
)


class PolishUnavailable(Exception):
    """The model cannot be reached or answered nonsense; the message is for the user."""


@dataclass
class FactCheck:
    missing: list[str] = field(default_factory=list)  # in the draft, not in the polish
    added: list[str] = field(default_factory=list)  # figures in the polish, not in the draft

    @property
    def ok(self) -> bool:
        return not self.missing and not self.added

    def message(self) -> str:
        parts = []
        if self.missing:
            parts.append(f"改动或删去了：{'、'.join(self.missing)}")
        if self.added:
            parts.append(f"增加了原稿没有的数字：{'、'.join(self.added)}")
        return "；".join(parts)


def llm_enabled() -> bool:
    return bool(settings.LLM.get("url"))


def locked_phrases(text: str) -> list[str]:
    """What a polish must keep word for word: the records' titles and names (the linked phrases
    other than figures, and quoted titles), in the order of the draft, each once."""
    phrases = []
    for match in LINK_RE.finditer(text):
        label = match.group(1)
        if not FIGURE_RE.fullmatch(label):
            phrases.append(label)
    phrases += QUOTED_RE.findall(plain(text))
    return list(dict.fromkeys(phrases))


def _figures(text: str) -> Counter:
    return Counter(FIGURE_RE.findall(text))


def fact_check(draft: str, polished: str) -> FactCheck:
    """`draft` is the section's text with its links; `polished` is plain text."""
    words = plain(draft)
    check = FactCheck()
    draft_figures, polished_figures = _figures(words), _figures(polished)
    check.missing += [f for f in draft_figures if f not in polished_figures]
    check.added += [f for f in polished_figures if f not in draft_figures]
    check.added += [f for f in dict.fromkeys(CHINESE_FIGURE_RE.findall(polished)) if f not in words]
    check.missing += [p for p in locked_phrases(draft) if p not in polished]
    return check


def request_polish(text: str, *, heading: str) -> str:
    """Ask the office's model for a polished `text` (plain); PolishUnavailable when it fails."""
    config = settings.LLM
    if not config.get("url"):
        raise PolishUnavailable("未配置润色模型（LIANLUO_LLM_URL），请联系系统管理员")
    body = {
        "model": config.get("model") or "default",
        "temperature": 0.2,
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": f"部分：{heading or '开头段落'}\n\n{text}"},
        ],
    }
    url = config["url"].rstrip("/") + "/chat/completions"
    if not url.startswith(("http://", "https://")):
        raise PolishUnavailable("润色模型地址应以 http:// 或 https:// 开头，请联系系统管理员")
    headers = {"Content-Type": "application/json"}
    if config.get("key"):
        headers["Authorization"] = f"Bearer {config['key']}"
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers=headers,
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=config.get("timeout", 60)) as response:  # noqa: S310
            answer = json.loads(response.read().decode("utf-8"))
        content = answer["choices"][0]["message"]["content"]
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise PolishUnavailable(f"润色模型暂时无法访问（{exc}），本部分保留原稿") from exc
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise PolishUnavailable("润色模型的答复无法识别，本部分保留原稿") from exc
    if not isinstance(content, str) or not content.strip():
        raise PolishUnavailable("润色模型没有返回内容，本部分保留原稿")
    lines = [line.strip() for line in content.replace("\r\n", "\n").split("\n")]
    return "\n".join(line for line in lines if line)


def diff_html(before: str, after: str) -> str:
    """The polish against the draft, character by character: <del> what went, <ins> what came."""
    out = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(before[a0:a1]))
            continue
        if a1 > a0:
            out.append(f"<del>{escape(before[a0:a1])}</del>")
        if b1 > b0:
            out.append(f"<ins>{escape(after[b0:b1])}</ins>")
    return mark_safe("".join(out).replace("\n", "<br>"))  # noqa: S308 - every piece escaped
