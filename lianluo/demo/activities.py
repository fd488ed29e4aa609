"""The demo's year of activities and attendance (one step of lianluo.demo.load.demo_load)."""

import datetime as dt

from django.utils import timezone

from lianluo.activities.models import AttendanceStatus, DatePrecision
from lianluo.activities.services import activity_invite, activity_save, attendance_record
from lianluo.demo.base import BAIHE, COURT, QINGSHAN
from lianluo.people.models import PersonStatus

# (office, month, day or None, kind, subject, place, suggestions, outcome, absent, on leave)
PLAN = [
    (QINGSHAN, 3, 12, "study", "学习全国两会精神", "镇政府会议室", None, "", ["黄德明"], []),
    (
        QINGSHAN,
        4,
        None,
        "inspection",
        "视察镇工业园区建设",
        "青山镇工业园区",
        3,
        "就园区配套提出建议3条",
        [],
        ["吴秀英"],
    ),
    (
        QINGSHAN,
        6,
        18,
        "study",
        "学习政协章程和委员履职规定",
        "镇政府会议室",
        None,
        "",
        [],
        ["黄德明"],
    ),
    (
        QINGSHAN,
        7,
        None,
        "research",
        "调研农村电商发展情况",
        "青山镇电子商务服务站",
        5,
        "形成调研报告报送镇党委、政府",
        [],
        [],
    ),
    (QINGSHAN, 9, 16, "study", "学习区政协全会精神", "镇政府会议室", None, "", ["黄德明"], []),
    (
        QINGSHAN,
        10,
        21,
        "forum",
        "民营企业发展座谈会",
        "青山志强建材有限公司",
        6,
        "",
        ["黄德明"],
        ["林晓燕"],
    ),
    (BAIHE, 5, 9, "inspection", "视察白河镇饮用水安全工程", "白河镇水厂", 4, "", [], []),
    (BAIHE, 8, None, "study", "学习区政协常委会精神", "镇政府会议室", None, "", ["王建军"], []),
    (
        COURT,
        6,
        25,
        "trial_observation",
        "旁听一起民间借贷纠纷案庭审",
        "松溪县人民法院第三法庭",
        2,
        "",
        [],
        ["彭雅琴"],
    ),
    (
        COURT,
        9,
        10,
        "open_day",
        "法院开放日：参观诉讼服务中心、现场调解",
        "松溪县人民法院",
        3,
        "",
        [],
        [],
    ),
]


def demo_activities(ctx) -> None:
    year = timezone.localdate().year
    for office, month, day, kind, subject, place, suggestions, outcome, absent, leave in PLAN:
        org = ctx.orgs[office]
        activity = activity_save(
            actor=None,
            organisation=org,
            kind=kind,
            subject=subject,
            date=dt.date(year, month, day or 1),
            date_precision=DatePrecision.DAY if day else DatePrecision.MONTH,
            place=place,
            suggestions_count=suggestions,
            outcome=outcome,
        )
        invitees = [
            p
            for p in org.people.filter(status=PersonStatus.SERVING)
            if not p.roles.filter(role="staff").exists()
        ]
        activity_invite(actor=None, activity=activity, people=invitees)
        for person in invitees:
            if person.name in absent:
                status, note = AttendanceStatus.ABSENT, ""
            elif person.name in leave:
                status, note = AttendanceStatus.LEAVE, "工作冲突"
            else:
                status, note = AttendanceStatus.PRESENT, ""
            attendance_record(
                actor=None, activity=activity, person=person, status=status, note=note
            )
