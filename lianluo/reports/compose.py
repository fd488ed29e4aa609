"""The annual summary's draft, written from the facts in the genre of spec/summary-genre.md.

A draft is a title and a list of sections. Each section's text is plain Chinese with links
written `[文字](/path/)`: the web view turns them into links to the records, the Word, PDF and
Markdown exports keep the words. Sections whose records are empty are left out, never filled with
"0次"; the numbered headings (一、二、…) are counted when the draft is shown.
"""

import datetime as dt
import re
import string
from dataclasses import dataclass, field

from lianluo.reports.facts import (
    ActivityLine,
    AnnualFacts,
    Count_,
    KindFigure,
)
from lianluo.submissions.models import SubmissionKind

CHINESE_NUMERALS = "一二三四五六七八九十"
ITEM_NUMBER_RE = re.compile(r"^\s*[（(][一二三四五六七八九十\d]+[)）]\s*")
LINK_RE = re.compile(r"\[([^\[\]]+)\]\((/(?!/)[^()\s]*)\)")  # site-relative links only

PLACEHOLDERS = {
    "组织名称": "the organisation's full name",
    "年度": "the year of the summary",
    "次年": "the following year",
    "上级组织": "the upper level's name",
}
# How a summary counts each kind of submission: the verb and the measure word.
SUBMISSION_WORDS = (
    (SubmissionKind.PROPOSAL, "提交提案", "件"),
    (SubmissionKind.MOTION, "提出议案", "件"),
    (SubmissionKind.SUGGESTION, "提出建议", "件"),
    (SubmissionKind.OPINION, "反映意见", "条"),
    (SubmissionKind.OPINION_REPORT, "报送社情民意信息", "篇"),
)
DEFAULT_OPENING = (
    "一年来，{组织名称}在{上级组织}的领导和指导下，围绕中心、服务大局，组织委员学习、视察、调研，"
    "积极建言献策，较好地履行了职责。"
)
DEFAULT_SHORTCOMINGS = (
    "对照上级要求和委员期待，工作中还存在一些不足：学习的系统性还需加强，视察调研的深度和建言献策的"
    "质量有待提高，联系服务委员的方式还需进一步丰富。"
)
DEFAULT_PLAN = "\n".join(
    [
        "坚持学习制度，组织委员集中学习，不断提高履职能力。",
        "围绕{次年}年中心工作，组织开展视察、调研等活动，积极建言献策。",
        "认真撰写提案和社情民意信息，跟踪办理落实。",
        "落实走访委员制度，加强联系服务，办好简报，扩大宣传。",
    ]
)


class TemplateError(ValueError):
    pass


def fill(template: str, values: dict[str, str]) -> str:
    """Replace {占位符} in an office's own wording; an unknown one is a TemplateError."""
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        raise TemplateError("花括号不成对：占位符应写成 {组织名称} 这样的形式。") from exc
    unknown = [name for name in names if name not in PLACEHOLDERS]
    if unknown:
        allowed = "、".join("{" + name + "}" for name in PLACEHOLDERS)
        raise TemplateError(f"不认识的占位符 {{{unknown[0]}}}，可用的有：{allowed}。")
    return template.format_map(values)


def link(text: str, url: str) -> str:
    if not url:
        return text
    return f"[{text.replace('[', '［').replace(']', '］')}]({url})"


def count_link(figure: Count_, unit: str) -> str:
    return link(f"{figure.value}{unit}", figure.url)


def plain(text: str) -> str:
    """The words of a section without its links (exports, the edit box)."""
    return LINK_RE.sub(r"\1", text)


