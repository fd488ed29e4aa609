"""What counts as an overdue submission, defined once: the lists' filters, the summary, the
statistics and the plan's suggestions read it here."""

import datetime as dt

from django.db.models import Q

from lianluo.submissions.models import SubmissionState


def overdue_q(today: dt.date) -> Q:
    """An item in handling past its reply deadline."""
    return Q(state=SubmissionState.HANDLING, deadline__lt=today)
