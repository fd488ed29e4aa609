"""The JSON API: tokens, the member's own records, staff reads in scope, errors as JSON."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lianluo.accounts.models import ApiToken
from lianluo.accounts.tests.factories import make_user
from lianluo.accounts.tokens import token_issue, token_revoke
from lianluo.activities.models import Activity, Attendance
from lianluo.activities.services import signin_token
from lianluo.activities.tests.times import start_today
from lianluo.notifications.services import notify
from lianluo.submissions.models import Submission


def _token(user) -> str:
    return token_issue(actor=None, user=user, name="测试")[1]


class Api:
    def __init__(self, client, token: str):
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path, data=None):
        return self.client.post(
            f"/api/v1{path}", data or {}, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def records(world):
    """An activity of township A with both its members invited, and township B's records."""
    start = start_today(30)
    activity = Activity.objects.create(
        organisation=world.town_a,
        kind="forum",
        subject="乡村振兴座谈会",
        date=start.date(),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        mandatory=False,
    )
    Attendance.objects.create(activity=activity, person=world.person_a)
    Attendance.objects.create(activity=activity, person=world.person_a2)
    other = Activity.objects.create(
        organisation=world.town_b, kind="study", subject="乙镇学习", date=start.date()
    )
    Attendance.objects.create(activity=other, person=world.person_b)
    own = Submission.objects.create(
        organisation=world.town_a, kind="suggestion", title="周建华的建议", year=2026, state="draft"
    )
    own.proposers.create(person=world.person_a)
    colleague = Submission.objects.create(
        organisation=world.town_a,
        kind="suggestion",
        title="陈玉兰的建议",
        year=2026,
        state="submitted",
    )
    colleague.proposers.create(person=world.person_a2)
    foreign = Submission.objects.create(
        organisation=world.town_b, kind="proposal", title="乙镇的提案", year=2026, state="submitted"
    )
    foreign.proposers.create(person=world.person_b)
    notify(person=world.person_a, kind="test", subject="给周建华", body="内容")
    notify(person=world.person_a2, kind="test", subject="给陈玉兰", body="内容")
    return {
        "activity": activity,
        "other": other,
        "own": own,
        "colleague": colleague,
        "foreign": foreign,
    }


def test_issue_token_prints_the_token_alone_and_it_authenticates(client, world):
    out = io.StringIO()
    call_command("issue_token", world.member.username, stdout=out)
    token = out.getvalue().strip()
    assert token.startswith("ll_") and "\n" not in token
    stored = ApiToken.objects.get(user=world.member)
    assert stored.key_hash != token and token.startswith(stored.prefix)
    me = Api(client, token).get("/me")
    assert me.status_code == 200 and me.json()["person_name"] == "周建华"
    assert "周建华".encode() in me.content  # UTF-8, not \u-escaped


def test_no_token_a_wrong_one_and_a_revoked_one_answer_401_in_json(client, world):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthorized",
        "message": "请提供有效的接口令牌（Authorization: Bearer 令牌）",
    }
    assert Api(client, "ll_wrong").get("/me").status_code == 401
    token = _token(world.member)
    token_revoke(actor=None, token=ApiToken.objects.get(user=world.member))
    assert Api(client, token).get("/me").status_code == 401
    # a session cookie is not an API credential
    client.force_login(world.member)
    assert client.get("/api/v1/me").status_code == 401


