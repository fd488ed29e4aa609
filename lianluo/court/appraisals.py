"""Trial observations and appraisal forms: the case, each observer's ratings, the averages."""

from django.db import transaction
from django.db.models import Avg, Count, QuerySet

from lianluo.activities.models import Activity, ActivityKind, Attendance
from lianluo.core.access import ensure_can_write
from lianluo.core.errors import ApplicationError
from lianluo.court.models import (
    DEFAULT_APPRAISAL_ASPECTS,
    Appraisal,
    AppraisalAspect,
    AppraisalScore,
    TrialCase,
)

APPRAISED_KINDS = (ActivityKind.TRIAL_OBSERVATION, ActivityKind.APPRAISAL)


def appraisal_aspects(*, organisation) -> QuerySet[AppraisalAspect]:
    """The office's form; the default ten aspects are created the first time it is needed."""
    aspects = AppraisalAspect.objects.filter(organisation=organisation)
    if not aspects.exists():
        AppraisalAspect.objects.bulk_create(
            [
                AppraisalAspect(organisation=organisation, name=name, position=i)
                for i, name in enumerate(DEFAULT_APPRAISAL_ASPECTS)
            ],
            ignore_conflicts=True,
        )
    return aspects.order_by("position", "id")


def trial_case_of(activity: Activity) -> TrialCase | None:
    """The activity's case, read once per activity instance (the reverse one-to-one caches it)."""
    return getattr(activity, "trial_case", None)


@transaction.atomic
def trial_case_save(*, actor, activity: Activity, **fields) -> TrialCase:
    ensure_can_write(actor, activity.organisation, "您没有修改该活动的权限")
    if activity.kind != ActivityKind.TRIAL_OBSERVATION:
        raise ApplicationError("只有旁听庭审活动可以登记案件信息")
    case, _ = TrialCase.objects.update_or_create(activity=activity, defaults=fields)
    return case


@transaction.atomic
def appraisal_submit(
    *, actor, activity: Activity, scores: dict[int, int], comments: str = ""
) -> Appraisal:
    """An observer fills in (or corrects) the form: every aspect rated 1 to 5."""
    if activity.kind not in APPRAISED_KINDS:
        raise ApplicationError("该活动没有评议表")
    attendance = (
        Attendance.objects.filter(activity=activity, person_id=actor.person_id).first()
        if actor.person_id
        else None
    )
    if attendance is None:
        raise ApplicationError("只有受邀参加的代表委员可以填写评议表", code="forbidden")
    aspects = list(appraisal_aspects(organisation=activity.organisation))
    missing = [aspect.name for aspect in aspects if aspect.pk not in scores]
    if missing:
        raise ApplicationError(f"请为以下项目评分：{'、'.join(missing)}")
    if any(not 1 <= scores[aspect.pk] <= 5 for aspect in aspects):
        raise ApplicationError("评分应为1至5分")
    appraisal, _ = Appraisal.objects.update_or_create(
        attendance=attendance, defaults={"comments": comments.strip()}
    )
    AppraisalScore.objects.filter(appraisal=appraisal).delete()
    AppraisalScore.objects.bulk_create(
        AppraisalScore(appraisal=appraisal, aspect=aspect, score=scores[aspect.pk])
        for aspect in aspects
    )
    return appraisal


def appraisal_summary(*, activities) -> list[dict]:
    """Average score and number of ratings per aspect over the given activities."""
    rows = (
        AppraisalScore.objects.filter(appraisal__attendance__activity__in=activities)
        .values("aspect__name", "aspect__position")
        .annotate(average=Avg("score"), ratings=Count("id"))
        .order_by("aspect__position", "aspect__name")
    )
    return [
        {"aspect": r["aspect__name"], "average": round(r["average"], 2), "ratings": r["ratings"]}
        for r in rows
    ]


def appraisal_comments(*, activities) -> QuerySet[Appraisal]:
    return (
        Appraisal.objects.filter(attendance__activity__in=activities)
        .exclude(comments="")
        .select_related("attendance__person", "attendance__activity")
    )
