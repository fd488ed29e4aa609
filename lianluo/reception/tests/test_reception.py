"""Event reception: a volunteer marks a guest met on a phone, a delayed flight moves every guest on
it, the board, messages, check-in, the 接待 sheet and `lianluo arrivals`."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lianluo.accounts.tests.factories import make_user
from lianluo.activities.services import activity_invite, activity_save
from lianluo.core.errors import ApplicationError
from lianluo.notifications.models import Message
from lianluo.orgs.tests.factories import OrganisationFactory
from lianluo.people.services import person_create
from lianluo.reception.models import Guest, Pickup, PickupStatus, TravelLeg
from lianluo.reception.services import (
    GuestData,
    checkin_token,
    event_save,
    guest_save,
    leg_add,
    pickup_move,
)
from lianluo.workbook.framework import workbook_export
from lianluo.workbook.importer import workbook_import
from lianluo.workbook.tests.helpers import read_workbook, sheet_as_dicts, write_workbook

PHONE = {"HTTP_USER_AGENT": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)"}


def _at(hour, minute=0, day=None):
    day = day or timezone.localdate()
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def centenary(world):
    org = OrganisationFactory(name="校庆接待组", parent=world.district, kind="reception_group")
    staff = make_user("jiedai", organisation=org, role="staff")
    lin = person_create(actor=None, organisation=org, name="林志远", roles=["volunteer"])
    guo = person_create(actor=None, organisation=org, name="郭晓雯", roles=["volunteer"])
    volunteer = make_user("zhiyuan", organisation=org, role="member", person=lin)
    other_volunteer = make_user("zhiyuan2", organisation=org, role="member", person=guo)
    today = timezone.localdate()
    event = event_save(
        actor=staff, organisation=org, name="百年校庆", starts_on=today, ends_on=today
    )
    guests = {}
    for name, volunteer_person, number, hour in (
        ("沈嘉禾", lin, "CA1501", 9),
        ("陆明哲", lin, "MU5301", 11),
        ("韩静怡", guo, "MU5301", 11),
        ("赵文远", guo, "G1234", 14),
    ):
        person = person_create(actor=None, organisation=org, name=name, roles=["guest"])
        guest = guest_save(
            actor=staff, event=event, data=GuestData(person=person, volunteer=volunteer_person)
        )
        leg_add(actor=staff, guest=guest, mode="flight" if number[0] != "G" else "train",
                number=number, station="梧桐机场", planned_at=_at(hour))  # fmt: skip
        guests[name] = guest
    return {
        "org": org,
        "staff": staff,
        "event": event,
        "guests": guests,
        "volunteer": volunteer,
        "other_volunteer": other_volunteer,
    }


def _pickup(guest) -> Pickup:
    return Pickup.objects.filter(leg__guest=guest).order_by("-id").first()


def test_a_volunteer_on_a_phone_marks_their_guest_met(client, world, centenary):
    client.force_login(centenary["volunteer"])
    page = client.get(reverse("reception:mine"), **PHONE).content.decode()
    assert "沈嘉禾" in page and "陆明哲" in page and "韩静怡" not in page
    pickup = _pickup(centenary["guests"]["沈嘉禾"])
    client.post(
        reverse("reception:pickup", args=[pickup.pk]),
        {"status": "departed", "version": pickup.version},
        **PHONE,
    )
    pickup.refresh_from_db()
    response = client.post(
        reverse("reception:pickup", args=[pickup.pk]),
        {"status": "met", "version": pickup.version},
        follow=True,
        **PHONE,
    )
    pickup.refresh_from_db()
    assert pickup.status == PickupStatus.MET
    assert "沈嘉禾：已接到" in response.content.decode()
    assert [e.to_status for e in pickup.events.all()] == ["pending", "departed", "met"]
    assert TravelLeg.objects.get(pk=pickup.leg_id).actual_at is not None
    # Another volunteer cannot touch this guest; a met pickup stays met.
    client.force_login(centenary["other_volunteer"])
    other = _pickup(centenary["guests"]["陆明哲"])
    response = client.post(reverse("reception:pickup", args=[other.pk]), {"status": "met"})
    assert (
        response.status_code == 404 and _pickup(centenary["guests"]["陆明哲"]).status == "pending"
    )
    with pytest.raises(ApplicationError, match="不能改为"):
        pickup_move(actor=centenary["staff"], pickup=pickup, status="departed")


def test_a_delayed_flight_moves_every_guest_on_it_and_repicks(client, world, centenary):
    client.force_login(centenary["staff"])
    event = centenary["event"]
    client.post(
        reverse("reception:delay", args=[event.pk]),
        {"number": "mu 5301", "expected_at": _at(12, 25).strftime("%Y-%m-%dT%H:%M")},
    )
    for name in ("陆明哲", "韩静怡"):
        guest = centenary["guests"][name]
        pickups = list(Pickup.objects.filter(leg__guest=guest).order_by("id"))
        assert [p.status for p in pickups] == ["delayed", "pending"]
        assert pickups[1].meet_at == _at(12, 25)
        assert guest.legs.get().expected_at == _at(12, 25)
        assert guest.legs.get().planned_at == _at(11)
    assert Pickup.objects.filter(leg__guest=centenary["guests"]["沈嘉禾"]).count() == 1
    assert Message.objects.filter(kind="reception_delay").count() == 2
    board = client.get(reverse("reception:board"), {"event": event.pk}).content.decode()
    arrivals = board.split('id="arrivals"')[1]
    order = [arrivals.index(n) for n in ("沈嘉禾", "陆明哲", "韩静怡", "赵文远")]
    assert order == sorted(order)
    # Both show the new time, the planned one struck through, and their new pickup to do.
    assert arrivals.count('<s class="text-body-secondary small me-2">11:00</s>') == 2
    assert arrivals.count("12:25") == 2 and arrivals.count("badge status-pending") == 4
    client.force_login(world.staff)
    assert "沈嘉禾" not in client.get(reverse("reception:board")).content.decode()


def test_messages_go_through_the_outbox_and_are_logged(client, world, centenary):
    guest = centenary["guests"]["陆明哲"]
    client.force_login(centenary["volunteer"])
    client.post(
        reverse("reception:guest", args=[guest.pk]),
        {"action": "message", "msg-template": "arrival"},
    )
    message = Message.objects.get(person=guest.person)
    assert "MU5301" in message.body and "林志远" in message.body
    page = client.get(reverse("reception:guest", args=[guest.pk])).content.decode()
    assert "接站安排" in page
    client.force_login(centenary["other_volunteer"])
    assert client.get(reverse("reception:guest", args=[guest.pk])).status_code == 404


def test_a_guest_checks_in_by_the_code_and_is_present_at_todays_programme(client, world, centenary):
    guest = centenary["guests"]["赵文远"]
    ceremony = activity_save(
        actor=None,
        organisation=centenary["org"],
        kind="other",
        subject="庆典大会",
        date=timezone.localdate(),
    )
    centenary["event"].activities.add(ceremony)
    activity_invite(actor=None, activity=ceremony, people=[guest.person])
    url = reverse("reception:checkin", args=[checkin_token(guest)])
    client.force_login(centenary["volunteer"])
    assert client.get(url).status_code == 404
    client.force_login(centenary["staff"])
    assert "确认报到" in client.get(url).content.decode()
    client.post(url)
    assert Guest.objects.get(pk=guest.pk).checked_in_at is not None
    assert ceremony.attendances.get(person=guest.person).status == "present"
    assert client.get(url[:-3] + "xx/").status_code == 400


def test_the_arrivals_command_lists_the_day_in_json(world, centenary):
    out = StringIO()
    call_command(
        "arrivals",
        "--org",
        "校庆接待组",
        "--date",
        timezone.localdate().isoformat(),
        "--format",
        "json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["date"] == timezone.localdate().isoformat()
    assert [g["guest"] for g in data["guests"]] == ["沈嘉禾", "陆明哲", "韩静怡", "赵文远"]
    first = data["guests"][0]
    assert first["volunteer"] == "林志远" and first["number"] == "CA1501"
    assert first["mode"] == "航班" and first["status"] == "待接站" and first["actual"] is None


HEADER = ["嘉宾", "单位职务", "联络员", "交通方式", "班次", "计划抵达", "实际抵达", "接站状态", "随行人员", "住宿", "备注"]  # fmt: skip


def _book(tmp_path, rows, name="in.xlsx"):
    return write_workbook(
        tmp_path / name,
        {
            "组织": [
                ["名称", "类型", "上级组织", "年度"],
                ["校友会接待组", "会务接待组", "测试区政协", 2024],
            ],
            "人员": [["姓名", "身份"], ["沈嘉禾", "嘉宾"], ["林志远", "志愿者"]],
            "接待": [HEADER, *rows],
        },
    )


@pytest.mark.django_db
def test_the_reception_sheet_imports_and_round_trips(world, tmp_path):
    rows = [
        ["沈嘉禾", "北京大学教授", "林志远", "航班", "CA1501", "2024-10-12 09:40", "2024-10-12 09:55", "已接到", "沈太太", "梧桐宾馆 1208", None],
        ["陆明哲", "省教育厅", "郭晓雯", "火车", "G1234", "10月12日 14:05", None, "待接站", None, None, "需轮椅"],
        ["钱学礼", None, None, "自驾", None, dt.datetime(2024, 10, 12, 16, 30), None, None, None, None, None],  # noqa: DTZ001 (an Excel cell)
    ]  # fmt: skip
    report = workbook_import(path=_book(tmp_path, rows), actor=None, dry_run=False)
    assert report.ok, report.errors
    assert report.counts["接待"].created == 3
    met = Guest.objects.get(person__name="沈嘉禾")
    assert met.volunteer.name == "林志远" and met.entourage == ["沈太太"]
    assert _pickup(met).status == "met"
    new_volunteer = Guest.objects.get(person__name="陆明哲").volunteer
    assert new_volunteer.roles.filter(role="volunteer").exists()
    first = workbook_export(
        organisation=report.organisation, year=2024, actor=None, path=tmp_path / "1.xlsx"
    )
    again = workbook_import(path=first, actor=None, dry_run=False)
    assert again.counts["接待"].unchanged == 3 and again.counts["接待"].created == 0
    second = workbook_export(
        organisation=report.organisation, year=2024, actor=None, path=tmp_path / "2.xlsx"
    )
    assert read_workbook(first)["接待"] == read_workbook(second)["接待"]
    exported = {r["嘉宾"]: r for r in sheet_as_dicts(first, "接待")}
    assert exported["陆明哲"]["计划抵达"] == "2024-10-12 14:05"
    assert exported["钱学礼"]["交通方式"] == "自驾" and exported["钱学礼"]["接站状态"] == "待接站"


@pytest.mark.django_db
def test_bad_reception_rows_are_named_and_nothing_is_written(world, tmp_path):
    rows = [
        ["沈嘉禾", None, None, "飞机", "CA1501", "2024-10-12 09:40", None, None, None, None, None],
        ["陆明哲", None, None, "航班", None, "2024-10-12 09:40", None, None, None, None, None],
        ["韩静怡", None, None, "航班", "MU5301", "明天上午", None, "已到", None, None, None],
    ]  # fmt: skip
    report = workbook_import(path=_book(tmp_path, rows), actor=None, dry_run=False)
    errors = [str(e) for e in report.errors]
    assert any(e.startswith("接待 行2 交通方式") and "航班" in e for e in errors)
    assert any(e.startswith("接待 行3 班次") for e in errors)
    assert any(e.startswith("接待 行4 计划抵达") for e in errors)
    assert any(e.startswith("接待 行4 接站状态") for e in errors)
    assert not Guest.objects.exists()


def test_the_board_escapes_what_people_typed(client, world, centenary):
    guest = centenary["guests"]["赵文远"]
    guest.person.name = "<b>赵</b>"
    guest.person.save(update_fields=["name"])
    client.force_login(centenary["staff"])
    page = client.get(reverse("reception:board")).content.decode()
    assert "&lt;b&gt;赵&lt;/b&gt;" in page and "<b>赵</b>" not in page


def test_the_board_of_a_day_out_of_range_is_today_not_an_error(client, world, centenary):
    client.force_login(centenary["staff"])
    for value in ("0001-01-01", "9999-12-31"):
        response = client.get(reverse("reception:board"), {"date": value})
        assert response.status_code == 200
        assert response.context["day"] == timezone.localdate()
