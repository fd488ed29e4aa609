"""The court liaison figures of a year, defined once: the cases of concern and their handling, and
the contacts of the pairings (结对联络). The annual summary reads them from here."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q

from lianluo.court.models import ConcernCase, Contact
from lianluo.court.selectors import overdue_q


@dataclass
class CourtFigures:
    cases: int = 0
    planned: int = 0
    replied: int = 0
    overdue: int = 0
    pairings: int = 0
    paired_people: int = 0
    contacts: int = 0
    raised: int = 0  # contacts where the deputy or member raised an opinion
    answered: int = 0  # of those, with a reply recorded


def year_figures(*, scope_q: Callable[[str], Q], year: int, today: dt.date) -> CourtFigures:
    """`scope_q(field)` is the filter of the offices counted, on an organisation field."""
    cases = ConcernCase.objects.filter(scope_q("organisation"), received_on__year=year).aggregate(
        cases=Count("id"),
        planned=Count("id", filter=Q(planned_on__isnull=False)),
        replied=Count("id", filter=Q(replied_on__isnull=False)),
        overdue=Count("id", filter=overdue_q(today)),
    )
    contacts = Contact.objects.filter(scope_q("pairing__organisation"), date__year=year).aggregate(
        contacts=Count("id"),
        pairings=Count("pairing", distinct=True),
        paired_people=Count("pairing__person", distinct=True),
        with_opinion=Count("id", filter=~Q(raised="")),
        with_reply=Count("id", filter=~Q(raised="") & ~Q(reply="")),
    )
    raised, answered = contacts.pop("with_opinion"), contacts.pop("with_reply")
    return CourtFigures(**cases, **contacts, raised=raised, answered=answered)
