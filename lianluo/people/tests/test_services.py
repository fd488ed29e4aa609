import pytest
from django.core.exceptions import ValidationError

from lianluo.audit.models import AuditEntry
from lianluo.core.errors import ApplicationError
from lianluo.people.models import Gender, Person, PersonRole
from lianluo.people.services import group_save, person_create, person_reveal, person_update

VALID_ID = "11010519491231002X"


def test_staff_create_a_person_with_roles_search_keys_and_an_audit_entry(world):
    person = person_create(
        actor=world.staff,
        organisation=world.town_a,
        roles=["member", "deputy"],
        name=" 郑国平 ",
        id_number=VALID_ID,
        mobile="138 1234 5678",
    )
    assert person.name == "郑国平"
    assert person.name_initials == "zgp"
    assert person.name_pinyin == "zhengguoping"
    assert person.mobile == "13812345678"
    assert person.gender == Gender.FEMALE  # the 17th digit of the ID number is even
    assert sorted(PersonRole.objects.filter(person=person).values_list("role", flat=True)) == [
        "deputy",
        "member",
    ]
    entry = AuditEntry.objects.get(action="person.created", target_id=str(person.pk))
    assert entry.actor == world.staff
    assert entry.after["id_number"] == "110105********002X"  # the log keeps it masked
    assert entry.after["roles"] == ["deputy", "member"]


def test_bad_identifiers_are_refused_with_chinese_messages_and_nothing_is_written(world):
    before = Person.objects.count()
    with pytest.raises(ValidationError) as caught:
        person_create(
            actor=world.staff,
            organisation=world.town_a,
            roles=["member"],
            name="坏数据",
            id_number=VALID_ID[:17] + "1",
            mobile="2345",
        )
    assert caught.value.message_dict["id_number"] == ["身份证号校验位不正确，请核对号码"]
    assert caught.value.message_dict["mobile"] == ["手机号应为11位，现为4位"]
    assert Person.objects.count() == before


def test_the_same_id_number_twice_in_one_organisation_is_refused(world):
    person_create(
        actor=world.staff,
        organisation=world.town_a,
        roles=["member"],
        name="甲",
        id_number=VALID_ID,
    )
    with pytest.raises(ValidationError) as caught:
        person_create(
            actor=world.staff,
            organisation=world.town_a,
            roles=["member"],
            name="乙",
            id_number=VALID_ID,
        )
    assert "本组织已有使用该身份证号的人员" in caught.value.message_dict["id_number"]


def test_staff_cannot_write_in_another_organisation(world):
    with pytest.raises(ApplicationError) as caught:
        person_create(actor=world.staff, organisation=world.town_b, roles=["member"], name="越权")
    assert caught.value.code == "forbidden"
    with pytest.raises(ApplicationError):
        person_update(actor=world.outsider, person=world.person_a, work_unit="改掉")
    with pytest.raises(ApplicationError):
        person_update(actor=world.leader, person=world.person_a, work_unit="领导只读")


def test_update_audits_only_what_changed(world):
    person_update(
        actor=world.staff, person=world.person_a, position="理事长", roles=["member", "contact"]
    )
    entry = AuditEntry.objects.filter(action="person.updated").latest("id")
    assert entry.before == {"position": "", "roles": ["member"]}
    assert entry.after == {"position": "理事长", "roles": ["contact", "member"]}
    assert entry.organisation == world.town_a


def test_reveal_is_for_the_organisations_staff_and_is_audited(world):
    assert (
        person_reveal(actor=world.staff, person=world.person_a, field="mobile")
        == world.person_a.mobile
    )
    assert (
        person_reveal(actor=world.admin, person=world.person_a, field="id_number")
        == world.person_a.id_number
    )
    assert (
        AuditEntry.objects.filter(
            action="person.revealed", target_id=str(world.person_a.pk)
        ).count()
        == 2
    )
    for actor in (world.leader, world.outsider, world.member):
        with pytest.raises(ApplicationError):
            person_reveal(actor=actor, person=world.person_a, field="mobile")
    assert AuditEntry.objects.filter(action="person.revealed").count() == 2


def test_a_group_leader_is_always_a_member_and_groups_stay_in_their_organisation(world):
    group = group_save(
        actor=world.staff, organisation=world.town_a, name="经济小组", leader=world.person_a
    )
    assert list(group.members.all()) == [world.person_a]
    with pytest.raises(ValidationError):
        group_save(
            actor=world.staff, organisation=world.town_a, name="混编", members=[world.person_b]
        )
