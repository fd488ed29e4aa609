"""The demo's documents (a step of demo_load): 青山镇's summary of this year as a
first draft, and one issued briefing made from its latest activity."""

from django.utils import timezone

from lianluo.activities.models import Activity
from lianluo.briefings.services import briefing_add_records, briefing_create, briefing_issue
from lianluo.demo.base import QINGSHAN
from lianluo.reports.services import report_generate


def demo_documents(ctx) -> None:
    today = timezone.localdate()
    office = ctx.orgs[QINGSHAN]
    report_generate(actor=None, organisation=office, year=today.year, today=today)
    latest = (
        Activity.objects.filter(organisation=office, date__lte=today, date__year=today.year)
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
