"""One benchmark scenario in its own process: prints one JSON line with its figures.

    DATABASE_URL=... python bench/scenarios.py roster_first_page --workdir bench/var

Each scenario times the real work and its floor: work the feature cannot avoid, written by hand
and never the code under test. For a page, the rows it shows (and their count) read by one
hand-written statement each (`PAGE_FLOORS`); for a summary or the statistics, one pass over the
year's attendance (`YEAR_FLOOR_SQL`); for an import, reading the file with the fastest parser
(calamine), and beside it that parse plus a COPY of the same rows; for an export, the rows by one
raw query written in openpyxl's write-only mode. bench/README.md states each scenario's floor.
"""

import argparse
import contextlib
import functools
import json
import os
import re
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from lianluo.accounts.models import User  # noqa: E402
from lianluo.orgs.models import Organisation  # noqa: E402

REPEATS = 100
DECLARE = re.compile(r"^DECLARE \S+ NO SCROLL CURSOR WITH(OUT)? HOLD FOR ", re.IGNORECASE)
IMPORT_ORG = "基准导入镇政协联络组"  # the township of bench/run.py write_import_file
OWN_ORG = "基准自有台账镇政协联络组"


@contextlib.contextmanager
def rolled_back():
    """A transaction whose writes are all undone at its end: copies made to time them, a floor
    written and let go."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) >= 2 else samples[0]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@functools.cache  # one user for the scenario: not counted again in the queries it times
def _bench_user() -> User:
    from lianluo.demo.province import PROVINCE

    user = User.objects.filter(username="bench-admin").first()
    if user is None:
        from lianluo.accounts.services import user_create

        user = user_create(
            actor=None,
            username="bench-admin",
            organisation=Organisation.objects.get(name=PROVINCE),
            role="admin",
            password=None,
        )
    return user


EMPTY_PAGE = "/bench-empty-page/"


def _with_empty_page() -> None:
    """Serve EMPTY_PAGE beside the project's URLs: an authenticated page in the house layout
    (base.html: the menu, the user's name) with nothing in it, the least any page costs."""
    import types

    from django.contrib.auth.decorators import login_required
    from django.shortcuts import render
    from django.urls import clear_url_caches, include, path

    if settings.ROOT_URLCONF == "bench_urls":
        return
    module = types.ModuleType("bench_urls")
    module.urlpatterns = [
        path(EMPTY_PAGE.strip("/") + "/", login_required(lambda r: render(r, "base.html"))),
        path("", include(settings.ROOT_URLCONF)),
    ]
    sys.modules["bench_urls"] = module
    settings.ROOT_URLCONF = "bench_urls"
    clear_url_caches()


def _page(params: dict, path: str = "/people/", user=None, floor: list | None = None) -> dict:
    """p95 of the page against its floor: p95 of an empty page for the same user (EMPTY_PAGE)
    plus p95 of `floor`, a list of (sql, params) that read what the page shows, written by hand
    and run raw through the driver.

    Django's test client without setup_test_environment(): templates render as in production,
    not instrumented to record their contexts.
    """
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    _with_empty_page()
    client = Client()
    client.force_login(user or _bench_user())
    for _ in range(3):
        assert client.get(path, params).status_code == 200
        assert client.get(EMPTY_PAGE).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        client.get(path, params)
    queries = len(captured.captured_queries)  # now: the log is a bounded deque under DEBUG
    page_times, empty_times = [], []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get(path, params)
        page_times.append(time.perf_counter() - started)
        assert response.status_code == 200
        started = time.perf_counter()
        client.get(EMPTY_PAGE)
        empty_times.append(time.perf_counter() - started)
    rows = _bare_p95(floor or [])
    return {
        "seconds": p95(page_times),
        "floor_seconds": p95(empty_times) + rows,
        "empty_page_seconds": round(p95(empty_times), 4),
        "rows_seconds": round(rows, 4),
        "queries": queries,
    }


def _bare_p95(statements: list) -> float:
    """p95 of running the statements raw, each result fetched: a page's floor."""
    times = []
    with connection.cursor() as cursor:
        for _ in range(REPEATS):
            started = time.perf_counter()
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()
            times.append(time.perf_counter() - started)
    return p95(times)


# What a page cannot avoid reading, written by hand (PAGE_FLOORS): its rows and how many there are.
SUBTREE = "SELECT id FROM orgs_organisation WHERE path LIKE %(path)s"
ROSTER_WHERE = {
    "all": "",
    "search": " AND (p.name_initials >= %(q)s AND p.name_initials < %(q_end)s"
    " OR p.name_pinyin >= %(q)s AND p.name_pinyin < %(q_end)s)",
    "filter": " AND p.organisation_id = %(org)s"
    " AND EXISTS (SELECT 1 FROM people_personrole r WHERE r.person_id = p.id"
    " AND r.role = %(role)s) AND EXISTS (SELECT 1 FROM people_activitygroup_members m"
    " WHERE m.person_id = p.id AND m.activitygroup_id = %(group)s)",
}
ROSTER_ROWS_SQL = (
    "SELECT p.id, p.name, p.gender, p.mobile, p.work_unit, p.position, p.status, o.name"
    " FROM people_person p JOIN orgs_organisation o ON o.id = p.organisation_id"
    f" WHERE p.organisation_id IN ({SUBTREE}){{where}}"
    " ORDER BY p.organisation_id, p.name_pinyin, p.id LIMIT 50"
)
ROSTER_COUNT_SQL = (
    f"SELECT COUNT(*) FROM people_person p WHERE p.organisation_id IN ({SUBTREE}){{where}}"
)


def _roster_floor(kind: str, **params) -> list:
    where = ROSTER_WHERE[kind]
    params = {"path": _bench_user().organisation.path + "%", **params}
    return [
        (ROSTER_ROWS_SQL.format(where=where), params),
        (ROSTER_COUNT_SQL.format(where=where), params),
    ]


def roster_first_page(args) -> dict:
    return _page({}, floor=_roster_floor("all"))


PERSON_COPY_SQL = """
INSERT INTO people_person (created_at, updated_at, name, gender, id_number, mobile, work_unit,
    position, term, deputy_level, status, status_since, status_note, note, name_initials,
    name_pinyin, organisation_id, sector_id)
SELECT created_at, updated_at, name, gender, '', mobile, work_unit, position, term, deputy_level,
    status, status_since, status_note, note, name_initials, name_pinyin, organisation_id, sector_id
FROM people_person
"""


def roster_first_page_200k(args) -> dict:
    """The first page at twice the province (200,000 people): every person copied once inside a
    transaction that is rolled back, the planner's statistics taken of the doubled table."""
    # Server-side cursors declared in the open transaction could not be replayed by name.
    connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = True
    with rolled_back():
        with connection.cursor() as cursor:
            cursor.execute(PERSON_COPY_SQL)
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE people_person")
            cursor.execute("SELECT COUNT(*) FROM people_person")
            people = cursor.fetchone()[0]
        figures = _page({}, floor=_roster_floor("all"))
    if connection.vendor == "postgresql":  # the copies' dead rows must not slow the next scenario
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE people_person")
    return {**figures, "people": people}


def roster_search(args) -> dict:
    return _page({"q": "zjg"}, floor=_roster_floor("search", q="zjg", q_end="zjh"))


def roster_filter(args) -> dict:
    from lianluo.people.models import ActivityGroup

    # Groups are offered one office at a time (the page's org): the first group's office.
    group = ActivityGroup.objects.order_by("id").first()
    params = {"role": "contact", "group": group.pk, "org": group.organisation_id}
    floor = _roster_floor("filter", role="contact", group=group.pk, org=group.organisation_id)
    figures = _page(params, floor=floor)
    # The page filtered as its floor did (an invalid filter would show everyone, unfiltered).
    with connection.cursor() as cursor:
        cursor.execute(*floor[1])
        expected = cursor.fetchone()[0]
    client = Client()
    client.force_login(_bench_user())
    assert f"共 {expected} 人" in client.get("/people/", params).content.decode(), expected
    return {**figures, "people": expected}


def _timed_import(path: Path, organisation=None) -> dict:
    """The import of `path` against its floor, calamine reading the same file's cells."""
    from python_calamine import CalamineWorkbook

    from lianluo.workbook.importer import workbook_import

    # The import first, so that its peak is its own, not what the floor's read left behind.
    started = time.perf_counter()
    report = workbook_import(path=path, actor=None, dry_run=False, organisation=organisation)
    seconds = time.perf_counter() - started
    assert report.ok, report.errors[:5]
    import_peak = peak_mb()
    started = time.perf_counter()
    book = CalamineWorkbook.from_path(str(path))
    rows = sum(1 for name in book.sheet_names for _ in book.get_sheet_by_name(name).iter_rows())
    floor = time.perf_counter() - started
    del book
    writes = _people_write_seconds(report.organisation)
    # PostgreSQL only: SQLite pairs the copies by rank in a nested loop (hours for 100,000).
    server = (
        _people_server_write_seconds(report.organisation)
        if connection.vendor == "postgresql"
        else None
    )
    return {
        "seconds": seconds,
        "floor_seconds": floor,
        "rows": rows,
        "created": report.counts["人员"].created,
        "updated": report.counts["人员"].updated,
        # The other floor: the parse plus writing the same people and roles again by the bulk path
        # (COPY on PostgreSQL) with no checks, which no import avoids.
        "parse_and_write_seconds": round(floor + writes, 4),
        "ratio_to_parse_and_write": round(seconds / (floor + writes), 2),
        # The database's own share, no Python at all: the same rows copied table to table.
        **(
            {
                "server_write_seconds": round(server, 4),
                "server_write_to_parse": round(server / floor, 2),
            }
            if server is not None
            else {}
        ),
        "peak_mb": round(import_peak, 1),
    }


def _check_foreign_keys() -> None:
    """Run the foreign-key checks a commit would (PostgreSQL defers them; a rollback skips them).
    SQLite checks each row as it is written."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _scratch_office(name: str) -> Organisation:
    return Organisation.objects.create(name=name, kind="cppcc_group")


def _people_write_seconds(organisation) -> float:
    """Seconds to write `organisation`'s people and their roles once more, into a scratch office
    in a transaction that is rolled back, by `core.bulk.insert_rows` from plain tuples, with the
    foreign-key checks a commit would run."""
    import datetime as dt

    from lianluo.core.bulk import db_datetime, insert_rows
    from lianluo.people.models import Person, PersonRole

    fields = [f for f in Person._meta.concrete_fields if not f.primary_key]
    people = list(
        Person.objects.filter(organisation=organisation)
        .order_by("id")
        .values_list("id", *[f.attname for f in fields])
    )
    roles = list(
        PersonRole.objects.filter(person__organisation=organisation).values_list(
            "person_id", "role", "start_date", "end_date"
        )
    )
    organisation_at = [f.attname for f in fields].index("organisation_id")
    with rolled_back():
        scratch = _scratch_office("基准写入下限")
        rows = []
        for _, *values in people:
            values[organisation_at] = scratch.pk
            rows.append(tuple(db_datetime(v) if isinstance(v, dt.datetime) else v for v in values))
        started = time.perf_counter()
        ids = insert_rows(Person, [f.column for f in fields], rows, returning_ids=True)
        new_id = dict(zip((pk for pk, *_ in people), ids, strict=True))
        insert_rows(
            PersonRole,
            ["person_id", "role", "start_date", "end_date"],
            [(new_id[person], *rest) for person, *rest in roles],
        )
        _check_foreign_keys()
        seconds = time.perf_counter() - started
    return seconds


def _people_server_write_seconds(organisation) -> float:
    """Seconds the database alone takes to write `organisation`'s people and roles once more:
    copied table to table by INSERT ... SELECT into a scratch office (no Python, no driver, no
    parse), with the foreign-key checks a commit runs, rolled back. What no import can go under.
    PostgreSQL, the production database."""
    from lianluo.people.models import Person, PersonRole

    columns = [f.column for f in Person._meta.concrete_fields if not f.primary_key]
    listed = ", ".join(columns)
    chosen = ", ".join("%s" if c == "organisation_id" else c for c in columns)
    person, role = Person._meta.db_table, PersonRole._meta.db_table
    # The copies are in the same order as the originals: they are paired with them by rank.
    pairs = (
        "SELECT n.id, r.role, r.start_date, r.end_date FROM"  # noqa: S608
        f" (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS k FROM {person}"
        "  WHERE organisation_id = %s) o"
        f" JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS k FROM {person}"
        "  WHERE organisation_id = %s) n ON n.k = o.k"
        f" JOIN {role} r ON r.person_id = o.id"
    )
    with rolled_back(), connection.cursor() as cursor:
        scratch = _scratch_office("基准写入下限（数据库）")
        started = time.perf_counter()
        # Names are the models' own; the office's id is a bound parameter.
        cursor.execute(
            f"INSERT INTO {person} ({listed}) SELECT {chosen} FROM {person}"  # noqa: S608
            " WHERE organisation_id = %s ORDER BY id",
            [scratch.pk, organisation.pk],
        )
        # Reading the pairs is not writing: it is timed alone and taken off (it runs twice).
        paired = time.perf_counter()
        cursor.execute(f"SELECT COUNT(*) FROM ({pairs}) pairs", [organisation.pk, scratch.pk])
        pairing = time.perf_counter() - paired
        cursor.execute(
            f"INSERT INTO {role} (person_id, role, start_date, end_date) {pairs}",
            [organisation.pk, scratch.pk],
        )
        _check_foreign_keys()
        seconds = time.perf_counter() - started - 2 * pairing
    return seconds


def import_workbook(args) -> dict:
    return _timed_import(Path(args.workdir) / "import.xlsx")


def reimport_workbook(args) -> dict:
    """The township of import_workbook imports its roster again a year on: the same 100,000
    people, one in ten with a new position. Imported first (in its own process) when it is not
    there yet."""
    import subprocess

    from lianluo.people.models import Person

    if not Person.objects.filter(organisation__name=IMPORT_ORG).exists():
        subprocess.run(  # noqa: S603 (this script, its own arguments)
            [sys.executable, __file__, "import_workbook", "--workdir", args.workdir],
            check=True,
            capture_output=True,
        )
    figures = _timed_import(Path(args.workdir) / "reimport.xlsx")
    assert figures["created"] == 0, figures
    return figures


def import_own_roster(args) -> dict:
    """An office's own messy roster (bench/run.py write_own_roster): found, mapped, normalised
    and imported."""
    org, _ = Organisation.objects.get_or_create(name=OWN_ORG, defaults={"kind": "cppcc_group"})
    return _timed_import(Path(args.workdir) / "own-roster.xlsx", organisation=org)


def export_workbook(args) -> dict:
    from lianluo.people.models import Person
    from lianluo.workbook.framework import workbook_export

    org = Organisation.objects.get(name=IMPORT_ORG)
    target = Path(args.workdir) / "export.xlsx"
    started = time.perf_counter()
    workbook_export(organisation=org, year=2024, actor=None, path=target)
    seconds = time.perf_counter() - started
    # Floor: the same rows fetched by one raw query and written with openpyxl's write-only mode.
    sql, params = (
        Person.objects.filter(organisation=org)
        .values_list(
            "name", "gender", "sector__name", "work_unit", "position", "mobile", "id_number", "note"
        )
        .order_by("id")
        .query.sql_with_params()
    )
    floor = _written_raw(sql, params, Path(args.workdir) / "export-floor.xlsx")
    return {"seconds": seconds, "floor_seconds": floor}


def activity_list_page(args) -> dict:
    from lianluo.activities.models import Activity

    latest = Activity.objects.order_by("-date").values_list("date", flat=True).first()
    year = latest.year if latest else 2025
    params = {"path": _bench_user().organisation.path + "%", "year": year}
    return _page(
        {"year": year}, path="/activities/", floor=[(sql, params) for sql in ACTIVITY_LIST_FLOOR]
    )


# The list's 50 activities of the year, how many there are, and the page's attendance counts.
ACTIVITY_PAGE = (
    "SELECT a.id FROM activities_activity a"
    f" WHERE a.organisation_id IN ({SUBTREE}) AND a.year = %(year)s"
    " ORDER BY a.date DESC, a.id DESC LIMIT 50"
)
ACTIVITY_LIST_FLOOR = (
    "SELECT a.id, a.subject, a.kind, a.date, a.date_precision, o.name FROM activities_activity a"
    f" JOIN orgs_organisation o ON o.id = a.organisation_id WHERE a.id IN ({ACTIVITY_PAGE})",
    "SELECT COUNT(*) FROM activities_activity a"
    f" WHERE a.organisation_id IN ({SUBTREE}) AND a.year = %(year)s",
    "SELECT at.activity_id, COUNT(*), SUM(CASE WHEN at.status = 'present' THEN 1 ELSE 0 END)"
    f" FROM activities_attendance at WHERE at.activity_id IN ({ACTIVITY_PAGE})"
    " GROUP BY at.activity_id",
)
CALENDAR_FLOOR = (
    "SELECT a.id, a.subject, a.kind, a.date, a.starts_at FROM activities_activity a"
    " WHERE a.organisation_id = %(org)s AND a.date >= %(first)s AND a.date < %(next)s"
    " ORDER BY a.date, a.id"
)


def calendar_page(args) -> dict:
    """The month view of the township with the most activities, as its own staff see it."""
    import datetime as dt

    from django.db.models import Count

    from lianluo.accounts.services import user_create
    from lianluo.activities.models import Activity

    row = Activity.objects.values("organisation_id").annotate(n=Count("id")).order_by("-n").first()
    latest = (
        Activity.objects.filter(organisation_id=row["organisation_id"]).order_by("-date").first()
    )
    staff = User.objects.filter(username="bench-staff").first() or user_create(
        actor=None,
        username="bench-staff",
        organisation=latest.organisation,
        role="staff",
        password=None,
    )
    first = latest.date.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    floor = [(CALENDAR_FLOOR, {"org": latest.organisation_id, "first": first, "next": following})]
    return _page(
        {"month": f"{latest.date:%Y-%m}"}, path="/activities/calendar/", user=staff, floor=floor
    )


def discipline_tree(args) -> dict:
    """Discipline standing of every person in the province, each office by its own rules, against
    the work no way of counting runs avoids: one pass over the subtree's attendance up to the day,
    joined to the activities' dates and counted per person."""
    import datetime as dt

    from lianluo.activities.selectors import discipline_tree_counts
    from lianluo.demo.province import PROVINCE

    province = Organisation.objects.get(name=PROVINCE)
    as_of = dt.date.today()  # noqa: DTZ011
    started = time.perf_counter()
    counts = discipline_tree_counts(organisation=province, as_of=as_of)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(DISCIPLINE_FLOOR_SQL, {"path": province.path + "%", "as_of": as_of})
        cursor.fetchall()
    floor = time.perf_counter() - started
    return {"seconds": seconds, "floor_seconds": floor, **counts}


DISCIPLINE_FLOOR_SQL = """
SELECT at.person_id, COUNT(*)
FROM activities_attendance at
JOIN activities_activity act ON act.id = at.activity_id
JOIN orgs_organisation o ON o.id = act.organisation_id
WHERE o.path LIKE %(path)s AND act.date <= %(as_of)s
GROUP BY at.person_id
"""


def similar_suggest(args) -> dict:
    """While a title is typed: p95 of the JSON endpoint that suggests similar submissions, as the
    province's admin (every office's submissions of this year and last), one query per labelled
    rewrite, against p95 of looking the text's bigrams up in the index by hand (SIMILAR_FLOOR:
    the postings counted per submission, the best five)."""
    from lianluo.submissions.models import Submission
    from lianluo.submissions.similarity import text_grams
    from lianluo.submissions.similarity_eval import labelled_pairs

    queries = [pair["b"] for pair in labelled_pairs()]
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(_bench_user())
    for text in queries[:3]:
        assert client.get("/submissions/similar/", text).status_code == 200
    page_times, floor_times, found = [], [], 0
    for round_ in range(2):
        for text in queries:
            started = time.perf_counter()
            response = client.get("/submissions/similar/", text)
            elapsed = time.perf_counter() - started
            assert response.status_code == 200
            if round_:
                page_times.append(elapsed)
                found += bool(response.json()["results"])
                grams = sorted(text_grams(text.get("title", ""), text.get("body", "")))
                sql = SIMILAR_FLOOR.format(grams=", ".join(["%s"] * len(grams)))
                with connection.cursor() as cursor:
                    started = time.perf_counter()
                    if grams:
                        cursor.execute(sql, grams)
                        cursor.fetchall()
                    floor_times.append(time.perf_counter() - started)
    return {
        "seconds": p95(page_times),
        "floor_seconds": p95(floor_times),
        "submissions": Submission.objects.count(),
        "queries": len(page_times),
        "with_suggestions": found,
    }


SIMILAR_FLOOR = (
    "SELECT g.submission_id, COUNT(*) FROM submissions_submissiongram g"
    " WHERE g.gram IN ({grams}) GROUP BY g.submission_id ORDER BY 2 DESC LIMIT 5"
)


def similarity_precision(args) -> dict:
    """Precision at 1 on the labelled pairs, stored in a new office beside the scale data set (so
    that the bigram weights are those of the whole index), in a transaction rolled back."""
    from lianluo.demo.province import PROVINCE
    from lianluo.orgs.services import org_create
    from lianluo.submissions.similarity_eval import evaluate

    province = Organisation.objects.get(name=PROVINCE)
    started = time.perf_counter()
    with rolled_back():
        office = org_create(
            actor=None, name="基准相似度测试联络组", kind="cppcc_group", parent=province
        )
        result = evaluate(organisation=office)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "floor_seconds": None,
        "precision_at_1": round(result.precision_at_1, 3),
        "rewrites": result.rewrites,
        "right": result.right,
        "flag_precision": round(result.flag_precision, 3),
        "flag_recall": round(result.flag_recall, 3),
        "wrong": result.wrong,
    }


