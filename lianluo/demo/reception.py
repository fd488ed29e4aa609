"""The demo's event (one step of lianluo.demo.load.demo_load): a school's centenary under the
district, with guests arriving today by air and rail, two volunteers (one with an account,
`zhiyuan`), a delayed flight, and the event's programme."""

import datetime as dt

from django.utils import timezone

from lianluo.accounts.services import user_create
from lianluo.activities.services import activity_invite, activity_save
from lianluo.demo.base import DEMO_PASSWORD, DISTRICT, RECEPTION
from lianluo.orgs.models import OrganisationKind
from lianluo.orgs.services import org_create
from lianluo.people.services import person_create
from lianluo.reception.services import (
    GuestData,
    delay_flight,
    event_save,
    guest_save,
    leg_add,
    message_send,
    pickup_move,
)

VOLUNTEERS = [("林志远", "13800000101"), ("郭晓雯", "13800000102")]
# (name, title, volunteer, mode, number, from, station, hour:minute today, entourage, lodging)
GUESTS = [
    (
        "沈嘉禾",
        "北京大学教授（1985届校友）",
        0,
        "flight",
        "CA1501",
        "北京",
        "梧桐机场",
        "09:40",
        ["沈太太"],
        "梧桐宾馆 1208 两晚",
    ),
    (
        "陆明哲",
        "省教育厅原副厅长",
        0,
        "flight",
        "MU5301",
        "上海",
        "梧桐机场",
        "11:20",
        [],
        "梧桐宾馆 1210 两晚",
    ),
    (
        "韩静怡",
        "海外校友会会长",
        1,
        "flight",
        "MU5301",
        "上海",
        "梧桐机场",
        "11:20",
        ["秘书 李敏"],
        "梧桐宾馆 1211 三晚",
    ),
    (
        "赵文远",
        "梧桐市第一中学校长",
        1,
        "train",
        "G1234",
        "省城",
        "梧桐站",
        "14:05",
        [],
        "梧桐宾馆 906 一晚",
    ),
    (
        "钱学礼",
        "企业家（1990届校友）",
        0,
        "car",
        "",
        "省城",
        "学校正门",
        "16:30",
        ["司机 王师傅"],
        "自行安排",
    ),
]


def demo_reception(ctx) -> None:
    today = timezone.localdate()
    org = org_create(
        actor=None,
        name=RECEPTION,
        kind=OrganisationKind.RECEPTION_GROUP,
        parent=ctx.orgs[DISTRICT],
    )
    user_create(
        actor=None, username="jiedai", organisation=org, role="staff", password=DEMO_PASSWORD
    )
    volunteers = [
        person_create(actor=None, organisation=org, name=name, mobile=mobile, roles=["volunteer"])
        for name, mobile in VOLUNTEERS
    ]
    user_create(
        actor=None,
        username="zhiyuan",
        organisation=org,
        role="member",
        person=volunteers[0],
        password=DEMO_PASSWORD,
    )
    ceremony = activity_save(
        actor=None,
        organisation=org,
        kind="other",
        subject="百年校庆庆典大会",
        date=today + dt.timedelta(days=1),
        place="学校体育馆",
    )
    forum = activity_save(
        actor=None,
        organisation=org,
        kind="forum",
        subject="校友发展论坛",
        date=today + dt.timedelta(days=1),
        place="学校报告厅",
    )
    event = event_save(
        actor=None,
        organisation=org,
        name="梧桐中学百年校庆",
        starts_on=today,
        ends_on=today + dt.timedelta(days=2),
        place="梧桐中学",
        activities=[ceremony, forum],
    )
    guests = []
    for name, title, volunteer, mode, number, origin, station, at, entourage, lodging in GUESTS:
        person = person_create(actor=None, organisation=org, name=name, roles=["guest"])
        guest = guest_save(
            actor=None,
            event=event,
            data=GuestData(
                person=person,
                volunteer=volunteers[volunteer],
                title=title,
                entourage=entourage,
                lodging=lodging,
            ),
        )
        hour, minute = map(int, at.split(":"))
        planned = timezone.make_aware(dt.datetime.combine(today, dt.time(hour, minute)))
        leg_add(
            actor=None,
            guest=guest,
            mode=mode,
            number=number,
            origin=origin,
            station=station,
            planned_at=planned,
            car="梧A·12345" if volunteer == 0 else "梧A·67890",
            driver="张师傅" if volunteer == 0 else "刘师傅",
        )
        guests.append(guest)
    activity_invite(actor=None, activity=ceremony, people=[g.person for g in guests])
    activity_invite(actor=None, activity=forum, people=[g.person for g in guests[:3]])
    # The first guest is met; MU5301 is an hour late for both guests on it.
    first = guests[0].legs.get().pickups.get()
    pickup_move(actor=None, pickup=first, status="departed")
    pickup_move(actor=None, pickup=first, status="met")
    delay_flight(
        actor=None,
        event=event,
        number="MU5301",
        expected_at=timezone.make_aware(dt.datetime.combine(today, dt.time(12, 25))),
        note="上海天气原因延误约一小时",
    )
    message_send(actor=None, guest=guests[1], template="arrival")
