"""Writes of annual summaries: generate a draft, edit a section, accept plan suggestions, the
office's template. Every write is a new version (nothing is overwritten) and is audited."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from lianluo.audit.services import audit_record
from lianluo.core.access import acting_user, ensure_can_write
from lianluo.core.errors import ApplicationError
from lianluo.reports.compose import (
    PLACEHOLDERS,
    TemplateError,
    compose_draft,
    fill,
    plain,
    relink,
)
from lianluo.reports.facts import annual_facts
from lianluo.reports.models import AnnualReport, ReportVersion, SummaryTemplate
from lianluo.reports.polish import FactCheck, PolishUnavailable, fact_check, request_polish
from lianluo.reports.selectors import template_for

MAX_TEXT = 20_000


def _check_year(year: int) -> None:
    if not 1990 <= year <= timezone.localdate().year + 1:
        raise ApplicationError(f"年度 {year} 不在可生成的范围内", field="year")


def _next_version(report: AnnualReport, *, actor, title: str, sections, suggestions, note: str):
    last = report.versions.aggregate(n=Max("number"))["n"] or 0
    return ReportVersion.objects.create(
        report=report,
        number=last + 1,
        title=title,
        sections=sections,
        suggestions=suggestions,
        note=note,
        created_by=acting_user(actor),
    )


@transaction.atomic
def report_generate(
    *, actor, organisation, year: int, today: dt.date | None = None
) -> ReportVersion:
    """Write a new draft from the records; earlier versions stay as they were."""
    ensure_can_write(actor, organisation, "您没有为该组织生成工作总结的权限")
    _check_year(year)
    today = today or timezone.localdate()
    template = template_for(organisation)
    facts = annual_facts(organisation=organisation, year=year, today=today)
    try:
        draft = compose_draft(
            facts,
            opening=template.opening,
            shortcomings=template.shortcomings,
            plan=template.plan,
            today=today,
        )
    except TemplateError as exc:
        raise ApplicationError(f"工作总结模板有误：{exc}", field="template") from exc
    report, _ = AnnualReport.objects.select_for_update().get_or_create(
        organisation=organisation, year=year
    )
    version = _next_version(
        report,
        actor=actor,
        title=draft.title,
        sections=[section.as_dict() for section in draft.sections],
        suggestions=draft.suggestions,
        note="根据台账记录生成",
    )
    audit_record(
        actor=actor,
        action="report.generated",
        target=report,
        organisation=organisation,
        after={"version": version.number},
    )
    return version


def _latest_for_edit(report: AnnualReport, base: int | None) -> ReportVersion:
    AnnualReport.objects.select_for_update().get(pk=report.pk)
    latest = report.versions.order_by("-number").first()
    if latest is None:
        raise ApplicationError("请先生成工作总结草稿")
    if base is not None and base != latest.number:
        raise ApplicationError(
            f"这份总结已被他人修改（现为第{latest.number}版），请刷新后再改", code="conflict"
        )
    return latest


def _save_edit(
    report: AnnualReport,
    latest: ReportVersion,
    *,
    actor,
    sections,
    suggestions,
    note: str,
    action: str,
    after: dict,
    before: dict | None = None,
) -> ReportVersion:
    """An edit of the latest version saved as the next one, and audited."""
    version = _next_version(
        report, actor=actor, title=latest.title, sections=sections, suggestions=suggestions,
        note=note,
    )  # fmt: skip
    audit_record(
        actor=actor,
        action=action,
        target=report,
        organisation=report.organisation,
        before=before,
        after={"version": version.number, **after},
    )
    return version


@transaction.atomic
def report_section_update(
    *, actor, report: AnnualReport, key: str, text: str, base: int | None = None
) -> ReportVersion:
    """Save a staff member's wording of one section as a new version."""
    ensure_can_write(actor, report.organisation, "您没有修改该组织工作总结的权限")
    latest = _latest_for_edit(report, base)
    text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()
    if len(text) > MAX_TEXT:
        raise ApplicationError(f"内容过长（最多{MAX_TEXT}字）", field="text")
    sections = [dict(s) for s in latest.sections]
    section = next((s for s in sections if s["key"] == key), None)
    if section is None:
        raise ApplicationError("没有这一部分，请刷新页面", field="key")
    if key not in ("shortcomings", "plan", "signature") and not text:
        raise ApplicationError(f"“{section['heading'] or '开头'}”部分不能为空", field="text")
    if plain(section["text"]) == text:
        return latest
    section["text"] = relink(section["text"], text)
    return _save_edit(
        report,
        latest,
        actor=actor,
        sections=sections,
        suggestions=latest.suggestions,
        note=f"修改“{section['heading'] or '开头段落'}”",
        action="report.section_updated",
        before={"version": latest.number},
        after={"section": key},
    )


