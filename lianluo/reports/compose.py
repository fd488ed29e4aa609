"""The annual summary's draft, written from the facts in the office's genre (genres.py,
docs/summary-genres.md): one paragraph per kind of work, totals first, then the notable records.

A draft is a title and a list of sections. Each section's text is plain Chinese with links
written `[文字](/path/)`: the web view turns them into links to the records, the Word, PDF and
Markdown exports keep the words. Sections whose records are empty are left out, never filled with
"0次"; the numbered headings (一、二、…) are counted when the draft is shown.
"""

import datetime as dt
import re
import string
from collections import Counter
from dataclasses import dataclass, field

from django.urls import reverse

from lianluo.activities.models import ActivityKind
from lianluo.activities.models import ActivityKind as K
from lianluo.activities.prose import OFFICE_KINDS, ActivityLine, activity_item
from lianluo.core.text import LINK_RE, link, plain
from lianluo.reports.facts import (
    AnnualFacts,
    Count_,
    KindFigure,
)
from lianluo.reports.genres import Genre, SectionSpec, genre_for
from lianluo.submissions.models import SubmissionKind
from lianluo.visits.models import raises_concern

CHINESE_NUMERALS = "一二三四五六七八九十"
ITEM_NUMBER_RE = re.compile(r"^\s*[（(][一二三四五六七八九十\d]+[)）]\s*")

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


def count_link(figure: Count_, unit: str) -> str:
    return link(f"{figure.value}{unit}", figure.url)


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


# ---------------------------------------------------------------------------------------------
# Activities: one paragraph per kind of work — the count and person-times, the outcomes summed,
# then the activities by date (all of them when few, else the notable ones and the rest counted).

# How a paragraph counts a kind: {p} is the genre's word for the people, {n} the linked count.
KIND_FRAMES = {
    K.STUDY: "组织集中学习{n}",
    K.SELF_STUDY: "安排自学{n}",
    K.TRAINING: "组织{p}参加培训{n}",
    K.ATTEND_AS_GUEST: "组织{p}列席会议{n}",
    K.INSPECTION: "组织{p}视察{n}",
    K.STUDY_TOUR: "组织{p}考察{n}",
    K.RESEARCH: "开展调研{n}",
    K.FORUM: "召开座谈会{n}",
    K.VISIT: "开展走访联系活动{n}",
    K.TRIAL_OBSERVATION: "邀请{p}旁听庭审{n}",
    K.OPEN_DAY: "举办开放日活动{n}",
    K.APPRAISAL: "组织{p}开展评议{n}",
    K.SUPERVISION: "开展督察{n}",
    K.EXPERT_SERVICE: "组织{p}开展专项服务{n}",
    K.ASSISTANCE: "开展帮扶活动{n}",
    K.FELLOWSHIP: "开展联谊活动{n}",
    K.REPORT_WORK: "主动报告工作{n}",
    K.OTHER: "开展其他活动{n}",
}
LIST_ALL = 5  # a kind with up to this many activities lists them all
NOTABLE = 3  # else this many are named, the most notable first chosen, and the rest counted
ORDINALS = "一二三四五六七八九十"


def _notability(line: ActivityLine) -> tuple:
    return (bool(line.outcome), line.suggestions or 0, line.people or 0)


# How the activities not named are counted, varied so that no section says it twice the same way.
REST_FRAMES = ("其余{}不再一一列举", "另有{}，详见台账", "其余{}从略")


def _kind_paragraph(
    kind: str,
    label_url: str,
    lines: list[ActivityLine],
    people: str,
    ordinal: str,
    variant: int = 0,
) -> str:
    count = len(lines)
    counted = [x.people for x in lines if x.people]
    text = ordinal + KIND_FRAMES.get(kind, KIND_FRAMES[K.OTHER]).format(
        p=people, n=link(f"{count}次", label_url)
    )
    if counted and kind not in OFFICE_KINDS:
        text += f"、{sum(counted)}人次"
        if len(counted) < count:
            text += f"（其中有人数记录的{len(counted)}次）"
    suggestions = sum(x.suggestions or 0 for x in lines)
    if suggestions and count > 1:
        text += f"，共收集意见建议{suggestions}条"
    if count <= LIST_ALL:
        items = [activity_item(x, people) for x in lines]
        return f"{text}：{'；'.join(items)}。"
    chosen = sorted(lines, key=_notability, reverse=True)[:NOTABLE]
    notable = [x for x in lines if x in chosen]  # in date order
    items = [activity_item(x, people) for x in notable]
    rest = REST_FRAMES[variant % len(REST_FRAMES)].format(
        link(f"{count - len(notable)}次", label_url)
    )
    return f"{text}。其中，{'；'.join(items)}；{rest}。"


