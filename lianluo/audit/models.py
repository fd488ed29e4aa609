from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone


class AuditQuerySet(models.QuerySet):
    """Entries are neither changed nor deleted through the application: only `audit_purge`
    removes those past the retention period (PostgreSQL's trigger holds the same line below the
    application, see migration 0002)."""

    def update(self, **kwargs):
        raise PermissionDenied("审计记录不可修改")

    def delete(self):
        raise PermissionDenied("审计记录不可删除；超过保存期限的记录由 purge_audit 清理")

    def delete_expired(self, *, cutoff) -> int:
        """For audit_purge alone, inside its transaction and under its permit."""
        deleted, _ = super(AuditQuerySet, self.filter(at__lt=cutoff)).delete()
        return deleted


class AuditEntry(models.Model):
    """One line of the audit log. Entries are written once and never changed."""

    at = models.DateTimeField("时间", default=timezone.now, editable=False, db_index=True)
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

    objects = AuditQuerySet.as_manager()

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

    def delete(self, *args, **kwargs):
        raise PermissionDenied("审计记录不可删除")


class AuditPurgePermit(models.Model):
    """Written and removed inside audit_purge's transaction: the database trigger lets a row of
    the log be deleted only while a permit covers its time."""

    cutoff = models.DateTimeField()

    def __str__(self) -> str:
        return f"purge before {self.cutoff:%Y-%m-%d %H:%M}"
