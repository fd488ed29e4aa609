"""The duty record (履职档案) as a Word document to print and file."""

from lianluo.core.numbers import plain_number
from lianluo.documents.docx import add_paragraph, add_table, add_title, new_document, to_bytes
from lianluo.duty.selectors import DutyRecord


def _points(value) -> str:

    return plain_number(value)


def duty_record_docx(record: DutyRecord) -> bytes:
    person = record.person
    document = new_document()
    add_title(document, f"{person.name}{record.year}年度履职档案")
    roles = "、".join(r.get_role_display() for r in person.roles.all())
    add_paragraph(
        document,
        f"{person.organisation.name}　{roles}　{person.work_unit}{person.position}".strip(),
        indent=False,
        align="center",
    )
    add_paragraph(document, "一、参加活动", indent=False, bold=True)
    rate = f"，出席率{record.attended.rate}%" if record.attended.rate is not None else ""
    add_paragraph(
        document,
        f"本年度受邀参加活动{record.attended.invited}次，出席{record.attended.present}次，请假{record.attended.leave}次，"
        f"缺席{record.attended.absent}次{rate}。",
    )
    if record.attendance_rows:
        add_table(
            document,
            ["日期", "活动", "出勤", "积分"],
            [[a.day, a.subject, a.status, a.points] for a in record.attendance_rows],
            [2.6, 9, 2, 1.9],
        )
    add_paragraph(document, "二、提案、建议和社情民意", indent=False, bold=True)
    if record.submissions:
        add_table(
            document,
            ["类型", "标题", "办理情况"],
            [
                [
                    s.get_kind_display(),
                    s.title,
                    s.get_state_display()
                    + "".join(f"；{a.get_level_display()}采用" for a in s.adoptions.all()),
                ]
                for s in record.submissions
            ],
            [2.5, 9, 4],
        )
    else:
        add_paragraph(document, "本年度没有提交。")
    add_paragraph(document, "三、走访", indent=False, bold=True)
    add_paragraph(
        document,
        "；".join(
            f"{v.partial_date.chinese()}{v.get_method_display()}走访（{v.visitors or '—'}）"
            for v in record.visits
        )
        + "。"
        if record.visits
        else "本年度没有走访记录。",
    )
    add_paragraph(document, "四、履职事迹", indent=False, bold=True)
    if record.contributions:
        for c in record.contributions:
            when = c.partial_date.chinese() if c.partial_date else ""
            amount = f"（{c.amount_text}）" if c.amount_text else ""
            add_paragraph(document, f"{when}{c.get_category_display()}：{c.text}{amount}")
    else:
        add_paragraph(document, "本年度没有登记事迹。")
    add_paragraph(document, "五、履职积分", indent=False, bold=True)
    add_paragraph(document, f"本年度积分合计{_points(record.points)}分。")
    if record.point_subtotals:
        add_table(
            document,
            ["项目", "次数", "积分"],
            [
                [
                    label,
                    str(count),
                    _points(capped) + (f"（封顶，原{_points(raw)}）" if was_capped else ""),
                ]
                for label, count, raw, capped, was_capped in record.point_subtotals
            ],
            [8, 2.5, 5],
        )
    return to_bytes(document)