def relink(before: str, edited: str) -> str:
    """Keep the links of a section a person has edited as plain text: each linked phrase of the
    text before that still stands in the edited text is linked again (its first occurrence on
    the same line, in the same order), so the figures stay traceable after staff reword around
    them."""
    before_lines = before.split("\n")
    edited_lines = edited.split("\n")
    links_by_plain = {}
    for line in before_lines:
        links_by_plain.setdefault(plain(line), []).extend(LINK_RE.finditer(line))
    all_links = [m for line in before_lines for m in LINK_RE.finditer(line)]
    out = []
    for line in edited_lines:
        # prefer the links of the same line before the edit, else any link of the section
        candidates = links_by_plain.get(line) or all_links
        result, position = line, 0
        for match in candidates:
            label, url = match.group(1), match.group(2)
            found = result.find(label, position)
            # a figure is not linked inside a larger number ("1件" in "11件")
            while found > 0 and label[0].isdigit() and result[found - 1].isdigit():
                found = result.find(label, found + 1)
            if found < 0:
                continue
            replacement = f"[{label}]({url})"
            result = result[:found] + replacement + result[found + len(label) :]
            position = found + len(replacement)
        out.append(result)
    return "\n".join(out)


def numeral(n: int) -> str:
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    if n < 20:
        return "十" + CHINESE_NUMERALS[n - 11]
    return str(n)


@dataclass
class Section:
    key: str
    heading: str
    text: str
    numbered: bool = True
    table: dict | None = None

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "heading": self.heading,
            "text": self.text,
            "numbered": self.numbered,
            "table": self.table,
        }


@dataclass
class Draft:
    title: str
    sections: list[Section]
    suggestions: list[str] = field(default_factory=list)


def _join(parts: list[str], sep: str = "，") -> str:
    return sep.join(part for part in parts if part)


def _kinds_text(kinds: list[KindFigure]) -> str:
    parts = []
    for k in kinds:
        text = link(f"{k.label}{k.count}次", k.url)
        if k.person_times:
            text += f"、{k.person_times}人次"
        parts.append(text)
    return "，".join(parts)


def _roster_sentence(facts: AnnualFacts) -> str:
    name = facts.organisation.name
    if not facts.roster_total.value:
        return ""
    roles = "、".join(f"{label}{n}名" for label, n in facts.roster)
    if len(facts.roster) > 1:
        roles += f"，共{count_link(facts.roster_total, '名')}"
    else:
        roles = link(roles, facts.roster_total.url)
    sentence = f"{name}现有{roles}"
    if facts.tree:
        offices = sum(1 for row in facts.offices if row.pk != facts.organisation.pk)
        if offices:
            sentence = f"{name}下辖有工作记录的单位{offices}个，共有{roles}"
    if facts.sectors:
        sectors = "、".join(name for name, _ in facts.sectors)
        sentence += f"，来自{sectors}{len(facts.sectors)}个界别"
    if facts.new_members:
        sentence += f"，其中新任委员{facts.new_members}名"
    if facts.groups:
        sentence += f"；分为{len(facts.groups)}个活动小组：{'、'.join(facts.groups)}"
    if facts.supervisors.value:
        sentence += f"；聘请廉政监督员{count_link(facts.supervisors, '名')}"
    return sentence + "。"


def _attendance_clause(facts: AnnualFacts) -> str:
    if not facts.attendance_decided:
        return ""
    rate = facts.attendance_rate
    if facts.activities_with_attendance < facts.activities_total.value:
        return f"有考勤记录的{facts.activities_with_attendance}次活动出勤率{rate}%"
    return f"出勤率{rate}%"


def _key_figures(facts: AnnualFacts) -> str:
    parts = []
    if facts.activities_total.value:
        study = next((k for k in facts.kinds if k.kind == "study"), None)
        text = f"全年共组织各类活动{count_link(facts.activities_total, '次')}"
        if study:
            text += f"（其中集中学习{link(f'{study.count}次', study.url)}）"
        parts.append(text)
    if facts.person_times:
        times = link(f"{facts.person_times}人次", facts.activities_total.url)
        parts.append(f"委员参加活动{times}")
    parts.append(_attendance_clause(facts))
    first = _join(parts)
    counts = facts.submission_counts
    second = []
    for kind, verb, unit in SUBMISSION_WORDS:
        if kind in counts:
            second.append(f"{verb}{count_link(counts[kind], unit)}")
    if facts.adopted_total.value:
        second.append(f"被采用{count_link(facts.adopted_total, facts.adopted_unit)}")
    third = ""
    if facts.visit_person_times:
        third = f"走访委员{link(f'{facts.visit_person_times}人次', facts.visits_total.url)}"
    sentences = [part for part in (first, _join(second, "，"), third) if part]
    if not sentences:
        return ""
    return "；".join(sentences) + "。"


