"""What counts as overdue, defined once: the lists' filters, the summary, the statistics and the
plan's suggestions read it here."""

import datetime as dt

from django.db.models import Q

from lianluo.submissions.models import RectificationStatus, SubmissionState


def overdue_q(today: dt.date) -> Q:
    """An item in handling past its reply deadline."""
    return Q(state=SubmissionState.HANDLING, deadline__lt=today)


def rectification_overdue_q(today: dt.date) -> Q:
    """A rectification measure not done by its deadline."""
    return Q(
        status__in=[RectificationStatus.PENDING, RectificationStatus.IN_PROGRESS],
        deadline__lt=today,
    )