def _tree_kind_paragraph(figure: KindFigure, people: str, ordinal: str) -> str:
    text = ordinal + KIND_FRAMES.get(figure.kind, KIND_FRAMES[K.OTHER]).format(
        p=people, n=link(f"{figure.count}次", figure.url)
    )
    if figure.person_times and figure.kind not in OFFICE_KINDS:
        text += f"、{figure.person_times}人次"
        if figure.with_people < figure.count:
            text += f"（其中有人数记录的{figure.with_people}次）"
    return text + "。"


def _claims(spec: SectionSpec, line: ActivityLine) -> bool:
    if line.kind in spec.kinds:
        return True
    return any(
        line.kind == kind and any(w in line.subject for w in words) for kind, words in spec.claims
    )


def _ordinal(i: int, strands: int) -> str:
    return "全年" if strands == 1 else f"{ORDINALS[i]}是"


QUARTERS = ("一", "二", "三", "四")


def _quarters(lines: list[ActivityLine]) -> str:
    counts = Counter((x.month - 1) // 3 for x in lines)
    if not counts:
        return ""
    if len(counts) == 4:
        parts = "、".join(f"{QUARTERS[q]}季度{counts[q]}次" for q in range(4))
        return f"四个季度均开展了活动，分别为{parts}。"
    parts = "、".join(f"{QUARTERS[q]}季度{counts[q]}次" for q in sorted(counts))
    return f"按季度统计，{parts}。"


class _Activities:
    """Hands out the year's activities to a genre's sections, each to the first that claims it."""

    def __init__(self, facts: AnnualFacts, genre: Genre):
        self.facts = facts
        self.genre = genre
        self.taken: set[int] = set()
        self.kinds_taken: set[str] = set()

    def section(self, spec: SectionSpec) -> list[str]:
        people = self.genre.people
        if self.facts.tree:
            figures = [
                k
                for k in self.facts.kinds
                if k.kind not in self.kinds_taken and (k.kind in spec.kinds or spec.rest)
            ]
            self.kinds_taken.update(k.kind for k in figures)
            return [
                _tree_kind_paragraph(k, people, _ordinal(i, len(figures)))
                for i, k in enumerate(figures)
            ]
        lines = [
            x
            for x in self.facts.activity_lines
            if x.pk not in self.taken and (spec.rest or _claims(spec, x))
        ]
        self.taken.update(x.pk for x in lines)
        by_kind: dict[str, list[ActivityLine]] = {}
        for x in lines:
            by_kind.setdefault(x.kind, []).append(x)
        # the section's own kinds in its order, then the kinds it claims or takes as the rest
        order = [k for k in spec.kinds if k in by_kind]
        order += [k for k in ActivityKind.values if k in by_kind and k not in order]
        urls = {k.kind: k.url for k in self.facts.kinds}
        paragraphs = [
            _kind_paragraph(
                kind, urls.get(kind, ""), by_kind[kind], people, _ordinal(i, len(order)), i
            )
            for i, kind in enumerate(order)
        ]
        if paragraphs and spec.by_quarter:
            paragraphs.append(_quarters(lines))
        # a total of suggestions only where several kinds of work collected them
        with_suggestions = {x.kind for x in lines if x.suggestions}
        if len(with_suggestions) > 1:
            total = sum(x.suggestions or 0 for x in lines)
            paragraphs.append(f"以上活动共收集意见建议{total}条。")
        return paragraphs


# ---------------------------------------------------------------------------------------------
# The opening: the office's own words, its people and the year in figures.


def _roster_sentence(facts: AnnualFacts, genre: Genre) -> str:
    name = facts.organisation.name
    if not facts.roster_total.value:
        return ""
    roles = "、".join(f"{label}{n}名" for label, n in facts.roster)
    if len(facts.roster) > 1:
        roles += f"，共{count_link(facts.roster_total, '名')}"
    else:
        roles = link(roles, facts.roster_total.url)
    sentence = f"{name}{genre.roster_verb}{roles}"
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
    if facts.supervisors.value and not _has(genre, "supervisors"):
        sentence += f"；聘请廉政监督员{count_link(facts.supervisors, '名')}"
    return sentence + "。"


def _has(genre: Genre, draws: str) -> bool:
    return any(draws in spec.draws for spec in genre.sections)


def _attendance_clause(facts: AnnualFacts) -> str:
    if not facts.attendance_decided:
        return ""
    rate = facts.attendance_rate
    if facts.activities_with_attendance < facts.activities_total.value:
        return f"有考勤记录的{facts.activities_with_attendance}次活动出勤率{rate}%"
    return f"出勤率{rate}%"


def _person_times_clause(facts: AnnualFacts, people: str) -> str:
    if not facts.person_times:
        return ""
    times = link(f"{facts.person_times}人次", facts.activities_total.url)
    if facts.activities_with_people < facts.activities_total.value:
        return f"有人数记录的{facts.activities_with_people}次活动{people}参加{times}"
    return f"{people}参加活动{times}"


def _key_figures(facts: AnnualFacts, genre: Genre) -> str:
    people = genre.people
    parts = []
    if facts.activities_total.value:
        study = next((k for k in facts.kinds if k.kind == "study"), None)
        text = f"{genre.period}共组织各类活动{count_link(facts.activities_total, '次')}"
        if study:
            text += f"（其中集中学习{link(f'{study.count}次', study.url)}）"
        parts.append(text)
    parts.append(_person_times_clause(facts, people))
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
        third = f"走访{people}{link(f'{facts.visit_person_times}人次', facts.visits_total.url)}"
    sentences = [part for part in (first, _join(second, "，"), third) if part]
    if not sentences:
        return ""
    return "；".join(sentences) + "。"


def _reception_key_figures(facts: AnnualFacts) -> str:
    if not facts.reception:
        return ""
    events = "、".join(f"“{e.name}”" for e in facts.reception)
    guests = sum(e.guests for e in facts.reception)
    volunteers = sum(e.volunteers for e in facts.reception)
    text = f"承担{events}的接待工作，接待嘉宾{guests}名"
    if volunteers:
        text += f"，组织志愿者{volunteers}名"
    return text + "。"


def _opening(facts: AnnualFacts, genre: Genre, opening: str) -> Section:
    # A genre that reports receptions opens with its guests; the others with their roster.
    if _has(genre, "reception"):
        first = _reception_key_figures(facts)
    else:
        first = _roster_sentence(facts, genre)
    text = opening + first + _key_figures(facts, genre) + genre.summing_up
    return Section("opening", "", text, numbered=False)


# ---------------------------------------------------------------------------------------------
# Submissions, rectification and the court's cases of concern.


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


def _submissions(facts: AnnualFacts, genre: Genre) -> list[str]:
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
        paragraphs.append(f"对已答复的提案建议，{genre.people}评价{ratings}。")
    return paragraphs


def _rectification(facts: AnnualFacts, genre: Genre) -> list[str]:
    if not facts.rectification_total.value:
        return []
    opinions = count_link(facts.rectification_total, "条")
    text = f"针对{genre.people}提出的{opinions}意见"
    if facts.rectification_measures:
        text += f"，制定整改措施{facts.rectification_measures}项"
    states = "、".join(f"{label}{n}项" for label, n in facts.rectification_states)
    return [f"{text}，其中{states}。"]


def _court_cases(facts: AnnualFacts, genre: Genre) -> list[str]:
    court = facts.court
    if not court.cases:
        return []
    text = f"全年受理{genre.people}关注案件{court.cases}件"
    done = []
    if court.planned:
        done.append(f"已制定办理方案{court.planned}件")
    if court.replied:
        done.append(f"已书面答复{court.replied}件")
    if done:
        text += "，" + "、".join(done)
    if court.overdue:
        text += f"，{court.overdue}件未在期限内办理，正在督促"
    elif court.replied == court.cases:
        text += "，均按期办理答复"
    return [text + "。"]


# ---------------------------------------------------------------------------------------------
# Liaison: visits, the court's pairings, briefings.

VISIT_VERBS = {"home": "上门走访", "phone": "电话联系", "appointment": "约见", "forum": "座谈走访"}


def _visit_item(v) -> str:
    verb = VISIT_VERBS.get(v.method, "走访")
    text = f"{v.date_text}，{verb}{link('、'.join(v.people), v.url)}"
    if v.heard:
        heard = v.heard.rstrip("。")
        # what a member raised is "了解到…"; a courtesy call's record ("见面谈心") is said as it is
        said = raises_concern(heard) and not heard.startswith("了解")
        text += f"，了解到{heard}" if said else f"，{heard}"
    if v.follow_up:
        text += f"，{v.follow_up.rstrip('。')}"
    return text


def _visits(facts: AnnualFacts, genre: Genre) -> list[str]:
    if not facts.visits_total.value:
        return []
    people = genre.people
    text = (
        f"按照走访{people}制度，全年开展走访{count_link(facts.visits_total, '次')}，"
        f"走访{people}{facts.visit_person_times}人次"
    )
    if facts.visitable_people and facts.visited_people:
        text += (
            f"，覆盖{people}{facts.visited_people}名（占{facts.visitable_people}名的"
            f"{facts.visit_coverage}%）"
        )
    if facts.concerns:
        text += f"，了解反映诉求{facts.concerns}件"
        if facts.concerns_resolved:
            text += f"、已有结果{facts.concerns_resolved}件"
    lines = facts.visit_lines
    if not lines:
        return [text + "。"]
    if len(lines) <= LIST_ALL:
        return [f"{text}：{'；'.join(_visit_item(v) for v in lines)}。"]
    # the visits that raised a concern first, then those with a follow-up, in date order; when
    # none did, the count says it all
    chosen = [v for v in lines if v.concern or v.follow_up]
    chosen = sorted(chosen, key=lambda v: (not v.concern, not v.follow_up))[:NOTABLE]
    if not chosen:
        return [text + "。"]
    notable = [v for v in lines if v in chosen]
    rest = len(lines) - len(notable)
    items = "；".join(_visit_item(v) for v in notable)
    others = count_link(Count_(rest, facts.visits_total.url), "次")
    return [f"{text}。其中，{items}；其余{others}不再一一列举。"]


def _court_contacts(facts: AnnualFacts, genre: Genre) -> list[str]:
    court = facts.court
    if not court.contacts:
        return []
    text = (
        f"落实干警结对联络制度，结对联系{genre.people}{court.paired_people}名，"
        f"全年联络{court.contacts}次"
    )
    if court.raised:
        text += f"，听取意见建议{court.raised}条"
        if court.answered:
            text += f"、已答复{court.answered}条"
    return [text + "。"]


def _briefings(facts: AnnualFacts, genre: Genre) -> list[str]:
    if not facts.briefings.value:
        return []
    return [f"编发简报{count_link(facts.briefings, '期')}。"]


def _supervisors(facts: AnnualFacts, genre: Genre) -> list[str]:
    if not facts.supervisors.value:
        return []
    return [
        f"聘请廉政监督员{count_link(facts.supervisors, '名')}，"
        "对法院干警履职和廉洁司法情况进行监督。"
    ]


def _contributions(facts: AnnualFacts, genre: Genre) -> list[str]:
    if not facts.contributions_total.value:
        return []
    if facts.tree:
        return [
            f"全年记录{genre.people}立足本职、服务社会的事迹"
            f"{count_link(facts.contributions_total, '条')}。"
        ]
    paragraphs = []
    for person in facts.contributions:
        items = []
        for item in person.items:
            text = link(item.text, item.url)
            if item.amount:
                text += f"（{item.amount}）"
            items.append(text)
        paragraphs.append(f"{person.name}{person.title}{'，'.join(items)}。")
    return paragraphs


def _management(facts: AnnualFacts, genre: Genre) -> list[str]:
    if facts.tree or not facts.attendance_decided:
        return []
    people = genre.people
    invited = link(f"{facts.attendance_decided}人次", facts.activities_total.url)
    over = f"{genre.period}各类活动"
    if facts.activities_with_attendance < facts.activities_total.value:
        over = f"有考勤记录的{facts.activities_with_attendance}次活动"
    answers = [
        f"{label}{n}人次"
        for label, n in (("出席", facts.present), ("请假", facts.leave), ("缺席", facts.absent))
        if n
    ]
    paragraphs = [
        f"{over}共邀请{people}{invited}，{'、'.join(answers)}，出勤率{facts.attendance_rate}%。"
    ]
    # The records say who reached a threshold, not whether the letter went out: state the fact.
    actions = []
    if facts.warnings:
        actions.append(
            f"{len(facts.warnings)}名{people}（{'、'.join(facts.warnings)}）连续"
            f"{facts.warning_streak}次无故缺席活动，达到口头警告条件"
        )
    if facts.removals:
        upper = facts.upper_name or "上级"
        actions.append(
            f"{len(facts.removals)}名{people}（{'、'.join(facts.removals)}）连续"
            f"{facts.removal_streak}次以上无故缺席活动，达到建议{upper}取消资格的条件"
        )
    if actions:
        as_of = facts.discipline_as_of
        until = "年底" if (as_of.month, as_of.day) == (12, 31) else f"{as_of.month}月{as_of.day}日"
        paragraphs.append(f"按照考勤管理规定，截至{until}，" + "；".join(actions) + "。")
    return paragraphs


# ---------------------------------------------------------------------------------------------
# An event's reception.


def _day(day) -> str:
    return f"{day.month}月{day.day}日"


def _reception(facts: AnnualFacts, genre: Genre) -> list[str]:
    paragraphs = []
    for e in facts.reception:
        when = _day(e.starts_on)
        if e.ends_on != e.starts_on:
            when += f"至{_day(e.ends_on)}"
        where = f"在{e.place}" if e.place else ""
        event = link(f"“{e.name}”", reverse("reception:event", args=[e.pk]))
        text = f"{event}于{when}{where}举行。"
        guests = f"接待组共邀请接待嘉宾{e.guests}名"
        if e.entourage:
            guests += f"（另有随行人员{e.entourage}名）"
        if e.checked_in:
            guests += f"，已报到{e.checked_in}名"
        text += guests
        if e.volunteers:
            text += f"；组织志愿者{e.volunteers}名，为嘉宾提供一对一联络服务"
        text += "。"
        if e.arrivals:
            modes = "、".join(f"{label}{n}人次" for label, n in e.by_mode)
            pickups = f"安排接送站{e.arrivals}人次（{modes}），已接到{e.met}人次"
            if e.cancelled:
                pickups += f"，取消{e.cancelled}人次"
            text += pickups + "。"
            if e.delayed_legs:
                numbers = "、".join(e.delayed_numbers)
                text += (
                    f"遇{numbers}延误，涉及嘉宾{e.delayed_legs}人次，"
                    if numbers
                    else (f"遇行程延误{e.delayed_legs}人次，")
                )
                text += f"及时按新的抵达时间重新安排接站{e.rearranged}次。"
            if e.all_met:
                text += "所有嘉宾均已接到。" if e.delayed_legs else "所有嘉宾均按时接到。"
            elif e.waiting:
                text += f"截至目前尚有{e.waiting}人次待接站。"
        if e.messages:
            text += f"向嘉宾发送行程和报到提醒{e.messages}条。"
        paragraphs.append(text)
    return paragraphs


# ---------------------------------------------------------------------------------------------
# An upper level's table of its offices.

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


def _offices_table(facts: AnnualFacts) -> dict | None:
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
    return {"header": OFFICE_HEADER, "rows": rows}


BUILDERS = {
    "submissions": _submissions,
    "rectification": _rectification,
    "court_cases": _court_cases,
    "visits": _visits,
    "court_contacts": _court_contacts,
    "briefings": _briefings,
    "supervisors": _supervisors,
    "contributions": _contributions,
    "management": _management,
    "reception": _reception,
}


def _section(spec: SectionSpec, facts: AnnualFacts, genre: Genre, activities: _Activities):
    paragraphs: list[str] = []
    table = None
    for draws in spec.draws:
        if draws == "activities":
            paragraphs += activities.section(spec)
        elif draws == "offices":
            table = _offices_table(facts)
            if table:
                paragraphs.append(f"各单位全年工作情况见下表（共{len(table['rows'])}个单位）。")
        else:
            paragraphs += BUILDERS[draws](facts, genre)
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        return None
    return Section(spec.key, spec.heading, "\n".join(paragraphs), table=table)


def signed_on(year: int, today: dt.date) -> str:
    """The date under the summary: the day it is written while the year (or its January) lasts;
    a past year's summary is dated to its December, never to a day nobody wrote it on."""
    if today.year == year or (today.year == year + 1 and today.month == 1):
        return f"{today.year}年{today.month}月{today.day}日"
    return f"{year}年12月"


def compose_draft(
    facts: AnnualFacts,
    *,
    genre: Genre | None = None,
    opening: str | None = None,
    shortcomings: str | None = None,
    plan: str | None = None,
    today: dt.date,
) -> Draft:
    """The draft of the year in the office's genre: its own wording around the facts."""
    genre = genre or genre_for(facts.organisation, tree=facts.tree)
    values = {
        "组织名称": facts.organisation.name,
        "年度": str(facts.year),
        "次年": str(facts.year + 1),
        "上级组织": facts.upper_name or "党委政府",
    }
    opening = genre.opening if opening is None else opening
    shortcomings = genre.shortcomings if shortcomings is None else shortcomings
    plan = genre.plan if plan is None else plan
    sections = [_opening(facts, genre, fill(opening, values))]
    activities = _Activities(facts, genre)
    for spec in genre.sections:
        section = _section(spec, facts, genre, activities)
        if section is not None:
            sections.append(section)
    sections.append(Section("shortcomings", "存在的不足", fill(shortcomings, values), False))
    plan_items = [line.strip() for line in fill(plan, values).splitlines() if line.strip()]
    sections.append(
        Section("plan", fill(genre.plan_heading, values), "\n".join(plan_items), numbered=False)
    )
    sections.append(
        Section(
            "signature",
            "",
            f"{facts.organisation.name}\n{signed_on(facts.year, today)}",
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
