"""Briefings: composed from records and free items, numbered when issued, sent, archived."""

import datetime as dt

import pytest
from django.urls import reverse

from lianluo.activities.models import Activity, Attendance
from lianluo.briefings.models import Briefing
from lianluo.core.errors import ApplicationError
from lianluo.notifications.models import Message
from lianluo.people.tests.factories import PersonFactory
from lianluo.submissions.models import Submission


@pytest.fixture
def records(world):
    activity = Activity.objects.create(
        organisation=world.town_a,
        kind="inspection",
        subject="视察镇区污水处理厂",
        date=dt.date(2026, 6, 1),
        date_precision="month",
        place="镇污水处理厂",
        suggestions_count=4,
        outcome="形成视察报告",
    )
    Attendance.objects.create(activity=activity, person=world.person_a, status="present")
    Attendance.objects.create(activity=activity, person=world.person_a2, status="present")
    submission = Submission.objects.create(
        organisation=world.town_a,
        kind="opinion_report",
        title="关于农村道路养护的社情民意",
        year=2026,
        state="submitted",
    )
    submission.proposers.create(person=world.person_a)
    return activity, submission


def _compose(client, briefing, **data):
    return client.post(reverse("briefings:compose", args=[briefing.pk]), data, follow=True)


def test_staff_compose_issue_and_the_number_runs_per_year(client, world, records):
    activity, submission = records
    PersonFactory(organisation=world.district, name="区政协联络员", roles=["staff"])
    client.force_login(world.staff)
    client.post(reverse("briefings:list"), {"title": "视察污水处理厂", "year": "2026"})
    briefing = Briefing.objects.get(organisation=world.town_a)
    _compose(
        client,
        briefing,
        action="add",
        activity=[activity.pk],
        submission=[submission.pk],
        version=briefing.version,
    )
    items = list(briefing.items.all())
    assert [i.heading for i in items] == ["视察镇区污水处理厂", "关于农村道路养护的社情民意"]
    assert items[0].body.startswith("6月，视察镇区污水处理厂（镇污水处理厂），委员2名参加")
    assert "收集意见建议4条" in items[0].body and "周建华提交的" in items[1].body
    briefing.refresh_from_db()
    _compose(
        client,
        briefing,
        action="save",
        title="视察污水处理厂专刊",
        version=briefing.version,
        item_id=[items[0].pk, items[1].pk],
        heading=["委员视察污水处理厂", ""],
        body=[items[0].body, ""],
        new_heading="下一步工作",
        new_body="跟踪视察建议的办理。",
    )
    assert [i.heading for i in briefing.items.all()] == ["委员视察污水处理厂", "下一步工作"]
    briefing.refresh_from_db()
    response = client.post(
        reverse("briefings:issue", args=[briefing.pk]), {"version": briefing.version}, follow=True
    )
    briefing.refresh_from_db()
    assert (briefing.number, briefing.status) == (1, "issued")
    assert "已印发2026年第1期" in response.content.decode()
    # the members of the office and the upper level's staff are told
    told = set(Message.objects.filter(kind="briefing").values_list("person__name", flat=True))
    assert told == {"周建华", "陈玉兰", "区政协联络员"}
    # an issued briefing is archived as it is
    with pytest.raises(ApplicationError, match="已印发"):
        from lianluo.briefings.services import briefing_save

        briefing_save(actor=world.staff, briefing=briefing, title="改", items=[], new_item=None)
    second = Briefing.objects.create(organisation=world.town_a, year=2026, title="第二期")
    second.items.create(heading="一条", body="内容")
    client.post(reverse("briefings:issue", args=[second.pk]))
    second.refresh_from_db()
    assert second.number == 2
    other_year = Briefing.objects.create(organisation=world.town_a, year=2027, title="新年度")
    other_year.items.create(heading="一条")
    client.post(reverse("briefings:issue", args=[other_year.pk]))
    other_year.refresh_from_db()
    assert other_year.number == 1
    docx = client.get(reverse("briefings:export", args=[briefing.pk, "docx"]))
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxml")


def test_an_empty_briefing_is_not_issued_and_drafts_only_are_deleted(client, world):
    client.force_login(world.staff)
    briefing = Briefing.objects.create(organisation=world.town_a, year=2026, title="空")
    response = client.post(reverse("briefings:issue", args=[briefing.pk]), follow=True)
    assert "还没有内容" in response.content.decode()
    client.post(reverse("briefings:delete", args=[briefing.pk]))
    assert not Briefing.objects.filter(pk=briefing.pk).exists()


def test_other_offices_and_members_do_not_see_a_briefing(client, world):
    briefing = Briefing.objects.create(organisation=world.town_a, year=2026, title="甲镇简报")
    client.force_login(world.outsider)
    assert client.get(reverse("briefings:detail", args=[briefing.pk])).status_code == 404
    assert "甲镇简报" not in client.get(reverse("briefings:list")).content.decode()
    client.force_login(world.leader)
    assert "甲镇简报" in client.get(reverse("briefings:list")).content.decode()
    assert client.get(reverse("briefings:compose", args=[briefing.pk])).status_code == 404
    client.force_login(world.member)
    assert client.get(reverse("briefings:list")).status_code == 404


def test_the_summary_counts_issued_briefings_only(world):
    from lianluo.reports.facts import annual_facts

    Briefing.objects.create(organisation=world.town_a, year=2026, title="草稿")
    Briefing.objects.create(
        organisation=world.town_a, year=2026, title="已发", number=1, status="issued"
    )
    facts = annual_facts(organisation=world.town_a, year=2026, today=dt.date(2026, 12, 1))
    assert facts.briefings.value == 1
