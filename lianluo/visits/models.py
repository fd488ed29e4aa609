"""Visits (走访): the office's rounds of visiting every member, and what each visit heard."""

from django.conf import settings
from django.db import models

from lianluo.activities.models import DatePrecision
from lianluo.core.dates import PartialDate
from lianluo.core.models import TimeStampedModel


class VisitMethod(models.TextChoices):
    HOME = "home", "上门"
    PHONE = "phone", "电话"
    APPOINTMENT = "appointment", "约见"
    FORUM = "forum", "座谈"


class VisitKind(models.TextChoices):
    OFFICE = "office", "本组织走访"
    UPPER = "upper", "上级走访慰问"
    COURT = "court", "法院走访代表委员"


class Cadence(models.TextChoices):
    QUARTER = "quarter", "每季度"
    HALF_YEAR = "half_year", "每半年"


# What a visit's 情况 says when it raised nothing: a courtesy call. A 情况 of these words only (and
# punctuation) is no concern to follow up; anything else the member said is one.
COURTESY_WORDS = (
    "见面谈心",
    "谈心谈话",
    "谈心",
    "走访慰问",
    "节日慰问",
    "慰问",
    "看望",
    "了解履职情况",
    "了解工作情况",
    "了解生产经营情况",
    "了解情况",
    "交流思想",
    "交流",
    "无诉求",
    "无特殊情况",
    "无其他诉求",
    "情况正常",
    "无",
)
PUNCTUATION = str.maketrans("", "", "，。、；：！？,.;:!? \t\n（）()")


def raises_concern(heard: str) -> bool:
    rest = heard
    for word in COURTESY_WORDS:
        rest = rest.replace(word, "")
    return bool(rest.translate(PUNCTUATION))


class ConcernStatus(models.TextChoices):
    NONE = "none", "无需跟进"
    OPEN = "open", "跟进中"
    RESOLVED = "resolved", "已有结果"


class VisitSettings(models.Model):
    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="visit_settings"
    )
    cadence = models.CharField(
        "走访周期", max_length=10, choices=Cadence.choices, default=Cadence.QUARTER
    )

    class Meta:
        verbose_name = verbose_name_plural = "走访周期"

    def __str__(self) -> str:
        return self.get_cadence_display()


class Visit(TimeStampedModel):
    """One visit: to one person, several, or a unit. A concern heard stays open until its result
    is recorded."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="visits"
    )
    date = models.DateField("日期")  # the first day of the month when only the month is known
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    kind = models.CharField("类别", max_length=10, choices=VisitKind.choices, default="office")
    method = models.CharField("方式", max_length=12, choices=VisitMethod.choices, blank=True)
    visitors = models.CharField("走访人", max_length=200, blank=True)
    people = models.ManyToManyField("people.Person", related_name="visits", blank=True)
    unit = models.CharField("走访单位", max_length=200, blank=True)
    heard = models.TextField("情况", blank=True)
    concern_status = models.CharField(
        "反映问题", max_length=10, choices=ConcernStatus.choices, default=ConcernStatus.NONE
    )
    follow_up = models.TextField("后续", blank=True)
    resolved_on = models.DateField("办结日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = verbose_name_plural = "走访"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["organisation", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.target_label}"

    @property
    def target_label(self) -> str:
        """对象 as the workbook writes it: the people's names, or the unit."""
        names = "、".join(p.name for p in self.people.all())
        return names or self.unit

    @property
    def partial_date(self):
        day = None if self.date_precision == DatePrecision.MONTH else self.date.day
        return PartialDate(self.date.year, self.date.month, day)