def _opening(facts: AnnualFacts, opening: str) -> Section:
    text = opening + _roster_sentence(facts) + _key_figures(facts) + "现将一年来的工作总结如下："
    return Section("opening", "", text, numbered=False)


def _people_clause(line: ActivityLine) -> str:
    return f"委员{line.people}名" if line.people else "委员"


EVENT_ENDINGS = ("会", "班", "活动", "日", "论坛", "仪式")


def activity_sentence(line: ActivityLine) -> str:
    subject = line.subject
    if line.place and line.place not in subject:
        subject += f"（{line.place}）"
    # A subject named as an event (…座谈会, …培训班) is attended; one named as an action is done.
    verb = "参加" if line.subject.endswith(EVENT_ENDINGS) else ""
    text = f"{line.date_text}，组织{_people_clause(line)}{verb}{link(subject, line.url)}"
    if line.partners:
        text += f"，{'、'.join(line.partners)}参加"
    if line.suggestions:
        text += f"，收集意见建议{line.suggestions}条"
    if line.outcome:
        text += f"，{line.outcome.rstrip('。')}"
    return text + "。"


def _study(facts: AnnualFacts) -> Section | None:
    if not facts.study_kinds:
        return None
    by_kind = {k.kind: k for k in facts.study_kinds}
    paragraphs = []
    if "study" in by_kind:
        lines = [x for x in facts.activity_lines if x.kind == "study"]
        study = by_kind["study"]
        text = f"全年组织集中学习{link(f'{study.count}次', study.url)}"
        if lines:
            items = "；".join(f"{x.date_text}，{link(x.subject, x.url)}" for x in lines)
            text += f"，分别是：{items}"
        paragraphs.append(text + "。")
    for kind, verb in (
        ("training", "组织委员参加培训"),
        ("attend_as_guest", "列席会议"),
        ("self_study", "安排自学"),
    ):
        if kind not in by_kind:
            continue
        figure = by_kind[kind]
        text = f"{verb}{link(f'{figure.count}次', figure.url)}"
        lines = [x for x in facts.activity_lines if x.kind == kind]
        if lines:
            items = []
            for x in lines:
                item = f"{x.date_text}，{link(x.subject, x.url)}"
                if x.people:
                    item += f"（{x.people}人次）"
                items.append(item)
            text += "：" + "；".join(items)
        paragraphs.append(text + "。")
    return Section("study", "加强学习，提高委员履职能力", "\n".join(paragraphs))


def _work(facts: AnnualFacts) -> Section | None:
    if not facts.work_kinds:
        return None
    paragraphs = [f"全年开展{_kinds_text(facts.work_kinds)}。"]
    work = {k.kind for k in facts.work_kinds}
    paragraphs += [activity_sentence(x) for x in facts.activity_lines if x.kind in work]
    if facts.suggestions_total:
        total = link(f"{facts.suggestions_total}条", facts.activities_total.url)
        paragraphs.append(f"全年共收集意见建议{total}。")
    return Section("work", "开展视察调研，积极建言献策", "\n".join(paragraphs))


def _titles(facts: AnnualFacts, kind: str) -> str:
    items = []
    for line in facts.submission_lines:
        if line.kind != kind:
            continue
        who = "集体" if line.collective else "、".join(line.proposers)
        item = link(f"《{line.title}》", line.url)
        items.append(f"{item}（{who}）" if who else item)
    return "；".join(items)


def _states(facts: AnnualFacts, kind: str, unit: str) -> str:
    pairs = facts.state_counts.get(kind, [])
    return "、".join(f"{label}{n}{unit}" for label, n in pairs)


