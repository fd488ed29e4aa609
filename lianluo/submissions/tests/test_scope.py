"""Who reads which submissions: staff their office, upper levels their subtree, members their own,
handlers what is assigned to their unit; internal notes only staff."""

import pytest
from django.urls import reverse

from lianluo.accounts.tests.factories import make_user
from lianluo.submissions.models import Submission
from lianluo.submissions.services import (
    SubmissionData,
    internal_note_add,
    submission_move,
    submission_save,
)


def _item(org, person, title, *, kind="proposal", submit=True):
    item = submission_save(
        actor=None,
        organisation=org,
        data=SubmissionData(kind=kind, title=title, proposers=[person]),
    )
    return submission_move(actor=None, submission=item, move="submit") if submit else item


@pytest.fixture
def items(world):
    a = _item(world.town_a, world.person_a, "关于甲镇农贸市场改造的提案")
    a2 = _item(world.town_a, world.person_a2, "关于甲镇卫生院扩建的提案")
    b = _item(world.town_b, world.person_b, "关于乙镇物流园区建设的提案")
    court = _item(world.court, world.person_court, "关于执行难的意见", kind="opinion")
    draft = _item(
        world.town_a, world.person_a2, "关于甲镇草稿的建议", kind="suggestion", submit=False
    )
    internal_note_add(actor=world.staff, submission=a, text="内部：与去年第5号相近")
    return {"a": a, "a2": a2, "b": b, "court": court, "draft": draft}


@pytest.mark.parametrize(
    ("persona", "sees", "never"),
    [
        ("staff", ["农贸市场", "卫生院", "草稿"], ["物流园区", "执行难"]),
        ("outsider", ["物流园区"], ["农贸市场", "执行难"]),
        ("leader", ["农贸市场", "物流园区"], ["执行难"]),
        ("court_staff", ["执行难"], ["农贸市场", "物流园区"]),
    ],
)
def test_the_list_shows_only_the_viewers_scope(client, world, items, persona, sees, never):
    client.force_login(getattr(world, persona))
    page = client.get(reverse("submissions:list")).content.decode()
    assert all(word in page for word in sees)
    assert not any(word in page for word in never)


def test_a_member_reads_their_own_items_and_nobody_elses(client, world, items):
    client.force_login(world.member)
    mine = client.get(reverse("submissions:mine")).content.decode()
    assert "农贸市场" in mine and "卫生院" not in mine
    assert client.get(reverse("submissions:detail", args=[items["a"].pk])).status_code == 200
    for other in ("a2", "b", "court", "draft"):
        url = reverse("submissions:detail", args=[items[other].pk])
        assert client.get(url).status_code == 404, other
    assert client.get(reverse("submissions:list")).status_code == 404
    page = client.get(reverse("submissions:detail", args=[items["a"].pk])).content.decode()
    assert "内部：与去年第5号相近" not in page


def test_a_handler_reads_only_what_is_assigned_to_its_unit(client, world, items):
    handler = make_user("shichang", organisation=world.district, role="handler")
    handler.handling_unit = "甲镇市场监管所"
    handler.save()
    submission_move(actor=None, submission=items["a"], move="file")
    submission_move(
        actor=None, submission=items["a"], move="assign", data={"lead_unit": "甲镇市场监管所"}
    )
    client.force_login(handler)
    desk = client.get(reverse("submissions:handling")).content.decode()
    assert "农贸市场" in desk and "卫生院" not in desk
    page = client.get(reverse("submissions:detail", args=[items["a"].pk])).content.decode()
    assert "农贸市场" in page and "内部：与去年第5号相近" not in page
    assert client.get(reverse("submissions:detail", args=[items["a2"].pk])).status_code == 404
    # The same unit name in another tree is another unit.
    outsider = make_user("court_handler", organisation=world.court, role="handler")
    outsider.handling_unit = "甲镇市场监管所"
    outsider.save()
    client.force_login(outsider)
    assert client.get(reverse("submissions:detail", args=[items["a"].pk])).status_code == 404


def test_similar_items_never_come_from_outside_the_viewers_scope(client, world, items):
    query = {"title": "关于乙镇物流园区道路建设的提案"}
    client.force_login(world.outsider)
    found = client.get(reverse("submissions:similar"), query).json()["results"]
    assert [r["title"] for r in found] == ["关于乙镇物流园区建设的提案"]
    client.force_login(world.staff)
    assert client.get(reverse("submissions:similar"), query).json()["results"] == []
    # A member is shown titles of their own office's items, without a link.
    client.force_login(world.member)
    found = client.get(
        reverse("submissions:similar"), {"title": "关于甲镇卫生院扩建工程的建议"}
    ).json()["results"]
    assert [r["title"] for r in found] == ["关于甲镇卫生院扩建的提案"]
    assert found[0]["url"] == ""


def test_batch_moves_never_touch_another_offices_items(client, world, items):
    client.force_login(world.outsider)
    client.post(
        reverse("submissions:batch"),
        {"move": "refuse", "items": [items["a"].pk], "text": "不予立案"},
    )
    assert Submission.objects.get(pk=items["a"].pk).state == "submitted"


def test_a_member_cannot_submit_for_someone_else_or_edit_after_submitting(client, world, items):
    client.force_login(world.member)
    client.post(
        reverse("submissions:create"),
        {"kind": "suggestion", "title": "关于代人提交的建议", "proposers": [world.person_a2.pk]},
    )
    item = Submission.objects.get(title="关于代人提交的建议")
    assert list(item.proposers.values_list("person__name", flat=True)) == ["周建华", "陈玉兰"]
    response = client.post(
        reverse("submissions:edit", args=[items["a"].pk]),
        {"kind": "proposal", "title": "改过的标题"},
    )
    assert "已提交的事项不能再修改" in response.content.decode()
    assert Submission.objects.get(pk=items["a"].pk).title == "关于甲镇农贸市场改造的提案"


def test_a_members_draft_is_theirs_alone_until_submitted(client, world, items):
    member_draft = submission_save(
        actor=world.member,
        organisation=world.town_a,
        data=SubmissionData(kind="suggestion", title="关于我还没写完的建议", proposers=[]),
    )
    client.force_login(world.staff)
    assert "还没写完" not in client.get(reverse("submissions:list")).content.decode()
    detail = reverse("submissions:detail", args=[member_draft.pk])
    assert client.get(detail).status_code == 404
    submission_move(actor=world.member, submission=member_draft, move="submit")
    assert "还没写完" in client.get(reverse("submissions:list")).content.decode()
    assert client.get(detail).status_code == 200
