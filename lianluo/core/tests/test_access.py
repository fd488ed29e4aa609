"""The role names core.access decides by are the accounts' roles (core imports no app, so it names
them by value), and the role checks read as the pages expect."""

from lianluo.accounts.models import Role
from lianluo.core import access


def test_core_names_the_roles_of_accounts():
    assert (access.ADMIN, access.STAFF, access.LEADER, access.MEMBER, access.HANDLER) == (
        Role.ADMIN,
        Role.STAFF,
        Role.LEADER,
        Role.MEMBER,
        Role.HANDLER,
    )
    assert set(Role.values) == {access.ADMIN, access.STAFF, access.LEADER, access.MEMBER,
                                access.HANDLER}  # fmt: skip


def test_who_reads_what(world):
    assert access.can_read_audit(world.staff) and access.can_read_audit(world.admin)
    assert not access.can_read_audit(world.leader) and not access.can_read_audit(world.member)
    assert access.is_member(world.member) and not access.is_member(world.staff)
    assert access.is_handler(world.handler) and not access.is_handler(world.member)
    assert access.is_person_or_org_reader(world.member) and access.is_person_or_org_reader(
        world.leader
    )
    assert not access.is_person_or_org_reader(world.handler)


def test_a_child_record_outside_its_parents_scope_is_the_same_404_as_a_missing_one(world):
    import datetime as dt

    import pytest
    from django.core.files.base import ContentFile
    from django.http import Http404

    from lianluo.activities.models import Activity, ActivityFile
    from lianluo.activities.selectors import access_activity_file

    activity = Activity.objects.create(
        organisation=world.town_a, code="F1", kind="study", subject="学习", date=dt.date(2026, 3, 1)
    )
    stored = ActivityFile(activity=activity, kind="minutes", original_name="纪要.docx", size=1)
    stored.file.save("minutes.docx", ContentFile(b"x"), save=True)
    assert access_activity_file(viewer=world.staff, pk=stored.pk) == stored
    assert access_activity_file(viewer=world.leader, pk=stored.pk) == stored  # the upper level
    messages = []
    for viewer, pk in ((world.outsider, stored.pk), (world.member, stored.pk), (world.staff, 0)):
        with pytest.raises(Http404) as refused:
            access_activity_file(viewer=viewer, pk=pk)
        messages.append(str(refused.value))
    assert messages == ["记录不存在或无权查看"] * 3
