"""Organisation scope for every view: a record outside the viewer's scope is a 404.

Every URL of Lianluo's own apps must appear in one of the tables below; a new view without a
case fails `test_every_view_has_a_scoping_case`.
"""

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lianluo.accounts.models import User
from lianluo.activities.models import Activity, ActivityFile, Attendance, LeaveRequest
from lianluo.court.models import ConcernCase, Pairing
from lianluo.duty.models import Contribution
from lianluo.people.models import Sector
from lianluo.people.services import group_save
from lianluo.reception.models import Guest, Pickup, ReceptionEvent, TravelLeg
from lianluo.rectification.models import RectificationItem
from lianluo.submissions.models import Submission, SubmissionFile
from lianluo.visits.models import Visit
from lianluo.workbook.models import ImportJob

OWN_APPS = (
    "home",
    "accounts",
    "orgs",
    "people",
    "audit",
    "workbook",
    "activities",
    "notifications",
    "submissions",
    "rectification",
    "visits",
    "duty",
    "court",
    "reception",
    "briefings",
    "reports",
)


def _object_urls(world, other_org, other_person, other_group, other_sector):
    """URLs that name one record, here a record of `other_org` (outside the viewer's scope)."""
    uploader = User.objects.filter(organisation=other_org, role="staff").first()
    job = ImportJob.objects.create(
        created_by=uploader, organisation=other_org, original_name="x.xlsx"
    )
    activity = Activity.objects.create(
        organisation=other_org, code="X1", kind="study", subject="学习", date=dt.date(2024, 3, 1)
    )
    other_person = other_org.people.first()
    attendance = Attendance.objects.create(activity=activity, person=other_person)
    leave = LeaveRequest.objects.create(attendance=attendance, reason="出差")
    stored = ActivityFile.objects.create(
        activity=activity, kind="other", original_name="a.txt", size=1, file="x.txt"
    )
    submission = Submission.objects.create(
        organisation=other_org, kind="proposal", title="外组织的提案", year=2024, state="submitted"
    )
    submission.proposers.create(person=other_person)
    submission_file = SubmissionFile.objects.create(
        submission=submission, file="y.txt", name="y.txt"
    )
    rectification = RectificationItem.objects.create(
        organisation=other_org, opinion="外组织的意见", year=2024
    )
    visit = Visit.objects.create(organisation=other_org, date=dt.date(2024, 3, 1), unit="某厂")
    contribution = Contribution.objects.create(
        organisation=other_org, person=other_person, year=2024, text="外组织的事迹"
    )
    pairing = Pairing.objects.create(
        organisation=other_org, staff=other_person, person=other_person, started_on=visit.date
    )
    case = ConcernCase.objects.create(
        organisation=other_org,
        case_number="（2024）外1号",
        title="外组织的案件",
        received_on=visit.date,
        plan_due=visit.date,
        reply_due=visit.date,
    )
    event = ReceptionEvent.objects.create(
        organisation=other_org, name="外组织的接待", starts_on=visit.date, ends_on=visit.date
    )
    guest = Guest.objects.create(event=event, person=other_person)
    moment = dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC)
    leg = TravelLeg.objects.create(
        guest=guest, mode="flight", number="CA1", planned_at=moment, expected_at=moment
    )
    pickup = Pickup.objects.create(leg=leg, meet_at=moment)
    from lianluo.briefings.models import Briefing
    from lianluo.reception.services import checkin_token

    briefing = Briefing.objects.create(organisation=other_org, year=2024, title="外组织简报")
    report_args = [other_org.pk, 2024]

    return {
        "briefings:detail": ("get", reverse("briefings:detail", args=[briefing.pk])),
        "briefings:compose": ("get", reverse("briefings:compose", args=[briefing.pk])),
        "briefings:issue": ("post", reverse("briefings:issue", args=[briefing.pk])),
        "briefings:delete": ("post", reverse("briefings:delete", args=[briefing.pk])),
        "briefings:export": ("get", reverse("briefings:export", args=[briefing.pk, "docx"])),
        "reports:detail": ("get", reverse("reports:detail", args=report_args)),
        "reports:generate": ("post", reverse("reports:generate", args=report_args)),
        "reports:section": ("post", reverse("reports:section", args=report_args)),
        "reports:accept": ("post", reverse("reports:accept", args=report_args)),
        "reports:polish": ("post", reverse("reports:polish", args=report_args)),
        "reports:polish_accept": ("post", reverse("reports:polish_accept", args=report_args)),
        "reports:export": ("get", reverse("reports:export", args=[*report_args, "docx"])),
        "reports:template": ("get", reverse("reports:template", args=[other_org.pk])),
        "activities:notice": ("get", reverse("activities:notice", args=[activity.pk])),
        "reception:event": ("get", reverse("reception:event", args=[event.pk])),
        "reception:delay": ("post", reverse("reception:delay", args=[event.pk])),
        "reception:guest": ("get", reverse("reception:guest", args=[guest.pk])),
        "reception:pickup": ("post", reverse("reception:pickup", args=[pickup.pk])),
        "reception:checkin": ("get", reverse("reception:checkin", args=[checkin_token(guest)])),
        "visits:detail": ("get", reverse("visits:detail", args=[visit.pk])),
        "visits:edit": ("get", reverse("visits:edit", args=[visit.pk])),
        "duty:record": ("get", reverse("duty:record", args=[other_person.pk])),
        "duty:record_docx": ("get", reverse("duty:record_docx", args=[other_person.pk])),
        "duty:contribution_edit": (
            "get",
            reverse("duty:contribution_edit", args=[contribution.pk]),
        ),
        "duty:contribution_delete": (
            "post",
            reverse("duty:contribution_delete", args=[contribution.pk]),
        ),
        "court:pairing": ("get", reverse("court:pairing", args=[pairing.pk])),
        "court:case": ("get", reverse("court:case", args=[case.pk])),
        "submissions:detail": ("get", reverse("submissions:detail", args=[submission.pk])),
        "submissions:edit": ("get", reverse("submissions:edit", args=[submission.pk])),
        "submissions:move": ("post", reverse("submissions:move", args=[submission.pk, "file"])),
        "submissions:note_add": ("post", reverse("submissions:note_add", args=[submission.pk])),
        "submissions:file_add": ("post", reverse("submissions:file_add", args=[submission.pk])),
        "submissions:file": ("get", reverse("submissions:file", args=[submission_file.pk])),
        "rectification:detail": (
            "get",
            reverse("rectification:detail", args=[rectification.pk]),
        ),
        "rectification:edit": (
            "get",
            reverse("rectification:edit", args=[rectification.pk]),
        ),
        "activities:detail": ("get", reverse("activities:detail", args=[activity.pk])),
        "activities:edit": ("get", reverse("activities:edit", args=[activity.pk])),
        "activities:invite": ("get", reverse("activities:invite", args=[activity.pk])),
        "activities:answer": ("post", reverse("activities:answer", args=[activity.pk])),
        "court:trial_case": ("post", reverse("court:trial_case", args=[activity.pk])),
        "activities:suggestion_create": (
            "post",
            reverse("activities:suggestion_create", args=[activity.pk]),
        ),
        "activities:file_create": ("post", reverse("activities:file_create", args=[activity.pk])),
        "activities:file": ("get", reverse("activities:file", args=[stored.pk])),
        "court:appraise": ("get", reverse("court:appraise", args=[activity.pk])),
        "activities:signin_sheet": ("get", reverse("activities:signin_sheet", args=[activity.pk])),
        "activities:discipline_notify": (
            "post",
            reverse("activities:discipline_notify", args=[other_person.pk]),
        ),
        "activities:discipline_letter": (
            "get",
            reverse("activities:discipline_letter", args=[other_person.pk]),
        ),
        "activities:leave": ("get", reverse("activities:leave", args=[activity.pk])),
        "activities:signin_code": ("get", reverse("activities:signin_code", args=[activity.pk])),
        "activities:manual_signin": (
            "post",
            reverse("activities:manual_signin", args=[activity.pk]),
        ),
        "activities:decide_leave": ("post", reverse("activities:decide_leave", args=[leave.pk])),
        "workbook:job": ("get", reverse("workbook:job", args=[job.pk])),
        "workbook:job_status": ("get", reverse("workbook:job_status", args=[job.pk])),
        "workbook:job_confirm": ("post", reverse("workbook:job_confirm", args=[job.pk])),
        "workbook:job_mapping": ("get", reverse("workbook:job_mapping", args=[job.pk])),
        "workbook:job_marked": ("get", reverse("workbook:job_marked", args=[job.pk])),
        "workbook:export": ("get", reverse("workbook:export", args=[other_org.pk]) + "?year=2024"),
        "people:detail": ("get", reverse("people:detail", args=[other_person.pk])),
        "people:edit": ("get", reverse("people:edit", args=[other_person.pk])),
        "people:reveal": ("post", reverse("people:reveal", args=[other_person.pk])),
        "people:group_edit": ("get", reverse("people:group_edit", args=[other_group.pk])),
        "people:create": ("get", reverse("people:create") + f"?org={other_org.pk}"),
        "orgs:detail": ("get", reverse("orgs:detail", args=[other_org.pk])),
        "orgs:edit": ("get", reverse("orgs:edit", args=[other_org.pk])),
        "orgs:create_child": ("get", reverse("orgs:create_child", args=[other_org.pk])),
        "people:sector_create": ("post", reverse("people:sector_create", args=[other_org.pk])),
        "people:sector_toggle": (
            "post",
            reverse("people:sector_toggle", args=[other_org.pk, other_sector.pk]),
        ),
    }


