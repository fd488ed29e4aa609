from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from lianluo.audit.services import audit_diff, audit_record
from lianluo.core.access import can_reveal_personal_data, ensure_can_write
from lianluo.core.errors import ApplicationError
from lianluo.core.masking import mask_id_number, mask_mobile
from lianluo.core.validators import (
    id_number_problem,
    mobile_problem,
    normalize_id_number,
    normalize_mobile,
)
from lianluo.orgs.models import Organisation
from lianluo.people.models import (
    STANDARD_SECTORS,
    ActivityGroup,
    Gender,
    Person,
    PersonRole,
    RoleKind,
    Sector,
)
from lianluo.people.search import name_search_keys

PERSON_FIELDS = (
    "name",
    "gender",
    "id_number",
    "mobile",
    "work_unit",
    "position",
    "sector",
    "term",
    "deputy_level",
    "status",
    "status_since",
    "status_note",
    "note",
)


def sector_seed_defaults(*, organisation: Organisation) -> None:
    Sector.objects.bulk_create(
        [
            Sector(organisation=organisation, name=name, position=index)
            for index, name in enumerate(STANDARD_SECTORS)
        ],
        ignore_conflicts=True,
    )


def person_snapshot(person: Person, roles: Iterable[str] | None = None) -> dict:
    """What the audit log keeps of a person: personal identifiers only masked."""
    data = {}
    for field in PERSON_FIELDS:
        value = getattr(person, field)
        if field == "id_number":
            value = mask_id_number(value)
        elif field == "mobile":
            value = mask_mobile(value)
        elif field == "sector":
            value = value.name if value else None
        elif field == "status_since":
            value = value.isoformat() if value else None
        data[field] = value
    if roles is not None:
        data["roles"] = sorted(roles)
    return data


def gender_from_id_number(id_number: str) -> str:
    """The 17th digit of a valid ID number is odd for men and even for women."""
    if not id_number or id_number_problem(id_number):
        return ""
    return Gender.MALE if int(id_number[16]) % 2 else Gender.FEMALE


def person_apply_derived(person: Person) -> None:
    """Normalise identifiers and fill what follows from them (search keys, gender)."""
    person.name = person.name.strip()
    person.id_number = normalize_id_number(person.id_number)
    person.mobile = normalize_mobile(person.mobile)
    person.name_initials, person.name_pinyin = name_search_keys(person.name)
    if not person.gender:
        person.gender = gender_from_id_number(person.id_number)


def person_validate(person: Person) -> None:
    errors: dict[str, list[str]] = {}
    if person.id_number:
        problem = id_number_problem(person.id_number)
        if problem:
            errors["id_number"] = [problem]
    if person.mobile:
        problem = mobile_problem(person.mobile)
        if problem:
            errors["mobile"] = [problem]
    if person.sector_id and person.sector.organisation_id != person.organisation_id:
        errors["sector"] = ["界别不属于本组织"]
    if person.id_number:
        duplicate = Person.objects.filter(
            organisation_id=person.organisation_id, id_number=person.id_number
        ).exclude(pk=person.pk)
        if duplicate.exists():
            errors["id_number"] = ["本组织已有使用该身份证号的人员"]
    if errors:
        raise ValidationError(errors)
    person.full_clean(exclude=["organisation", "sector"], validate_constraints=False)


def _roles_set(person: Person, roles: Iterable[str]) -> None:
    wanted = set(roles)
    unknown = wanted - set(RoleKind.values)
    if unknown:
        raise ValidationError({"roles": [f"未知身份：{'、'.join(sorted(unknown))}"]})
    PersonRole.objects.filter(person=person).exclude(role__in=wanted).delete()
    existing = set(PersonRole.objects.filter(person=person).values_list("role", flat=True))
    PersonRole.objects.bulk_create(
        [PersonRole(person=person, role=role) for role in sorted(wanted - existing)]
    )


def _groups_set(person: Person, groups: Iterable[ActivityGroup]) -> None:
    groups = list(groups)
    if any(group.organisation_id != person.organisation_id for group in groups):
        raise ValidationError({"groups": ["活动小组不属于本组织"]})
    person.activity_groups.set(groups)


@transaction.atomic
def person_create(
    *,
    actor,
    organisation: Organisation,
    roles: Iterable[str],
    groups: Iterable[ActivityGroup] = (),
    **fields,
) -> Person:
    ensure_can_write(actor, organisation, "您没有在该组织中修改人员的权限")
    roles = list(roles)
    if not roles:
        raise ValidationError({"roles": ["请至少选择一个身份"]})
    person = Person(organisation=organisation, **fields)
    person_apply_derived(person)
    person_validate(person)
    person.save()
    _roles_set(person, roles)
    _groups_set(person, groups)
    audit_record(
        actor=actor,
        action="person.created",
        target=person,
        organisation=organisation,
        after=person_snapshot(person, roles),
    )
    return person