def _submissions(facts: AnnualFacts) -> Section | None:
    counts = facts.submission_counts
    paragraphs = []
    for kind, verb, unit in SUBMISSION_WORDS:
        if kind not in counts:
            continue
        text = f"全年{verb}{count_link(counts[kind], unit)}"
        if kind == SubmissionKind.PROPOSAL:
            extra = []
            if facts.joint_proposals:
                extra.append(f"联名提案{facts.joint_proposals}件")
            if facts.collective_proposals:
                extra.append(f"集体提案{facts.collective_proposals}件")
            if extra:
                text += f"（其中{'、'.join(extra)}）"
        text += f"，{_states(facts, kind, unit)}"
        titles = _titles(facts, kind)
        if titles:
            text += f"：{titles}"
        paragraphs.append(text + "。")
    if facts.adoptions:
        unit = facts.adopted_unit
        levels = "、".join(f"被{label}级采用{n}{unit}" for label, n in facts.adoptions)
        text = f"以上提案建议和信息中，{levels}"
        if len(facts.adoptions) > 1:
            text += f"，共{count_link(facts.adopted_total, unit)}被采用"
        paragraphs.append(text + "。")
    if facts.satisfaction:
        ratings = "、".join(f"{label}{n}件" for label, n in facts.satisfaction)
        paragraphs.append(f"对已答复的提案建议，委员评价{ratings}。")
    if facts.rectification_total.value:
        text = f"针对代表委员提出的意见，梳理整改事项{count_link(facts.rectification_total, '项')}"
        if facts.rectification_measures:
            text += f"，制定整改措施{facts.rectification_measures}项"
        states = "、".join(f"{label}{n}项" for label, n in facts.rectification_states)
        paragraphs.append(f"{text}，其中{states}。")
    if not paragraphs:
        return None
    return Section("submissions", "认真撰写提案，反映社情民意", "\n".join(paragraphs))


VISIT_VERBS = {"home": "上门走访", "phone": "电话联系", "appointment": "约见", "forum": "座谈走访"}


def _liaison(facts: AnnualFacts) -> Section | None:
    if not (facts.visits_total.value or facts.briefings.value):
        return None
    paragraphs = []
    if facts.visits_total.value:
        text = (
            f"按照走访委员制度，全年开展走访{count_link(facts.visits_total, '次')}，"
            f"走访委员{facts.visit_person_times}人次"
        )
        if facts.visitable_people:
            text += (
                f"，覆盖委员{facts.visited_people}名（占{facts.visitable_people}名的"
                f"{facts.visit_coverage}%）"
            )
        if facts.concerns:
            text += f"，了解反映诉求{facts.concerns}件、已有结果{facts.concerns_resolved}件"
        paragraphs.append(text + "。")
        for v in facts.visit_lines:
            verb = VISIT_VERBS.get(v.method, "走访")
            text = f"{v.date_text}，{link(verb + '、'.join(v.people), v.url)}"
            if v.heard:
                heard = v.heard.rstrip("。")
                text += f"，{heard}" if heard.startswith("了解") else f"，了解到{heard}"
            if v.follow_up:
                text += f"，{v.follow_up.rstrip('。')}"
            paragraphs.append(text + "。")
    if facts.briefings.value:
        paragraphs.append(f"编发简报{count_link(facts.briefings, '期')}。")
    return Section("liaison", "加强联络服务，扩大宣传", "\n".join(paragraphs))


def _contributions(facts: AnnualFacts) -> Section | None:
    if not facts.contributions_total.value:
        return None
    if facts.tree:
        text = (
            f"全年记录委员立足本职、服务社会的事迹{count_link(facts.contributions_total, '条')}。"
        )
        return Section("contributions", "立足本职岗位，发挥表率作用", text)
    paragraphs = []
    for person in facts.contributions:
        items = []
        for item in person.items:
            text = link(item.text, item.url)
            if item.amount:
                text += f"（{item.amount}）"
            items.append(text)
        paragraphs.append(f"{person.name}{person.title}{'，'.join(items)}。")
    return Section("contributions", "立足本职岗位，发挥表率作用", "\n".join(paragraphs))