def points_tree(args) -> dict:
    """Every person's points of the latest year over the province, each office's rules, against
    one pass over the year's attendance answers counted per person (POINTS_FLOOR_SQL)."""

    from lianluo.activities.models import Activity
    from lianluo.demo.province import PROVINCE
    from lianluo.duty import points

    province = Organisation.objects.get(name=PROVINCE)
    latest = Activity.objects.order_by("-date").values_list("date", flat=True).first()
    year = latest.year if latest else 2025
    started = time.perf_counter()
    totals = points.tree_totals(province, year)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(POINTS_FLOOR_SQL, {"path": province.path + "%", "year": year})
        cursor.fetchall()
    floor = time.perf_counter() - started
    return {"seconds": seconds, "floor_seconds": floor, "people_with_points": len(totals)}


# Points are mostly attendance: the year's answers of the subtree counted per person and answer.
POINTS_FLOOR_SQL = """
SELECT at.person_id, at.status, COUNT(*)
FROM activities_attendance at
JOIN activities_activity act ON act.id = at.activity_id
JOIN orgs_organisation o ON o.id = act.organisation_id
WHERE o.path LIKE %(path)s AND act.year = %(year)s AND at.status IN ('present', 'leave', 'absent')
GROUP BY at.person_id, at.status
"""


