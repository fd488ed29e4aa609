"""The demo's documents (a step of demo_load): this year's summaries of 青山镇, the court and the
event's reception group as first drafts (each in its own genre), and one issued briefing made from
青山镇's latest activity."""

from django.utils import timezone

from lianluo.activities.models import Activity
from lianluo.briefings.services import briefing_add_records, briefing_create, briefing_issue
from lianluo.demo.base import COURT, QINGSHAN, RECEPTION
from lianluo.orgs.models import Organisation
from lianluo.reports.services import report_generate


def demo_documents(ctx) -> None:
    today = timezone.localdate()
    for name in (QINGSHAN, COURT, RECEPTION):
        organisation = ctx.orgs.get(name) or Organisation.objects.get(name=name)
        report_generate(actor=None, organisation=organisation, year=today.year, today=today)
    office = ctx.orgs[QINGSHAN]
    latest = (
        Activity.objects.filter(organisation=office, date__lte=today, year=today.year)
        .exclude(kind="study")
        .order_by("-date")
        .first()
    )
    if latest is None:
        return
    briefing = briefing_create(
        actor=None,
        organisation=office,
        title=f"青山镇委员{latest.get_kind_display()}活动",
        year=today.year,
    )
    briefing_add_records(actor=None, briefing=briefing, activity_ids=[latest.pk], submission_ids=[])
    briefing_issue(actor=None, briefing=briefing)
