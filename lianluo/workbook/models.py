import uuid

from django.conf import settings
from django.db import models

from lianluo.core.models import TimeStampedModel


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "排队等待检查"
    MAPPING = "mapping", "请确认各列的对应关系"
    ANALYSING = "analysing", "正在检查"
    READY = "ready", "检查通过，等待确认"
    INVALID = "invalid", "有错误，未导入"
    QUEUED_APPLY = "queued_apply", "排队等待导入"
    APPLYING = "applying", "正在导入"
    DONE = "done", "已导入"
    FAILED = "failed", "导入失败"


RUNNING_STATUSES = (
    ImportStatus.QUEUED,
    ImportStatus.ANALYSING,
    ImportStatus.QUEUED_APPLY,
    ImportStatus.APPLYING,
)


class ImportJob(TimeStampedModel):
    """One upload of a liaison workbook: checked in the background, then confirmed and applied."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="上传人所属组织",
    )
    target = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="导入到",
    )
    # Where an office's own ledger goes (a liaison workbook's 组织 sheet decides for itself);
    # None: the uploader's organisation.
    destination = models.ForeignKey(
        "orgs.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="本单位台账导入到",
    )
    file = models.FileField("文件", upload_to="imports/%Y/%m/")
    original_name = models.CharField("文件名", max_length=255)
    status = models.CharField(
        "状态", max_length=14, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    mapping = models.JSONField("列对应关系", null=True, blank=True)
    report = models.JSONField("检查结果", null=True, blank=True)
    result = models.JSONField("导入结果", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ImportStatus.values), name="import_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def office(self):
        """Where an office's own ledger's records go (a liaison workbook's 组织 sheet decides)."""
        return self.destination or self.organisation

    @property
    def is_running(self) -> bool:
        return self.status in RUNNING_STATUSES

    @property
    def percent(self) -> int:
        if self.status in (
            ImportStatus.DONE,
            ImportStatus.READY,
            ImportStatus.INVALID,
            ImportStatus.MAPPING,
        ):
            return 100
        if not self.rows_total:
            return 0
        return min(99, round(100 * self.rows_done / self.rows_total))


class SavedMapping(TimeStampedModel):
    """How an office's own sheet with these headers is read: proposed again for the next file."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name="组织"
    )
    signature = models.CharField("表头特征", max_length=32)
    kind = models.CharField("记录类型", max_length=10)
    mapping = models.JSONField("对应关系")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="保存人",
    )

    class Meta:
        verbose_name = "列对应关系"
        verbose_name_plural = "列对应关系"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "signature"], name="saved_mapping_unique_headers"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.kind}"