def _management(facts: AnnualFacts) -> Section | None:
    if facts.tree or not facts.attendance_decided:
        return None
    invited = link(f"{facts.attendance_decided}人次", facts.activities_total.url)
    paragraphs = [
        f"全年各类活动共邀请委员{invited}，出席{facts.present}人次、"
        f"请假{facts.leave}人次、缺席{facts.absent}人次，{_attendance_clause(facts)}。"
    ]
    # The records say who reached a threshold, not whether the letter went out: state the fact.
    actions = []
    if facts.warnings:
        actions.append(
            f"{len(facts.warnings)}名委员（{'、'.join(facts.warnings)}）连续"
            f"{facts.warning_streak}次无故缺席活动，达到口头警告条件"
        )
    if facts.removals:
        upper = facts.upper_name or "上级"
        actions.append(
            f"{len(facts.removals)}名委员（{'、'.join(facts.removals)}）连续"
            f"{facts.removal_streak}次以上无故缺席活动，达到建议{upper}取消委员资格的条件"
        )
    if actions:
        as_of = facts.discipline_as_of
        until = "年底" if (as_of.month, as_of.day) == (12, 31) else f"{as_of.month}月{as_of.day}日"
        paragraphs.append(f"按照考勤管理规定，截至{until}，" + "；".join(actions) + "。")
    return Section("management", "加强委员管理，严格考勤制度", "\n".join(paragraphs))


OFFICE_HEADER = [
    "单位",
    "人数",
    "活动（次）",
    "参加（人次）",
    "出勤率",
    "提案建议等（件）",
    "被采用",
    "走访（次）",
    "走访覆盖率",
    "事迹（条）",
]


def _rate(value) -> str:
    return f"{value}%" if value is not None else "—"


def _offices(facts: AnnualFacts) -> Section | None:
    if not facts.offices:
        return None
    rows = [
        [
            row.name,
            str(row.roster),
            str(row.activities),
            str(row.person_times),
            _rate(row.attendance_rate),
            str(row.submissions),
            str(row.adopted),
            str(row.visits),
            _rate(row.coverage),
            str(row.contributions),
        ]
        for row in facts.offices
    ]
    text = f"各单位全年工作情况见下表（共{len(rows)}个单位）。"
    return Section("offices", "各单位工作情况", text, table={"header": OFFICE_HEADER, "rows": rows})


def compose_draft(
    facts: AnnualFacts,
    *,
    opening: str = DEFAULT_OPENING,
    shortcomings: str = DEFAULT_SHORTCOMINGS,
    plan: str = DEFAULT_PLAN,
    today: dt.date,
) -> Draft:
    """The draft of the year: the office's own wording around the facts."""
    values = {
        "组织名称": facts.organisation.name,
        "年度": str(facts.year),
        "次年": str(facts.year + 1),
        "上级组织": facts.upper_name or "党委政府",
    }
    sections = [_opening(facts, fill(opening, values))]
    for build in (_study, _work, _submissions, _liaison, _contributions, _management, _offices):
        section = build(facts)
        if section is not None:
            sections.append(section)
    sections.append(Section("shortcomings", "存在的不足", fill(shortcomings, values), False))
    plan_items = [line.strip() for line in fill(plan, values).splitlines() if line.strip()]
    sections.append(
        Section("plan", f"{facts.year + 1}年工作计划", "\n".join(plan_items), numbered=False)
    )
    sections.append(
        Section(
            "signature",
            "",
            f"{facts.organisation.name}\n{today.year}年{today.month}月{today.day}日",
            numbered=False,
        )
    )
    return Draft(
        title=f"{facts.organisation.name}{facts.year}年工作总结",
        sections=sections,
        suggestions=list(facts.plan_suggestions),
    )


def numbered_headings(sections: list[dict]) -> list[dict]:
    """The sections as shown: numbered headings (一、二、…) and the plan's items as （一）（二）."""
    shown, n = [], 0
    for section in sections:
        section = dict(section)
        if section.get("numbered") and section.get("heading"):
            n += 1
            section["display_heading"] = f"{numeral(n)}、{section['heading']}"
        else:
            section["display_heading"] = section.get("heading", "")
        lines = [line for line in section["text"].split("\n") if line.strip()]
        if section["key"] == "plan":
            lines = [
                f"（{numeral(i)}）{ITEM_NUMBER_RE.sub('', line)}" for i, line in enumerate(lines, 1)
            ]
        section["paragraphs"] = lines
        shown.append(section)
    return shown
