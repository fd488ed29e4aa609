import datetime as dt
import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lianluo.core.access import (
    is_person_or_org_reader,
    require_org_reader,
    require_own_writer,
)
from lianluo.core.errors import ApplicationError
from lianluo.core.forms import form_add_service_error, posted_version
from lianluo.core.redirects import redirect_back
from lianluo.reception.forms import DelayForm, EventForm, GuestForm, LegForm, MessageForm
from lianluo.reception.models import PickupStatus
from lianluo.reception.selectors import (
    FIRST_DAY,
    LAST_DAY,
    access_pickup,
    board,
    can_manage,
    event_get,
    event_scope,
    guest_get,
    guest_list,
    my_guests,
    require_manager,
)
from lianluo.reception.services import (
    GuestData,
    can_move_pickup,
    checkin_token,
    delay_flight,
    event_save,
    guest_check_in,
    guest_from_token,
    guest_save,
    leg_add,
    message_send,
    pickup_move,
)
from lianluo.workbook.cells import cell_list


def _day(request) -> dt.date:
    """The day asked for (?date=), or today when it is missing, malformed or out of range."""
    try:
        day = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return timezone.localdate()
    return day if FIRST_DAY <= day <= LAST_DAY else timezone.localdate()


@login_required
def event_index(request):
    require_org_reader(request.user)
    return render(
        request,
        "reception/events.html",
        {"events": event_scope(request.user).select_related("organisation")},
    )


@login_required
def event_new(request):
    organisation = require_own_writer(request.user)
    form = EventForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            event = event_save(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ApplicationError as exc:
            form_add_service_error(form, exc)
        else:
            return redirect("reception:event", pk=event.pk)
    return render(request, "reception/event_form.html", {"form": form})


@login_required
def event_detail(request, pk: int):
    event = event_get(viewer=request.user, pk=pk)
    manager = can_manage(request.user, event)
    if not manager:
        return redirect("reception:mine")
    form = GuestForm(request.POST or None, organisation=event.organisation)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            guest = guest_save(
                actor=request.user,
                event=event,
                data=GuestData(
                    person=cd["person"],
                    volunteer=cd["volunteer"],
                    title=cd["title"],
                    entourage=cell_list(cd["entourage"]),
                    lodging=cd["lodging"],
                    note=cd["note"],
                ),
            )
        except ApplicationError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, f"已添加嘉宾{guest.person.name}。")
            return redirect("reception:guest", pk=guest.pk)
    return render(
        request,
        "reception/event.html",
        {
            "event": event,
            "guests": guest_list(event),
            "form": form,
            "delay_form": DelayForm(),
        },
    )


@login_required
@require_POST
def event_delay(request, pk: int):
    event = event_get(viewer=request.user, pk=pk)
    require_manager(request.user, event)
    form = DelayForm(request.POST)
    if form.is_valid():
        try:
            count = delay_flight(actor=request.user, event=event, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已为{count}位嘉宾改到新的时间并重新安排接站。")
    else:
        messages.error(request, "请填写班次和新的预计抵达时间")
    return redirect_back(request, "reception:event", pk)


@login_required
def arrivals_board(request):
    """The day's arrivals, refreshing by itself: the volunteers' main view, on a phone too."""
    if not is_person_or_org_reader(request.user):
        raise Http404("记录不存在或无权查看")
    day = _day(request)
    event = None
    if request.GET.get("event", "").isdigit():
        event = event_get(viewer=request.user, pk=int(request.GET["event"]))
    arrivals = board(viewer=request.user, day=day, event=event)
    return render(
        request,
        "reception/board.html",
        {
            "arrivals": arrivals,
            "day": day,
            "event": event,
            "previous": day - dt.timedelta(days=1),
            "next": day + dt.timedelta(days=1),
            "delay_form": DelayForm() if event and can_manage(request.user, event) else None,
            "counts": {
                label: sum(1 for a in arrivals if a.status == value)
                for value, label in PickupStatus.choices
            },
        },
    )


@login_required
def volunteer_guests(request):
    return render(request, "reception/mine.html", {"guests": my_guests(request.user)})


@login_required
def guest_detail(request, pk: int):
    guest = guest_get(viewer=request.user, pk=pk)
    manager = can_manage(request.user, guest.event)
    leg_form = LegForm(prefix="leg") if manager else None
    message_form = MessageForm(prefix="msg")
    if request.method == "POST":
        try:
            if request.POST.get("action") == "leg" and manager:
                leg_form = LegForm(request.POST, prefix="leg")
                if leg_form.is_valid():
                    leg_add(actor=request.user, guest=guest, **leg_form.cleaned_data)
                    messages.success(request, "行程已添加，接站任务已安排。")
                    return redirect("reception:guest", pk=pk)
            elif request.POST.get("action") == "message":
                message_form = MessageForm(request.POST, prefix="msg")
                if message_form.is_valid():
                    message_send(actor=request.user, guest=guest, **message_form.cleaned_data)
                    messages.success(request, "短信已发送。")
                    return redirect("reception:guest", pk=pk)
            elif request.POST.get("action") == "checkin" and manager:
                marked = guest_check_in(actor=request.user, guest=guest)
                messages.success(
                    request, f"已报到{f'，并在{marked}项今日日程签到' if marked else ''}。"
                )
                return redirect("reception:guest", pk=pk)
            else:
                raise Http404("记录不存在或无权查看")
        except ApplicationError as exc:
            messages.error(request, exc.message)
    legs = guest.legs.order_by("expected_at").prefetch_related("pickups__events")
    checkin_url = request.build_absolute_uri(
        reverse("reception:checkin", args=[checkin_token(guest)])
    )
    svg = io.BytesIO()
    segno.make(checkin_url, error="m").save(
        svg, kind="svg", scale=4, border=2, xmldecl=False, svgns=True
    )
    return render(
        request,
        "reception/guest.html",
        {
            "guest": guest,
            "legs": legs,
            "manager": manager,
            "leg_form": leg_form,
            "message_form": message_form,
            "sent": guest.messages.select_related("message"),
            "schedule": guest.event.activities.order_by("date", "starts_at"),
            "qr": svg.getvalue().decode() if manager else "",
            "statuses": PickupStatus,
        },
    )


@login_required
@require_POST
def pickup_update(request, pk: int):
    pickup = access_pickup(viewer=request.user, pk=pk)
    if not can_move_pickup(request.user, pickup):
        raise Http404("记录不存在或无权查看")
    try:
        pickup_move(
            actor=request.user,
            pickup=pickup,
            status=request.POST.get("status", ""),
            note=request.POST.get("note", ""),
            version=posted_version(request),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"{pickup.leg.guest.person.name}：{PickupStatus(request.POST['status']).label}"
        )
    return redirect_back(request, "reception:mine")


@login_required
def check_in(request, token: str):
    """Opened by scanning a guest's badge: staff confirm the guest's arrival with a button."""
    try:
        guest = guest_from_token(token)
    except ApplicationError as exc:
        return render(request, "reception/checkin.html", {"error": exc.message}, status=400)
    if not can_manage(request.user, guest.event):
        raise Http404("记录不存在或无权查看")
    if request.method == "POST":
        marked = guest_check_in(actor=request.user, guest=guest)
        messages.success(
            request,
            f"{guest.person.name}已报到。" + (f"今日{marked}项日程已签到。" if marked else ""),
        )
        return redirect("reception:guest", pk=guest.pk)
    return render(request, "reception/checkin.html", {"guest": guest})
