"""The demo's visits (one step of lianluo.demo.load.demo_load): 青山镇 has visited most of its
members this quarter, one concern is still open; the court has visited its deputies."""

import datetime as dt

from django.utils import timezone

from lianluo.demo.base import COURT, QINGSHAN
from lianluo.visits.models import VisitKind
from lianluo.visits.selectors import round_for
from lianluo.visits.services import VisitData, visit_resolve, visit_save

# (office, days into the round, people or a unit, visitors, method, heard, follow-up, kind)
PLAN = [
    (QINGSHAN, 3, ["周建华"], "唐文博", "home", "农机合作社用地审批慢，希望镇里协调", "", "office"),
    (
        QINGSHAN,
        5,
        ["刘志强"],
        "唐文博",
        "home",
        "企业用工紧张，招工难",
        "已向镇劳动保障所反映，组织专场招聘会",
        "office",
    ),
    (
        QINGSHAN,
        9,
        ["郑国平"],
        "唐文博",
        "appointment",
        "愿意帮扶低收入农户发展养殖",
        "纳入奔小康结对帮扶",
        "office",
    ),
    (QINGSHAN, 12, ["陈玉兰", "吴秀英"], "唐文博", "forum", "学校周边交通安全隐患", "", "office"),
    (QINGSHAN, 14, ["何振东"], "梧桐区政协 许晨阳", "home", "茶叶品牌宣传需要支持", "", "upper"),
    (
        COURT,
        6,
        ["曹国栋"],
        "覃明",
        "home",
        "关注涉农案件执行到位情况",
        "已向执行局反馈，专人跟进",
        "court",
    ),
    (COURT, 10, ["彭雅琴"], "覃明", "phone", "希望法院进校园开展法治讲座", "", "court"),
]


def demo_visits(ctx) -> None:
    today = timezone.localdate()
    for office, days, names, visitors, method, heard, follow_up, kind in PLAN:
        start = round_for(today, "quarter").start
        day = min(start + dt.timedelta(days=days), today)
        visit = visit_save(
            actor=None,
            organisation=ctx.orgs[office],
            data=VisitData(
                date=day,
                kind=VisitKind(kind),
                method=method,
                visitors=visitors,
                people=[ctx.people[n] for n in names],
                heard=heard,
                concern_open=bool(heard),
            ),
        )
        if follow_up:
            visit_resolve(actor=None, visit=visit, result=follow_up, on=day)
    # Last quarter's round, so that the previous round has figures too.
    previous = round_for(round_for(today, "quarter").start - dt.timedelta(days=1), "quarter")
    for names in (["周建华"], ["黄德明"], ["林晓燕"], ["马丽娟"]):
        visit_save(
            actor=None,
            organisation=ctx.orgs[QINGSHAN],
            data=VisitData(
                date=previous.start + dt.timedelta(days=20),
                method="home",
                visitors="唐文博",
                people=[ctx.people[n] for n in names],
                heard="了解履职情况",
            ),
        )
