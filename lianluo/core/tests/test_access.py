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
