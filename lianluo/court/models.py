"""Court liaison (法院联络): staff paired with deputies and members, the contact ledger of each
pair, the cases deputies and members follow (代表委员关注案件) with their deadlines, and the trials
they observe (旁听庭审) with the appraisal forms they fill in (庭审评议表).

Trial cases and appraisals hang on activities (a trial observation is an activity) but belong
here: the activity pages show them through activities' registries, filled in court's ready()."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from lianluo.core.models import TimeStampedModel


class CourtSettings(models.Model):
    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="court_settings"
    )
    plan_days = models.PositiveSmallIntegerField(
        "制定办理方案期限（天）",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    reply_days = models.PositiveSmallIntegerField(
        "书面答复程序性事项期限（天）",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    working_days = models.BooleanField("按工作日计算", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "法院联络设置"

    def __str__(self) -> str:
        return f"{self.plan_days}/{self.reply_days}"


class Pairing(TimeStampedModel):
    """A court staff member who looks after a deputy or member (结对)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="pairings"
    )
    staff = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="pairings_as_staff"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="pairings_as_contact"
    )
    started_on = models.DateField("结对日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "结对联络"
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "person"],
                condition=models.Q(ended_on__isnull=True),
                name="pairing_active_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff} — {self.person}"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "电话"
    VISIT = "visit", "走访"
    MESSAGE = "message", "短信微信"
    MEETING = "meeting", "座谈"
    OTHER = "other", "其他"


class Contact(TimeStampedModel):
    """One entry of a pair's ledger: a call, a visit, a message; what was raised and answered."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="contacts")
    date = models.DateField("日期")
    method = models.CharField("方式", max_length=10, choices=ContactMethod.choices)
    raised = models.TextField("反映的意见建议", blank=True)
    handling = models.TextField("办理情况", blank=True)
    reply = models.TextField("答复", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "联络台账"
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_method_display()}"


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", "已登记"
    PLANNED = "planned", "已制定办理方案"
    REPLIED = "replied", "已书面答复"


class ConcernCase(TimeStampedModel):
    """A case a deputy or member follows: registered the day it arrives, a handling plan and a
    written procedural reply each within the court's deadline."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="concern_cases"
    )
    case_number = models.CharField("案号", max_length=100)
    title = models.CharField("关注事项", max_length=300)
    raised_by = models.ManyToManyField("people.Person", related_name="concern_cases")
    received_on = models.DateField("收到日期")
    plan_due = models.DateField("方案期限")
    reply_due = models.DateField("答复期限")
    status = models.CharField(
        "状态", max_length=12, choices=CaseStatus.choices, default=CaseStatus.REGISTERED
    )
    plan_text = models.TextField("办理方案", blank=True)
    planned_on = models.DateField("方案日期", null=True, blank=True)
    reply_text = models.TextField("书面答复", blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = verbose_name_plural = "代表委员关注案件"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case_number} {self.title}"


class CaseEvent(models.Model):
    """Every step of a case of concern, never edited: who, when, from, to, what was written."""

    case = models.ForeignKey(ConcernCase, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.action}"


class TrialCase(models.Model):
    """The case a trial observation attends: court, courtroom, number, hearing time, brief."""

    activity = models.OneToOneField(
        "activities.Activity", on_delete=models.CASCADE, related_name="trial_case"
    )
    court = models.CharField("法院", max_length=100)
    courtroom = models.CharField("法庭", max_length=100, blank=True)
    case_number = models.CharField("案号", max_length=100)
    hearing_at = models.DateTimeField("开庭时间", null=True, blank=True)
    brief = models.TextField("案情简介（随邀请发送）", blank=True)

    class Meta:
        db_table = "activities_trialcase"

    def __str__(self) -> str:
        return self.case_number


DEFAULT_APPRAISAL_ASPECTS = (
    "庭前准备",
    "庭审秩序",
    "法官仪表",
    "驾驭庭审能力",
    "诉讼程序规范",
    "证据审查认定",
    "释法说理",
    "司法礼仪与文明用语",
    "当事人权利保障",
    "庭审效率",
)


class AppraisalAspect(models.Model):
    """One line of an office's appraisal form (庭审评议表), rated 1 to 5."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField("评议项目", max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "activities_appraisalaspect"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="aspect_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Appraisal(models.Model):
    """One observer's filled-in form for one activity."""

    attendance = models.OneToOneField(
        "activities.Attendance", on_delete=models.CASCADE, related_name="appraisal"
    )
    comments = models.TextField("意见建议", blank=True)
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "activities_appraisal"

    def __str__(self) -> str:
        return f"appraisal {self.attendance_id}"


class AppraisalScore(models.Model):
    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="scores")
    aspect = models.ForeignKey(AppraisalAspect, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField()

    class Meta:
        db_table = "activities_appraisalscore"
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "aspect"], name="score_once_per_aspect"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.aspect_id}: {self.score}"