def duty_record_page(args) -> dict:
    """A member's duty record page (the member with the most invitations in the latest year),
    as that member sees it on the phone."""
    import datetime as dt

    from django.db.models import Count

    from lianluo.accounts.services import user_create
    from lianluo.activities.models import Activity, Attendance

    latest = Activity.objects.order_by("-date").values_list("date", flat=True).first()
    busiest = (
        Attendance.objects.filter(activity__year=latest.year)
        .values("person_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    from lianluo.people.models import Person

    person = Person.objects.get(pk=busiest["person_id"])
    member = User.objects.filter(username="bench-member").first() or user_create(
        actor=None,
        username="bench-member",
        organisation=person.organisation,
        role="member",
        person=person,
        password=None,
    )
    params = {
        "person": person.pk,
        "year": latest.year,
        "start": dt.date(latest.year, 1, 1),
        "next": dt.date(latest.year + 1, 1, 1),
    }
    figures = _page(
        {"year": latest.year},
        path=f"/duty/people/{person.pk}/",
        user=member,
        floor=[(sql, params) for sql in DUTY_RECORD_FLOOR],
    )
    figures["invitations"] = busiest["n"]
    return figures


# A member's year: the invitations with their activities, the submissions they proposed, their
# contributions.
DUTY_RECORD_FLOOR = (
    "SELECT at.id, at.status, a.date, a.subject FROM activities_attendance at"
    " JOIN activities_activity a ON a.id = at.activity_id"
    " WHERE at.person_id = %(person)s AND a.year = %(year)s ORDER BY a.date, a.id",
    "SELECT s.id, s.title, s.state FROM submissions_submission s"
    " JOIN submissions_proposer p ON p.submission_id = s.id"
    " WHERE p.person_id = %(person)s AND s.year = %(year)s",
    "SELECT c.id, c.text FROM duty_contribution c"
    " WHERE c.person_id = %(person)s AND c.year = %(year)s",
    # The visits the member received and the points rules of their office: the page shows both.
    "SELECT v.id, v.date, v.kind FROM visits_visit v"
    " JOIN visits_visit_people vp ON vp.visit_id = v.id"
    " WHERE vp.person_id = %(person)s AND v.date >= %(start)s AND v.date < %(next)s"
    " ORDER BY v.date",
    "SELECT r.source, r.points, r.cap, r.effective_from FROM duty_pointrule r"
    " JOIN people_person pe ON pe.organisation_id = r.organisation_id"
    " WHERE pe.id = %(person)s ORDER BY r.source, r.effective_from",
)
# The day's arrivals of the event with their guests and pickups.
ARRIVALS_FLOOR = (
    "SELECT l.id, l.number, l.expected_at, pe.name, pu.status FROM reception_travelleg l"
    " JOIN reception_guest g ON g.id = l.guest_id JOIN people_person pe ON pe.id = g.person_id"
    " LEFT JOIN reception_pickup pu ON pu.leg_id = l.id"
    " WHERE g.event_id = %(event)s AND l.expected_at >= %(start)s AND l.expected_at < %(end)s"
    " ORDER BY l.expected_at, l.id"
)


def arrivals_board(args) -> dict:
    """The arrivals board of a day with 500 guests (an event made here, each guest with a flight,
    a volunteer and a pickup; one flight of 40 delayed), as the reception office's staff see it."""
    import datetime as dt

    from django.utils import timezone

    from lianluo.accounts.services import user_create
    from lianluo.demo.province import PROVINCE
    from lianluo.orgs.services import org_create
    from lianluo.people.services import person_create
    from lianluo.reception.services import (
        GuestData,
        delay_flight,
        event_save,
        guest_save,
        leg_add,
    )

    today = timezone.localdate()
    org = Organisation.objects.filter(name="基准接待组").first()
    if org is None:
        org = org_create(
            actor=None,
            name="基准接待组",
            kind="reception_group",
            parent=Organisation.objects.get(name=PROVINCE),
        )
        volunteers = [
            person_create(actor=None, organisation=org, name=f"志愿者{i}", roles=["volunteer"])
            for i in range(50)
        ]
        event = event_save(
            actor=None, organisation=org, name="基准大会", starts_on=today, ends_on=today
        )
        for index in range(500):
            person = person_create(
                actor=None, organisation=org, name=f"嘉宾{index:03d}", roles=["guest"]
            )
            guest = guest_save(
                actor=None,
                event=event,
                data=GuestData(person=person, volunteer=volunteers[index % 50], title="嘉宾"),
            )
            minute = 6 * 60 + index * 2  # from 06:00, one every two minutes
            planned = timezone.make_aware(
                dt.datetime.combine(today, dt.time(minute // 60 % 24, minute % 60))
            )
            leg_add(
                actor=None,
                guest=guest,
                mode="flight",
                number=f"CA{1000 + index // 40}",
                station="机场",
                planned_at=planned,
            )
        delay_flight(
            actor=None,
            event=event,
            number="CA1003",
            expected_at=timezone.make_aware(dt.datetime.combine(today, dt.time(23, 0))),
        )
    staff = User.objects.filter(username="bench-reception").first() or user_create(
        actor=None, username="bench-reception", organisation=org, role="staff", password=None
    )
    event_id = org.reception_events.values_list("pk", flat=True).first()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time()))
    floor = [(ARRIVALS_FLOOR, {"event": event_id, "start": start, "end": start + dt.timedelta(1)})]
    figures = _page(
        {"event": event_id, "date": today.isoformat()},
        path="/reception/board/",
        user=staff,
        floor=floor,
    )
    figures["guests"] = 500
    return figures


def _summary(organisation) -> dict:
    """Facts and draft of the latest year for one organisation, against the year's floor
    (YEAR_FLOOR_SQL)."""
    import datetime as dt

    from django.utils import timezone

    from lianluo.activities.models import Activity
    from lianluo.reports.selectors import draft_from_records

    latest = Activity.objects.order_by("-date").values_list("date", flat=True).first()
    year = latest.year if latest else timezone.localdate().year
    today = dt.date(year, 12, 31)
    draft_from_records(organisation=organisation, year=year, today=today)  # warm the caches
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        title, sections = draft_from_records(organisation=organisation, year=year, today=today)
        seconds = time.perf_counter() - started
    queries = [DECLARE.sub("", query["sql"]) for query in captured.captured_queries]
    return {
        "seconds": seconds,
        "floor_seconds": _year_floor(organisation, year),
        "queries": len(queries),
        "characters": sum(len(s["text"]) for s in sections),
    }


# The work no summary of a year avoids: its attendance answers counted once per activity, then
# the activities with those counts grouped by kind and office (the rest is a few thousand rows).
YEAR_FLOOR_SQL = """
WITH answers AS (
    SELECT at.activity_id,
           SUM(CASE WHEN at.status = 'present' THEN 1 ELSE 0 END) AS present,
           SUM(CASE WHEN at.status = 'leave' THEN 1 ELSE 0 END) AS leave,
           SUM(CASE WHEN at.status = 'absent' THEN 1 ELSE 0 END) AS absent
    FROM activities_attendance at
    JOIN activities_activity act ON act.id = at.activity_id
    JOIN orgs_organisation o ON o.id = act.organisation_id
    WHERE o.path LIKE %(path)s AND act.year = %(year)s
      AND at.status IN ('present', 'leave', 'absent')
    GROUP BY at.activity_id
)
SELECT act.kind, act.organisation_id, COUNT(*),
       SUM(COALESCE(answers.present, act.person_times, act.headcount)),
       SUM(answers.present), SUM(answers.leave), SUM(answers.absent)
FROM activities_activity act
JOIN orgs_organisation o ON o.id = act.organisation_id
LEFT JOIN answers ON answers.activity_id = act.id
WHERE o.path LIKE %(path)s AND act.year = %(year)s
GROUP BY act.kind, act.organisation_id
"""


def _year_floor(organisation, year: int) -> float:
    """Seconds of YEAR_FLOOR_SQL for the organisation's subtree: the floor of a summary and of
    the statistics page, never the code under test."""
    params = {"path": organisation.path + "%", "year": year}
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(YEAR_FLOOR_SQL, params)
        cursor.fetchall()
    return time.perf_counter() - started


def annual_summary_office(args) -> dict:
    """The annual summary of the township with the most activities in the latest year."""
    from django.db.models import Count

    from lianluo.activities.models import Activity

    latest = Activity.objects.order_by("-date").values_list("date", flat=True).first()
    busiest = (
        Activity.objects.filter(year=latest.year)
        .values("organisation_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    return _summary(Organisation.objects.get(pk=busiest["organisation_id"]))


def annual_summary_tree(args) -> dict:
    """The province's annual summary: every figure over 973 organisations, a row per office."""
    from lianluo.demo.province import PROVINCE

    return _summary(Organisation.objects.get(name=PROVINCE))


def _as_admin(view, path: str):
    """The view's response to a GET of `path` by the province's admin: the same request a browser
    sends, with a session that is never written (the view may run on a read-only standby)."""
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.signed_cookies import SessionStore
    from django.test import RequestFactory

    request = RequestFactory().get(path)
    request.user, request.session = _bench_user(), SessionStore()
    request._messages = FallbackStorage(request)
    response = view(request)
    assert response.status_code == 200
    return response


def _written_raw(sql: str, params, path: Path) -> float:
    """Seconds to read rows by one raw query and write them with openpyxl's write-only mode: the
    floor of an Excel export."""
    from openpyxl import Workbook

    started = time.perf_counter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("floor")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(5000):
            for row in chunk:
                sheet.append(list(row))
    book.save(path)
    return time.perf_counter() - started


def dashboard_tree(args) -> dict:
    """The statistics page of the province's latest year as its admin sees it (the view itself,
    with the same request a browser sends), against the year's floor (YEAR_FLOOR_SQL). Nothing is
    written: the page runs as well on a read-only standby."""
    from lianluo.activities.models import Activity
    from lianluo.demo.province import PROVINCE
    from lianluo.reports.views import dashboard

    province = Organisation.objects.get(name=PROVINCE)
    year = Activity.objects.order_by("-date").values_list("date", flat=True).first().year
    path = f"/reports/dashboard/?organisation={province.pk}&year={year}"
    _as_admin(dashboard, path)  # warm the caches and the templates
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        _as_admin(dashboard, path)
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "floor_seconds": _year_floor(province, year),
        "queries": len(captured.captured_queries),
    }


def roster_xlsx_tree(args) -> dict:
    """The province's whole roster in Excel, as its admin downloads it (the view itself), against
    its people read by one raw query and written with openpyxl's write-only mode."""
    from lianluo.people.models import Person
    from lianluo.people.selectors import ROSTER_COLUMNS
    from lianluo.people.views import roster_xlsx

    _bench_user()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = _as_admin(roster_xlsx, "/people/roster.xlsx")
        seconds = time.perf_counter() - started
    view_peak = peak_mb()  # before the floor's own rows are read
    sql, params = (
        Person.objects.values_list(*ROSTER_COLUMNS)
        .order_by("organisation_id", "name_pinyin", "id")
        .query.sql_with_params()
    )
    return {
        "seconds": seconds,
        "floor_seconds": _written_raw(sql, params, Path(args.workdir) / "roster-floor.xlsx"),
        "queries": len(captured.captured_queries),
        "bytes": len(response.content),
        "view_peak_mb": round(view_peak, 1),
    }


SCENARIOS = {
    "roster_xlsx_tree": roster_xlsx_tree,
    "dashboard_tree": dashboard_tree,
    "activity_list": activity_list_page,
    "calendar": calendar_page,
    "discipline_tree": discipline_tree,
    "roster_first_page": roster_first_page,
    "roster_first_page_200k": roster_first_page_200k,
    "roster_search": roster_search,
    "roster_filter": roster_filter,
    "import_workbook": import_workbook,
    "import_own_roster": import_own_roster,
    "reimport_workbook": reimport_workbook,
    "export_workbook": export_workbook,
    "similar_suggest": similar_suggest,
    "similarity_precision": similarity_precision,
    "points_tree": points_tree,
    "duty_record_page": duty_record_page,
    "arrivals_board": arrivals_board,
    "annual_summary_office": annual_summary_office,
    "annual_summary_tree": annual_summary_tree,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("scenario", choices=SCENARIOS)
    parser.add_argument("--workdir", required=True)
    args = parser.parse_args()
    figures = SCENARIOS[args.scenario](args)
    figures.setdefault("peak_mb", round(peak_mb(), 1))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
