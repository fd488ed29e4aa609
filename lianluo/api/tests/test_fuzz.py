"""schemathesis against the API's own OpenAPI document, in process: whatever it sends (valid
and invalid), no answer is a server error and every answer matches the schema."""

import os

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lianluo.accounts.tokens import token_issue
from lianluo.activities.models import Activity, Attendance
from lianluo.activities.tests.times import start_today

pytestmark = pytest.mark.django_db
# Django is set up before test modules are imported (pytest-django), so the schema is read from
# the application itself, in process.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django's WSGI handler closes the connection after each request; the test's transaction
    must survive them, as Django's own test client arranges."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(world):
    start = start_today(30)
    activity = Activity.objects.create(
        organisation=world.town_a,
        kind="forum",
        subject="座谈会",
        date=start.date(),
        starts_at=start,
        mandatory=False,
    )
    Attendance.objects.create(activity=activity, person=world.person_a)
    return {
        "member": token_issue(actor=None, user=world.member, name="fuzz")[1],
        "staff": token_issue(actor=None, user=world.staff, name="fuzz")[1],
    }


SETTINGS = settings(
    # more on demand: LIANLUO_FUZZ_EXAMPLES=500 pytest lianluo/api/tests/test_fuzz.py
    max_examples=int(os.environ.get("LIANLUO_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@schema.parametrize()
@SETTINGS
def test_as_a_member_the_api_never_fails_and_matches_its_schema(case, db, tokens):
    case.call_and_validate(headers={"Authorization": f"Bearer {tokens['member']}"}, checks=CHECKS)


@schema.parametrize()
@SETTINGS
def test_as_staff_the_api_never_fails_and_matches_its_schema(case, db, tokens):
    case.call_and_validate(headers={"Authorization": f"Bearer {tokens['staff']}"}, checks=CHECKS)
