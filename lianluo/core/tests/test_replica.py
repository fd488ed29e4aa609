"""The read router against a real streaming standby (make replica-up: 127.0.0.1:5433 replicating
127.0.0.1:5432). Heavy reads go to it; a user who has just written reads the primary; a standby that
lags or is stopped is not read. The PostgreSQL leg of `make test` requires it
(LIANLUO_REQUIRE_REPLICA=1); elsewhere these tests skip."""

import os
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lianluo.core.replica import REPLICA, replica_reads, replica_usable
from lianluo.orgs.models import Organisation
from lianluo.orgs.tests.factories import OrganisationFactory
from lianluo.people.models import Person

HAVE_REPLICA = REPLICA in settings.DATABASES
pytestmark = [
    pytest.mark.skipif(
        not HAVE_REPLICA and os.environ.get("LIANLUO_REQUIRE_REPLICA") != "1",
        reason="no standby (make replica-up, DATABASE_REPLICA_URL)",
    ),
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
]


@pytest.fixture(autouse=True)
def routed(settings):
    assert HAVE_REPLICA, "DATABASE_REPLICA_URL is not set: run make replica-up"
    settings.LIANLUO_REPLICA_READS = True
    settings.LIANLUO_REPLICA_CHECK_SECONDS = 0
    settings.LIANLUO_REPLICA_MAX_LAG_SECONDS = 2
    replica_usable(fresh=True)
    yield
    _replay(resume=True)


def _standby(*args: str) -> None:
    version = sorted(os.listdir("/etc/postgresql"), key=float)[-1]
    subprocess.run(  # noqa: S603
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "replica", *args],  # noqa: S607
        check=True,
        capture_output=True,
        timeout=60,
    )


def _replay(*, resume: bool) -> None:
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT pg_wal_replay_resume()" if resume else "SELECT pg_wal_replay_pause()"
            )
    except Exception:  # noqa: BLE001 (a stopped standby has nothing to resume)
        connections[REPLICA].close()


def _on_standby(name: str, timeout: float = 15) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if Organisation.objects.using(REPLICA).filter(name=name).exists():
            return True
        time.sleep(0.1)
    return False


def test_heavy_reads_go_to_the_standby_and_see_what_the_primary_wrote():
    OrganisationFactory(name="复制测试镇政协联络组")
    assert _on_standby("复制测试镇政协联络组"), "the standby did not replay the primary's write"
    with replica_reads():
        found = Organisation.objects.filter(name="复制测试镇政协联络组")
        assert found.db == REPLICA and found.exists()
        written = OrganisationFactory(name="写入仍在主库")  # writes always go to the primary
    assert Organisation.objects.filter(name="复制测试镇政协联络组").db == "default"
    assert Organisation.objects.using("default").filter(pk=written.pk).exists()


def test_a_user_who_has_just_written_reads_the_primary(client, world):
    client.force_login(world.staff)
    roster = reverse("people:roster_xlsx")
    with CaptureQueriesContext(connections[REPLICA]) as on_standby:
        assert client.get(roster).status_code == 200
    assert on_standby.captured_queries, "the roster export is a heavy read: the standby serves it"
    _replay(resume=False)  # the standby now falls behind: what is written is not on it
    response = client.post(
        reverse("people:create") + f"?org={world.town_a.pk}",
        {"name": "刚录入的委员", "roles": ["member"], "status": "serving"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert client.cookies["lianluo_primary"].value == "1"
    with CaptureQueriesContext(connections[REPLICA]) as on_standby:
        export = client.get(roster)
    assert not on_standby.captured_queries  # pinned to the primary after the write
    from openpyxl import load_workbook

    path = Path(settings.BASE_DIR) / "var" / "replica-roster.xlsx"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(export.content)
    cells = {cell for row in load_workbook(path).active.iter_rows(values_only=True) for cell in row}
    path.unlink()
    assert "刚录入的委员" in cells
    assert not Person.objects.using(REPLICA).filter(name="刚录入的委员").exists()


def test_an_api_client_that_has_just_written_reads_the_primary(client, world):
    from lianluo.api.tests.test_api import Api, _token

    api = Api(client, _token(world.staff))
    with CaptureQueriesContext(connections[REPLICA]) as on_standby:
        assert api.get("/people").status_code == 200
    assert on_standby.captured_queries  # the API's lists are heavy reads
    _replay(resume=False)
    visit = {"date": "2024-05-20", "person_ids": [world.person_a.pk], "heard": "反映道路积水"}
    created = api.post("/visits", visit)
    assert created.status_code == 201, created.json()
    client.cookies.clear()  # a mini-program keeps no cookies: the user's pin is in the cache
    with CaptureQueriesContext(connections[REPLICA]) as on_standby:
        assert api.get("/people").status_code == 200
    assert not on_standby.captured_queries


def test_a_standby_that_lags_is_not_read(caplog):
    OrganisationFactory(name="滞后前")
    assert _on_standby("滞后前")
    _replay(resume=False)
    OrganisationFactory(name="滞后后")  # received by the standby, not replayed
    time.sleep(2.5)  # past the 2 s limit
    assert not replica_usable(fresh=True)
    assert "behind" in caplog.text and "reads fall back to the primary" in caplog.text
    with replica_reads():
        assert Organisation.objects.filter(name="滞后后").db == "default"
    _replay(resume=True)
    assert _on_standby("滞后后")
    assert replica_usable(fresh=True)


def test_a_stopped_standby_is_not_read(caplog):
    _standby("stop", "-m", "fast")
    try:
        assert not replica_usable(fresh=True)
        assert "standby unreachable" in caplog.text
        with replica_reads():
            assert Organisation.objects.all().db == "default"
            assert Organisation.objects.count() >= 0  # the page still answers, from the primary
    finally:
        _standby("start")
    # Back up, the standby replays what it missed and is read again.
    deadline = time.monotonic() + 60
    while not replica_usable(fresh=True) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert replica_usable(fresh=True)
