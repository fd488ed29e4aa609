"""An activity as a summary or a briefing writes it: its line of facts (date as recorded, title,
place, partners, who took part, suggestions, outcome) and the sentence made of them. Never
"组织委员6名“…”": the people are counted after the title, and a title that already names its kind
is not prefixed by it again."""

from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse

from lianluo.activities.figures import with_attendance_counts
from lianluo.activities.models import ActivityKind
from lianluo.activities.models import ActivityKind as K
from lianluo.core.text import link


@dataclass
class ActivityLine:
    pk: int
    kind: str
    kind_label: str
    date_text: str
    subject: str
    place: str
    partners: list[str]
    people: int | None
    suggestions: int | None
    outcome: str
    url: str
    people_unit: str = "名"  # 人次 when the count is the 人次 the workbook recorded
    month: int = 1


def activity_lines(activities) -> list[ActivityLine]:
    """The activities as a summary or briefing lists them, by date, each with its head count."""
    labels = dict(ActivityKind.choices)
    rows = (
        with_attendance_counts(activities)
        .annotate(listed_suggestions=Count("suggestions", distinct=True))
        .order_by("date", "id")
    )
    lines = []
    for a in rows:
        people = a.present if a.decided else (a.person_times or a.headcount)
        unit = "人次" if not a.decided and a.person_times else "名"
        suggestions = a.suggestions_count
        if suggestions is None and a.listed_suggestions:
            suggestions = a.listed_suggestions
        lines.append(
            ActivityLine(
                pk=a.pk,
                kind=a.kind,
                kind_label=labels[a.kind],
                # Dated outside the year it is counted in: the year is said ("2005年12月16日").
                date_text=a.partial_date.chinese(with_year=a.counted_in_another_year),
                subject=a.subject,
                place=a.place,
                partners=list(a.partners or []),
                people=people,
                suggestions=suggestions,
                outcome=a.outcome.strip(),
                url=reverse("activities:detail", args=[a.pk]),
                people_unit=unit,
                month=a.day_in_year.month,  # its quarter in the year it is counted in
            )
        )
    return lines


# The words by which a subject already names its kind: such a title is not prefixed again.
KIND_WORDS = {
    K.STUDY: ("学习",),
    K.TRAINING: ("培训", "班", "讲座"),
    K.ATTEND_AS_GUEST: ("列席", "会议", "全会", "常委会"),
    K.INSPECTION: ("视察", "察看", "参观", "检查"),
    K.STUDY_TOUR: ("考察",),
    K.RESEARCH: ("调研", "调查"),
    K.FORUM: ("座谈", "会", "论坛"),
    K.TRIAL_OBSERVATION: ("旁听", "庭审"),
    K.OPEN_DAY: ("开放日",),
    K.APPRAISAL: ("评议",),
    K.SUPERVISION: ("督察", "监督", "检查"),
    K.REPORT_WORK: ("报告",),
}
# The verb a subject without its kind's word is given: "视察" + "县城区交通秩序".
KIND_VERBS = {
    K.STUDY: "学习",
    K.INSPECTION: "视察",
    K.STUDY_TOUR: "考察",
    K.RESEARCH: "调研",
    K.TRIAL_OBSERVATION: "旁听",
    K.APPRAISAL: "评议",
    K.SUPERVISION: "督察",
}
# Kinds done by the office itself (the court reports its work): no head count of the people.
OFFICE_KINDS = (K.REPORT_WORK, K.SELF_STUDY)
EVENT_ENDINGS = ("会", "班", "活动", "日", "论坛", "仪式")


def activity_verb(line: ActivityLine) -> str:
    """The verb an activity's title is given in a sentence: its kind's, only where the title does
    not already name the kind ("视察" + "县城区交通秩序", never "视察视察…")."""
    subject = line.subject.strip()
    words = KIND_WORDS.get(line.kind, ())
    verb = KIND_VERBS.get(line.kind, "")
    if verb and not any(word in subject for word in words):
        return verb
    if not verb and line.kind not in KIND_WORDS and subject.endswith(EVENT_ENDINGS):
        return "参加"
    return ""


def activity_item(line: ActivityLine, people: str = "委员") -> str:
    """One activity in a paragraph or a briefing: its date and title, who took part, what came of
    it. Never "组织委员6名“…”": the people are counted after the title."""
    text = f"{line.date_text}，{activity_verb(line)}{link(line.subject.strip(), line.url)}"
    if line.place and line.place not in line.subject:
        text += f"（{line.place}）"
    details = []
    if line.partners:
        details.append(f"{'、'.join(line.partners)}参加")
    if line.people and line.kind not in OFFICE_KINDS:
        unit = line.people_unit
        details.append(
            f"{people}{line.people}{unit}参加" if unit == "名" else f"{line.people}人次参加"
        )
    if line.suggestions:
        details.append(f"收集意见建议{line.suggestions}条")
    if line.outcome:
        details.append(line.outcome.rstrip("。；;，,"))
    return "，".join(part for part in [text, *details] if part)


def activity_sentence(line: ActivityLine, people: str = "委员") -> str:
    """One activity as a sentence of its own (a briefing's item)."""
    return activity_item(line, people) + "。"