# Views that name no record: their lists are checked for leaks in the tests below.
LIST_OR_SELF_VIEWS = {
    "home:home",
    "people:roster",
    "people:groups",
    "people:group_create",
    "orgs:list",
    "audit:list",
    "accounts:users",
    "accounts:user_create",
    "accounts:password_change",
    "accounts:login",
    "accounts:logout",
    "workbook:import",
    "people:own_contact",
    "activities:list",
    "activities:create",
    "activities:discipline",
    "activities:mine",
    "notifications:inbox",
    "activities:calendar",
    "court:appraisals",
    "activities:feed_create",  # creates a feed for the viewer's own person or organisation
    "activities:feed_revoke",  # only the viewer's own feeds (test_calendar.py)
    "activities:feed_ics",  # a secret token, no login (test_calendar.py)  # only the viewer's own messages (notifications/tests)
    "activities:scan",  # token-based: refusals are logged and shown (test_signin.py)
    "submissions:list",
    "submissions:create",  # staff: their organisation; members: their own (test_scope.py)
    "submissions:mine",
    "submissions:handling",
    "submissions:similar",  # only what the viewer may read (submissions/tests/test_scope.py)
    "submissions:batch",  # only the writer's own items (submissions/tests/test_scope.py)
    "submissions:settings",
    "rectification:list",
    "rectification:create",
    "visits:list",
    "visits:create",  # the viewer's own organisation only (visits/tests)
    "visits:coverage",
    "visits:settings",
    "duty:ranking",  # staff and leaders: their subtree (duty/tests)
    "duty:mine",  # redirects to the viewer's own record
    "duty:rules",
    "duty:contributions",
    "duty:contribution_create",
    "court:pairings",  # a court's own office (court/tests)
    "court:cases",
    "court:case_create",
    "court:settings",
    "reception:events",  # the viewer's scope (reception/tests)
    "reception:event_create",
    "reception:board",  # events in scope or the viewer's own guests (reception/tests)
    "reception:mine",
    "people:roster_xlsx",  # the roster's own scoped list, masked (reports/tests/test_documents.py)
    "activities:attendance_xlsx",  # ?org= goes through org_get (reports/tests/test_documents.py)
    "submissions:table_xlsx",  # the list's own scoped queryset (reports/tests/test_documents.py)
    "briefings:list",  # briefings in the viewer's scope (briefings/tests)
    "reports:index",  # organisations in scope (reports/tests)
    "reports:dashboard",  # organisations in scope (reports/tests)
    "home:manifest",  # the web app manifest: public, no data
    "accounts:tokens",  # the viewer's own tokens only (api/tests/test_api.py)
}
# The JSON API (namespace "api") goes through the same selectors; each endpoint's scope is tested
# in api/tests/test_api.py and fuzzed by api/tests/test_fuzz.py.


