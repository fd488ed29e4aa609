"""The demo: an invented district CPPCC with two township offices, and a county court's office.

The organisations, people and accounts; `lianluo.demo.load.demo_load` adds each capability's
records to them (one module here per capability).
"""

import random
from dataclasses import dataclass, field

from lianluo.accounts.models import Role, User
from lianluo.accounts.services import user_create
from lianluo.core.identity import fake_id_number, fake_mobile
from lianluo.orgs.models import Organisation, OrganisationKind
from lianluo.orgs.services import org_create
from lianluo.people.models import Person, PersonStatus, RoleKind, Sector
from lianluo.people.services import group_save, person_create

DEMO_PASSWORD = "Lianluo2026"  # noqa: S105 (the demo's published password)
DISTRICT = "梧桐区政协"
QINGSHAN = "青山镇政协联络组"
BAIHE = "白河镇政协联络办"
COURT = "松溪县人民法院联络办"
RECEPTION = "梧桐中学百年校庆接待组"  # made by lianluo.demo.reception


@dataclass
class DemoContext:
    rng: random.Random
    orgs: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)


# (name, male, roles, sector, work unit, position)
QINGSHAN_PEOPLE = [
    ("周建华", True, ["member"], "经济界", "青山镇建华农机合作社", "理事长"),
    ("刘志强", True, ["member"], "工商联", "青山志强建材有限公司", "总经理"),
    ("郑国平", True, ["member"], "农业界", "青山镇国平养殖场", "场长"),
    ("陈玉兰", False, ["member"], "医药卫生界", "青山镇卫生院", "副院长"),
    ("吴秀英", False, ["member"], "教育界", "青山镇中心小学", "校长"),
    ("黄德明", True, ["member"], "民盟", "青山镇农业服务中心", "主任"),
    ("林晓燕", False, ["member"], "妇联", "青山镇妇联", "主席"),
    ("何振东", True, ["contact"], None, "青山镇茶叶协会", "会长"),
    ("马丽娟", False, ["contact"], None, "青山镇电子商务服务站", "站长"),
    ("唐文博", True, ["staff"], None, "青山镇人民政府", "联络组工作人员"),
]
BAIHE_PEOPLE = [
    ("孙海涛", True, ["member"], "经济界", "白河镇海涛物流有限公司", "董事长"),
    ("钱美华", False, ["member"], "教育界", "白河镇第一中学", "教师"),
    ("赵永福", True, ["member", "deputy"], "农业界", "白河镇永福果蔬合作社", "社长"),
    ("李春梅", False, ["member"], "医药卫生界", "白河镇中心卫生院", "护士长"),
    ("王建军", True, ["member"], "民建", "白河镇建军机械厂", "厂长"),
    ("冯丽萍", False, ["contact"], None, "白河镇社区服务中心", "主任"),
    ("邓志华", True, ["staff"], None, "白河镇人民政府", "联络办主任"),
]
DISTRICT_PEOPLE = [
    ("范立新", True, ["member"], "中共", "梧桐区发展和改革局", "局长"),
    ("杜婉清", False, ["member", "invited"], "文化艺术界", "梧桐区文化馆", "馆长"),
    ("许晨阳", True, ["staff"], None, "梧桐区政协办公室", "联络科科长"),
]
COURT_PEOPLE = [
    ("曹国栋", True, ["deputy"], None, "松溪县农业农村局", "副局长"),
    ("彭雅琴", False, ["deputy"], None, "松溪县第二中学", "校长"),
    ("蒋伟", True, ["member"], None, "松溪县律师协会", "会长"),
    ("韦秀兰", False, ["supervisor"], None, "松溪县城关社区", "党支部书记"),
    ("卢建国", True, ["supervisor", "deputy"], None, "松溪县个体劳动者协会", "秘书长"),
    ("覃明", True, ["staff"], None, "松溪县人民法院", "联络办主任"),
]


def _sector(org: Organisation, name: str | None) -> Sector | None:
    if name is None:
        return None
    return Sector.objects.get(organisation=org, name=name)