@transaction.atomic
def person_update(
    *,
    actor,
    person: Person,
    roles: Iterable[str] | None = None,
    groups: Iterable[ActivityGroup] | None = None,
    **fields,
) -> Person:
    ensure_can_write(actor, person.organisation, "您没有在该组织中修改人员的权限")
    person = Person.objects.select_for_update().get(pk=person.pk)  # serialise concurrent edits
    old_roles = list(person.roles.values_list("role", flat=True))
    before = person_snapshot(person, old_roles)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ApplicationError(f"不能修改字段：{'、'.join(sorted(unknown))}")
    for field, value in fields.items():
        setattr(person, field, value)
    person_apply_derived(person)
    person_validate(person)
    person.save()
    if roles is not None:
        roles = list(roles)
        if not roles:
            raise ValidationError({"roles": ["请至少选择一个身份"]})
        _roles_set(person, roles)
    if groups is not None:
        _groups_set(person, groups)
    _audit_person_change(actor, person, before, roles if roles is not None else old_roles)
    return person


def _audit_person_change(actor, person: Person, before: dict, roles=None) -> None:
    old, new = audit_diff(before, person_snapshot(person, roles))
    if new:
        audit_record(
            actor=actor,
            action="person.updated",
            target=person,
            organisation=person.organisation,
            before=old,
            after=new,
        )


REVEALABLE_FIELDS = {"id_number": "身份证号", "mobile": "手机"}


def person_reveal(*, actor, person: Person, field: str) -> str:
    """The full value of a masked field, for staff who may see it; every reveal is audited."""
    if field not in REVEALABLE_FIELDS:
        raise ApplicationError("该字段不能查看", code="invalid")
    if not can_reveal_personal_data(actor, person.organisation):
        raise ApplicationError("只有本组织工作人员可以查看完整个人信息", code="forbidden")
    audit_record(
        actor=actor,
        action="person.revealed",
        target=person,
        organisation=person.organisation,
        after={"field": field, "label": REVEALABLE_FIELDS[field]},
    )
    return getattr(person, field)


@transaction.atomic
def group_save(
    *,
    actor,
    organisation: Organisation,
    name: str,
    leader: Person | None = None,
    members: Iterable[Person] = (),
    description: str = "",
    group: ActivityGroup | None = None,
) -> ActivityGroup:
    ensure_can_write(actor, organisation, "您没有在该组织中管理活动小组的权限")
    members = list(members)
    if leader is not None and leader not in members:
        members.append(leader)
    if any(person.organisation_id != organisation.pk for person in members):
        raise ValidationError({"members": ["小组成员必须是本组织人员"]})
    creating = group is None
    group = group or ActivityGroup(organisation=organisation)
    before = {} if creating else {"name": group.name, "leader": str(group.leader or "")}
    group.name = name.strip()
    group.leader = leader
    group.description = description
    group.full_clean(exclude=["organisation"], validate_constraints=False)
    if (
        ActivityGroup.objects.filter(organisation=organisation, name=group.name)
        .exclude(pk=group.pk)
        .exists()
    ):
        raise ValidationError({"name": ["本组织已有同名活动小组"]})
    group.save()
    group.members.set(members)
    audit_record(
        actor=actor,
        action="group.created" if creating else "group.updated",
        target=group,
        organisation=organisation,
        before=before or None,
        after={"name": group.name, "leader": str(leader or ""), "members": len(members)},
    )
    return group


@transaction.atomic
def sector_add(*, actor, organisation: Organisation, name: str) -> Sector:
    ensure_can_write(actor, organisation, "您没有管理本组织界别的权限")
    name = name.strip()
    if not name:
        raise ValidationError({"name": ["请填写界别名称"]})
    if Sector.objects.filter(organisation=organisation, name=name).exists():
        raise ValidationError({"name": [f"界别“{name}”已存在"]})
    position = Sector.objects.filter(organisation=organisation).count()
    sector = Sector.objects.create(organisation=organisation, name=name, position=position)
    audit_record(actor=actor, action="sector.created", target=sector, organisation=organisation)
    return sector


@transaction.atomic
def sector_set_active(*, actor, sector: Sector, is_active: bool) -> Sector:
    ensure_can_write(actor, sector.organisation, "您没有管理本组织界别的权限")
    sector.is_active = is_active
    sector.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="sector.updated",
        target=sector,
        organisation=sector.organisation,
        after={"is_active": is_active},
    )
    return sector


OWN_CONTACT_FIELDS = ("mobile", "work_unit", "position")


@transaction.atomic
def person_update_own_contact(*, actor, **fields) -> Person:
    """A member keeps their own mobile, work unit and position up to date; nothing else."""
    if not (actor.is_authenticated and actor.person_id):
        raise ApplicationError("只有绑定了人员信息的账号可以修改自己的联系方式", code="forbidden")
    unknown = set(fields) - set(OWN_CONTACT_FIELDS)
    if unknown:
        raise ApplicationError(f"不能修改字段：{'、'.join(sorted(unknown))}", code="forbidden")
    person = Person.objects.select_for_update().get(pk=actor.person_id)
    before = person_snapshot(person)
    for field, value in fields.items():
        setattr(person, field, value)
    person_apply_derived(person)
    person_validate(person)
    person.save()
    _audit_person_change(actor, person, before)
    return person
