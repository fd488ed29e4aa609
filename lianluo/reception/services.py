"""Writes of event reception: events, guests, legs, pickups through their statuses, a delayed
flight for everyone on it, messages through the outbox, check-in. All audited."""

import datetime as dt
from dataclasses import dataclass, field

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from lianluo.activities.models import AttendanceStatus
from lianluo.activities.services import attendance_record
from lianluo.audit.services import audit_record
from lianluo.core.access import acting_user, can_write_org, ensure_can_write
from lianluo.core.errors import ApplicationError
from lianluo.core.text import normalize_text
from lianluo.core.transitions import EventRows, Lifecycle, run, transition
from lianluo.notifications.services import notify
from lianluo.people.models import Person, RoleKind
from lianluo.reception.models import (
    Guest,
    GuestMessage,
    Pickup,
    PickupEvent,
    PickupStatus,
    ReceptionEvent,
    TravelLeg,
    TravelMode,
)

P = PickupStatus
OPEN_PICKUPS = (P.PENDING, P.DEPARTED)
# A pickup's lifecycle, each transition named after the status it leads to. The volunteer or the
# office's staff set the first three by hand; 延误 comes only from a delay registered by staff,
# which also opens a new pickup at the new time.
PICKUP_TRANSITIONS = {
    t.name: t
    for t in (
        transition(P.DEPARTED, P.DEPARTED.label, {P.PENDING}, P.DEPARTED),
        transition(P.MET, P.MET.label, OPEN_PICKUPS, P.MET),
        transition(P.CANCELLED, P.CANCELLED.label, OPEN_PICKUPS, P.CANCELLED),
        transition(P.DELAYED, P.DELAYED.label, OPEN_PICKUPS, P.DELAYED, {"expected_at"}),
    )
}
BY_HAND = (P.DEPARTED, P.MET, P.CANCELLED)
PICKUP_REFUSED = "接站状态为“{state}”，不能改为“{label}”"
CHECKIN_SALT = "lianluo.reception.checkin"


@transaction.atomic
def event_save(
    *,
    actor,
    organisation,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    place: str = "",
    activities=(),
    event: ReceptionEvent | None = None,
) -> ReceptionEvent:
    ensure_can_write(actor, organisation, "您没有管理接待活动的权限")
    if not name.strip():
        raise ApplicationError("请填写活动名称", field="name")
    if ends_on < starts_on:
        raise ApplicationError("结束日期不能早于开始日期", field="ends_on")
    event = event or ReceptionEvent(organisation=organisation)
    event.name, event.starts_on, event.ends_on, event.place = (
        name.strip(),
        starts_on,
        ends_on,
        place,
    )
    event.save()
    event.activities.set([a for a in activities if a.organisation_id == organisation.pk])
    audit_record(
        actor=actor,
        action="reception.event_saved",
        target=event,
        organisation=organisation,
        after={"name": event.name, "starts_on": starts_on.isoformat()},
    )
    return event


def _has_role(person: Person, role: str) -> bool:
    return person.roles.filter(role=role).exists()


@dataclass
class GuestData:
    person: Person
    volunteer: Person | None = None
    title: str = ""
    entourage: list[str] = field(default_factory=list)
    lodging: str = ""
    note: str = ""


@transaction.atomic
def guest_save(
    *, actor, event: ReceptionEvent, data: GuestData, guest: Guest | None = None
) -> Guest:
    """Add a guest to an event (or change one): a 嘉宾 of the roster, looked after by a 志愿者."""
    ensure_can_write(actor, event.organisation, "您没有管理嘉宾的权限")
    org_id = event.organisation_id
    if data.person.organisation_id != org_id or not _has_role(data.person, RoleKind.GUEST):
        raise ApplicationError(f"{data.person.name}不是本组织名册中的嘉宾", field="person")
    if data.volunteer is not None and (
        data.volunteer.organisation_id != org_id
        or not _has_role(data.volunteer, RoleKind.VOLUNTEER)
    ):
        raise ApplicationError(f"{data.volunteer.name}不是本组织的志愿者", field="volunteer")
    creating = guest is None
    guest = guest or Guest(event=event, person=data.person)
    guest.volunteer, guest.title = data.volunteer, data.title.strip()
    guest.entourage = [normalize_text(n) for n in data.entourage if normalize_text(n)]
    guest.lodging, guest.note = data.lodging.strip(), data.note.strip()
    try:
        with transaction.atomic():
            guest.save()
    except IntegrityError as exc:
        raise ApplicationError(f"{data.person.name}已是本次活动的嘉宾", field="person") from exc
    if not creating:
        # Open pickups follow the guest's volunteer.
        Pickup.objects.filter(leg__guest=guest, status__in=OPEN_PICKUPS).update(
            volunteer=data.volunteer
        )
    audit_record(
        actor=actor,
        action="reception.guest_saved",
        target=guest,
        organisation=event.organisation,
        after={
            "guest": data.person.name,
            "volunteer": data.volunteer.name if data.volunteer else None,
        },
    )
    return guest


