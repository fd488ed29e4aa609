"""One office, one year: the same attendance figures on the duty record, in the API, in the
attendance table, in the summary and on the statistics page (issue 19: one definition per figure)."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from lianluo.accounts.tests.factories import make_user
from lianluo.accounts.tokens import token_issue
from lianluo.activities.figures import attendance_rate
from lianluo.activities.models import Attendance, AttendanceStatus
from lianluo.reports.dashboard import dashboard_data
from lianluo.reports.facts import annual_facts
from lianluo.reports.tests.helpers import import_example

YEAR = 2024


@pytest.mark.django_db
def test_a_persons_rate_and_an_offices_rate_read_the_same_everywhere(client):
    office = import_example("qingshi-2024").organisation
    upper = office.parent
    staff = make_user("staff", organisation=office, role="staff")
    client.force_login(staff)
    table = load_workbook(
        io.BytesIO(client.get("/activities/attendance.xlsx", {"year": YEAR}).content)
    ).active
    header = [c.value for c in table[2]]
    in_table = {row[0]: row[header.index("出勤率")] for row in table.iter_rows(3, values_only=True)}

    answered = Attendance.objects.filter(activity__organisation=office, activity__year=YEAR)
    checked = 0
    for person in {a.person for a in answered.select_related("person")}:
        mine = answered.filter(person=person)
        counts = [mine.filter(status=s).count() for s in ("present", "leave", "absent")]
        expected = attendance_rate(*counts)
        if expected is None:
            continue
        page = client.get(f"/duty/people/{person.pk}/", {"year": YEAR}).content.decode()
        assert f"{expected}%" in page, person.name
        user = make_user(f"m{person.pk}", organisation=office, role="member", person=person)
        token = token_issue(actor=None, user=user, name="测试")[1]
        duty = client.get(
            "/api/v1/me/duty", {"year": YEAR}, headers={"Authorization": f"Bearer {token}"}
        ).json()
        assert duty["attendance_rate"] == float(expected), person.name
        assert in_table[person.name] == f"{expected}%", person.name
        checked += 1
    assert checked >= 5

    present = answered.filter(status=AttendanceStatus.PRESENT).count()
    leave = answered.filter(status=AttendanceStatus.LEAVE).count()
    absent = answered.filter(status=AttendanceStatus.ABSENT).count()
    rate = attendance_rate(present, leave, absent)
    assert annual_facts(organisation=office, year=YEAR).attendance_rate == rate
    today = dt.date(YEAR + 1, 1, 10)
    (row,) = [r for r in annual_facts(organisation=upper, year=YEAR, today=today).offices]
    assert row.attendance_rate == rate
    (shown,) = [o for o in dashboard_data(organisation=upper, year=YEAR)["offices"]]
    assert shown["attendance_rate"] == float(rate)
