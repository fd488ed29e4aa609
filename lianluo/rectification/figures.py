"""What counts as an overdue rectification item, defined once (the list's filter, the summary,
the plan's suggestions)."""

import datetime as dt

from django.db.models import Q

from lianluo.rectification.models import RectificationStatus


def rectification_overdue_q(today: dt.date) -> Q:
    """A rectification measure not done by its deadline."""
    return Q(
        status__in=[RectificationStatus.PENDING, RectificationStatus.IN_PROGRESS],
        deadline__lt=today,
    )
