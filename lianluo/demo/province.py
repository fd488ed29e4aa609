"""A province-like data set for the benchmarks (`lianluo generate_scale`), written in bulk.

Tree: a provincial CPPCC, 12 cities, 8 districts each, 9 township liaison groups each (973
organisations). People are spread over the townships with valid ID numbers and mobiles; each
capability's own `scale` module then adds its records (SCALE_STEPS: activities and attendance,
submissions, contributions).
"""

import random
from dataclasses import dataclass, field

from django.db import connection, transaction

from lianluo.activities.scale import scale_activities
from lianluo.core.identity import UniqueIdNumbers, fake_mobile
from lianluo.duty.scale import scale_contributions
from lianluo.orgs.models import Organisation, OrganisationKind
from lianluo.people.models import (
    STANDARD_SECTORS,
    ActivityGroup,
    Person,
    PersonRole,
    RoleKind,
    Sector,
)
from lianluo.people.search import name_search_keys
from lianluo.submissions.scale import scale_submissions

PROVINCE = "测试省政协"
CITIES, DISTRICTS, TOWNSHIPS = 12, 8, 9
GROUPS_PER_TOWNSHIP = ("经济发展小组", "农业农村小组", "社会民生小组")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓"
    "曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = "建国志强秀英玉兰海涛丽萍明德春梅文博晓燕振东美华永福国平德明雅琴伟军红霞立新婉清晨阳"
UNITS = (
    "农业服务中心",
    "中心小学",
    "卫生院",
    "建材有限公司",
    "农机合作社",
    "商会",
    "司法所",
    "文化站",
    "电子商务服务站",
)
BATCH = 5000


@dataclass
class ScaleContext:
    rng: random.Random
    townships: list[Organisation] = field(default_factory=list)
    people_ids: list[int] = field(default_factory=list)
    activities: int = 0
    notes: list[str] = field(default_factory=list)


SCALE_STEPS = (scale_activities, scale_submissions, scale_contributions)


def _orgs_level(parents: list[Organisation | None], names_for, kind: str) -> list[Organisation]:
    new = []
    for parent in parents:
        for name in names_for(parent):
            new.append(
                Organisation(
                    name=name,
                    kind=kind,
                    parent=parent,
                    depth=0 if parent is None else parent.depth + 1,
                )
            )
    Organisation.objects.bulk_create(new, batch_size=BATCH)
    for org in new:
        org.path = Organisation.path_for(parent=org.parent, pk=org.pk)
    Organisation.objects.bulk_update(new, ["path"], batch_size=BATCH)
    return new


def _tree() -> tuple[list[Organisation], list[Organisation]]:
    province = _orgs_level([None], lambda _: [PROVINCE], OrganisationKind.CPPCC)
    cities = _orgs_level(
        province,
        lambda _: [f"测试省第{i + 1}市政协" for i in range(CITIES)],
        OrganisationKind.CPPCC,
    )
    districts = _orgs_level(
        cities,
        lambda p: [f"{p.name[:-2]}第{i + 1}区政协" for i in range(DISTRICTS)],
        OrganisationKind.CPPCC,
    )
    townships = _orgs_level(
        districts,
        lambda p: [f"{p.name[:-2]}第{i + 1}镇政协联络组" for i in range(TOWNSHIPS)],
        OrganisationKind.CPPCC_GROUP,
    )
    everything = [*province, *cities, *districts, *townships]
    Sector.objects.bulk_create(
        [
            Sector(organisation=org, name=name, position=i)
            for org in everything
            for i, name in enumerate(STANDARD_SECTORS)
        ],
        batch_size=BATCH,
    )
    return everything, townships


@transaction.atomic
def generate_scale(*, members: int, activities: int = 0, seed: int = 1) -> ScaleContext:
    if Organisation.objects.filter(name=PROVINCE).exists():
        raise ValueError(f"{PROVINCE} already exists: generate into an empty database")
    rng = random.Random(seed)  # noqa: S311 (synthetic data)
    ctx = ScaleContext(rng=rng, activities=activities)
    _, ctx.townships = _tree()
    sectors = _group_ids(
        Sector.objects.filter(organisation__in=ctx.townships).values_list("organisation_id", "id")
    )
    groups = ActivityGroup.objects.bulk_create(
        [
            ActivityGroup(organisation=org, name=name)
            for org in ctx.townships
            for name in GROUPS_PER_TOWNSHIP
        ],
        batch_size=BATCH,
    )
    groups_by_org = {}
    for group in groups:
        groups_by_org.setdefault(group.organisation_id, []).append(group.pk)

    id_numbers = UniqueIdNumbers(rng)
    role_choices = [RoleKind.MEMBER] * 8 + [RoleKind.CONTACT, RoleKind.DEPUTY]
    membership = ActivityGroup.members.through
    for start in range(0, members, BATCH):
        people = []
        for index in range(start, min(start + BATCH, members)):
            org = ctx.townships[index % len(ctx.townships)]
            male = rng.random() < 0.6
            name = rng.choice(SURNAMES) + "".join(
                rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))
            )
            initials, full = name_search_keys(name)
            people.append(
                Person(
                    organisation=org,
                    name=name,
                    gender="male" if male else "female",
                    id_number=id_numbers.next(male=male),
                    mobile=fake_mobile(rng),
                    work_unit=f"{org.name[-9:-6]}{rng.choice(UNITS)}",
                    position=rng.choice(("主任", "校长", "院长", "经理", "社长", "")),
                    sector_id=rng.choice(sectors[org.pk]),
                    name_initials=initials,
                    name_pinyin=full,
                )
            )
        Person.objects.bulk_create(people, batch_size=BATCH)
        PersonRole.objects.bulk_create(
            [PersonRole(person_id=p.pk, role=rng.choice(role_choices)) for p in people],
            batch_size=BATCH,
        )
        membership.objects.bulk_create(
            [
                membership(
                    person_id=p.pk, activitygroup_id=rng.choice(groups_by_org[p.organisation_id])
                )
                for p in people
            ],
            batch_size=BATCH,
        )
        ctx.people_ids.extend(p.pk for p in people)
    for step in SCALE_STEPS:
        step(ctx)
    # Fresh statistics, as autovacuum would gather on a live database: without them the planner
    # takes the province's 100,000 people for a handful.
    transaction.on_commit(_analyze)
    return ctx


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _group_ids(pairs) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped
