"""Rectification of opinions (整改): an opinion raised by deputies and members (after a trial
observation, in a forum, in a visit, as a submission) becomes a measure with an owner and a
deadline, is carried out and fed back to whoever raised it. Its tables keep the names they had
when this lived in submissions."""

from django.conf import settings
from django.db import models


class RectificationStatus(models.TextChoices):
    PENDING = "pending", "待整改"
    IN_PROGRESS = "in_progress", "整改中"
    DONE = "done", "已整改"
    FED_BACK = "fed_back", "已反馈"


class RectificationItem(models.Model):
    """One opinion turned into a measure with an owner and a deadline, until fed back."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="rectifications"
    )
    source_activity = models.ForeignKey(
        "activities.Activity",
        verbose_name="来源活动",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectifications",
    )
    source_submission = models.ForeignKey(
        "submissions.Submission",
        verbose_name="来源意见",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rectifications",
    )
    source_text = models.CharField("来源", max_length=100, blank=True)
    year = models.PositiveSmallIntegerField("年度")
    opinion = models.TextField("意见")
    raised_by = models.ManyToManyField(
        "people.Person",
        verbose_name="提出人",
        blank=True,
        db_table="submissions_rectificationitem_raised_by",  # the table it had in submissions
    )
    measure = models.TextField("整改措施", blank=True)
    owner = models.CharField("责任部门", max_length=100, blank=True)
    deadline = models.DateField("期限", null=True, blank=True)
    status = models.CharField(
        "状态",
        max_length=12,
        choices=RectificationStatus.choices,
        default=RectificationStatus.PENDING,
    )
    result = models.TextField("整改结果", blank=True)
    fed_back_on = models.DateField("反馈日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "submissions_rectificationitem"  # where it lived before it was an app
        ordering = ["deadline", "id"]
        verbose_name = "整改事项"
        verbose_name_plural = "整改事项"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=RectificationStatus.values),
                name="rectification_status_valid",
            )
        ]

    def __str__(self) -> str:
        return self.opinion[:40]

    @property
    def source_label(self) -> str:
        if self.source_activity_id:
            return self.source_activity.code
        if self.source_submission_id:
            return self.source_submission.code or self.source_submission.title
        return self.source_text


class RectificationEvent(models.Model):
    item = models.ForeignKey(RectificationItem, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        db_table = "submissions_rectificationevent"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.action}"