def test_tokens_page_issues_shows_once_and_revokes(client, world):
    client.force_login(world.member)
    page = client.post(reverse("accounts:tokens"), {"name": "我的手机"}).content.decode()
    token = ApiToken.objects.get(user=world.member)
    assert 'id="new-token"' in page and token.prefix in page
    assert "我的手机" in client.get(reverse("accounts:tokens")).content.decode()
    assert 'id="new-token"' not in client.get(reverse("accounts:tokens")).content.decode()
    other = token_issue(actor=None, user=world.staff, name="x")[0]
    client.post(reverse("accounts:tokens"), {"revoke": str(other.pk)})  # not the member's own
    other.refresh_from_db()
    assert other.revoked_at is None
    client.post(reverse("accounts:tokens"), {"revoke": str(token.pk)})
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_member_answers_asks_leave_and_signs_in(client, world, records):
    api = Api(client, _token(world.member))
    listed = api.get("/me/activities").json()
    assert listed["count"] == 1 and listed["items"][0]["subject"] == "乡村振兴座谈会"
    activity_id = records["activity"].pk
    answered = api.post(f"/me/activities/{activity_id}/answer", {"answer": "attend"})
    assert answered.status_code == 200 and answered.json()["answer"] == "attend"
    signed = api.post("/me/signin", {"code": signin_token(activity=records["activity"])})
    assert signed.status_code == 200 and signed.json()["created"] is True
    again = api.post("/me/signin", {"code": signin_token(activity=records["activity"])})
    assert again.json()["created"] is False
    status = api.get("/me/activities").json()["items"][0]["status"]
    assert status == "present"
    refused = api.post("/me/signin", {"code": "不是签到码"})
    assert refused.status_code == 409
    assert refused.json() == {"code": "signin_refused", "message": "签到码无效"}
    leave = api.post(f"/me/activities/{activity_id}/leave", {"reason": "出差"})
    assert leave.status_code == 200 and leave.json()["leave_request"] == "pending"
    twice = api.post(f"/me/activities/{activity_id}/leave", {"reason": "出差"})
    assert twice.status_code == 409 and twice.json()["code"] == "conflict"
    bad = api.post(f"/me/activities/{activity_id}/answer", {"answer": "maybe"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_request"


def test_a_member_drafts_submits_and_follows_a_submission(client, world, records):
    api = Api(client, _token(world.member))
    created = api.post(
        "/me/submissions",
        {"kind": "opinion_report", "title": "关于村道照明的情况反映", "body": "夜间无路灯。"},
    )
    assert created.status_code == 201
    item = created.json()
    assert item["state"] == "draft" and item["proposers"] == ["周建华"]
    submitted = api.post(f"/me/submissions/{item['id']}/submit", {"version": item["version"]})
    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    assert any(e["to_state"] == "submitted" for e in submitted.json()["timeline"])
    resubmit = api.post(f"/me/submissions/{item['id']}/submit", {})
    assert resubmit.status_code == 409
    rate = api.post(
        f"/me/submissions/{item['id']}/rate", {"attitude": "satisfied", "result": "satisfied"}
    )
    assert rate.status_code == 409  # not replied yet: an illegal state change
    mine = api.get("/me/submissions").json()
    assert {row["title"] for row in mine["items"]} == {"周建华的建议", "关于村道照明的情况反映"}
    assert mine["count"] == 2 and mine["page"] == 1 and mine["pages"] == 1


def test_member_duty_record_and_notices_are_their_own(client, world, records):
    api = Api(client, _token(world.member))
    notices = api.get("/me/notices").json()
    assert [n["subject"] for n in notices["items"]] == ["给周建华"]
    read = api.post(f"/me/notices/{notices['items'][0]['id']}/read")
    assert read.json()["read"] is True
    duty = api.get("/me/duty", year=timezone.localdate().year).json()
    assert duty["person"] == "周建华" and duty["invited"] == 1


@pytest.mark.parametrize(
    "method,path",
    [
        ("get", "/me/submissions/{colleague}"),
        ("get", "/me/submissions/{foreign}"),
        ("post", "/me/submissions/{colleague}/submit"),
        ("post", "/me/submissions/{colleague}/rate"),
        ("post", "/me/activities/{other}/answer"),
        ("post", "/me/activities/{other}/leave"),
        ("post", "/me/notices/{notice}/read"),
        ("get", "/people"),
        ("get", "/activities"),
        ("get", "/activities/{activity}"),
        ("get", "/submissions"),
        ("get", "/submissions/{own}"),
    ],
)
def test_a_member_token_reads_nobody_elses_record(client, world, records, method, path):
    from lianluo.notifications.models import Message

    ids = {key: value.pk for key, value in records.items()}
    ids["notice"] = Message.objects.get(subject="给陈玉兰").pk
    api = Api(client, _token(world.member))
    bodies = {
        "answer": {"answer": "attend"},
        "leave": {"reason": "事"},
        "rate": {"attitude": "satisfied", "result": "satisfied"},
    }
    body = next((b for key, b in bodies.items() if path.endswith(key)), {})
    response = (
        api.get(path.format(**ids)) if method == "get" else api.post(path.format(**ids), body)
    )
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "记录不存在或无权查看"}


@pytest.mark.parametrize(
    "path,key",
    [("/activities/{other}", "other"), ("/submissions/{foreign}", "foreign")],
)
def test_staff_do_not_read_another_organisation(client, world, records, path, key):
    api = Api(client, _token(world.staff))
    assert api.get(path.format(**{key: records[key].pk})).status_code == 404


def test_staff_read_their_scope_with_mobiles_masked_and_paging(client, world, records):
    world.person_a.mobile = "13800138000"
    world.person_a.save()
    api = Api(client, _token(world.staff))
    people = api.get("/people").json()
    names = {p["name"] for p in people["items"]}
    assert "周建华" in names and "孙海涛" not in names
    zhou = next(p for p in people["items"] if p["name"] == "周建华")
    assert zhou["mobile"] != "13800138000" and zhou["mobile"].startswith("138")
    activities = api.get("/activities").json()
    assert [a["subject"] for a in activities["items"]] == ["乡村振兴座谈会"]
    assert activities["items"][0]["invited"] == 2
    submissions = api.get("/submissions").json()
    assert {s["title"] for s in submissions["items"]} == {"周建华的建议", "陈玉兰的建议"}
    leader = Api(client, _token(world.leader))
    assert leader.get("/submissions").json()["count"] == 3  # the district reads both townships
    for index in range(25):
        make_user(f"m{index}", organisation=world.town_a, role="staff")
    page_two = leader.get("/activities", page=2).json()
    assert page_two["page"] == 2 and page_two["items"] == []


def test_a_volunteer_sees_their_guests_and_marks_a_pickup_through_the_api(client, world):
    from lianluo.people.services import person_create
    from lianluo.reception.models import Pickup
    from lianluo.reception.services import GuestData, event_save, guest_save, leg_add

    org = world.town_a
    lin = person_create(actor=None, organisation=org, name="林志远", roles=["volunteer"])
    guo = person_create(actor=None, organisation=org, name="郭晓雯", roles=["volunteer"])
    today = timezone.localdate()
    event = event_save(actor=None, organisation=org, name="校庆", starts_on=today, ends_on=today)
    moment = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
    for name, volunteer in (("沈嘉禾", lin), ("韩静怡", guo)):
        guest_person = person_create(actor=None, organisation=org, name=name, roles=["guest"])
        guest = guest_save(
            actor=None, event=event, data=GuestData(person=guest_person, volunteer=volunteer)
        )
        leg_add(
            actor=None,
            guest=guest,
            mode="flight",
            number="CA1501",
            station="机场",
            planned_at=moment,
        )
    api = Api(client, _token(make_user("zhiyuan", organisation=org, role="member", person=lin)))
    guests = api.get("/me/guests").json()
    assert [g["name"] for g in guests["items"]] == ["沈嘉禾"]
    pickup = guests["items"][0]["pickups"][0]
    moved = api.post(
        f"/reception/pickups/{pickup['id']}/status", {"status": "met", "version": pickup["version"]}
    )
    assert moved.status_code == 200 and moved.json()["status_label"] == "已接到"
    again = api.post(f"/reception/pickups/{pickup['id']}/status", {"status": "departed"})
    assert again.status_code == 409 and "已接到" in again.json()["message"]
    others = Pickup.objects.get(leg__guest__person__name="韩静怡")
    assert api.post(f"/reception/pickups/{others.pk}/status", {"status": "met"}).status_code == 404
    arrivals = api.get("/reception/arrivals", day=today.isoformat()).json()
    assert {a["guest"] for a in arrivals["items"]} >= {"沈嘉禾"}
