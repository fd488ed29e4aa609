"""Writes of briefings: compose a draft from records and free items, edit it, issue it (the number
第N期 is given then, and the outbox tells the members and the upper level), delete a draft."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.urls import reverse

from lianluo.activities.models import Activity
from lianluo.activities.prose import activity_lines, activity_sentence
from lianluo.audit.services import audit_record
from lianluo.briefings.models import Briefing, BriefingEvent, BriefingItem, BriefingStatus
from lianluo.core.access import acting_user, ensure_can_write
from lianluo.core.errors import ApplicationError
from lianluo.core.text import plain
from lianluo.core.transitions import EventRows, Lifecycle, run, transition
from lianluo.notifications.services import notify
from lianluo.orgs.models import Organisation
from lianluo.people.models import ROSTER_ROLES, Person, PersonStatus, RoleKind
from lianluo.submissions.models import Submission, SubmissionState

MAX_ITEMS = 30

BRIEFING_EVENTS = EventRows(BriefingEvent, record="briefing")


@dataclass
class ItemData:
    heading: str
    body: str = ""
    item_id: int | None = None


def _check_draft(briefing: Briefing, version: int | None) -> None:
    if briefing.status != BriefingStatus.DRAFT:
        raise ApplicationError("简报已印发，不能再修改", code="conflict")
    if version is not None and version != briefing.version:
        raise ApplicationError("简报已被他人修改，请刷新后再改", code="conflict")


@transaction.atomic
def briefing_create(*, actor, organisation: Organisation, title: str, year: int) -> Briefing:
    ensure_can_write(actor, organisation, "您没有为该组织编写简报的权限")
    title = title.strip()
    if not title:
        raise ApplicationError("请填写简报标题", field="title")
    briefing = Briefing.objects.create(
        organisation=organisation, year=year, title=title[:200], created_by=acting_user(actor)
    )
    BRIEFING_EVENTS.opened(briefing, actor=actor, action="created", state=briefing.status)
    audit_record(actor=actor, action="briefing.created", target=briefing, organisation=organisation)
    return briefing


def _next_position(briefing: Briefing) -> int:
    return (briefing.items.aggregate(n=Max("position"))["n"] or 0) + 1


def _submission_body(submission: Submission) -> str:
    names = "、".join(p.person.name for p in submission.proposers.all())
    who = "以组织名义" if submission.collective else names
    text = f"{who}提交的《{submission.title}》，{submission.get_state_display()}"
    levels = [f"{a.get_level_display()}级" for a in submission.adoptions.all()]
    if levels:
        text += f"，已被{'、'.join(levels)}采用"
    if (
        submission.state in (SubmissionState.REPLIED, SubmissionState.CLOSED)
        and submission.reply_text
    ):
        text += f"。答复要点：{submission.reply_text.strip()[:200]}"
    return text + "。"


@transaction.atomic
def briefing_add_records(
    *, actor, briefing: Briefing, activity_ids: list[int], submission_ids: list[int], version=None
) -> int:
    """Add the chosen activities and submissions of the office as items; returns how many."""
    briefing = Briefing.objects.select_for_update().get(pk=briefing.pk)
    ensure_can_write(actor, briefing.organisation, "您没有修改该简报的权限")
    _check_draft(briefing, version)
    activities = Activity.objects.filter(organisation=briefing.organisation, pk__in=activity_ids)
    submissions = Submission.objects.filter(
        organisation=briefing.organisation, pk__in=submission_ids
    ).prefetch_related("proposers__person", "adoptions")
    if not activities and not submissions:
        raise ApplicationError("请勾选要编入简报的活动或提案建议")
    if briefing.items.count() + len(activities) + len(submissions) > MAX_ITEMS:
        raise ApplicationError(f"一期简报最多{MAX_ITEMS}条")
    position = _next_position(briefing)
    items = []
    by_pk = {a.pk: a for a in activities}
    for line in activity_lines(activities):
        items.append(
            BriefingItem(
                briefing=briefing,
                position=position,
                heading=line.subject[:200],
                body=plain(activity_sentence(line)),
                activity=by_pk[line.pk],
            )
        )
        position += 1
    for submission in submissions.order_by("submitted_on", "id"):
        items.append(
            BriefingItem(
                briefing=briefing,
                position=position,
                heading=submission.title[:200],
                body=_submission_body(submission),
                submission=submission,
            )
        )
        position += 1
    BriefingItem.objects.bulk_create(items)
    briefing.version += 1
    briefing.save(update_fields=["version"])
    audit_record(
        actor=actor,
        action="briefing.updated",
        target=briefing,
        organisation=briefing.organisation,
        after={"added": [item.heading for item in items]},
    )
    return len(items)


@transaction.atomic
def briefing_save(
    *,
    actor,
    briefing: Briefing,
    title: str,
    items: list[ItemData],
    new_item: ItemData | None,
    version: int | None = None,
) -> Briefing:
    """Save the title and the items as edited (an item left without heading and body is removed),
    and a free item when one is written."""
    briefing = Briefing.objects.select_for_update().get(pk=briefing.pk)
    ensure_can_write(actor, briefing.organisation, "您没有修改该简报的权限")
    _check_draft(briefing, version)
    title = title.strip()
    if not title:
        raise ApplicationError("请填写简报标题", field="title")
    existing = {item.pk: item for item in briefing.items.all()}
    for position, data in enumerate(items, 1):
        item = existing.get(data.item_id)
        if item is None:
            raise ApplicationError("简报条目已变化，请刷新后再改", code="conflict")
        heading, body = data.heading.strip(), data.body.strip()
        if not heading and not body:
            item.delete()
            continue
        if not heading:
            raise ApplicationError(f"第{position}条缺少小标题", field="items")
        item.heading, item.body, item.position = heading[:200], body, position
        item.save(update_fields=["heading", "body", "position"])
    if new_item and (new_item.heading.strip() or new_item.body.strip()):
        if not new_item.heading.strip():
            raise ApplicationError("新增条目请填写小标题", field="new_heading")
        if briefing.items.count() >= MAX_ITEMS:
            raise ApplicationError(f"一期简报最多{MAX_ITEMS}条")
        BriefingItem.objects.create(
            briefing=briefing,
            position=_next_position(briefing),
            heading=new_item.heading.strip()[:200],
            body=new_item.body.strip(),
        )
    before = briefing.title
    briefing.title = title[:200]
    briefing.version += 1
    briefing.save(update_fields=["title", "version"])
    audit_record(
        actor=actor,
        action="briefing.updated",
        target=briefing,
        organisation=briefing.organisation,
        before={"title": before},
        after={"title": briefing.title, "items": briefing.items.count()},
    )
    return briefing


def _recipients(organisation: Organisation) -> list[Person]:
    """The office's members (its roster) and the upper level's staff."""
    members = Person.objects.filter(
        organisation=organisation, status=PersonStatus.SERVING, roles__role__in=ROSTER_ROLES
    )
    upper = Person.objects.none()
    if organisation.parent_id:
        upper = Person.objects.filter(
            organisation_id=organisation.parent_id,
            status=PersonStatus.SERVING,
            roles__role=RoleKind.STAFF,
        )
    return list((members | upper).distinct().order_by("organisation_id", "name_pinyin", "id"))


def _issue(step) -> None:
    """Give the briefing its number for the year, date it, and send it through the outbox."""
    briefing = step.record
    # One issue at a time per organisation, so two briefings never get the same number.
    Organisation.objects.select_for_update().get(pk=briefing.organisation_id)
    if not briefing.items.exists():
        raise ApplicationError("简报还没有内容，请先添加条目")
    last = Briefing.objects.filter(
        organisation=briefing.organisation, year=briefing.year, number__isnull=False
    ).aggregate(n=Max("number"))["n"]
    briefing.number = (last or 0) + 1
    briefing.issued_on = step.today
    link = reverse("briefings:detail", args=[briefing.pk])
    recipients = _recipients(briefing.organisation)
    headings = "；".join(item.heading for item in briefing.items.all())
    for person in recipients:
        notify(
            person=person,
            kind="briefing",
            subject=f"{briefing.organisation.name}简报{briefing.issue_label}：{briefing.title}",
            body=f"本期要目：{headings}",
            link=link,
        )
    briefing.recipients = len(recipients)
    step.comment = f"{briefing.issue_label}，发送{briefing.recipients}人"
    step.audit.update(number=briefing.number, recipients=briefing.recipients)


BRIEFING_LIFECYCLE = Lifecycle(
    name="briefing",
    model=Briefing,
    transitions={
        "issue": transition("issue", "印发", {BriefingStatus.DRAFT}, BriefingStatus.ISSUED)
    },
    effects={"issue": _issue},
    write_event=BRIEFING_EVENTS,
    forbidden="您没有印发该简报的权限",
    audit=audit_record,
    stale="简报已被他人修改，请刷新后再改",
    refused="简报已印发，不能再修改",
)


def briefing_issue(*, actor, briefing: Briefing, version: int | None = None) -> Briefing:
    """Number, date and send the briefing (core.transitions: locked, event row, audit)."""
    return run(BRIEFING_LIFECYCLE, actor=actor, record=briefing, name="issue", version=version)


@transaction.atomic
def briefing_delete(*, actor, briefing: Briefing) -> None:
    briefing = Briefing.objects.select_for_update().get(pk=briefing.pk)
    ensure_can_write(actor, briefing.organisation, "您没有删除该简报的权限")
    if briefing.status != BriefingStatus.DRAFT:
        raise ApplicationError("已印发的简报已存档，不能删除", code="conflict")
    audit_record(
        actor=actor,
        action="briefing.deleted",
        target=briefing,
        organisation=briefing.organisation,
        before={"title": briefing.title},
    )
    briefing.delete()