# A pickup's history: the lifecycle's transitions, and its first row when it is arranged.
PICKUP_EVENTS = EventRows(PickupEvent, record="pickup", comment="note", action=None)


def _arranged(pickup: Pickup, actor, note: str) -> None:
    PICKUP_EVENTS.opened(pickup, actor=actor, action="", state=pickup.status, comment=note)


@transaction.atomic
def leg_add(
    *,
    actor,
    guest: Guest,
    mode: str,
    planned_at: dt.datetime,
    number: str = "",
    origin: str = "",
    station: str = "",
    car: str = "",
    driver: str = "",
) -> TravelLeg:
    """A guest's arrival, and the pickup task that goes with it."""
    ensure_can_write(actor, guest.event.organisation, "您没有管理嘉宾行程的权限")
    if mode not in TravelMode.values:
        raise ApplicationError("请选择交通方式", field="mode")
    number = normalize_text(number).upper().replace(" ", "")
    if mode in (TravelMode.FLIGHT, TravelMode.TRAIN) and not number:
        raise ApplicationError("请填写航班号或车次", field="number")
    leg = TravelLeg.objects.create(
        guest=guest,
        mode=mode,
        number=number,
        origin=origin.strip(),
        station=station.strip(),
        planned_at=planned_at,
        expected_at=planned_at,
    )
    pickup = Pickup.objects.create(
        leg=leg,
        volunteer=guest.volunteer,
        car=car.strip(),
        driver=driver.strip(),
        meet_at=planned_at,
    )
    _arranged(pickup, actor, "安排接站")
    audit_record(
        actor=actor,
        action="reception.leg_added",
        target=leg,
        organisation=guest.event.organisation,
        after={"guest": guest.person.name, "number": number, "planned_at": planned_at.isoformat()},
    )
    return leg


def _event_organisation(pickup: Pickup):
    return pickup.leg.guest.event.organisation


def can_move_pickup(actor, pickup: Pickup) -> bool:
    """The volunteer of the pickup, or the reception office's staff."""
    if actor is None:
        return True
    if not actor.is_authenticated:
        return False
    if actor.person_id and actor.person_id == pickup.volunteer_id:
        return True
    return can_write_org(actor, _event_organisation(pickup))


def _authorise_pickup(actor, pickup: Pickup, spec) -> None:
    if spec.name == P.DELAYED:
        ensure_can_write(actor, _event_organisation(pickup), "您没有登记延误的权限")
    elif not can_move_pickup(actor, pickup):
        raise ApplicationError(
            "只有负责该嘉宾的志愿者或接待组工作人员可以更新接站状态", code="forbidden"
        )


def _note(step) -> None:
    step.comment = (step.data.get("note") or "").strip()
    step.audit["guest"] = step.record.leg.guest.person.name


def _met(step) -> None:
    _note(step)
    if step.record.leg.actual_at is None:
        TravelLeg.objects.filter(pk=step.record.leg_id).update(actual_at=timezone.now())


def _delayed(step) -> None:
    """The guest's leg gets the new time and a new pickup is made for it; the volunteer is told."""
    _note(step)
    pickup, expected_at = step.record, step.need("expected_at", "请填写预计抵达时间")
    TravelLeg.objects.filter(pk=pickup.leg_id).update(expected_at=expected_at)
    again = Pickup.objects.create(
        leg=pickup.leg,
        volunteer=pickup.volunteer,
        car=pickup.car,
        driver=pickup.driver,
        meet_at=expected_at,
    )
    _arranged(again, step.actor, f"因延误重新安排：{step.comment}")
    if pickup.volunteer is not None:
        notify(
            person=pickup.volunteer,
            kind="reception_delay",
            subject=f"{pickup.leg.number}延误：{pickup.leg.guest.person.name}",
            body=f"{step.comment}。请按新时间接站。",
        )


PICKUP_LIFECYCLE = Lifecycle(
    name="pickup",
    model=Pickup,
    transitions=PICKUP_TRANSITIONS,
    effects={
        P.DEPARTED: _note,
        P.MET: _met,
        P.CANCELLED: _note,
        P.DELAYED: _delayed,
    },
    write_event=PICKUP_EVENTS,
    authorise=_authorise_pickup,
    audit=audit_record,
    related=("leg__guest__event__organisation", "leg__guest__person", "volunteer"),
    organisation_of=_event_organisation,
    stale="该接站任务刚刚已被他人更新，请刷新后再试",
    refused=PICKUP_REFUSED,
)


def pickup_move(
    *, actor, pickup: Pickup, status: str, note: str = "", version: int | None = None
) -> Pickup:
    """The volunteer or staff set a pickup's status by hand (出发, 接到, 取消)."""
    if status not in BY_HAND:
        label = PickupStatus(status).label if status in PickupStatus.values else status
        raise ApplicationError(
            PICKUP_REFUSED.format(state=pickup.get_status_display(), label=label), code="conflict"
        )
    return run(
        PICKUP_LIFECYCLE,
        actor=actor,
        record=pickup,
        name=status,
        data={"note": note},
        version=version,
    )


