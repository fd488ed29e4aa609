"""Staff write through the API with the web pages' services: in scope, audited, 409 where the
lifecycle forbids a move, and the mini-program's session of docs/api.md works as written."""

import datetime as dt

import pytest
from django.utils import timezone

from lianluo.activities.models import Activity, Attendance, AttendanceEvent, LeaveRequest
from lianluo.activities.tests.times import start_today
from lianluo.api.tests.test_api import Api, _token
from lianluo.audit.models import AuditEntry
from lianluo.submissions.models import Submission, SubmissionEvent
from lianluo.visits.models import Visit


class StaffApi(Api):
    def put(self, path, data):
        return self.client.put(
            f"/api/v1{path}", data, content_type="application/json", headers=self.headers
        )


@pytest.fixture
def staff_api(client, world):
    return StaffApi(client, _token(world.staff))


def _activity(**extra):
    today = timezone.localdate()
    return {
        "kind": "inspection",
        "subject": "视察工业园区",
        "date": today.isoformat(),
        "place": "甲镇工业园区",
        "partners": ["县人大代表"],
        **extra,
    }


def test_staff_create_change_and_invite_to_an_activity(staff_api, world):
    response = staff_api.post("/activities", _activity())
    assert response.status_code == 201, response.json()
    created = response.json()
    activity = Activity.objects.get(pk=created["id"])
    assert (activity.organisation, activity.subject, activity.partners) == (
        world.town_a,
        "视察工业园区",
        ["县人大代表"],
    )
    changed = staff_api.put(f"/activities/{activity.pk}", _activity(subject="视察重点项目"))
    assert changed.status_code == 200 and changed.json()["subject"] == "视察重点项目"
    invited = staff_api.post(
        f"/activities/{activity.pk}/invitations", {"person_ids": [world.person_a.pk]}
    )
    assert invited.json()["invited"] == 1 and invited.json()["activity"]["invited"] == 1
    again = staff_api.post(f"/activities/{activity.pk}/invitations", {"everyone": True})
    assert again.json()["invited"] == 1  # the one not yet invited
    assert set(
        AuditEntry.objects.filter(
            target_type="activities.activity", target_id=str(activity.pk)
        ).values_list("action", flat=True)
    ) == {"activity.created", "activity.updated", "activity.invited"}


def test_an_activity_is_counted_in_the_year_the_api_gives(staff_api):
    """所属年度 through the API: a December forum counted in the next year's summary."""
    created = staff_api.post("/activities", _activity(date="2025-12-28", year=2026))
    assert created.status_code == 201, created.json()
    assert created.json()["year"] == 2026
    assert Activity.objects.get(pk=created.json()["id"]).year == 2026
    listed = staff_api.get("/activities", year=2026).json()
    assert [a["id"] for a in listed["items"]] == [created.json()["id"]]
    # A PUT without it counts the activity in its date's year again.
    changed = staff_api.put(f"/activities/{created.json()['id']}", _activity(date="2025-12-28"))
    assert changed.json()["year"] == 2025
    far = staff_api.post("/activities", _activity(date="2025-12-28", year=2028))
    assert far.status_code == 400
    assert "所属年度只能是活动日期所在的2025年或其前后一年" in far.json()["message"]


def test_a_bad_activity_is_refused_naming_the_field(staff_api):
    response = staff_api.post("/activities", _activity(date="2024年13月"))
    assert response.status_code == 400
    assert response.json()["message"].startswith("日期：")
    late = staff_api.post(
        "/activities",
        _activity(
            starts_at="2030-01-01T09:00:00+08:00", answer_deadline="2030-01-02T09:00:00+08:00"
        ),
    )
    assert late.status_code == 400
    assert Activity.objects.count() == 0


def test_staff_record_attendance_sign_in_and_decide_leave(staff_api, world):
    start = start_today(120)
    activity = Activity.objects.create(
        organisation=world.town_a, kind="study", subject="集中学习", date=start.date(),
        starts_at=start,
    )  # fmt: skip
    asking = Attendance.objects.create(activity=activity, person=world.person_a)
    Attendance.objects.create(activity=activity, person=world.person_a2)
    leave = LeaveRequest.objects.create(attendance=asking, reason="外出开会")

    day = staff_api.get("/activities", day=start.date().isoformat()).json()
    assert [a["id"] for a in day["items"]] == [activity.pk]
    signed = staff_api.post(
        f"/activities/{activity.pk}/signins",
        {"person_id": world.person_a2.pk, "day": start.date().isoformat(), "reason": "现场签到"},
    )
    assert signed.status_code == 201
    twice = staff_api.post(
        f"/activities/{activity.pk}/signins",
        {"person_id": world.person_a2.pk, "day": start.date().isoformat(), "reason": "现场签到"},
    )
    assert twice.status_code == 409

    pending = staff_api.get("/leave-requests").json()["items"]
    assert [p["id"] for p in pending] == [leave.pk]
    decided = staff_api.post(f"/leave-requests/{leave.pk}/decision", {"approve": True})
    assert decided.json()["status"] == "approved"
    assert (
        staff_api.post(f"/leave-requests/{leave.pk}/decision", {"approve": False}).status_code
        == 409
    )

    marked = staff_api.post(
        f"/activities/{activity.pk}/attendance",
        {"person_id": world.person_a2.pk, "status": "absent", "note": "更正"},
    )
    assert marked.json()["status"] == "absent"
    sheet = {
        a["name"]: a["status"]
        for a in staff_api.get(f"/activities/{activity.pk}/attendance").json()["items"]
    }
    assert sheet == {"周建华": "leave", "陈玉兰": "absent"}
    assert AttendanceEvent.objects.filter(attendance__activity=activity).count() == 3
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"attendance.recorded", "leave.approve", "signin.manual"} <= actions


