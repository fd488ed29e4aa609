"""The genres of the annual summary, as data: which sections a kind of office writes, in order,
what records each section draws on, and the words it uses for the people it works with.

docs/summary-genres.md describes each genre in the form of spec/summary-genre.md (the CPPCC
group's sketch). compose.py writes a draft from the facts by walking a genre's sections; a section
whose records are empty is left out.

A section `draws` on one kind of facts:
- "activities": the year's activities of `kinds` (and those of `claims` whose subject holds one of
  the words), one paragraph per kind; the genre's last activities section with `rest=True` takes
  every activity no earlier section claimed, so no record is left out of the summary;
- "submissions", "rectification", "visits", "briefings", "contributions", "management",
  "supervisors", "court_cases", "court_contacts", "reception", "offices": the records of that name.
"""

from dataclasses import dataclass

from lianluo.activities.models import ActivityKind as K
from lianluo.orgs.models import OrganisationKind


@dataclass(frozen=True)
class SectionSpec:
    key: str
    heading: str
    draws: tuple[str, ...]
    kinds: tuple[str, ...] = ()
    claims: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (kind, words in the subject)
    rest: bool = False
    by_quarter: bool = False  # the office's rounds: the activities counted per quarter


@dataclass(frozen=True)
class Genre:
    key: str
    label: str
    people: str  # how the summary names the people the office works with
    opening: str
    shortcomings: str
    plan: str
    sections: tuple[SectionSpec, ...]
    # An office reports on its year; an event's reception group on the event it served.
    # Its people are members of the office ("现有委员…") or people it keeps in touch with ("联系…").
    roster_verb: str = "现有"
    period: str = "全年"
    summing_up: str = "现将一年来的工作总结如下："
    plan_heading: str = "{次年}年工作计划"


STUDY = SectionSpec(
    "study",
    "加强学习，提高委员履职能力",
    ("activities",),
    kinds=(K.STUDY, K.SELF_STUDY, K.TRAINING, K.ATTEND_AS_GUEST),
)
CPPCC_SECTIONS = (
    STUDY,
    SectionSpec("work", "开展视察调研，积极建言献策", ("activities",), rest=True),
    SectionSpec("submissions", "认真撰写提案，反映社情民意", ("submissions", "rectification")),
    SectionSpec("liaison", "加强联络服务，扩大宣传", ("visits", "briefings")),
    SectionSpec("contributions", "立足本职岗位，发挥表率作用", ("contributions",)),
    SectionSpec("management", "加强委员管理，严格考勤制度", ("management",)),
)

CPPCC_GROUP = Genre(
    key="cppcc_group",
    label="政协联络组",
    people="委员",
    opening=(
        "一年来，{组织名称}在{上级组织}的领导和指导下，围绕中心、服务大局，组织委员学习、视察、"
        "调研，积极建言献策，较好地履行了职责。"
    ),
    shortcomings=(
        "对照上级要求和委员期待，工作中还存在一些不足：学习的系统性还需加强，视察调研的深度和"
        "建言献策的质量有待提高，联系服务委员的方式还需进一步丰富。"
    ),
    plan="\n".join(
        [
            "坚持学习制度，组织委员集中学习，不断提高履职能力。",
            "围绕{次年}年中心工作，组织开展视察、调研等活动，积极建言献策。",
            "认真撰写提案和社情民意信息，跟踪办理落实。",
            "落实走访委员制度，加强联系服务，办好简报，扩大宣传。",
        ]
    ),
    sections=CPPCC_SECTIONS,
)