def _people(ctx: DemoContext, org: Organisation, rows, *, deputy_level: str = "") -> list[Person]:
    created = []
    for name, male, roles, sector, work_unit, position in rows:
        person = person_create(
            actor=None,
            organisation=org,
            roles=roles,
            name=name,
            id_number=fake_id_number(ctx.rng, male=male),
            mobile=fake_mobile(ctx.rng),
            sector=_sector(org, sector),
            work_unit=work_unit,
            position=position,
            term="第五届" if "member" in roles else "",
            deputy_level=deputy_level if RoleKind.DEPUTY in roles else "",
        )
        ctx.people[name] = person
        created.append(person)
    return created


def _account(
    ctx: DemoContext, username: str, org: Organisation, role: str, person: Person | None = None
):
    user_create(
        actor=None,
        username=username,
        organisation=org,
        role=role,
        person=person,
        password=DEMO_PASSWORD,
    )


def demo_base(ctx: DemoContext) -> None:
    district = org_create(actor=None, name=DISTRICT, kind=OrganisationKind.CPPCC, region="梧桐区")
    qingshan = org_create(
        actor=None,
        name=QINGSHAN,
        kind=OrganisationKind.CPPCC_GROUP,
        parent=district,
        region="梧桐区青山镇",
    )
    baihe = org_create(
        actor=None,
        name=BAIHE,
        kind=OrganisationKind.CPPCC_OFFICE,
        parent=district,
        region="梧桐区白河镇",
    )
    court = org_create(actor=None, name=COURT, kind=OrganisationKind.COURT_OFFICE, region="松溪县")
    ctx.orgs.update({DISTRICT: district, QINGSHAN: qingshan, BAIHE: baihe, COURT: court})

    _people(ctx, district, DISTRICT_PEOPLE)
    qingshan_people = _people(ctx, qingshan, QINGSHAN_PEOPLE)
    _people(ctx, baihe, BAIHE_PEOPLE, deputy_level="township")
    _people(ctx, court, COURT_PEOPLE, deputy_level="county")
    # One member whose term has ended, so the roster's status filter has something to show.
    retired = person_create(
        actor=None,
        organisation=qingshan,
        roles=["member"],
        name="蒙德华",
        sector=_sector(qingshan, "农业界"),
        work_unit="青山镇退休干部",
        status=PersonStatus.TERM_ENDED,
        term="第四届",
    )
    ctx.people[retired.name] = retired

    by_name = {person.name: person for person in qingshan_people}
    group_save(
        actor=None,
        organisation=qingshan,
        name="经济发展小组",
        leader=by_name["刘志强"],
        members=[by_name[name] for name in ("刘志强", "周建华", "何振东", "马丽娟")],
    )
    group_save(
        actor=None,
        organisation=qingshan,
        name="农业农村小组",
        leader=by_name["郑国平"],
        members=[by_name[name] for name in ("郑国平", "黄德明")],
    )
    group_save(
        actor=None,
        organisation=qingshan,
        name="社会民生小组",
        leader=by_name["陈玉兰"],
        members=[by_name[name] for name in ("陈玉兰", "吴秀英", "林晓燕")],
    )

    _account(ctx, "admin", district, Role.ADMIN)
    _account(ctx, "leader", district, Role.LEADER)
    _account(ctx, "qingshan", qingshan, Role.STAFF)
    _account(ctx, "baihe", baihe, Role.STAFF)
    _account(ctx, "zhoujianhua", qingshan, Role.MEMBER, ctx.people["周建华"])
    _account(ctx, "court", court, Role.STAFF)
    _account(ctx, "caoguodong", court, Role.MEMBER, ctx.people["曹国栋"])
    user_create(
        actor=None,
        username="zhujianju",
        organisation=district,
        role=Role.HANDLER,
        password=DEMO_PASSWORD,
        full_name="梧桐区住房和城乡建设局",
        handling_unit="梧桐区住房和城乡建设局",
    )


def demo_accounts():
    names = [DISTRICT, QINGSHAN, BAIHE, COURT, RECEPTION]
    return (
        User.objects.filter(organisation__name__in=names)
        .select_related("organisation")
        .order_by("organisation__path", "id")
    )


def demo_is_loaded() -> bool:
    return Organisation.objects.filter(name=DISTRICT).exists()