def _request(client, method, url):
    if method == "post":
        return client.post(url, {"field": "mobile", "name": "新界别"})
    return client.get(url)


def _own_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace in OWN_APPS and pattern.name:
                names.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return names


@pytest.fixture
def court_records(world):
    group = group_save(actor=None, organisation=world.court, name="法院联络小组")
    sector = Sector.objects.filter(organisation=world.court).first()
    return _object_urls(world, world.court, world.person_court, group, sector)


@pytest.fixture
def town_b_records(world):
    group = group_save(actor=None, organisation=world.town_b, name="乙镇经济小组")
    sector = Sector.objects.filter(organisation=world.town_b).first()
    return _object_urls(world, world.town_b, world.person_b, group, sector)


def test_every_view_has_a_scoping_case(court_records):
    assert _own_url_names() == set(court_records) | LIST_OR_SELF_VIEWS


@pytest.mark.parametrize("persona", ["staff", "outsider", "leader", "admin", "member", "handler"])
def test_records_of_another_tree_answer_404(client, world, court_records, persona):
    client.force_login(getattr(world, persona))
    for name, (method, url) in court_records.items():
        response = _request(client, method, url)
        assert response.status_code == 404, (persona, name, response.status_code)


@pytest.mark.parametrize("persona", ["staff", "member", "handler"])
def test_records_of_a_sibling_office_answer_404(client, world, town_b_records, persona):
    client.force_login(getattr(world, persona))
    for name, (method, url) in town_b_records.items():
        response = _request(client, method, url)
        assert response.status_code == 404, (persona, name, response.status_code)


