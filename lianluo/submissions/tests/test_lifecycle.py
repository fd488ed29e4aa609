"""Every lifecycle walked end to end through the web views, as the people who take each step."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from lianluo.accounts.tests.factories import TEST_PASSWORD, make_user
from lianluo.core.errors import ApplicationError
from lianluo.notifications.models import Message
from lianluo.submissions.lifecycle import MOVES
from lianluo.submissions.models import (
    Adoption,
    Assignment,
    Confirmation,
    ExtensionRequest,
    Proposer,
    Rating,
    Submission,
    SubmissionEvent,
    SubmissionSettings,
    SubmissionState,
)
from lianluo.submissions.services import SubmissionData, submission_move, submission_save

S = SubmissionState


def _client(client, user):
    client.logout()
    assert client.login(username=user.username, password=TEST_PASSWORD)
    return client


def _move(client, item, move, **data):
    item.refresh_from_db()
    data.setdefault("version", item.version)
    response = client.post(reverse("submissions:move", args=[item.pk, move]), data, follow=True)
    assert response.status_code == 200
    item.refresh_from_db()
    return [str(m) for m in response.context["messages"]]


def _unit_user(world, name, unit):
    user = make_user(name, organisation=world.district, role="handler")
    user.handling_unit = unit
    user.save(update_fields=["handling_unit"])
    return user


@pytest.fixture
def cosigner(world):
    return make_user("member_a2", organisation=world.town_a, role="member", person=world.person_a2)


def test_a_joint_proposal_from_draft_to_closed_through_the_web(client, world, cosigner):
    lead_handler = _unit_user(world, "nongye", "甲镇农业农村办")
    assisting_handler = _unit_user(world, "caizheng", "甲镇财政所")

    # A member drafts on the phone with a co-signer, then submits.
    _client(client, world.member)
    response = client.post(
        reverse("submissions:create"),
        {
            "kind": "proposal",
            "title": "关于建设镇区农产品冷链仓储中心的提案",
            "body": "镇区农产品缺少冷链仓储，损耗大。",
            "proposers": [world.person_a2.pk],
            "suggested_units": "甲镇农业农村办",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    item = Submission.objects.get()
    assert item.state == S.SUBMITTED and item.code == f"{item.year}-TA001"
    assert list(item.proposers.values_list("person__name", "confirmation")) == [
        ("周建华", Confirmation.CONFIRMED),
        ("陈玉兰", Confirmation.PENDING),
    ]
    assert Message.objects.filter(person=world.person_a2, subject__contains="请确认联名").exists()

    # The co-signer confirms from their own list.
    _client(client, cosigner)
    assert "请确认是否联名" in client.get(reverse("submissions:mine")).content.decode()
    _move(client, item, "confirm")
    assert item.proposers.get(person=world.person_a2).confirmation == Confirmation.CONFIRMED

    # The member may not file their own proposal.
    _client(client, world.member)
    notices = _move(client, item, "file")
    assert item.state == S.SUBMITTED and any("只有工作人员" in n for n in notices)

    # Staff file it and assign a lead and an assisting unit; the deadline is the office's rule.
    _client(client, world.staff)
    _move(client, item, "file")
    assert item.state == S.FILED
    _move(client, item, "assign", lead_unit="甲镇农业农村办", assisting_units="甲镇财政所")
    assert item.state == S.HANDLING
    lead = Assignment.objects.get(submission=item, role="lead")
    assert lead.unit.name == "甲镇农业农村办"
    assert item.deadline == lead.deadline and (item.deadline - lead.assigned_on).days in range(
        89, 93
    )

    # The assisting unit sends its view; it may not answer in the lead's place.
    _client(client, assisting_handler)
    assert "冷链" in client.get(reverse("submissions:handling")).content.decode()
    notices = _move(client, item, "reply", reply_class="A", reply_text="已解决")
    assert item.state == S.HANDLING and any("主办单位" in n for n in notices)
    _move(client, item, "send_view", comment="财政所可安排补助资金。")
    assert Assignment.objects.get(submission=item, role="assisting").view_text

    # The lead unit replies (class B); every proposer is told.
    _client(client, lead_handler)
    _move(client, item, "reply", reply_class="B", reply_text="已列入明年计划。")
    assert item.state == S.REPLIED and item.reply_class == "B"
    assert Message.objects.filter(subject__startswith="已答复").count() == 2

    # Unsatisfied without a reason is refused; with one it goes back for handling once.
    _client(client, world.member)
    notices = _move(client, item, "rate", attitude="satisfied", result="unsatisfied")
    assert item.state == S.REPLIED and any("理由" in n for n in notices)
    _move(client, item, "rate", attitude="satisfied", result="unsatisfied", reason="没有时间表")
    assert item.state == S.HANDLING and item.handling_round == 1 and item.reply_text == ""

    _client(client, lead_handler)
    _move(client, item, "reply", reply_class="A", reply_text="冷链中心明年三月开工。")
    assert item.state == S.REPLIED

    # Both proposers rate the second reply; when the last one has rated it is closed.
    _client(client, world.member)
    _move(client, item, "rate", attitude="satisfied", result="satisfied")
    assert item.state == S.REPLIED
    _client(client, cosigner)
    _move(client, item, "rate", attitude="basic", result="basic")
    assert item.state == S.CLOSED

    actions = list(item.events.values_list("action", "from_state", "to_state"))
    assert actions == [
        ("submit", "draft", "submitted"),
        ("confirm", "submitted", "submitted"),
        ("file", "submitted", "filed"),
        ("assign", "filed", "handling"),
        ("send_view", "handling", "handling"),
        ("reply", "handling", "replied"),
        ("rate", "replied", "handling"),
        ("reply", "handling", "replied"),
        ("rate", "replied", "replied"),
        ("rate", "replied", "closed"),
    ]
    assert Rating.objects.filter(submission=item).count() == 3

    # The page shows the whole history to the member, in Chinese.
    page = client.get(reverse("submissions:detail", args=[item.pk])).content.decode()
    assert "办理中 → 已答复" in page and "没有时间表" in page

    # The audit log names every step in Chinese, as the lifecycle table does.
    _client(client, world.admin)
    audit = client.get(reverse("audit:list")).content.decode()
    assert '操作">提案建议：立案<' in audit and '操作">提案建议：评价答复<' in audit


def test_a_public_opinion_report_is_reported_and_adopted_per_level(client, world):
    _client(client, world.member)
    client.post(
        reverse("submissions:create"),
        {"kind": "opinion_report", "title": "关于农村留守老人就医难的情况反映", "submit": "1"},
    )
    item = Submission.objects.get()
    _client(client, world.staff)
    notices = _move(client, item, "report")
    assert item.state == S.SUBMITTED and any("报送去向" in n for n in notices)
    _move(client, item, "report", comment="编入第3期，报送区政协")
    assert item.state == S.HANDLING
    _move(client, item, "adopt", level="district", adopted_on="2026-05-06", adopted_by="区政协")
    _move(
        client,
        item,
        "adopt",
        level="city",
        adopted_on="2026-06-01",
        instructed_by="王市长",
        instruction="请卫健委研究。",
    )
    notices = _move(client, item, "adopt", level="city")
    assert any("已登记过市级采用" in n for n in notices)
    _move(client, item, "close_report")
    assert item.state == S.CLOSED
    assert list(Adoption.objects.values_list("level", flat=True)) == ["district", "city"]
    assert Adoption.objects.get(level="city").instruction == "请卫健委研究。"
    page = client.get(reverse("submissions:detail", args=[item.pk])).content.decode()
    assert "被市级采用" in page and "王市长批示" in page


def test_a_suggestion_is_forwarded_and_replied_by_staff_for_a_paper_reply(client, world):
    item = submission_save(
        actor=world.staff,
        organisation=world.town_a,
        data=SubmissionData(
            kind="suggestion", title="关于完善工业园区道路的建议", proposers=[world.person_a]
        ),
    )
    _client(client, world.staff)
    _move(client, item, "submit")
    _move(client, item, "forward", lead_unit="甲镇人民政府")
    _move(client, item, "reply", reply_class="B", reply_text="已列入计划")
    assert item.state == S.REPLIED
    _move(client, item, "close")
    assert item.state == S.CLOSED


def test_a_deputys_motion_is_filed_assigned_replied_and_rated(client, world):
    handler = _unit_user(world, "jiaotong", "甲镇交通办")
    _client(client, world.member)
    client.post(
        reverse("submissions:create"),
        {"kind": "motion", "title": "关于修建跨河大桥的议案", "submit": "1"},
    )
    item = Submission.objects.get(kind="motion")
    assert item.state == S.SUBMITTED and item.code.endswith("YA001")
    _client(client, world.staff)
    _move(client, item, "file")
    _move(client, item, "assign", lead_unit="甲镇交通办")
    _client(client, handler)
    _move(client, item, "reply", reply_class="C", reply_text="资金不足，暂缓")
    _client(client, world.member)
    _move(client, item, "rate", attitude="satisfied", result="basic")
    assert item.state == S.CLOSED
    assert [e.action for e in item.events.all()] == ["submit", "file", "assign", "reply", "rate"]


def test_an_opinion_is_forwarded_replied_and_becomes_rectification(client, world):
    item = submission_save(
        actor=world.court_staff,
        organisation=world.court,
        data=SubmissionData(
            kind="opinion", title="关于缩短执行案件周期的意见", proposers=[world.person_court]
        ),
    )
    _client(client, world.court_staff)
    _move(client, item, "submit")
    _move(client, item, "forward", lead_unit="执行局")
    _move(client, item, "reply", reply_class="B", reply_text="正在推行执行案件繁简分流")
    _move(client, item, "close")
    assert item.state == S.CLOSED
    response = client.post(
        reverse("rectification:create") + f"?submission={item.pk}",
        {
            "source_text": item.code,
            "opinion": item.title,
            "raised_by": [world.person_court.pk],
            "measure": "执行案件繁简分流",
            "owner": "执行局",
        },
    )
    assert response.status_code == 302
    rectification = item.rectifications.get()
    assert rectification.source_submission == item and rectification.status == "pending"


def test_refusing_converting_and_merging(client, world):
    def proposal(title, person):
        item = submission_save(
            actor=None,
            organisation=world.town_a,
            data=SubmissionData(kind="proposal", title=title, proposers=[person]),
        )
        return submission_move(actor=None, submission=item, move="submit")

    lead = proposal("关于加强农村饮水安全的提案", world.person_a)
    duplicate = proposal("关于保障农村饮水安全的提案", world.person_a2)
    refused = proposal("关于修建镇区广场的提案", world.person_a)
    converted = proposal("关于路灯维修的提案", world.person_a)
    _client(client, world.staff)

    page = client.get(reverse("submissions:detail", args=[duplicate.pk])).content.decode()
    assert "相近的事项" in page and lead.title in page

    _move(client, duplicate, "merge", lead=lead.code)
    assert duplicate.state == S.MERGED and duplicate.merged_into == lead
    joined = Proposer.objects.get(submission=lead, person=world.person_a2)
    assert joined.joined_from == duplicate
    assert SubmissionEvent.objects.filter(submission=lead, action="merged_in").exists()

    notices = _move(client, refused, "refuse")
    assert refused.state == S.SUBMITTED and any("理由" in n for n in notices)
    _move(client, refused, "refuse", reason="不属于政协提案范围")
    assert refused.state == S.NOT_FILED

    _move(client, converted, "convert", reason="事项具体，宜作建议")
    assert converted.kind == "suggestion" and converted.state == S.SUBMITTED

    # The reply to the lead reaches the proposer merged in.
    _move(client, lead, "file")
    _move(client, lead, "assign", lead_unit="甲镇水务站")
    _move(client, lead, "reply", reply_class="A", reply_text="已完成管网改造")
    assert Message.objects.filter(person=world.person_a2, subject__startswith="已答复").exists()


def test_objection_window_and_extension(client, world):
    SubmissionSettings.objects.create(organisation=world.town_a, objection_working_days=7)
    handler = _unit_user(world, "shuiwu", "甲镇水务站")
    item = submission_save(
        actor=None,
        organisation=world.town_a,
        data=SubmissionData(
            kind="suggestion", title="关于河道清淤的建议", proposers=[world.person_a]
        ),
    )
    submission_move(actor=None, submission=item, move="submit")
    monday = dt.date(2026, 3, 2)
    submission_move(
        actor=None, submission=item, move="forward", data={"lead_unit": "甲镇水务站"}, today=monday
    )
    # 7 working days after Monday 2 March is Wednesday 11 March.
    with pytest.raises(ApplicationError, match="3月11日"):
        submission_move(
            actor=handler,
            submission=item,
            move="object",
            data={"reason": "不属本单位职责"},
            today=dt.date(2026, 3, 12),
        )
    submission_move(
        actor=handler,
        submission=item,
        move="object",
        data={"reason": "不属本单位职责"},
        today=dt.date(2026, 3, 11),
    )
    assert Assignment.objects.get(active=True).objection_reason == "不属本单位职责"

    item.refresh_from_db()
    with pytest.raises(ApplicationError, match="最长6个月"):
        submission_move(
            actor=handler,
            submission=item,
            move="request_extension",
            data={"reason": "需要调查", "date": dt.date(2026, 9, 3)},
            today=monday,
        )
    submission_move(
        actor=handler,
        submission=item,
        move="request_extension",
        data={"reason": "需要调查", "date": dt.date(2026, 8, 1)},
        today=monday,
    )
    request = ExtensionRequest.objects.get()
    _client(client, world.staff)
    _move(client, item, "decide_extension", extension=request.pk, decision="approve")
    assert item.deadline == dt.date(2026, 8, 1)
    assert Assignment.objects.get(active=True).deadline == dt.date(2026, 8, 1)


def test_reviewer_answers_many_items_at_once(client, world):
    items = []
    for title in ("关于甲的提案", "关于乙的提案"):
        item = submission_save(
            actor=None,
            organisation=world.town_a,
            data=SubmissionData(kind="proposal", title=title, proposers=[world.person_a]),
        )
        items.append(submission_move(actor=None, submission=item, move="submit"))
    closed = submission_save(
        actor=None,
        organisation=world.town_a,
        data=SubmissionData(kind="proposal", title="关于丙的提案", proposers=[world.person_a]),
    )
    _client(client, world.staff)
    # One item cannot be refused (it is a draft): nothing is written.
    response = client.post(
        reverse("submissions:batch"),
        {"move": "refuse", "items": [i.pk for i in [*items, closed]], "text": "重复提交"},
        follow=True,
    )
    assert "未处理任何事项" in response.content.decode()
    assert set(Submission.objects.values_list("state", flat=True)) == {S.SUBMITTED, S.DRAFT}
    client.post(
        reverse("submissions:batch"),
        {"move": "refuse", "items": [i.pk for i in items], "text": "重复提交"},
    )
    assert Submission.objects.filter(state=S.NOT_FILED).count() == 2


@pytest.mark.parametrize("move", sorted(MOVES))
def test_every_move_is_refused_from_every_state_it_does_not_start_from(world, move):
    spec = MOVES[move]
    kind = sorted(spec.kinds)[0]
    item = submission_save(
        actor=None,
        organisation=world.town_a,
        data=SubmissionData(kind=kind, title="关于测试的事项", proposers=[world.person_a]),
    )
    for state in sorted(set(S.values) - spec.sources):
        Submission.objects.filter(pk=item.pk).update(state=state)
        with pytest.raises(ApplicationError) as refused:
            submission_move(actor=None, submission=item, move=move, data={"reason": "x"})
        assert refused.value.code == "conflict"
        assert "不能" in refused.value.message
        assert Submission.objects.get(pk=item.pk).state == state
    assert not SubmissionEvent.objects.filter(submission=item).exists()


def test_a_leader_and_another_office_cannot_move_an_item(world):
    item = submission_save(
        actor=None,
        organisation=world.town_a,
        data=SubmissionData(kind="proposal", title="关于测试的提案", proposers=[world.person_a]),
    )
    submission_move(actor=None, submission=item, move="submit")
    for actor in (world.leader, world.outsider, world.handler):
        with pytest.raises(ApplicationError) as refused:
            submission_move(actor=actor, submission=item, move="file")
        assert refused.value.code == "forbidden"
    assert Submission.objects.get(pk=item.pk).state == S.SUBMITTED


def test_a_stale_version_is_refused(world):
    item = submission_save(
        actor=None,
        organisation=world.town_a,
        data=SubmissionData(kind="proposal", title="关于测试的提案", proposers=[world.person_a]),
    )
    submission_move(actor=None, submission=item, move="submit")
    seen = Submission.objects.get(pk=item.pk).version
    submission_move(actor=world.staff, submission=item, move="file", version=seen)
    with pytest.raises(ApplicationError, match="已被他人处理"):
        submission_move(
            actor=world.staff, submission=item, move="refuse", version=seen, data={"reason": "x"}
        )


@pytest.mark.django_db(transaction=True)
def test_two_reviewers_acting_at_once_only_one_succeeds(world):
    item = submission_save(
        actor=None,
        organisation=world.town_a,
        data=SubmissionData(kind="proposal", title="关于并发的提案", proposers=[world.person_a]),
    )
    submission_move(actor=None, submission=item, move="submit")
    version = Submission.objects.get(pk=item.pk).version
    barrier = threading.Barrier(2)
    outcomes = []

    def act(move, data):
        try:
            barrier.wait()
            submission_move(
                actor=world.staff,
                submission=Submission.objects.get(pk=item.pk),
                move=move,
                version=version,
                data=data,
            )
            outcomes.append(move)
        except ApplicationError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=("file", {})),
        threading.Thread(target=act, args=("refuse", {"reason": "重复"})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("conflict") == 1
    final = Submission.objects.get(pk=item.pk)
    winner = next(o for o in outcomes if o != "conflict")
    assert final.state == {"file": S.FILED, "refuse": S.NOT_FILED}[winner]
    assert SubmissionEvent.objects.filter(submission=item).exclude(action="submit").count() == 1


def test_an_unconfirmed_cosignature_lapses_after_the_window(client, world, cosigner):
    from lianluo.submissions.tasks import lapse_unconfirmed_cosignatures

    item = submission_save(
        actor=world.member,
        organisation=world.town_a,
        data=SubmissionData(
            kind="proposal",
            title="关于修缮镇区排水沟的提案",
            proposers=[world.person_a, world.person_a2],
        ),
    )
    submission_move(actor=world.member, submission=item, move="submit")
    Proposer.objects.filter(person=world.person_a2).update(
        confirm_by=timezone.localdate() - dt.timedelta(days=1)
    )
    _client(client, cosigner)
    assert "请确认是否联名" not in client.get(reverse("submissions:mine")).content.decode()
    notices = _move(client, item, "confirm")
    assert any("联名确认已过期" in n for n in notices), notices

    lapse_unconfirmed_cosignatures.call_local()
    assert item.proposers.get(person=world.person_a2).confirmation == Confirmation.LAPSED
    assert item.proposers.get(position=0).confirmation == Confirmation.CONFIRMED
