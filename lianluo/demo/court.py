"""The court's liaison in the demo (one step of lianluo.demo.load.demo_load): 覃明 looks after two
deputies, with a ledger; two cases of concern, one overdue for its reply."""

import datetime as dt

from django.utils import timezone

from lianluo.court.services import (
    ContactData,
    case_advance,
    case_register,
    contact_add,
    pairing_create,
)
from lianluo.demo.base import COURT


def demo_court(ctx) -> None:
    today = timezone.localdate()
    court = ctx.orgs[COURT]
    staff = ctx.people["覃明"]
    first = pairing_create(
        actor=None,
        organisation=court,
        staff=staff,
        person=ctx.people["曹国栋"],
        started_on=today - dt.timedelta(days=200),
    )
    pairing_create(
        actor=None,
        organisation=court,
        staff=staff,
        person=ctx.people["彭雅琴"],
        started_on=today - dt.timedelta(days=200),
    )
    contact_add(
        actor=None,
        pairing=first,
        data=ContactData(
            date=today - dt.timedelta(days=40),
            method="phone",
            raised="关注涉农合同纠纷案件审理周期长",
            handling="转民二庭研究，推行速裁",
            reply="已电话答复，速裁程序已于本月启用",
        ),
    )
    done = case_register(
        actor=None,
        organisation=court,
        case_number="（2026）松民初第318号",
        title="果农与收购商买卖合同纠纷的审理进度",
        raised_by=[ctx.people["曹国栋"]],
        received_on=today - dt.timedelta(days=30),
    )
    case_advance(
        actor=None,
        case=done,
        step="plan",
        text="由民二庭庭长牵头，十日内开庭",
        on=today - dt.timedelta(days=27),
    )
    case_advance(
        actor=None,
        case=done,
        step="reply",
        text="已书面告知开庭时间和审理程序",
        on=today - dt.timedelta(days=25),
    )
    late = case_register(
        actor=None,
        organisation=court,
        case_number="（2026）松执第95号",
        title="工程款执行案件的执行进展",
        raised_by=[ctx.people["彭雅琴"], ctx.people["卢建国"]],
        received_on=today - dt.timedelta(days=15),
    )
    case_advance(
        actor=None,
        case=late,
        step="plan",
        text="执行局专人办理，查控被执行人财产",
        on=today - dt.timedelta(days=12),
    )