def test_upper_level_reads_its_subtree_but_leaders_change_nothing(client, world, town_b_records):
    client.force_login(world.leader)
    assert client.get(town_b_records["people:detail"][1]).status_code == 200
    assert client.get(town_b_records["orgs:detail"][1]).status_code == 200
    assert client.get(town_b_records["people:edit"][1]).status_code == 404
    assert client.get(town_b_records["orgs:edit"][1]).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, world, court_records):
    for name, (method, url) in court_records.items():
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, name


@pytest.mark.parametrize(
    ("persona", "sees", "never_sees"),
    [
        ("staff", ["周建华", "陈玉兰"], ["孙海涛", "曹国栋"]),
        ("outsider", ["孙海涛"], ["周建华", "曹国栋"]),
        ("leader", ["周建华", "孙海涛"], ["曹国栋"]),
        ("court_staff", ["曹国栋"], ["周建华", "孙海涛"]),
    ],
)
def test_lists_show_only_the_viewers_scope(client, world, persona, sees, never_sees):
    client.force_login(getattr(world, persona))
    pages = [
        client.get(reverse("people:roster")).content.decode(),
        client.get(reverse("audit:list")).content.decode() if persona != "leader" else "",
    ]
    roster = pages[0]
    for name in sees:
        assert name in roster
    for name in never_sees:
        assert all(name not in page for page in pages)
    orgs = client.get(reverse("orgs:list")).content.decode()
    assert (
        "测试县人民法院联络办" in orgs
        if persona == "court_staff"
        else "测试县人民法院联络办" not in orgs
    )


@pytest.mark.parametrize("persona", ["member", "handler"])
def test_members_and_handlers_have_no_roster(client, world, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("people:roster")).status_code == 404
    assert client.get(reverse("people:groups")).status_code == 404
    assert client.get(reverse("audit:list")).status_code == 404
    assert client.get(reverse("accounts:users")).status_code == 403


def test_a_member_sees_their_own_record_and_no_one_elses(client, world):
    client.force_login(world.member)
    assert client.get(reverse("people:detail", args=[world.person_a.pk])).status_code == 200
    assert client.get(reverse("people:detail", args=[world.person_a2.pk])).status_code == 404
    assert client.get(reverse("people:edit", args=[world.person_a.pk])).status_code == 404


def test_only_admins_manage_accounts_and_see_only_their_subtree(client, world):
    client.force_login(world.staff)
    assert client.get(reverse("accounts:users")).status_code == 403
    client.force_login(world.admin)
    page = client.get(reverse("accounts:users")).content.decode()
    assert "staff_a" in page and "staff_b" in page
    assert "court" not in page.split("<tbody>")[1]