CPPCC_OFFICE = Genre(
    key="cppcc_office",
    label="政协联络办",
    people="委员",
    opening=(
        "一年来，{组织名称}在{上级组织}的领导和指导下，以活动小组为依托，按季度组织委员开展"
        "学习、视察、调研和联谊活动，团结引导委员立足本职、建言献策。"
    ),
    shortcomings=(
        "工作中还存在一些不足：各活动小组开展活动还不够均衡，部分委员参加活动的积极性有待提高，"
        "视察调研成果的转化还需加强。"
    ),
    plan="\n".join(
        [
            "坚持活动小组每季度开展活动的制度，提高活动质量和委员参与率。",
            "围绕{次年}年中心工作，组织委员开展视察调研，形成有分量的意见建议。",
            "做好提案和社情民意信息的撰写、报送和跟踪工作。",
            "落实联系走访委员制度，及时了解委员的意见和诉求。",
        ]
    ),
    sections=(
        STUDY,
        SectionSpec(
            "work",
            "依托活动小组，开展视察调研",
            ("activities",),
            rest=True,
            by_quarter=True,
        ),
        *CPPCC_SECTIONS[2:],
    ),
)

COURT_OFFICE = Genre(
    key="court_office",
    label="法院联络办",
    people="代表委员",
    roster_verb="联系",
    opening=(
        "一年来，{组织名称}坚持把主动接受人大监督和政协民主监督作为推进公正司法的重要举措，"
        "拓宽联络渠道，丰富联络形式，认真听取和办理代表委员的意见建议。"
    ),
    shortcomings=(
        "工作中还存在一些不足：联络工作的制度化、常态化水平有待提高，邀请代表委员参与司法活动的"
        "覆盖面还不够广，意见建议办理的反馈还需更加及时。"
    ),
    plan="\n".join(
        [
            "健全联络工作机制，定期走访代表委员，主动通报法院工作。",
            "继续邀请代表委员旁听庭审、参加评议和开放日活动，自觉接受监督。",
            "认真办理代表委员的意见建议和关注案件，按期反馈，抓好整改落实。",
            "发挥廉政监督员作用，促进司法廉洁。",
        ]
    ),
    sections=(
        SectionSpec(
            "hearings",
            "邀请代表委员旁听庭审，开展评议",
            ("activities",),
            kinds=(K.TRIAL_OBSERVATION, K.APPRAISAL),
            claims=((K.FORUM, ("评议",)),),
        ),
        SectionSpec(
            "report_work",
            "主动报告工作，自觉接受人大监督",
            ("activities",),
            kinds=(K.REPORT_WORK,),
        ),
        SectionSpec(
            "open_court",
            "开展视察和开放日活动，增进了解支持",
            ("activities",),
            rest=True,
        ),
        SectionSpec("supervisors", "聘请廉政监督员，强化廉政监督", ("supervisors",)),
        SectionSpec(
            "opinions",
            "认真办理意见建议，抓好整改落实",
            ("submissions", "rectification", "court_cases"),
        ),
        SectionSpec(
            "liaison",
            "走访代表委员，加强日常联络",
            ("visits", "court_contacts", "briefings"),
        ),
    ),
)

DEPUTY_STATION = Genre(
    key="deputy_station",
    label="人大代表联络站",
    people="代表",
    roster_verb="联系",
    opening=(
        "一年来，{组织名称}在{上级组织}的领导下，坚持以人民为中心，组织代表进站履职，"
        "接待选民群众，收集社情民意，推动解决群众关心的实际问题。"
    ),
    shortcomings=(
        "工作中还存在一些不足：代表进站接待的频次还不够均衡，意见建议转办督办的跟踪反馈还需加强，"
        "联络站的宣传还不够广泛。"
    ),
    plan="\n".join(
        [
            "坚持代表定期进站接待选民制度，畅通群众反映诉求的渠道。",
            "认真收集、梳理选民意见建议，及时转办、督办并反馈结果。",
            "组织代表开展学习培训和视察调研，提高履职能力。",
            "加强联络站规范化建设，做好宣传和公示。",
        ]
    ),
    sections=(
        SectionSpec(
            "study",
            "加强学习培训，提高代表履职能力",
            ("activities",),
            kinds=(K.STUDY, K.SELF_STUDY, K.TRAINING, K.ATTEND_AS_GUEST),
        ),
        SectionSpec(
            "reception",
            "组织代表进站，接待联系选民",
            ("activities", "visits"),
            kinds=(K.VISIT, K.FORUM),
        ),
        SectionSpec("work", "开展视察调研，助推中心工作", ("activities",), rest=True),
        SectionSpec(
            "submissions",
            "收集意见建议，做好转办督办",
            ("submissions", "rectification"),
        ),
        SectionSpec("contributions", "发挥代表作用，服务一方群众", ("contributions", "briefings")),
        SectionSpec("management", "加强代表履职管理", ("management",)),
    ),
)

