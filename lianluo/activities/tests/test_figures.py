"""The year's activity figures, computed in one pass, equal the figures counted record by record,
for every office and every upper level of the demo, the example workbooks and a generated tree."""

import datetime as dt
from collections import Counter

import pytest
from django.db.models import Q

from lianluo.activities.figures import DECIDED, attendance_by_sector, year_figures
from lianluo.activities.models import Activity, AttendanceStatus
from lianluo.demo.load import demo_load
from lianluo.demo.province import generate_scale
from lianluo.orgs.models import Organisation
from lianluo.people.figures import roster_people
from lianluo.people.models import ROSTER_ROLES, Person, PersonStatus
from lianluo.reports.facts import Scope, annual_facts
from lianluo.reports.tests.helpers import import_example


def _counted_one_by_one(organisations, year: int) -> Counter:
    """What a clerk would count from each activity's page: its present, leave and absent answers,
    its person-times (the present count where there are answers, else the recorded 人次), and how
    many activities those person-times are known for."""
    total = Counter()
    for activity in Activity.objects.filter(organisation__in=organisations, year=year):
        statuses = [a.status for a in activity.attendances.all()]
        answered = [s for s in statuses if s in DECIDED]
        total["activities"] += 1
        for status in ("present", "leave", "absent"):
            total[status] += statuses.count(AttendanceStatus(status))
        recorded = activity.person_times or activity.headcount or 0
        if answered:
            total["with_records"] += 1
            total["with_people"] += 1
            total["person_times"] += statuses.count(AttendanceStatus.PRESENT)
        elif recorded:
            total["with_people"] += 1
            total["person_times"] += recorded
    return +total


def _by_sector_one_by_one(organisations, year: int) -> dict:
    counted = {}
    for activity in Activity.objects.filter(organisation__in=organisations, year=year):
        for answer in activity.attendances.filter(status__in=DECIDED).select_related(
            "person__sector"
        ):
            name = answer.person.sector.name if answer.person.sector else None
            present, decided = counted.get(name, (0, 0))
            counted[name] = (present + (answer.status == AttendanceStatus.PRESENT), decided + 1)
    return counted


def _roster_one_by_one(organisations, year: int) -> set[int]:
    people = set()
    for person in Person.objects.filter(organisation__in=organisations):
        serving = person.status == PersonStatus.SERVING or (
            person.status_since and person.status_since > dt.date(year, 12, 31)
        )
        roles = [
            r
            for r in person.roles.all()
            if r.role in ROSTER_ROLES and (r.end_date is None or r.end_date.year >= year)
        ]
        if serving and roles:
            people.add(person.pk)
    return people


def _check_every_organisation() -> int:
    checked = 0
    years = {d.year for d in Activity.objects.values_list("date", flat=True)}
    for organisation in Organisation.objects.all():
        subtree = list(Organisation.objects.filter(path__startswith=organisation.path))
        scope = Q(organisation__in=subtree)
        for year in years:
            figures = year_figures(scope=scope, year=year)
            expected = _counted_one_by_one(subtree, year)
            assert +figures.total == expected, (organisation.name, year)
            by_kind, by_org = Counter(), Counter()
            for counted in figures.by_kind.values():
                by_kind.update(counted)
            for counted in figures.by_organisation.values():
                by_org.update(counted)
            assert +by_kind == expected and +by_org == expected
            by_sector = {
                row["name"]: (row["present"], row["decided"])
                for row in attendance_by_sector(scope=scope, year=year, limit=1000)
            }
            assert by_sector == _by_sector_one_by_one(subtree, year)
            roster = roster_people(scope=Scope(organisation, tree=True).q(), year=year)
            assert set(roster.values_list("pk", flat=True)) == _roster_one_by_one(subtree, year)
            assert roster.count() == len(_roster_one_by_one(subtree, year))
            checked += bool(expected)
    return checked


@pytest.mark.django_db
def test_the_examples_and_the_demo_give_the_same_figures_one_by_one():
    import_example("qingshi-2024")
    import_example("yunling-2024")
    demo_load()
    assert _check_every_organisation() >= 4


@pytest.mark.django_db
def test_a_generated_province_gives_the_same_figures_one_by_one():
    """Every answer (invited, present, leave, absent), activities with and without records."""
    generate_scale(members=300, activities=60, seed=3)
    assert _check_every_organisation() >= 3


@pytest.mark.django_db
def test_the_summary_of_an_upper_level_adds_up_its_offices():
    import_example("qingshi-2024")
    demo_load()
    for upper in Organisation.objects.filter(children__isnull=False).distinct():
        year = 2024
        facts = annual_facts(organisation=upper, year=year, today=dt.date(2025, 1, 10))
        offices = [
            annual_facts(organisation=o, year=year, today=dt.date(2025, 1, 10))
            for o in Organisation.objects.filter(path__startswith=upper.path).exclude(pk=upper.pk)
            if not o.children.exists()
        ]
        assert facts.person_times == sum(o.person_times for o in offices)
        assert facts.present == sum(o.present for o in offices)
        assert facts.activities_total.value == sum(o.activities_total.value for o in offices)
        # People kept at an upper level itself (not in any office) are on its roster too.
        kept_above = sum(
            roster_people(scope=Scope(o, tree=False).q(), year=year).count()
            for o in Organisation.objects.filter(
                path__startswith=upper.path, children__isnull=False
            ).distinct()
        )
        assert facts.roster_total.value == sum(o.roster_total.value for o in offices) + kept_above
        rows = {row.name: row for row in facts.offices}
        for office in offices:
            if office.activities_total.value:
                assert rows[office.organisation.name].activities == office.activities_total.value
                assert rows[office.organisation.name].person_times == office.person_times


@pytest.mark.django_db
def test_an_activity_with_listed_suggestions_counts_each_person_once(world):
    """Three present and three suggestions written down at a forum: its line in the summary and
    in a briefing says 3 people and 3 suggestions, its row in the list 3 invited (not 9)."""
    from lianluo.activities.figures import with_attendance_counts
    from lianluo.activities.models import ActivitySuggestion, Attendance
    from lianluo.activities.prose import activity_lines
    from lianluo.people.services import person_create

    forum = Activity.objects.create(
        organisation=world.town_a, code="F1", kind="forum", subject="阳光评议座谈会",
        date=dt.date(2026, 3, 11),
    )  # fmt: skip
    people = [world.person_a, world.person_a2]
    people.append(
        person_create(actor=None, organisation=world.town_a, name="吴秀英", roles=["member"])
    )
    for person in people:
        Attendance.objects.create(activity=forum, person=person, status=AttendanceStatus.PRESENT)
    for text in ("旁听席位不足", "庭审直播", "判后答疑"):
        ActivitySuggestion.objects.create(activity=forum, text=text)
    (line,) = activity_lines(Activity.objects.filter(pk=forum.pk))
    assert (line.people, line.suggestions) == (3, 3)
    counted = with_attendance_counts(Activity.objects.filter(pk=forum.pk)).get()
    assert (counted.invited, counted.present, counted.decided) == (3, 3, 3)
