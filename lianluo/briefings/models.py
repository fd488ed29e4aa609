from django.conf import settings
from django.db import models


class BriefingStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ISSUED = "issued", "已印发"


class Briefing(models.Model):
    """简报: numbered per organisation and year (第N期) when it is issued; drafts have no number."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="briefings"
    )
    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveSmallIntegerField("期数", null=True, blank=True)
    title = models.CharField("标题", max_length=200)
    status = models.CharField(
        "状态", max_length=10, choices=BriefingStatus.choices, default=BriefingStatus.DRAFT
    )
    issued_on = models.DateField("印发日期", null=True, blank=True)
    recipients = models.PositiveIntegerField("发送人数", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "简报"
        ordering = ["-year", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "number"],
                condition=models.Q(number__isnull=False),
                name="briefing_unique_number",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=BriefingStatus.values), name="briefing_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.issue_label}）"

    @property
    def issue_label(self) -> str:
        return f"{self.year}年第{self.number}期" if self.number else "草稿"


class BriefingItem(models.Model):
    """One item of a briefing: drawn from an activity or a submission, or written freely."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField("小标题", max_length=200)
    body = models.TextField("内容", blank=True)
    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submission = models.ForeignKey(
        "submissions.Submission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "简报条目"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.heading


class BriefingEvent(models.Model):
    """Every step of a briefing, never edited: drafted, issued (with its number and recipients)."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=10)
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10)
    comment = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.briefing_id}: {self.action}"