@transaction.atomic
def delay_flight(
    *, actor, event: ReceptionEvent, number: str, expected_at: dt.datetime, note: str = ""
) -> int:
    """A flight or train is late: every guest of the event on it gets the new time, their open
    pickup becomes 延误 (each through the pickup's lifecycle) and a new one is made for the new
    time; their volunteers are told."""
    ensure_can_write(actor, event.organisation, "您没有登记延误的权限")
    number = normalize_text(number).upper().replace(" ", "")
    if not number:
        raise ApplicationError("请填写航班号或车次", field="number")
    pickups = list(
        Pickup.objects.filter(
            leg__guest__event=event, leg__number=number, status__in=OPEN_PICKUPS
        ).order_by("pk")
    )
    if not pickups:
        raise ApplicationError(f"本次活动没有待接站的{number}班次嘉宾", field="number")
    reason = note.strip() or f"{number}延误，预计{timezone.localtime(expected_at):%H:%M}抵达"
    for pickup in pickups:
        run(
            PICKUP_LIFECYCLE,
            actor=actor,
            record=pickup,
            name=P.DELAYED,
            data={"note": reason, "expected_at": expected_at},
        )
    audit_record(
        actor=actor,
        action="reception.delayed",
        target=event,
        organisation=event.organisation,
        after={"number": number, "expected_at": expected_at.isoformat(), "pickups": len(pickups)},
    )
    return len(pickups)


# Texts a guest is sent; {name}, {event}, {number}, {time}, {station}, {volunteer}, {mobile}.
MESSAGE_TEMPLATES = {
    "arrival": (
        "接站安排",
        "{name}您好！欢迎参加{event}。您乘坐的{number}预计{time}抵达{station}，"
        "联络员{volunteer}（{mobile}）将在出站口迎候。",
    ),
    "schedule": ("日程变更", "{name}您好！{event}的日程有调整：{text}"),
    "free": ("通知", "{text}"),
}


def message_send(*, actor, guest: Guest, template: str, text: str = "") -> GuestMessage:
    if template not in MESSAGE_TEMPLATES:
        raise ApplicationError("请选择短信模板", field="template")
    if actor is not None and not (
        can_write_org(actor, guest.event.organisation)
        or (actor.is_authenticated and actor.person_id == guest.volunteer_id)
    ):
        raise ApplicationError("只有接待组工作人员或该嘉宾的联络员可以发送", code="forbidden")
    subject, body = MESSAGE_TEMPLATES[template]
    if "{text}" in body and not text.strip():
        raise ApplicationError("请填写通知内容", field="text")
    leg = guest.legs.order_by("expected_at").last()
    volunteer = guest.volunteer
    values = {
        "name": guest.person.name,
        "event": guest.event.name,
        "number": leg.number if leg else "",
        "time": f"{timezone.localtime(leg.expected_at):%m月%d日%H:%M}" if leg else "",
        "station": leg.station if leg else "",
        "volunteer": volunteer.name if volunteer else "",
        "mobile": volunteer.mobile if volunteer else "",
        "text": text.strip(),
    }
    with transaction.atomic():
        message = notify(
            person=guest.person, kind="reception", subject=subject, body=body.format(**values)
        )
        logged = GuestMessage.objects.create(
            guest=guest, message=message, template=template, sent_by=acting_user(actor)
        )
        audit_record(
            actor=actor,
            action="reception.message_sent",
            target=guest,
            organisation=guest.event.organisation,
            after={"template": template, "guest": guest.person.name},
        )
    return logged


def checkin_token(guest: Guest) -> str:
    return signing.dumps({"g": guest.pk}, salt=CHECKIN_SALT, compress=True)


def guest_from_token(token: str) -> Guest:
    try:
        data = signing.loads(token, salt=CHECKIN_SALT)
        return Guest.objects.select_related("event__organisation", "person").get(pk=data["g"])
    except (signing.BadSignature, KeyError, TypeError, Guest.DoesNotExist) as exc:
        raise ApplicationError("报到码无效", code="invalid") from exc


@transaction.atomic
def guest_check_in(*, actor, guest: Guest) -> int:
    """The guest has arrived at the event: registered once, and marked present at today's
    activities of the event they are invited to. Returns how many activities."""
    ensure_can_write(actor, guest.event.organisation, "只有接待组工作人员可以为嘉宾报到")
    if guest.checked_in_at is None:
        Guest.objects.filter(pk=guest.pk).update(checked_in_at=timezone.now())
    today = timezone.localdate()
    marked = 0
    for activity in guest.event.activities.filter(date=today, attendances__person=guest.person):
        attendance_record(
            actor=actor,
            activity=activity,
            person=guest.person,
            status=AttendanceStatus.PRESENT,
            note="嘉宾扫码报到",
        )
        marked += 1
    audit_record(
        actor=actor,
        action="reception.checked_in",
        target=guest,
        organisation=guest.event.organisation,
        after={"guest": guest.person.name, "activities": marked},
    )
    return marked
