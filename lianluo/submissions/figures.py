"""The submissions of a year, what counts as adopted and what as overdue, defined once: the
lists' filters, the summary, the statistics page and the plan's suggestions read them here."""

import datetime as dt

from django.db.models import Count, Q, QuerySet

from lianluo.submissions.models import Submission, SubmissionState


def year_submissions(*, scope: Q, year: int) -> QuerySet[Submission]:
    """The submissions of `year` matching `scope` (a filter on Submission) that were submitted:
    a draft is not yet the office's."""
    return Submission.objects.filter(scope, year=year).exclude(state=SubmissionState.DRAFT)


def adopted_counts(submissions: QuerySet[Submission], key: str) -> dict:
    """How many of `submissions` were adopted, by `key` ("kind", "organisation_id", or the
    adoption's "adoptions__level"): a submission adopted twice at one level counts once."""
    return dict(
        submissions.filter(adoptions__isnull=False)
        .values(key)
        .annotate(n=Count("id", distinct=True))
        .order_by(key)
        .values_list(key, "n")
    )


def overdue_q(today: dt.date) -> Q:
    """An item in handling past its reply deadline."""
    return Q(state=SubmissionState.HANDLING, deadline__lt=today)