RECEPTION_GROUP = Genre(
    key="reception_group",
    label="会务接待组",
    people="嘉宾",
    opening=(
        "{组织名称}在活动筹备和举办期间，周密安排嘉宾邀请、接送站、报到和食宿等各环节工作，"
        "组织志愿者全程服务，保障了活动顺利进行。"
    ),
    shortcomings=(
        "接待工作中还存在一些不足：部分嘉宾行程信息报送较晚，接站车辆和志愿者调度还需更加灵活，"
        "延误情况的预案还需细化。"
    ),
    plan="\n".join(
        [
            "提前收集嘉宾行程，建立行程变更的及时通报机制。",
            "完善接送站和志愿者调度方案，做好航班、车次延误的应急预案。",
            "总结本次接待经验，形成会务接待工作规范。",
        ]
    ),
    sections=(
        SectionSpec("reception", "精心组织，做好嘉宾接待", ("reception",)),
        SectionSpec("work", "配合开展各项活动", ("activities",), rest=True),
    ),
    period="活动期间",
    summing_up="现将接待工作总结如下：",
    plan_heading="下一步工作",
)

UPPER = Genre(
    key="upper",
    label="上级（汇总所辖单位）",
    people="委员",
    opening=(
        "一年来，{组织名称}指导所辖各联络组（室）围绕中心、服务大局，组织委员学习、视察、调研，"
        "积极建言献策，联络工作整体推进。"
    ),
    shortcomings=CPPCC_GROUP.shortcomings,
    plan="\n".join(
        [
            "加强对所辖各单位联络工作的指导，推动活动经常化、规范化。",
            "围绕{次年}年中心工作，统筹组织视察调研，提高建言献策质量。",
            "抓好提案和社情民意信息的办理和反馈。",
            "落实走访委员制度，缩小各单位之间的差距。",
        ]
    ),
    sections=(
        STUDY,
        SectionSpec("work", "开展视察调研，积极建言献策", ("activities",), rest=True),
        SectionSpec("submissions", "认真撰写提案，反映社情民意", ("submissions", "rectification")),
        SectionSpec("liaison", "加强联络服务，扩大宣传", ("visits", "briefings")),
        SectionSpec("contributions", "立足本职岗位，发挥表率作用", ("contributions",)),
        SectionSpec("offices", "各单位工作情况", ("offices",)),
    ),
)

GENRES = {
    OrganisationKind.CPPCC_GROUP: CPPCC_GROUP,
    OrganisationKind.CPPCC_OFFICE: CPPCC_OFFICE,
    OrganisationKind.COURT_OFFICE: COURT_OFFICE,
    OrganisationKind.DEPUTY_STATION: DEPUTY_STATION,
    OrganisationKind.RECEPTION_GROUP: RECEPTION_GROUP,
}
ALL_GENRES = (CPPCC_GROUP, CPPCC_OFFICE, COURT_OFFICE, DEPUTY_STATION, RECEPTION_GROUP, UPPER)


def genre_for(organisation, *, tree: bool | None = None) -> Genre:
    """The genre an organisation writes in: an upper level's summary over its offices when it has
    offices below it, else its own kind's (a CPPCC group's for the kinds without one)."""
    if tree is None:
        tree = organisation.children.exists()
    if tree:
        return UPPER
    return GENRES.get(organisation.kind, CPPCC_GROUP)
