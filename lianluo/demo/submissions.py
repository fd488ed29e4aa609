"""The demo's year of submissions and rectification (one step of lianluo.demo.load.demo_load).

Every kind and most states are there, so each demo account has something to do: 周建华 has a
reply to rate and a draft, the 青山镇 staff have two similar proposals to merge and an overdue
item, the district's handler 梧桐区住房和城乡建设局 has an item to answer, and the court has an
opinion turned into rectification items.
"""

import datetime as dt

from django.utils import timezone

from lianluo.activities.models import Activity
from lianluo.demo.base import BAIHE, COURT, QINGSHAN
from lianluo.rectification.services import RectificationData, rectification_move, rectification_save
from lianluo.submissions.models import ReplyTemplate, SubmissionCategory
from lianluo.submissions.services import SubmissionData, submission_move, submission_save

CATEGORIES = ("经济建设", "农业农村", "社会事业", "生态环境", "法治建设", "其他")
TEMPLATES = (
    ("不予立案", "经审查，该件所提事项不属于政协提案受理范围，建议通过社情民意信息渠道反映。"),
    ("转交办理", "您提出的建议已转交有关单位研究办理，办理结果将及时反馈。"),
)

# (office, kind, title, body, proposers, months ago, moves with data)
PLAN = [
    (
        QINGSHAN,
        "proposal",
        "关于建设青山镇农产品冷链仓储中心的提案",
        "我镇茶叶、水果产量逐年增加，但缺少冷链仓储设施，采摘旺季损耗严重。建议规划建设镇级"
        "冷链仓储中心，并对合作社建设冷库给予补助。",
        ["周建华", "刘志强"],
        8,
        [
            ("file", {"is_key": True}),
            ("assign", {"lead_unit": "梧桐区农业农村局", "assisting_units": ["青山镇人民政府"]}),
            (
                "reply",
                {
                    "reply_class": "B",
                    "reply_text": "冷链仓储中心已列入明年区级农业项目计划，选址工作正在进行。",
                },
            ),
            ("rate", {"person": "周建华", "attitude": "satisfied", "result": "satisfied"}),
            ("rate", {"person": "刘志强", "attitude": "satisfied", "result": "basic"}),
        ],
    ),
    (
        QINGSHAN,
        "proposal",
        "关于优化工业园区企业用电报装流程的提案",
        "园区企业反映用电报装环节多、周期长，影响投产。建议推行联合踏勘、一次办结。",
        ["刘志强"],
        6,
        [("file", {}), ("assign", {"lead_unit": "梧桐区住房和城乡建设局"})],
    ),
    (
        QINGSHAN,
        "proposal",
        "关于加强畜禽养殖污染治理的提案",
        "部分养殖场粪污直排，影响河道水质。建议推广粪污资源化利用，加强执法检查。",
        ["郑国平"],
        1,
        [],
    ),
    (
        QINGSHAN,
        "proposal",
        "关于推进畜禽养殖废弃物资源化利用的提案",
        "养殖粪污处理设施不足，群众对异味和水质意见较大。建议建设集中处理点，推广种养结合。",
        ["黄德明"],
        1,
        [],
    ),
    (
        QINGSHAN,
        "proposal",
        "关于修建镇区大型文化广场的提案",
        "建议在镇区新建一座大型文化广场。",
        ["黄德明"],
        5,
        [
            (
                "refuse",
                {"reason": "该事项已列入镇总体规划，且投资规模较大，建议以建议形式向镇政府反映。"},
            )
        ],
    ),
    (
        QINGSHAN,
        "suggestion",
        "关于完善镇区公交站点设置的建议",
        "镇区到中心小学、卫生院没有公交站点，学生和老人出行不便。",
        ["周建华"],
        4,
        [
            ("forward", {"lead_unit": "梧桐区交通运输局"}),
            (
                "reply",
                {
                    "reply_class": "B",
                    "reply_text": "已将中心小学、卫生院站点纳入线网优化方案，预计下季度实施。",
                },
            ),
        ],
    ),
    (
        QINGSHAN,
        "suggestion",
        "关于增设镇卫生院夜间值班医生的建议",
        "卫生院夜间仅一名医生值班，急诊病人等候时间长。",
        ["陈玉兰"],
        3,
        [("forward", {"lead_unit": "青山镇人民政府"})],
    ),
    (
        QINGSHAN,
        "opinion_report",
        "关于农村留守儿童课后看护难的情况反映",
        "我镇留守儿童较多，放学后无人看护，存在安全隐患。建议依托村级活动中心开设课后服务点。",
        ["吴秀英"],
        7,
        [
            ("report", {"comment": "编入《青山社情》第2期，报送区政协"}),
            (
                "adopt",
                {
                    "level": "district",
                    "adopted_by": "梧桐区政协",
                    "instructed_by": "区委副书记",
                    "instruction": "请区教育局会同团区委研究落实。",
                },
            ),
        ],
    ),
    (
        QINGSHAN,
        "opinion_report",
        "关于农村妇女技能培训需求的情况反映",
        "调查显示多数农村妇女希望参加电商、家政等技能培训，但现有培训时间地点不便。",
        ["林晓燕"],
        5,
        [
            ("report", {"comment": "报送区政协"}),
            ("adopt", {"level": "district", "adopted_by": "梧桐区政协"}),
            ("adopt", {"level": "city", "adopted_by": "市政协办公室"}),
            ("close_report", {}),
        ],
    ),
    (
        QINGSHAN,
        "opinion_report",
        "关于山区道路护栏缺失的情况反映",
        "青山至白河的山区道路多处急弯没有护栏。",
        [],
        2,
        [],
    ),
    (
        BAIHE,
        "proposal",
        "关于加强白河流域生态补偿的提案",
        "白河上游乡镇为保护水源放弃部分产业，建议建立横向生态补偿机制。",
        ["孙海涛"],
        6,
        [("file", {}), ("assign", {"lead_unit": "梧桐区生态环境分局"})],
    ),
    (
        COURT,
        "opinion",
        "关于加快涉企执行案件办理的意见",
        "旁听庭审后，代表反映涉企执行案件周期偏长，影响企业资金周转。",
        ["曹国栋"],
        4,
        [("forward", {"lead_unit": "松溪县人民法院执行局"})],
    ),
]