def test_every_move_goes_through_the_lifecycle_and_an_illegal_one_is_409(staff_api, world):
    item = Submission.objects.create(
        organisation=world.town_a, kind="proposal", title="关于修缮村道的提案", year=2026,
        state="submitted", submitted_on=timezone.localdate(),
    )  # fmt: skip
    item.proposers.create(person=world.person_a)
    filed = staff_api.post(f"/submissions/{item.pk}/moves/file", {"version": item.version})
    assert filed.status_code == 200 and filed.json()["state"] == "filed"
    stale = staff_api.post(f"/submissions/{item.pk}/moves/assign", {"version": item.version})
    assert stale.status_code == 409  # the version read before filing
    deadline = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    assign = {"version": item.version + 1, "lead_unit": "甲镇农业办", "deadline": deadline}
    assigned = staff_api.post(f"/submissions/{item.pk}/moves/assign", assign)
    assert assigned.status_code == 200 and assigned.json()["state"] == "handling"
    again = staff_api.post(f"/submissions/{item.pk}/moves/file", {})
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    no_reply = staff_api.post(f"/submissions/{item.pk}/moves/reply", {"reply_class": "A"})
    assert no_reply.status_code == 400
    replied = staff_api.post(
        f"/submissions/{item.pk}/moves/reply", {"reply_class": "A", "reply_text": "已落实。"}
    )
    assert replied.json()["state"] == "replied"
    assert staff_api.post(f"/submissions/{item.pk}/moves/fly", {}).status_code == 404
    assert SubmissionEvent.objects.filter(submission=item).exclude(action="created").count() == 3
    assert AuditEntry.objects.filter(action="submission.assign", target_id=str(item.pk)).exists()
    Submission.objects.filter(pk=item.pk).update(organisation=world.town_b)
    assert staff_api.post(f"/submissions/{item.pk}/moves/close", {}).status_code == 404


def test_staff_record_and_correct_a_visit(staff_api, world):
    today = timezone.localdate()
    visit = {"date": today.isoformat(), "method": "home", "person_ids": [world.person_a.pk],
             "heard": "合作社用工紧张", "concern_open": True}  # fmt: skip
    created = staff_api.post("/visits", visit)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["people"], body["concern_status"]) == (["周建华"], "open")
    outside = staff_api.post("/visits", {**visit, "person_ids": [world.person_b.pk]})
    assert outside.status_code == 400
    corrected = staff_api.put(
        f"/visits/{body['id']}", {**visit, "visitors": "镇联络组", "version": body["version"]}
    )
    assert corrected.json()["visitors"] == "镇联络组"
    stale = staff_api.put(f"/visits/{body['id']}", {**visit, "version": body["version"]})
    assert stale.status_code == 409
    assert Visit.objects.count() == 1
    assert AuditEntry.objects.filter(action="visit.updated").count() == 1


@pytest.mark.parametrize("who", ["outsider", "leader", "member"])
def test_no_one_else_writes_the_office_records(client, world, who):
    start = start_today(120)
    activity = Activity.objects.create(
        organisation=world.town_a, kind="study", subject="集中学习", date=start.date()
    )
    api = StaffApi(client, _token(getattr(world, who)))
    assert api.put(f"/activities/{activity.pk}", _activity()).status_code == 404
    assert (
        api.post(
            f"/activities/{activity.pk}/invitations", {"person_ids": [world.person_a.pk]}
        ).status_code
        == 404
    )
    assert api.post(f"/activities/{activity.pk}/attendance",
                    {"person_id": world.person_a.pk, "status": "present"}).status_code == 404  # fmt: skip
    assert Attendance.objects.filter(activity=activity).count() == 0
    created = api.post("/activities", _activity())  # staff elsewhere create in their own office
    assert created.status_code == (201 if who == "outsider" else 404)
    assert not Activity.objects.filter(organisation=world.town_a, subject="视察工业园区").exists()


def test_times_without_a_zone_or_out_of_range_are_a_400_not_an_error(staff_api):
    today = timezone.localdate()
    naive = staff_api.post("/activities", _activity(starts_at=f"{today.isoformat()}T09:00:00"))
    assert naive.status_code == 201
    assert naive.json()["starts_at"].startswith(today.isoformat())
    far = staff_api.post("/activities", _activity(starts_at="0001-01-01T00:00:00+14:00"))
    assert far.status_code == 400
