"""The demo's contributions and one changed points rule (a step of demo.load.demo_load)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from lianluo.demo.base import BAIHE, COURT, QINGSHAN
from lianluo.duty.services import ContributionData, contribution_save, point_rule_set

# (office, person, months ago, category, text, quantity, unit)
PLAN = [
    (QINGSHAN, "郑国平", 2, "assistance", "为低收入农户免费提供三黄鸡鸡苗，帮助养殖增收", 40, "户"),
    (QINGSHAN, "郑国平", 2, "assistance", "提供三黄鸡鸡苗", 20000, "羽"),
    (QINGSHAN, "刘志强", 3, "donation", "为镇敬老院捐款", 30000, "元"),
    (QINGSHAN, "周建华", 5, "donation", "为村道硬化捐资", 500000, "元"),
    (QINGSHAN, "吴秀英", 6, "award", "获评市级优秀教师", None, ""),
    (BAIHE, "孙海涛", 4, "service", "为果农免费提供冷链运输服务", 120, "吨"),
    (COURT, "蒋伟", 3, "service", "为群众开展法律咨询义诊", 6, "场"),
]


def demo_duty(ctx) -> None:
    today = timezone.localdate()
    for office, name, months, category, text, quantity, unit in PLAN:
        day = today - dt.timedelta(days=30 * months)
        contribution_save(
            actor=None,
            organisation=ctx.orgs[office],
            data=ContributionData(
                person=ctx.people[name],
                text=text,
                category=category,
                date=day if day.year == today.year else dt.date(today.year, 1, 15),
                quantity=Decimal(quantity) if quantity is not None else None,
                unit=unit,
            ),
        )
    # 青山镇 counts a filed proposal higher from this year on.
    point_rule_set(
        actor=None,
        organisation=ctx.orgs[QINGSHAN],
        source="filed_first",
        points=Decimal(20),
        cap=None,
        effective_from=dt.date(today.year, 1, 1),
    )