def _months_ago(today: dt.date, months: int) -> dt.date:
    index = today.month - 1 - months
    return dt.date(today.year + index // 12, index % 12 + 1, min(today.day, 28))


def demo_submissions(ctx) -> None:
    today = timezone.localdate()
    for org in (ctx.orgs[QINGSHAN], ctx.orgs[BAIHE], ctx.orgs[COURT]):
        SubmissionCategory.objects.bulk_create(
            [SubmissionCategory(organisation=org, name=name) for name in CATEGORIES]
        )
        ReplyTemplate.objects.bulk_create(
            [ReplyTemplate(organisation=org, title=t, text=x) for t, x in TEMPLATES]
        )
    items = {}
    for office, kind, title, body, names, months, moves in PLAN:
        org = ctx.orgs[office]
        day = _months_ago(today, months)
        item = submission_save(
            actor=None,
            organisation=org,
            data=SubmissionData(
                kind=kind,
                title=title,
                body=body,
                proposers=[ctx.people[name] for name in names],
                collective=not names,
                publish_consent=True,
            ),
            today=day,
        )
        submission_move(actor=None, submission=item, move="submit", data={"date": day}, today=day)
        for step, (move, data) in enumerate(moves, start=1):
            data = dict(data)
            if "person" in data:
                data["person"] = ctx.people[data["person"]].pk
            if move == "adopt":
                data["adopted_on"] = day + dt.timedelta(days=20 * step)
            submission_move(
                actor=None,
                submission=item,
                move=move,
                data=data,
                today=min(day + dt.timedelta(days=10 * step), today),
            )
        items[title] = item
    submission_save(
        actor=None,
        organisation=ctx.orgs[QINGSHAN],
        data=SubmissionData(
            kind="opinion_report",
            title="关于农机购置补贴申领流程繁琐的情况反映",
            body="（草稿）农户反映补贴申领需要跑多个部门。",
            proposers=[ctx.people["周建华"]],
        ),
    )
    _rectification(ctx, items, today)


def _rectification(ctx, items, today) -> None:
    court = ctx.orgs[COURT]
    opinion = items["关于加快涉企执行案件办理的意见"]
    done = rectification_save(
        actor=None,
        organisation=court,
        data=RectificationData(
            opinion="涉企执行案件周期偏长",
            measure="建立涉企执行案件台账，逐案明确办结时限，每月通报。",
            owner="执行局",
            deadline=today - dt.timedelta(days=30),
            raised_by=[ctx.people["曹国栋"]],
            source_submission=opinion,
        ),
    )
    rectification_move(
        actor=None,
        item=done,
        move="complete",
        data={"result": "台账已建立，平均执行周期缩短12天。"},
    )
    rectification_move(
        actor=None,
        item=done,
        move="feed_back",
        data={"comment": "电话告知曹国栋代表并寄送书面材料"},
    )
    late = rectification_save(
        actor=None,
        organisation=court,
        data=RectificationData(
            opinion="执行款发放不及时",
            measure="执行款到账后七日内发放，逾期说明原因。",
            owner="执行局",
            deadline=today - dt.timedelta(days=5),
            raised_by=[ctx.people["曹国栋"]],
            source_submission=opinion,
        ),
    )
    rectification_move(actor=None, item=late, move="start")
    qingshan = ctx.orgs[QINGSHAN]
    forum = Activity.objects.filter(organisation=qingshan, kind="forum").first()
    rectification_save(
        actor=None,
        organisation=qingshan,
        data=RectificationData(
            opinion="企业反映园区道路照明不足，夜间物流车辆通行不安全",
            measure="增设路灯40盏",
            owner="青山镇人民政府",
            deadline=today + dt.timedelta(days=45),
            raised_by=[ctx.people["刘志强"]],
            source_activity=forum,
            source_text="" if forum else "座谈会",
        ),
    )
