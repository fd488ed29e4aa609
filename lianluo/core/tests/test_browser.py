"""The whole thing as people use it, in a real browser (Playwright driving Debian's chromium):
a staff member creates an activity and invites a group; a member on a phone answers, signs in by
the code and submits a public-opinion report; staff see both; the annual summary page opens.

The key pages are saved to docs/screenshots/ (browser-*.png), which the README shows.
"""

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from django.utils import timezone

from lianluo.accounts.tests.factories import TEST_PASSWORD, make_user
from lianluo.activities.models import Activity, Attendance
from lianluo.activities.services import signin_token
from lianluo.orgs.models import OrganisationKind
from lianluo.orgs.tests.factories import OrganisationFactory
from lianluo.people.services import group_save
from lianluo.people.tests.factories import PersonFactory
from lianluo.submissions.models import Submission

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

# `make test` requires the browser (LIANLUO_REQUIRE_BROWSER=1): without chromium these tests fail
# there instead of skipping; a bare `pytest` on a machine without it skips them.
pytestmark = pytest.mark.skipif(
    not shutil.which("chromium") and os.environ.get("LIANLUO_REQUIRE_BROWSER") != "1",
    reason="Debian's chromium is missing (make system-deps installs it)",
)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on this thread; the test's own ORM calls are
    # synchronous and safe (the server runs in its own thread).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or CHROMIUM, args=FLAGS
        )
        yield launched
        launched.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def office(transactional_db):
    district = OrganisationFactory(name="松山区政协", kind=OrganisationKind.CPPCC)
    town = OrganisationFactory(name="青松镇政协联络组", parent=district)
    zhang = PersonFactory(organisation=town, name="张明远", work_unit="青松镇农业服务中心")
    li = PersonFactory(organisation=town, name="李秀芳", work_unit="青松镇中心小学")
    PersonFactory(organisation=town, name="王海东", work_unit="青松镇卫生院")  # not in the group
    group_save(actor=None, organisation=town, name="经济发展小组", members=[zhang, li])
    return {
        "town": town,
        "staff": make_user("qingsong", organisation=town, role="staff"),
        "member": make_user("zhangmy", organisation=town, role="member", person=zhang),
        "zhang": zhang,
    }


def _login(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / name, full_page=True)


def test_staff_and_a_member_on_a_phone_work_an_activity_through(browser, live_server, office):
    base = live_server.url
    today = timezone.localdate()
    start = timezone.localtime() + dt.timedelta(minutes=10)
    if start.date() != today:  # just before midnight: keep the activity on one day
        start = timezone.localtime().replace(hour=23, minute=59)

    staff = browser.new_context(**DESKTOP).new_page()
    _login(staff, base, "qingsong")
    # 1. Staff create an activity with a start time and invite a group.
    staff.goto(f"{base}/activities/new/")
    staff.select_option("#id_kind", "forum")
    staff.fill("#id_subject", "民营经济发展座谈会")
    staff.fill("#id_when", today.isoformat())
    staff.fill("#id_place", "镇政府二楼会议室")
    staff.uncheck("#id_mandatory")  # a sign-up activity: members answer whether they come
    staff.fill("#id_starts_at", start.strftime("%Y-%m-%dT%H:%M"))
    staff.click("button:has-text('保存')")
    staff.wait_for_selector("text=活动已保存")
    activity = Activity.objects.get(subject="民营经济发展座谈会")
    assert activity.starts_at is not None and not activity.mandatory
    staff.click("a:has-text('邀请')")
    staff.get_by_label("经济发展小组").check()
    staff.click("button:has-text('邀请')")
    staff.wait_for_load_state()
    invited = set(
        Attendance.objects.filter(activity=activity).values_list("person__name", flat=True)
    )
    assert invited == {"张明远", "李秀芳"}
    _shot(staff, "browser-staff-activity.png")

    # 2. The member, on a phone, sees what needs an answer and answers.
    member = browser.new_context(**PHONE).new_page()
    _login(member, base, "zhangmy")
    assert member.is_visible("text=需要您处理")
    assert member.is_visible("text=民营经济发展座谈会")
    _shot(member, "browser-member-home.png")
    member.goto(f"{base}/activities/mine/")
    member.click(f"#activity-{activity.pk} button:has-text('参加')")
    member.wait_for_selector("text=已答复参加")
    assert Attendance.objects.get(activity=activity, person=office["zhang"]).answer == "attend"

    # 3. Staff put up the code; the member scans it (opens its address) and signs in.
    staff.goto(f"{base}/activities/{activity.pk}/signin-code/")
    assert staff.is_visible("svg")
    member.goto(f"{base}/activities/signin/{signin_token(activity=activity)}/")
    member.click("button:has-text('确认签到')")
    member.wait_for_selector("text=签到成功")
    _shot(member, "browser-member-signin.png")

    # 4. The member writes and submits a public-opinion report.
    member.goto(f"{base}/submissions/new/")
    member.select_option("#id_kind", "opinion_report")
    member.fill("#id_title", "关于镇区夜间路灯不亮的情况反映")
    member.fill("#id_body", "青松镇老街一带路灯损坏多时，群众夜间出行不便，建议尽快维修。")
    member.click("button[name=submit]")
    member.wait_for_selector("text=已提交")
    report = Submission.objects.get(title="关于镇区夜间路灯不亮的情况反映")
    assert report.state == "submitted" and report.kind == "opinion_report"
    assert not member.is_visible("text=确认联名")  # no co-signer: nothing to confirm
    _shot(member, "browser-member-submission.png")
    # the phone page fits: nothing wider than the screen
    width = member.evaluate("document.documentElement.scrollWidth")
    assert width <= 375

    # 5. Staff see both: the member present at the activity, the report in the list.
    staff.goto(f"{base}/activities/{activity.pk}/")
    row = staff.locator("tr", has_text="张明远")
    assert "出席" in row.inner_text()
    staff.goto(f"{base}/submissions/")
    assert staff.is_visible("text=关于镇区夜间路灯不亮的情况反映")
    _shot(staff, "browser-staff-submissions.png")

    # 6. The annual summary page opens, with the activity in it, linked to its record.
    staff.goto(f"{base}/reports/{office['town'].pk}/{today.year}/")
    assert staff.is_visible(f"text=青松镇政协联络组{today.year}年工作总结")
    link = staff.locator(f"a[href='/activities/{activity.pk}/']").first
    assert "民营经济发展座谈会" in link.inner_text()
    _shot(staff, "browser-annual-summary.png")


def test_the_phone_can_add_lianluo_to_its_home_screen(browser, live_server, office):
    page = browser.new_context(**PHONE).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    href = page.get_attribute("link[rel=manifest]", "href")
    manifest = page.request.get(f"{live_server.url}{href}").json()
    assert manifest["name"] == "联络" and manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert page.request.get(f"{live_server.url}{icon['src']}").ok
