"""What court adds to the activity pages (registered in activities.extensions by CourtConfig.ready):
a trial observation's case on its page and in its invitation, the appraisal results, the member's
appraisal form button, and the year's appraisal statistics on the activity list."""

from django.urls import reverse

from lianluo.activities.models import ActivityKind, AttendanceStatus
from lianluo.core.home import HomePanel
from lianluo.court.appraisals import (
    APPRAISED_KINDS,
    appraisal_comments,
    appraisal_summary,
    trial_case_of,
)
from lianluo.court.forms import TrialCaseForm
from lianluo.court.models import Appraisal

CASE_FIELDS = ("court", "courtroom", "case_number", "hearing_at", "brief")


def activity_trial(activity, user, can_edit: bool) -> HomePanel | None:
    if activity.kind not in APPRAISED_KINDS:
        return None
    trial = activity.kind == ActivityKind.TRIAL_OBSERVATION
    case = trial_case_of(activity) if trial else None
    initial = {f: getattr(case, f) for f in CASE_FIELDS} if case else {}
    return HomePanel(
        template="court/activity_panel.html",
        data={
            "trial": trial,
            "trial_case": case,
            "case_form": TrialCaseForm(initial=initial) if trial and can_edit else None,
            "appraisal_summary": appraisal_summary(activities=[activity]),
            "appraisal_comments": appraisal_comments(activities=[activity]),
        },
    )


def appraisal_buttons(invitations: list) -> dict[int, list[tuple[str, str]]]:
    """An observer who was present fills in the appraisal form, or corrects it."""
    due = {
        invitation.pk: invitation.activity_id
        for invitation in invitations
        if invitation.status == AttendanceStatus.PRESENT
        and invitation.activity.kind in APPRAISED_KINDS
    }
    done = set(
        Appraisal.objects.filter(attendance_id__in=due).values_list("attendance_id", flat=True)
    )
    return {
        pk: [
            (
                "修改评议表" if pk in done else "填写评议表",
                reverse("court:appraise", args=[activity_id]),
            )
        ]
        for pk, activity_id in due.items()
    }


def invitation_case_note(activity) -> str | None:
    """The case goes out with a trial observation's invitation."""
    case = trial_case_of(activity)
    if case is None:
        return None
    line = f"旁听案件：{case.court}{case.courtroom}，案号{case.case_number}"
    return f"{line}。{case.brief}".rstrip("。")


def appraisal_link(user) -> tuple[str, str]:
    return ("评议统计", reverse("court:appraisals"))
