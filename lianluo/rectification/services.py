"""Rectification of opinions: an opinion, its measure, owner and deadline, then its lifecycle
(started, done with a result, fed back to whoever raised it) through core.transitions."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from lianluo.audit.services import audit_diff, audit_record
from lianluo.core.access import ensure_can_write
from lianluo.core.errors import ApplicationError
from lianluo.core.text import normalize_text
from lianluo.core.transitions import EventRows, Lifecycle, Step, run
from lianluo.notifications.services import notify
from lianluo.people.models import Person
from lianluo.rectification.lifecycle import RECTIFICATION_MOVES
from lianluo.rectification.models import RectificationEvent, RectificationItem
from lianluo.submissions.models import Submission

RECTIFICATION_EVENTS = EventRows(RectificationEvent, record="item")


@dataclass
class RectificationData:
    opinion: str
    measure: str = ""
    owner: str = ""
    deadline: dt.date | None = None
    raised_by: list[Person] = field(default_factory=list)
    source_text: str = ""
    source_activity: object = None
    source_submission: Submission | None = None


@transaction.atomic
def rectification_save(
    *, actor, organisation, data: RectificationData, item: RectificationItem | None = None
) -> RectificationItem:
    ensure_can_write(actor, organisation, "您没有在该组织中登记整改事项的权限")
    if not (data.opinion or "").strip():
        raise ApplicationError("请填写意见内容", field="opinion")
    for person in data.raised_by:
        if person.organisation_id != organisation.pk:
            raise ApplicationError(f"{person.name}不是本组织的人员", field="raised_by")
    for source in (data.source_activity, data.source_submission):
        if source is not None and source.organisation_id != organisation.pk:
            raise ApplicationError("来源不属于本组织", field="source_text")
    creating = item is None
    if creating:
        item = RectificationItem(organisation=organisation, year=timezone.localdate().year)
    before = {"measure": item.measure, "owner": item.owner, "deadline": str(item.deadline or "")}
    item.opinion = data.opinion.strip()
    item.measure = (data.measure or "").strip()
    item.owner = normalize_text(data.owner)[:100]
    item.deadline = data.deadline
    item.source_text = normalize_text(data.source_text)[:100]
    item.source_activity = data.source_activity
    item.source_submission = data.source_submission
    if not creating:
        item.version += 1
    item.save()
    item.raised_by.set(data.raised_by)
    if creating:
        RECTIFICATION_EVENTS.opened(item, actor=actor, action="created", state=item.status)
    old, new = audit_diff(
        before, {"measure": item.measure, "owner": item.owner, "deadline": str(item.deadline or "")}
    )
    audit_record(
        actor=actor,
        action="rectification.created" if creating else "rectification.updated",
        organisation=organisation,
        target=item,
        before=old or None,
        after=new,
    )
    return item


def _rectification_result(ctx: Step) -> None:
    ctx.comment = ctx.need("result", "请填写整改结果")
    ctx.record.result = ctx.comment


def _rectification_feed_back(ctx: Step) -> None:
    item = ctx.record
    ctx.comment = ctx.need("comment", "请写明如何向提出人反馈")
    item.fed_back_on = ctx.today
    for person in item.raised_by.all():
        notify(
            person=person,
            kind="rectification",
            subject="您提出的意见已整改",
            body=f"您提出的意见“{item.opinion[:60]}”已整改：{item.result}",
        )


RECTIFICATION_LIFECYCLE = Lifecycle(
    name="rectification",
    model=RectificationItem,
    transitions=RECTIFICATION_MOVES,
    effects={"complete": _rectification_result, "feed_back": _rectification_feed_back},
    write_event=RECTIFICATION_EVENTS,
    forbidden="只有本组织工作人员可以更新整改事项",
    audit=audit_record,
    refused="整改事项当前为“{state}”，不能“{label}”",
    stale="该整改事项刚刚已被他人更新，请刷新页面后再操作",
)


def rectification_move(
    *,
    actor,
    item: RectificationItem,
    move: str,
    version: int | None = None,
    data: dict | None = None,
    today: dt.date | None = None,
) -> RectificationItem:
    return run(
        RECTIFICATION_LIFECYCLE,
        actor=actor,
        record=item,
        name=move,
        version=version,
        data=data,
        today=today,
    )