def _section_of(version: ReportVersion, key: str) -> dict:
    section = version.section(key)
    if section is None or key in NOT_POLISHED:
        raise ApplicationError("没有这一部分，请刷新页面", field="key")
    return section


NOT_POLISHED = ("offices", "signature")


@dataclass
class PolishProposal:
    key: str
    heading: str
    base: int  # the version polished
    draft: str  # the section's words
    polished: str
    check: FactCheck


def report_section_polish(*, actor, report: AnnualReport, key: str) -> PolishProposal:
    """Ask the office's model to polish one section of the latest version, and check the answer
    against the draft's facts. Nothing is saved: the user accepts a checked polish or not."""
    ensure_can_write(actor, report.organisation, "您没有修改该组织工作总结的权限")
    latest = report.versions.order_by("-number").first()
    if latest is None:
        raise ApplicationError("请先生成工作总结草稿")
    section = _section_of(latest, key)
    draft = plain(section["text"])
    try:
        polished = request_polish(draft, heading=section["heading"])
    except PolishUnavailable as exc:
        raise ApplicationError(str(exc), code="unavailable") from exc
    return PolishProposal(
        key=key,
        heading=section["heading"],
        base=latest.number,
        draft=draft,
        polished=polished,
        check=fact_check(section["text"], polished),
    )


@transaction.atomic
def report_polish_accept(
    *, actor, report: AnnualReport, key: str, text: str, base: int | None
) -> ReportVersion:
    """Save a checked polish of one section as a new version. The check runs again here: a
    polish that changed a figure, date, name or title of the draft is refused."""
    ensure_can_write(actor, report.organisation, "您没有修改该组织工作总结的权限")
    latest = _latest_for_edit(report, base)
    sections = [dict(s) for s in latest.sections]
    section = next((s for s in sections if s["key"] == key), None)
    if section is None or key in NOT_POLISHED:
        raise ApplicationError("没有这一部分，请刷新页面", field="key")
    text = "\n".join(
        line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()
    )
    if not text or len(text) > MAX_TEXT:
        raise ApplicationError("润色稿为空或过长，未采用", field="text")
    check = fact_check(section["text"], text)
    if not check.ok:
        raise ApplicationError(f"润色稿{check.message()}，未采用，本部分保留原稿", field="text")
    section["text"] = relink(section["text"], text)
    heading = section["heading"] or "开头段落"
    return _save_edit(
        report,
        latest,
        actor=actor,
        sections=sections,
        suggestions=latest.suggestions,
        note=f"采用“{heading}”的润色稿",
        action="report.section_polished",
        before={"version": latest.number, "text": plain(latest.section(key)["text"])},
        after={"section": key, "text": text},
    )


@transaction.atomic
def report_accept_suggestions(
    *, actor, report: AnnualReport, indexes: list[int], base: int | None = None
) -> ReportVersion:
    """Add the chosen suggestions drawn from the data to next year's plan."""
    ensure_can_write(actor, report.organisation, "您没有修改该组织工作总结的权限")
    latest = _latest_for_edit(report, base)
    chosen = [
        latest.suggestions[i] for i in sorted(set(indexes)) if 0 <= i < len(latest.suggestions)
    ]
    if not chosen:
        raise ApplicationError("请勾选要加入工作计划的建议", field="suggestions")
    sections = [dict(s) for s in latest.sections]
    plan = next(s for s in sections if s["key"] == "plan")
    plan["text"] = "\n".join([line for line in [plan["text"].strip()] if line] + chosen)
    remaining = [s for s in latest.suggestions if s not in chosen]
    return _save_edit(
        report,
        latest,
        actor=actor,
        sections=sections,
        suggestions=remaining,
        note=f"采纳{len(chosen)}条工作计划建议",
        action="report.suggestions_accepted",
        after={"accepted": chosen},
    )


@transaction.atomic
def template_update(
    *, actor, organisation, opening: str, shortcomings: str, plan: str
) -> SummaryTemplate:
    ensure_can_write(actor, organisation, "您没有修改该组织工作总结模板的权限")
    values = dict.fromkeys(PLACEHOLDERS, "")
    for label, text in (("开头段落", opening), ("存在的不足", shortcomings), ("工作计划", plan)):
        try:
            fill(text, values)
        except TemplateError as exc:
            raise ApplicationError(f"{label}：{exc}", field="template") from exc
    template = template_for(organisation)
    before = {
        "opening": template.opening,
        "shortcomings": template.shortcomings,
        "plan": template.plan,
    }
    template.opening, template.shortcomings, template.plan = (
        opening.strip(),
        shortcomings.strip(),
        plan.strip(),
    )
    template.updated_by = acting_user(actor)
    template.save()
    audit_record(
        actor=actor,
        action="report.template_updated",
        target=template,
        organisation=organisation,
        before=before,
        after={
            "opening": template.opening,
            "shortcomings": template.shortcomings,
            "plan": template.plan,
        },
    )
    return template
