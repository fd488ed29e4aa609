from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models


class AuditEntry(models.Model):
    """One line of the audit log. Entries are written once and never changed."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_username = models.CharField("账号", max_length=150, blank=True, db_index=True)
    action = models.CharField("操作", max_length=50, db_index=True)
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="组织",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_type = models.CharField("对象类型", max_length=50, blank=True)
    target_id = models.CharField("对象编号", max_length=50, blank=True)
    target_repr = models.CharField("对象", max_length=200, blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    ip_address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    user_agent = models.CharField("客户端", max_length=300, blank=True)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"

    def save(self, *args, **kwargs):
        # The log is append-only: an existing entry is never rewritten.
        if self.pk is not None:
            raise PermissionDenied("审计记录不可修改")
        super().save(*args, **kwargs)
