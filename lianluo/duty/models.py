"""Members' duty (履职): contributions, the points rules, and adjustments to points.

Points themselves are not stored: each line of a member's points is derived from its source
record (an attendance, a proposer, an adoption, a contribution) by the rule in force on that
date (`points.POINTS_SQL`). What is stored is append-only: every version of a rule with the date
it takes effect, and staff's adjustments.
"""

from django.conf import settings
from django.db import models

from lianluo.activities.models import DatePrecision
from lianluo.core.dates import PartialDate
from lianluo.core.models import TimeStampedModel
from lianluo.core.numbers import chinese_quantity


class ContributionCategory(models.TextChoices):
    DONATION = "donation", "公益捐助"
    ASSISTANCE = "assistance", "帮扶"
    AWARD = "award", "获奖"
    JOB = "job", "本职业绩"
    SERVICE = "service", "专项服务"
    OTHER = "other", "其他"


class Contribution(TimeStampedModel):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="contributions"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="contributions"
    )
    year = models.PositiveSmallIntegerField("年度")
    date = models.DateField("日期", null=True, blank=True)
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    category = models.CharField(
        "类别", max_length=12, choices=ContributionCategory.choices, default="other"
    )
    text = models.TextField("内容")
    quantity = models.DecimalField("数量", max_digits=16, decimal_places=2, null=True, blank=True)
    unit = models.CharField("单位", max_length=10, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "履职事迹"
        ordering = ["-year", "date", "id"]
        indexes = [models.Index(fields=["organisation", "year"])]

    def __str__(self) -> str:
        return f"{self.person} {self.text[:20]}"

    @property
    def amount_text(self) -> str:

        return chinese_quantity(self.quantity, self.unit)

    @property
    def partial_date(self):
        if self.date is None:
            return None
        day = None if self.date_precision == DatePrecision.MONTH else self.date.day
        return PartialDate(self.date.year, self.date.month, day)


class PointSource(models.TextChoices):
    """What earns or costs points; each is counted from its own records."""

    ATTEND_PRESENT = "attend_present", "参加活动"
    ATTEND_LEAVE = "attend_leave", "请假"
    ATTEND_ABSENT = "attend_absent", "无故缺席"
    SUBMISSION = "submission", "提交提案、建议或意见"
    PROPOSAL_FILED_FIRST = "filed_first", "提案立案（第一提案人）"
    PROPOSAL_FILED_COSIGNER = "filed_cosigner", "提案立案（联名提案人）"
    EXCELLENT = "excellent", "优秀提案"
    REPORT = "report", "报送社情民意信息"
    ADOPTED_DISTRICT = "adopted_district", "社情民意被区级采用"
    ADOPTED_COUNTY = "adopted_county", "社情民意被县级采用"
    ADOPTED_CITY = "adopted_city", "社情民意被市级采用"
    ADOPTED_PROVINCE = "adopted_province", "社情民意被省级采用"
    ADOPTED_NATIONAL = "adopted_national", "社情民意被全国政协采用"
    INSTRUCTION = "instruction", "获领导批示"
    CONTRIBUTION = "contribution", "履职事迹（捐助、帮扶、获奖等）"
    ADJUSTMENT = "adjustment", "人工调整"


class PointRule(models.Model):
    """One version of one rule of an office; a change is a new version from its date."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="point_rules"
    )
    source = models.CharField("项目", max_length=20, choices=PointSource.choices)
    points = models.DecimalField("分值", max_digits=6, decimal_places=1)
    cap = models.DecimalField(
        "年度上限", max_digits=7, decimal_places=1, null=True, blank=True, help_text="空为不设上限"
    )
    effective_from = models.DateField("生效日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "积分规则"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source", "effective_from"], name="point_rule_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.points}"


class PointAdjustment(models.Model):
    """Points given or taken by staff with a reason; never edited: a correction is another."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="point_adjustments"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="point_adjustments"
    )
    year = models.PositiveSmallIntegerField("年度")
    points = models.DecimalField("分值", max_digits=6, decimal_places=1)
    reason = models.CharField("理由", max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "积分调整"

    def __str__(self) -> str:
        return f"{self.person} {self.points} {self.reason}"
