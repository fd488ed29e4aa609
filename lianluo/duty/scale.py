"""Contributions for `generate_scale` (one of its SCALE_STEPS): one for every
ten people, this year, so that the points of the province count a contribution branch too."""

from django.utils import timezone

from lianluo.core.bulk import db_datetime, insert_rows
from lianluo.duty.models import Contribution
from lianluo.people.models import Person

TEXTS = [
    ("donation", "为敬老院捐款", 30000, "元"),
    ("assistance", "帮扶低收入农户发展养殖", 40, "户"),
    ("award", "获评市级先进个人", None, ""),
    ("service", "开展义诊服务", 3, "场"),
]


def scale_contributions(ctx) -> None:
    chosen = ctx.people_ids[::10]
    if not chosen:
        return
    orgs = dict(Person.objects.filter(pk__in=chosen).values_list("pk", "organisation_id"))
    now = db_datetime(timezone.now())
    year = timezone.localdate().year
    rows = []
    for index, person_id in enumerate(chosen):
        category, text, quantity, unit = TEXTS[index % len(TEXTS)]
        rows.append(
            (orgs[person_id], person_id, year, "day", category, text, quantity, unit, now, now)
        )
    insert_rows(
        Contribution,
        (
            "organisation_id",
            "person_id",
            "year",
            "date_precision",
            "category",
            "text",
            "quantity",
            "unit",
            "created_at",
            "updated_at",
        ),
        rows,
    )
    ctx.notes.append(f"{len(rows)} contributions")
