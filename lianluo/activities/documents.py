"""Word documents of the activities: the sign-in sheet, the warning letter, the recommendation."""

import datetime as dt

from lianluo.activities.models import Activity
from lianluo.activities.selectors import Standing
from lianluo.core.numbers import chinese_count
from lianluo.documents.docx import add_paragraph, add_table, add_title, new_document, to_bytes


def _chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def signin_sheet_docx(*, activity: Activity, people: list) -> bytes:
    """签到表 for places without phones: one row per invitee, a column to sign."""
    document = new_document()
    add_title(document, f"{activity.organisation.name}{activity.get_kind_display()}签到表")
    add_paragraph(document, f"活动：{activity.subject}", indent=False)
    place = f"    地点：{activity.place}" if activity.place else ""
    add_paragraph(
        document, f"时间：{activity.partial_date.chinese(with_year=True)}{place}", indent=False
    )
    rows = [
        [str(index), person.name, person.work_unit, "", ""]
        for index, person in enumerate(people, start=1)
    ]
    add_table(
        document, ["序号", "姓名", "工作单位", "签到", "备注"], rows, [1.4, 2.6, 6.4, 3.4, 2.0]
    )
    return to_bytes(document)


def _times(n: int) -> str:
    return "两" if n == 2 else chinese_count(n)


def warning_letter_docx(*, organisation, standing: Standing, rules, today: dt.date) -> bytes:
    """口头警告通知: the member, the run of absences with its evidence, the office's rule."""
    document = new_document()
    add_title(document, "口头警告通知")
    add_paragraph(document, f"{standing.name}同志：", indent=False)
    add_paragraph(
        document,
        f"根据{organisation.name}委员考勤管理规定，委员连续{_times(rules.warning_streak)}次"
        "无故缺席组织的活动予以口头警告。"
        f"经核查，您连续{standing.streak}次无故缺席以下活动：{standing.absences_text()}。"
        "现予以口头警告，请今后按时参加活动；确因特殊情况不能参加的，请在活动前向联络组请假并说明原因。",
    )
    add_paragraph(document, organisation.name, indent=False, align="right")
    add_paragraph(document, _chinese_date(today), indent=False, align="right")
    return to_bytes(document)


def removal_recommendation_docx(
    *, organisation, standing: Standing, rules, today: dt.date
) -> bytes:
    """关于建议取消委员资格的函, addressed to the upper level."""
    upper = organisation.parent.name if organisation.parent_id else "上级政协"
    document = new_document()
    add_title(document, f"关于建议取消{standing.name}同志委员资格的函")
    add_paragraph(document, f"{upper}：", indent=False)
    add_paragraph(
        document,
        f"根据委员考勤管理规定，委员连续{_times(rules.removal_streak)}次无故缺席组织的活动，"
        "建议取消其委员资格。"
        f"经核查，{standing.name}同志连续{standing.streak}次无故缺席{organisation.name}组织的活动："
        f"{standing.absences_text()}，期间未请假、未说明原因。现建议取消其委员资格，请予审定。",
    )
    add_paragraph(document, organisation.name, indent=False, align="right")
    add_paragraph(document, _chinese_date(today), indent=False, align="right")
    return to_bytes(document)


def activity_notice_docx(*, activity: Activity, people: list, today: dt.date) -> bytes:
    """活动通知: when and where, the subject, who is invited, how to ask for leave."""
    from django.utils import timezone

    organisation = activity.organisation
    document = new_document()
    add_title(document, f"关于开展{activity.subject}活动的通知")
    add_paragraph(document, "各位委员：", indent=False)
    if activity.starts_at:
        start = timezone.localtime(activity.starts_at)
        when = f"{_chinese_date(start.date())}{start:%H:%M}"
    else:
        when = activity.partial_date.chinese(with_year=True)
    place = f"在{activity.place}" if activity.place else ""
    kind = activity.get_kind_display()
    text = f"经研究，定于{when}{place}开展{kind}活动，主题为“{activity.subject}”。"
    if activity.mandatory:
        text += "请各位委员准时参加。"
    else:
        text += "欢迎各位委员参加。"
    add_paragraph(document, text)
    deadline = ""
    if activity.answer_deadline:
        answer = timezone.localtime(activity.answer_deadline)
        deadline = f"于{_chinese_date(answer.date())}{answer:%H:%M}前"
    add_paragraph(
        document,
        f"请{deadline}通过联络系统答复是否参加；确因特殊情况不能参加的，请提出请假申请并说明原因。",
    )
    if people:
        add_paragraph(document, "参加人员：" + "、".join(p.name for p in people) + "。")
    add_paragraph(document, organisation.name, indent=False, align="right")
    add_paragraph(document, _chinese_date(today), indent=False, align="right")
    return to_bytes(document)
