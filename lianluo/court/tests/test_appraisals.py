import datetime as dt

import pytest
from django.urls import reverse

from lianluo.activities.models import Activity, Attendance
from lianluo.activities.services import activity_invite
from lianluo.core.errors import ApplicationError
from lianluo.court.appraisals import appraisal_aspects, appraisal_submit, trial_case_save
from lianluo.court.models import Appraisal
from lianluo.notifications.models import Message


def _trial(world):
    activity = Activity.objects.create(
        organisation=world.court,
        code="T1",
        kind="trial_observation",
        subject="旁听民间借贷纠纷案",
        date=dt.date(2024, 6, 25),
    )
    trial_case_save(
        actor=world.court_staff,
        activity=activity,
        court="测试县人民法院",
        courtroom="第三法庭",
        case_number="(2024)测0101民初123号",
        hearing_at=None,
        brief="原告诉请被告归还借款10万元。",
    )
    return activity


def test_the_case_brief_goes_out_with_the_invitation(world):
    activity = _trial(world)
    activity_invite(actor=world.court_staff, activity=activity, people=[world.person_court])
    body = Message.objects.get(kind="invitation").body
    assert "案号(2024)测0101民初123号" in body and "原告诉请被告归还借款10万元" in body


def test_observers_rate_every_aspect_and_the_court_sees_averages(client, world):
    from lianluo.accounts.tests.factories import make_user

    activity = _trial(world)
    deputy = make_user(
        "deputy_c", organisation=world.court, role="member", person=world.person_court
    )
    Attendance.objects.create(activity=activity, person=world.person_court, status="present")
    aspects = list(appraisal_aspects(organisation=world.court))
    assert len(aspects) == 10 and aspects[0].name == "庭前准备"
    with pytest.raises(ApplicationError, match="请为以下项目评分：庭审效率"):
        appraisal_submit(actor=deputy, activity=activity, scores={a.pk: 5 for a in aspects[:-1]})
    client.force_login(deputy)
    form = {f"aspect_{a.pk}": str(4 if i % 2 else 5) for i, a in enumerate(aspects)}
    form["comments"] = "法官释法说理充分"
    assert client.post(reverse("court:appraise", args=[activity.pk]), form).status_code == 302
    assert Appraisal.objects.get().comments == "法官释法说理充分"
    client.force_login(world.court_staff)
    response = client.get(reverse("court:appraisals"), {"year": 2024})
    summary = response.context["summary"]
    assert [row["average"] for row in summary[:2]] == [5, 4]
    assert all(row["ratings"] == 1 for row in summary)
    assert "法官释法说理充分" in response.content.decode()


def test_only_invited_people_appraise(world):
    activity = _trial(world)
    with pytest.raises(ApplicationError, match="只有受邀参加的代表委员可以填写评议表"):
        appraisal_submit(actor=world.member, activity=activity, scores={})


def test_the_activity_pages_show_the_case_the_results_and_the_form(client, world):
    """Court adds to the activity pages through activities' registries: the case and its form on
    the trial's page, the results once rated, the member's button, the list's link."""
    from lianluo.accounts.tests.factories import make_user

    activity = _trial(world)
    other = Activity.objects.create(
        organisation=world.court, code="T2", kind="forum", subject="座谈会", date=activity.date
    )
    deputy = make_user(
        "deputy_p", organisation=world.court, role="member", person=world.person_court
    )
    attendance = Attendance.objects.create(
        activity=activity, person=world.person_court, status="present"
    )
    Attendance.objects.create(activity=other, person=world.person_court, status="present")

    client.force_login(world.court_staff)
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "案号 (2024)测0101民初123号" in page and "登记/修改案件信息" in page
    assert reverse("court:trial_case", args=[activity.pk]) in page
    assert "评议结果" not in page  # nobody has rated yet
    assert (
        "旁听案件" not in client.get(reverse("activities:detail", args=[other.pk])).content.decode()
    )
    assert reverse("court:appraisals") in client.get(reverse("activities:list")).content.decode()

    client.force_login(deputy)
    mine = client.get(reverse("activities:mine")).content.decode()
    assert mine.count("填写评议表") == 1 and reverse("court:appraise", args=[activity.pk]) in mine
    aspects = appraisal_aspects(organisation=world.court)
    appraisal_submit(actor=deputy, activity=activity, scores={a.pk: 3 for a in aspects})
    mine = client.get(reverse("activities:mine")).content.decode()
    assert "修改评议表" in mine and "填写评议表" not in mine
    assert Appraisal.objects.get().attendance == attendance

    client.force_login(world.court_staff)
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "评议结果" in page and "<td>庭前准备</td><td>3.0</td><td>1</td>" in page
