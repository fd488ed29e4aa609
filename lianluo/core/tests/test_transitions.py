"""One runner for every state change (core.transitions): each lifecycle that uses it locks, checks the
version, refuses what its state does not allow, and writes an event row and an audit entry, or
writes nothing at all; and each record's page shows its history."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lianluo.activities.models import Activity, Attendance, LeaveEvent, LeaveRequest
from lianluo.activities.services import activity_invite, leave_request_create, leave_request_decide
from lianluo.audit.models import AuditEntry
from lianluo.briefings.models import BriefingEvent
from lianluo.briefings.services import ItemData, briefing_create, briefing_issue, briefing_save
from lianluo.core.errors import ApplicationError
from lianluo.court.models import CaseEvent, CaseStatus
from lianluo.court.services import case_advance, case_register
from lianluo.reception.models import Pickup, PickupEvent
from lianluo.reception.services import delay_flight, pickup_move
from lianluo.reception.tests.test_reception import centenary  # noqa: F401 (fixture)
from lianluo.rectification.models import RectificationEvent, RectificationStatus
from lianluo.rectification.services import RectificationData, rectification_move, rectification_save


def _written(model, **filters) -> tuple[int, int]:
    return model.objects.filter(**filters).count(), AuditEntry.objects.count()


@pytest.fixture
def rectification(world):
    return rectification_save(
        actor=world.staff,
        organisation=world.town_a,
        data=RectificationData(opinion="庭审旁听座位不足", measure="增设旁听席", owner="办公室"),
    )


def test_a_transition_writes_its_event_and_audit_and_a_refused_one_writes_nothing(
    world, rectification
):
    before = _written(RectificationEvent, item=rectification)
    stale = rectification.version - 1
    with pytest.raises(ApplicationError, match="刚刚已被他人更新"):
        rectification_move(actor=world.staff, item=rectification, move="start", version=stale)
    with pytest.raises(ApplicationError, match="当前为“待整改”，不能“反馈提出人”"):
        rectification_move(actor=world.staff, item=rectification, move="feed_back")
    with pytest.raises(ApplicationError, match="请填写整改结果"):  # the effect refuses
        rectification_move(actor=world.staff, item=rectification, move="complete", data={})
    with pytest.raises(ApplicationError, match="只有本组织工作人员"):
        rectification_move(actor=world.outsider, item=rectification, move="start")
    rectification.refresh_from_db()
    assert rectification.status == RectificationStatus.PENDING
    assert _written(RectificationEvent, item=rectification) == before

    version = rectification.version
    done = rectification_move(
        actor=world.staff,
        item=rectification,
        move="complete",
        version=version,
        data={"result": "已增设旁听席20个"},
    )
    assert (done.status, done.version, done.result) == ("done", version + 1, "已增设旁听席20个")
    assert rectification.status == "done"  # the caller's instance is brought up to date
    event = RectificationEvent.objects.filter(item=rectification).last()
    assert (event.action, event.from_status, event.to_status, event.comment) == (
        "complete",
        "pending",
        "done",
        "已增设旁听席20个",
    )
    entry = AuditEntry.objects.order_by("id").last()
    assert (entry.action, entry.before, entry.after["status"]) == (
        "rectification.complete",
        {"status": "pending"},
        "done",
    )


def test_a_court_case_has_its_history_on_its_page(client, world):
    case = case_register(
        actor=world.court_staff,
        organisation=world.court,
        case_number="（2026）松民初123号",
        title="涉企执行案件",
        raised_by=[world.person_court],
        received_on=dt.date(2026, 3, 2),
    )
    with pytest.raises(ApplicationError, match="请先制定办理方案"):
        case_advance(actor=world.court_staff, case=case, step="reply", text="已答复")
    with pytest.raises(ApplicationError, match="请填写办理方案"):
        case_advance(actor=world.court_staff, case=case, step="plan", text="  ")
    with pytest.raises(ApplicationError, match="日期不能早于收到日期"):
        case_advance(
            actor=world.court_staff, case=case, step="plan", text="专人跟进", on=dt.date(2026, 3, 1)
        )
    assert list(CaseEvent.objects.filter(case=case).values_list("action", flat=True)) == [
        "registered"
    ]
    case_advance(actor=world.court_staff, case=case, step="plan", text="执行局专人跟进")
    case_advance(actor=world.court_staff, case=case, step="reply", text="已书面答复程序进展")
    with pytest.raises(ApplicationError, match="办理方案已经制定"):
        case_advance(actor=world.court_staff, case=case, step="plan", text="再次")
    case.refresh_from_db()
    assert case.status == CaseStatus.REPLIED
    steps = list(CaseEvent.objects.filter(case=case).values_list("action", "to_status"))
    assert steps == [("registered", "registered"), ("plan", "planned"), ("reply", "replied")]
    assert {"court.case.plan", "court.case.reply"} <= set(
        AuditEntry.objects.values_list("action", flat=True)
    )
    client.force_login(world.court_staff)
    page = client.get(reverse("court:case", args=[case.pk])).content.decode()
    assert "办理经过" in page and "制定办理方案" in page and "执行局专人跟进" in page


def test_a_leave_request_is_asked_and_decided_with_events(client, world):
    day = timezone.localdate() + dt.timedelta(days=5)
    activity = Activity.objects.create(
        organisation=world.town_a, code="L1", kind="study", subject="学习会", date=day
    )
    activity_invite(actor=world.staff, activity=activity, people=[world.person_a])
    leave = leave_request_create(actor=world.member, activity=activity, reason="出差在外")
    stale = leave.version
    leave_request_decide(actor=world.staff, leave=leave, approve=True, note="同意")
    with pytest.raises(ApplicationError, match="已经审批过了|刚刚已被他人审批"):
        leave_request_decide(actor=world.staff, leave=leave, approve=False, version=stale)
    assert Attendance.objects.get(activity=activity).status == "leave"
    assert LeaveRequest.objects.get().status == "approved"
    steps = list(LeaveEvent.objects.values_list("action", "to_status", "comment"))
    assert steps == [("asked", "pending", "出差在外"), ("approve", "approved", "同意")]
    assert AuditEntry.objects.filter(action="leave.approve").count() == 1
    client.force_login(world.staff)
    page = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "请假审批记录（2条）" in page and "周建华：批准请假" in page


def test_a_briefing_is_issued_once_with_its_event(client, world):
    briefing = briefing_create(
        actor=world.staff, organisation=world.town_a, title="联络工作简报", year=2026
    )
    with pytest.raises(ApplicationError, match="还没有内容"):
        briefing_issue(actor=world.staff, briefing=briefing)
    assert BriefingEvent.objects.filter(briefing=briefing).count() == 1  # created
    briefing_save(
        actor=world.staff,
        briefing=briefing,
        title="联络工作简报",
        items=[],
        new_item=ItemData(heading="开展视察", body="组织委员视察。"),
    )
    issued = briefing_issue(actor=world.staff, briefing=briefing)
    with pytest.raises(ApplicationError, match="简报已印发"):
        briefing_issue(actor=world.staff, briefing=briefing)
    assert (issued.number, issued.status) == (1, "issued")
    steps = list(BriefingEvent.objects.values_list("action", "to_status"))
    assert steps == [("created", "draft"), ("issue", "issued")]
    entry = AuditEntry.objects.get(action="briefing.issue")
    assert entry.after["number"] == 1
    client.force_login(world.staff)
    page = client.get(reverse("briefings:detail", args=[briefing.pk])).content.decode()
    assert "起草" in page and "2026年第1期" in page


def test_every_pickup_of_a_delayed_flight_is_moved_by_the_runner(world, centenary):  # noqa: F811
    staff, event = centenary["staff"], centenary["event"]
    guest = centenary["guests"]["沈嘉禾"]
    pickup = Pickup.objects.get(leg__guest=guest)
    with pytest.raises(ApplicationError, match="不能改为“延误”"):
        pickup_move(actor=staff, pickup=pickup, status="delayed")
    pickup_move(actor=centenary["volunteer"], pickup=pickup, status="met", note="已在出口接到")
    assert AuditEntry.objects.filter(action="pickup.met").count() == 1
    new_time = timezone.now() + dt.timedelta(hours=3)
    assert delay_flight(actor=staff, event=event, number="MU5301", expected_at=new_time) == 2
    delayed = PickupEvent.objects.filter(to_status="delayed")
    assert delayed.count() == 2 and AuditEntry.objects.filter(action="pickup.delayed").count() == 2
    assert all("MU5301延误" in e.note for e in delayed)
    assert Pickup.objects.filter(leg__number="MU5301", status="pending").count() == 2
    assert AuditEntry.objects.filter(action="reception.delayed").count() == 1
