"""The statistics page: the charts' figures come from the records, ECharts is served locally."""

import json
import re

from django.contrib.staticfiles import finders
from django.urls import reverse

from lianluo.orgs.models import Organisation
from lianluo.reports.tests.helpers import import_example


def _data(response) -> dict:
    match = re.search(
        r'<script id="dashboard-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1))


def test_the_dashboard_charts_an_office_and_compares_the_offices_below(client, db):
    from lianluo.accounts.tests.factories import make_user

    import_example("qingshi-2024")
    county = Organisation.objects.get(name="东江县政协")
    township = Organisation.objects.get(name="青石镇政协联络组")
    client.force_login(make_user("county_admin", organisation=county, role="admin"))
    response = client.get(reverse("reports:dashboard"), {"organisation": township.pk, "year": 2024})
    page = response.content.decode()
    assert "vendor/echarts-6.1.0/echarts.common.min.js" in page and "cdn" not in page.lower()
    data = _data(response)
    by_kind = {series["name"]: series["data"] for series in data["activities_by_month"]}
    assert by_kind["集中学习"][2] == 1 and sum(by_kind["集中学习"]) == 4
    assert by_kind["视察"][5] == 1 and by_kind["视察"][6] == 1
    sectors = {row["name"]: row["rate"] for row in data["attendance_by_sector"]}
    assert sectors["教育"] == 100.0
    assert {row["name"]: row["value"] for row in data["adoptions_by_level"]} == {"县级": 1}
    assert data["visit_coverage"] == {"visited": 4, "not_visited": 2, "rate": 66.7}
    county_data = _data(
        client.get(reverse("reports:dashboard"), {"organisation": county.pk, "year": 2024})
    )
    assert county_data["offices"] == [
        {
            "name": "青石镇政协联络组",
            "activities": 6,
            "attendance_rate": 91.7,
            "submissions": 2,
            "coverage": 66.7,
        }
    ]
    assert finders.find("vendor/echarts-6.1.0/echarts.common.min.js")


def test_an_organisation_outside_the_scope_cannot_be_charted(client, world):
    client.force_login(world.outsider)
    response = client.get(reverse("reports:dashboard"), {"organisation": world.town_a.pk})
    assert response.status_code == 200
    assert _data(response)["offices"] == [] and world.town_a.name not in response.content.decode()
