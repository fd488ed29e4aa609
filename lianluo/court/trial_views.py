"""Trial observations' pages: the case registered on the activity, the member's appraisal form
(庭审评议表) and the year's appraisal statistics."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from lianluo.activities.selectors import activity_get_for_edit, activity_scope, my_activity
from lianluo.core.access import require_org_reader
from lianluo.core.errors import ApplicationError
from lianluo.court.appraisals import (
    APPRAISED_KINDS,
    appraisal_aspects,
    appraisal_comments,
    appraisal_submit,
    appraisal_summary,
    trial_case_save,
)
from lianluo.court.forms import TrialCaseForm


@login_required
@require_POST
def trial_case_edit(request, pk: int):
    activity = activity_get_for_edit(viewer=request.user, pk=pk)
    form = TrialCaseForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "；".join(f"{form.fields[f].label}：{e[0]}" for f, e in form.errors.items())
        )
        return redirect("activities:detail", pk=pk)
    try:
        trial_case_save(actor=request.user, activity=activity, **form.cleaned_data)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "案件信息已保存，将随邀请发送给代表委员。")
    return redirect("activities:detail", pk=pk)


@login_required
def appraisal_year(request):
    """The court's (or office's) appraisal results over a year, per aspect."""
    require_org_reader(request.user)
    year = (
        int(request.GET["year"])
        if request.GET.get("year", "").isdigit()
        else timezone.localdate().year
    )
    activities = activity_scope(viewer=request.user).filter(
        organisation=request.user.organisation, year=year, kind__in=APPRAISED_KINDS
    )
    return render(
        request,
        "court/appraisal_year.html",
        {
            "year": year,
            "activities": activities.order_by("date"),
            "summary": appraisal_summary(activities=activities),
            "comments": appraisal_comments(activities=activities),
        },
    )


@login_required
def appraise(request, pk: int):
    """The member's appraisal form (庭审评议表): each aspect rated 1 to 5, and comments."""
    activity = my_activity(viewer=request.user, pk=pk)
    aspects = list(appraisal_aspects(organisation=activity.organisation))
    error = ""
    if request.method == "POST":
        scores = {}
        for aspect in aspects:
            value = request.POST.get(f"aspect_{aspect.pk}", "")
            if value.isdigit():
                scores[aspect.pk] = int(value)
        try:
            appraisal_submit(
                actor=request.user,
                activity=activity,
                scores=scores,
                comments=request.POST.get("comments", ""),
            )
        except ApplicationError as exc:
            error = exc.message
        else:
            messages.success(request, "评议表已提交，谢谢！")
            return redirect("activities:mine")
    return render(
        request,
        "court/appraise.html",
        {
            "activity": activity,
            "aspects": aspects,
            "error": error,
            "posted": request.POST,
            "scale": range(1, 6),
        },
    )
