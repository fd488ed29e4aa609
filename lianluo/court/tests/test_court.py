"""Court liaison: pairs and their ledger, cases of concern with deadlines counted by hand, the
overdue list, and nobody outside the court sees any of it."""

import datetime as dt

import pytest
from django.urls import reverse

from lianluo.core.errors import ApplicationError
from lianluo.court.models import CaseStatus, ConcernCase, Contact, Pairing
from lianluo.court.services import case_advance, case_register, court_settings_update
from lianluo.people.services import person_create


@pytest.fixture
def court_staff_person(world):
    return person_create(actor=None, organisation=world.court, name="覃明", roles=["staff"])


def test_staff_pair_with_a_deputy_and_keep_a_ledger(client, world, court_staff_person):
    client.force_login(world.court_staff)
    response = client.post(
        reverse("court:pairings"),
        {"staff": court_staff_person.pk, "person": world.person_court.pk},
    )
    assert response.status_code == 302
    pairing = Pairing.objects.get()
    again = client.post(
        reverse("court:pairings"),
        {"staff": court_staff_person.pk, "person": world.person_court.pk},
    )
    assert "覃明已与曹国栋结对" in again.content.decode() and Pairing.objects.count() == 1
    url = reverse("court:pairing", args=[pairing.pk])
    client.post(url, {"date": "2026-03-01", "method": "phone"})
    assert Contact.objects.count() == 0  # nothing written: say what was raised or answered
    client.post(
        url,
        {
            "date": "2026-03-01",
            "method": "visit",
            "raised": "关注涉农案件执行",
            "handling": "转执行局",
            "reply": "已答复",
        },
    )
    assert Contact.objects.get().raised == "关注涉农案件执行"
    page = client.get(reverse("court:pairings")).content.decode()
    assert "曹国栋" in page and "2026-03-01" in page


def test_case_deadlines_follow_the_courts_settings(world):
    # Received on Friday 20 November 2026: five working days is Friday 27th, seven is 1 December.
    case = case_register(
        actor=world.court_staff,
        organisation=world.court,
        case_number="（2026）测民初1号",
        title="合同纠纷审理进度",
        raised_by=[world.person_court],
        received_on=dt.date(2026, 11, 20),
    )
    assert (case.plan_due, case.reply_due) == (dt.date(2026, 11, 27), dt.date(2026, 12, 1))
    court_settings_update(
        actor=world.court_staff,
        organisation=world.court,
        plan_days=3,
        reply_days=10,
        working_days=False,
    )
    later = case_register(
        actor=world.court_staff,
        organisation=world.court,
        case_number="（2026）测民初2号",
        title="另一案件",
        raised_by=[world.person_court],
        received_on=dt.date(2026, 11, 20),
    )
    assert (later.plan_due, later.reply_due) == (dt.date(2026, 11, 23), dt.date(2026, 11, 30))


def test_a_case_moves_plan_then_reply_and_overdue_ones_are_listed(client, world):
    today = dt.date.today()  # noqa: DTZ011 (the overdue list is relative to today)
    late = case_register(
        actor=None,
        organisation=world.court,
        case_number="（2026）测执1号",
        title="执行进展",
        raised_by=[world.person_court],
        received_on=today - dt.timedelta(days=30),
    )
    fresh = case_register(
        actor=None,
        organisation=world.court,
        case_number="（2026）测执2号",
        title="新到案件",
        raised_by=[world.person_court],
    )
    client.force_login(world.court_staff)
    overdue = client.get(reverse("court:cases"), {"overdue": "on"}).content.decode()
    assert "执行进展" in overdue and "新到案件" not in overdue
    url = reverse("court:case", args=[late.pk])
    client.post(url, {"step": "reply", "text": "先答复", "version": late.version})
    late.refresh_from_db()
    assert late.status == CaseStatus.REGISTERED
    client.post(url, {"step": "plan", "text": "执行局专人办理", "version": late.version})
    late.refresh_from_db()
    assert late.status == CaseStatus.PLANNED and late.planned_on == today
    # Planned late but still no reply: still overdue, for its reply.
    assert "执行进展" in client.get(reverse("court:cases"), {"overdue": "on"}).content.decode()
    client.post(url, {"step": "reply", "text": "已书面告知", "version": late.version})
    late.refresh_from_db()
    assert late.status == CaseStatus.REPLIED
    assert "执行进展" not in client.get(reverse("court:cases"), {"overdue": "on"}).content.decode()
    with pytest.raises(ApplicationError):
        case_advance(actor=None, case=fresh, step="plan", text="x", version=fresh.version + 1)


def test_nobody_outside_the_court_sees_its_liaison(client, world, court_staff_person):
    case = case_register(
        actor=None,
        organisation=world.court,
        case_number="（2026）测刑1号",
        title="保密的关注事项",
        raised_by=[world.person_court],
    )
    for persona in ("staff", "admin", "leader", "member", "handler"):
        client.force_login(getattr(world, persona))
        assert client.get(reverse("court:case", args=[case.pk])).status_code == 404
        listing = client.get(reverse("court:cases"))
        assert listing.status_code == 404 or "保密的关注事项" not in listing.content.decode()
        assert client.post(reverse("court:case_create"), {}).status_code == 404
    assert ConcernCase.objects.count() == 1
    client.force_login(world.court_staff)
    assert "法院联络" in client.get("/").content.decode()
    client.force_login(world.staff)
    assert "法院联络" not in client.get("/").content.decode()
