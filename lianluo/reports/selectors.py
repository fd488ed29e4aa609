from django.db.models import QuerySet

from lianluo.core.access import get_in_scope_or_404, scope_by_org
from lianluo.reports.compose import compose_draft
from lianluo.reports.facts import annual_facts
from lianluo.reports.genres import genre_for
from lianluo.reports.models import AnnualReport, ReportVersion, SummaryTemplate


def template_for(organisation) -> SummaryTemplate:
    """The office's own wording, or its genre's (not saved until the office edits it)."""
    found = SummaryTemplate.objects.filter(organisation=organisation).first()
    if found:
        return found
    genre = genre_for(organisation)
    return SummaryTemplate(
        organisation=organisation,
        opening=genre.opening,
        shortcomings=genre.shortcomings,
        plan=genre.plan,
    )


def report_scope(viewer) -> QuerySet[AnnualReport]:
    return scope_by_org(AnnualReport.objects.select_related("organisation"), viewer)


def report_get(*, viewer, organisation, year: int) -> AnnualReport | None:
    return report_scope(viewer).filter(organisation=organisation, year=year).first()


def report_versions(report: AnnualReport) -> QuerySet[ReportVersion]:
    return report.versions.select_related("created_by").order_by("-number")


def report_version(report: AnnualReport, number: int | None = None) -> ReportVersion | None:
    versions = report.versions.order_by("-number")
    if number is not None:
        return get_in_scope_or_404(versions, number=number)
    return versions.first()


def reports_in_scope(*, viewer) -> QuerySet[AnnualReport]:
    return report_scope(viewer).order_by("-year", "organisation__path")


def draft_from_records(*, organisation, year: int, today) -> tuple[str, list[dict]]:
    """A draft written now from the records, with the office's template, not saved."""
    template = template_for(organisation)
    draft = compose_draft(
        annual_facts(organisation=organisation, year=year, today=today),
        opening=template.opening,
        shortcomings=template.shortcomings,
        plan=template.plan,
        today=today,
    )
    return draft.title, [section.as_dict() for section in draft.sections]


# An upper level's draft adds up its whole subtree (seconds for a province): the page keeps it for
# a few minutes instead of writing it again on every view. Saved versions are never cached.
TREE_DRAFT_SECONDS = 600


def current_text(
    *,
    organisation,
    year: int,
    today,
    number: int | None = None,
    fresh: bool = False,
    cached: bool = False,
):
    """The summary as it stands: the asked-for or latest saved version, else (or when `fresh`) a
    draft from the records. Returns (title, sections, version or None)."""
    report = AnnualReport.objects.filter(organisation=organisation, year=year).first()
    version = report_version(report, number) if report and not fresh else None
    if version is not None:
        return version.title, version.sections, version
    if cached and organisation.children.exists():
        from django.core.cache import cache

        title, sections = cache.get_or_set(
            f"reports:draft:{organisation.pk}:{year}:{today.isoformat()}",
            lambda: draft_from_records(organisation=organisation, year=year, today=today),
            TREE_DRAFT_SECONDS,
        )
    else:
        title, sections = draft_from_records(organisation=organisation, year=year, today=today)
    return title, sections, None
