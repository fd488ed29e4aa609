"""The member's side: invitations on the phone, leave requests, and signing in by the code."""

import io

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from lianluo.activities.extensions import invitation_actions
from lianluo.activities.selectors import (
    access_leave_request,
    activity_get_for_edit,
    my_activity,
    my_invitations,
    signin_window_today,
)
from lianluo.activities.services import (
    activity_answer,
    leave_request_create,
    leave_request_decide,
    signin_scan,
    signin_token,
)
from lianluo.core.errors import ApplicationError


@login_required
def my_activities(request):
    invitations = list(my_invitations(viewer=request.user))
    actions = invitation_actions(invitations)
    for invitation in invitations:
        invitation.actions = actions.get(invitation.pk, [])
    return render(request, "activities/mine.html", {"invitations": invitations})


@login_required
@require_POST
def answer(request, pk: int):
    activity = my_activity(viewer=request.user, pk=pk)
    try:
        activity_answer(
            actor=request.user, activity=activity, answer=request.POST.get("answer", "")
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已答复。")
    return redirect("activities:mine")


@login_required
def ask_leave(request, pk: int):
    activity = my_activity(viewer=request.user, pk=pk)
    error = ""
    if request.method == "POST":
        try:
            leave_request_create(
                actor=request.user, activity=activity, reason=request.POST.get("reason", "")
            )
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, "请假申请已提交，等待工作人员审批。")
            return redirect("activities:mine")
    return render(
        request,
        "activities/leave_form.html",
        {"activity": activity, "error": error, "reason": request.POST.get("reason", "")},
    )


@login_required
@require_POST
def decide_leave(request, leave_pk: int):
    leave = access_leave_request(viewer=request.user, pk=leave_pk)
    activity = leave.attendance.activity
    try:
        leave_request_decide(
            actor=request.user,
            leave=leave,
            approve=request.POST.get("approve") == "1",
            note=request.POST.get("note", ""),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("activities:detail", pk=activity.pk)


@login_required
def signin_code(request, pk: int):
    """The projector page: the activity's QR code, and the time it can be scanned."""
    activity = activity_get_for_edit(viewer=request.user, pk=pk)
    url = request.build_absolute_uri(
        reverse("activities:scan", args=[signin_token(activity=activity)])
    )
    svg = io.BytesIO()
    segno.make(url, error="m").save(svg, kind="svg", scale=8, border=2, xmldecl=False, svgns=True)
    return render(
        request,
        "activities/signin_code.html",
        {
            "activity": activity,
            "svg": svg.getvalue().decode(),
            "url": url,
            "window": signin_window_today(activity=activity),
        },
    )


@login_required
def scan(request, token: str):
    """Opened by scanning the code; signing in is a POST so that previews never sign anyone in."""
    result, error = None, ""
    if request.method == "POST":
        try:
            sign_in, created = signin_scan(actor=request.user, token=token)
        except ApplicationError as exc:
            error = exc.message
        else:
            result = {
                "sign_in": sign_in,
                "created": created,
                "activity": sign_in.attendance.activity,
            }
    return render(request, "activities/scan.html", {"result": result, "error": error})
