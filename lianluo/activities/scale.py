"""Activities and attendance for `generate_scale` (one of its SCALE_STEPS).

`--activities M` spreads M activities over the townships; everyone of a township is invited to
its activities, so attendance rows are about M × people per township (10 million for 100,000
people and 86,400 activities).
"""

import datetime as dt

from django.utils import timezone

from lianluo.activities.models import Activity, ActivityKind, Attendance
from lianluo.core.bulk import db_datetime, insert_rows
from lianluo.people.models import Person

KINDS = [ActivityKind.STUDY, ActivityKind.INSPECTION, ActivityKind.FORUM, ActivityKind.RESEARCH]
STATUSES = ["present"] * 17 + ["leave", "absent", "absent"]
CHUNK = 200_000


def scale_activities(ctx) -> None:
    if not ctx.activities:
        return
    rng = ctx.rng
    now = db_datetime(timezone.now())
    year = timezone.localdate().year - 1
    townships = ctx.townships
    rows = []
    for index in range(ctx.activities):
        org = townships[index % len(townships)]
        day = dt.date(year, 1, 1) + dt.timedelta(days=(index // len(townships)) % 365)
        kind = KINDS[index % len(KINDS)]
        rows.append(
            (
                org.pk,
                f"S{index:06d}",
                kind,
                f"第{index}次活动",
                day,
                "day",
                year,
                "",
                "[]",
                "",
                "",
                True,
                now,
                now,
            )
        )
    columns = (
        "organisation_id",
        "code",
        "kind",
        "subject",
        "date",
        "date_precision",
        "year",
        "place",
        "partners",
        "outcome",
        "note",
        "mandatory",
        "created_at",
        "updated_at",
    )
    activity_ids = insert_rows(Activity, columns, rows, returning_ids=True)
    people_by_org: dict[int, list[int]] = {}
    for pk, org_id in Person.objects.filter(organisation__in=townships).values_list(
        "pk", "organisation_id"
    ):
        people_by_org.setdefault(org_id, []).append(pk)
    batch = []
    for activity_id, row in zip(activity_ids, rows, strict=True):
        for person_id in people_by_org.get(row[0], ()):
            batch.append((activity_id, person_id, rng.choice(STATUSES), "", "", False))
            if len(batch) >= CHUNK:
                insert_rows(
                    Attendance,
                    ("activity_id", "person_id", "status", "note", "answer", "late"),
                    batch,
                )
                batch = []
    insert_rows(Attendance, ("activity_id", "person_id", "status", "note", "answer", "late"), batch)
