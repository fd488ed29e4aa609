"""Figures for the statistics page: the charts of one organisation's year (its subtree for an
upper level), and an upper level's comparison of the offices directly below it."""

from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.functions import ExtractMonth

from lianluo.activities.figures import (
    attendance_by_group,
    attendance_by_sector,
    percent,
    year_figures,
)
from lianluo.activities.models import Activity, ActivityKind
from lianluo.orgs.models import Organisation
from lianluo.people.figures import per_organisation, roster_people
from lianluo.submissions.figures import adopted_counts, year_submissions
from lianluo.submissions.models import AdoptionLevel, SubmissionState
from lianluo.visits.figures import visitable_people, visited_people, year_visits

TOP_SECTORS = 15


def _rates(rows, key: str) -> list[dict]:
    return [
        {
            "name": row[key] or "未填写",
            "rate": float(percent(row["present"], row["decided"]) or 0),
            "decided": row["decided"],
        }
        for row in rows
        if row["decided"]
    ]


def dashboard_data(*, organisation: Organisation, year: int) -> dict:
    subtree = Q(organisation__path__startswith=organisation.path)
    activities = Activity.objects.filter(subtree, year=year)
    labels = dict(ActivityKind.choices)
    per_month: dict[str, list[int]] = defaultdict(lambda: [0] * 12)
    for row in (
        activities.annotate(month=ExtractMonth("date"))
        .values("kind", "month")
        .annotate(n=Count("id"))
    ):
        per_month[labels[row["kind"]]][row["month"] - 1] = row["n"]
    by_group = attendance_by_group(scope=subtree, organisation=organisation, year=year)
    by_sector = attendance_by_sector(scope=subtree, year=year, limit=TOP_SECTORS)
    submissions = year_submissions(scope=subtree, year=year)
    states = dict(SubmissionState.choices)
    by_state = [
        {"name": states[row["state"]], "value": row["n"]}
        for row in submissions.values("state").annotate(n=Count("id")).order_by("state")
    ]
    levels = dict(AdoptionLevel.choices)
    by_level = [
        {"name": f"{levels[level]}级", "value": n}
        for level, n in adopted_counts(submissions, "adoptions__level").items()
    ]
    roster = visitable_people(roster_people(scope=subtree, year=year))
    roster_size = roster.count()
    visits = year_visits(scope=subtree, year=year)
    visited = visited_people(roster, visits).count()
    return {
        "year": year,
        "months": [f"{m}月" for m in range(1, 13)],
        "activities_by_month": [
            {"name": name, "data": counts} for name, counts in sorted(per_month.items())
        ],
        "attendance_by_group": _rates(by_group, "name"),
        "attendance_by_sector": _rates(by_sector, "name"),
        "submissions_by_state": by_state,
        "adoptions_by_level": by_level,
        "visit_coverage": {
            "visited": visited,
            "not_visited": roster_size - visited,
            "rate": float(percent(visited, roster_size) or 0),
        },
        "offices": compare_offices(organisation=organisation, year=year),
    }


def compare_offices(*, organisation: Organisation, year: int) -> list[dict]:
    """Each organisation directly below, with the figures of its whole subtree."""
    children = list(organisation.children.order_by("name"))
    if not children:
        return []
    by_path = [(child.path, child.pk) for child in children]

    def child_of(path: str) -> int | None:
        return next((pk for prefix, pk in by_path if path.startswith(prefix)), None)

    figures: dict[int, dict] = {
        c.pk: {
            "name": c.name,
            "activities": 0,
            "present": 0,
            "decided": 0,
            "submissions": 0,
            "visitable": 0,
            "visited": 0,
        }
        for c in children
    }
    subtree = Q(organisation__path__startswith=organisation.path)

    def add(rows, field_: str) -> None:
        for path, n in rows:
            pk = child_of(path)
            if pk is not None:
                figures[pk][field_] += n

    paths = dict(
        Organisation.objects.filter(path__startswith=organisation.path).values_list("pk", "path")
    )
    by_organisation = year_figures(scope=subtree, year=year).by_organisation
    for org_id, counted in by_organisation.items():
        path = paths[org_id]
        add([(path, counted["activities"])], "activities")
        add([(path, counted["present"])], "present")
        add([(path, counted["present"] + counted["leave"] + counted["absent"])], "decided")
    add(
        year_submissions(scope=subtree, year=year)
        .values("organisation__path")
        .annotate(n=Count("id"))
        .values_list("organisation__path", "n"),
        "submissions",
    )
    roster = visitable_people(roster_people(scope=subtree, year=year))
    add(per_organisation(roster, "organisation__path"), "visitable")
    visits = year_visits(scope=subtree, year=year)
    add(per_organisation(visited_people(roster, visits), "organisation__path"), "visited")
    rows = []
    for row in figures.values():
        rows.append(
            {
                "name": row["name"],
                "activities": row["activities"],
                "attendance_rate": float(percent(row["present"], row["decided"]) or 0),
                "submissions": row["submissions"],
                "coverage": float(percent(row["visited"], row["visitable"]) or 0),
            }
        )
    return rows
