from django.conf import settings
from django.db import models


class SummaryTemplate(models.Model):
    """An office's own wording for its annual summary; {占位符} are filled from the records."""

    organisation = models.OneToOneField(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="summary_template"
    )
    opening = models.TextField("开头段落")
    shortcomings = models.TextField("存在的不足")
    plan = models.TextField("下一年工作计划（每行一项）")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "工作总结模板"

    def __str__(self) -> str:
        return f"{self.organisation}工作总结模板"


class AnnualReport(models.Model):
    """An organisation's annual work summary for one year; its text lives in versions."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField("年度")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度工作总结"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="report_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name}{self.year}年工作总结"


class ReportVersion(models.Model):
    """One saved state of a summary: a generated draft or an edit of one of its sections."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("版本")
    title = models.CharField("标题", max_length=200)
    sections = models.JSONField(default=list)
    suggestions = models.JSONField(default=list)
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "工作总结版本"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.report} 第{self.number}版"

    def section(self, key: str) -> dict | None:
        return next((s for s in self.sections if s["key"] == key), None)
