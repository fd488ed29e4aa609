"""Files on S3-compatible object storage (django-storages' S3 backend, as LIANLUO_S3_* selects),
against an S3 server the test starts on 127.0.0.1: moto's server mode, since no object store is
packaged here. An office's workbook is uploaded, checked and imported from the bucket; an
activity's minutes are stored there and downloaded through the app."""

import datetime as dt
import socket
import subprocess
import sys
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lianluo.activities.models import Activity
from lianluo.people.models import Person
from lianluo.workbook.models import ImportJob, ImportStatus
from lianluo.workbook.tests.offices import roster_book

BUCKET = "lianluo-test"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def bucket(s3_server, settings):
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "addressing_style": "path",
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])


def _keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_an_uploaded_workbook_is_kept_in_the_bucket_and_imported_from_it(
    client, world, tmp_path, bucket, django_capture_on_commit_callbacks
):
    path = roster_book(tmp_path / "名册.xlsx")
    client.force_login(world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("workbook:import"), {"file": SimpleUploadedFile(path.name, path.read_bytes())}
        )
    job = ImportJob.objects.get()
    (key,) = _keys(bucket)
    assert key.startswith("imports/") and key == job.file.name
    assert bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read() == path.read_bytes()
    assert job.status == ImportStatus.MAPPING  # the background check read it from the bucket
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workbook:job_mapping", args=[job.pk]), {"action": "check"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workbook:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Person.objects.filter(organisation=world.town_a, name="郑国平").exists()


def test_minutes_are_stored_in_the_bucket_and_downloaded_through_the_app(client, world, bucket):
    activity = Activity.objects.create(
        organisation=world.town_a, kind="forum", subject="民营企业座谈会", date=dt.date(2024, 5, 20)
    )
    minutes = b"%PDF-1.4 minutes of the forum"
    client.force_login(world.staff)
    client.post(
        reverse("activities:file_create", args=[activity.pk]),
        {"kind": "minutes", "file": SimpleUploadedFile("座谈会纪要.pdf", minutes)},
    )
    (key,) = _keys(bucket)
    assert key.startswith("activities/")
    stored = activity.files.get()
    response = client.get(reverse("activities:file", args=[stored.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == minutes
    client.force_login(world.outsider)  # another township: the same 404 as a missing file
    assert client.get(reverse("activities:file", args=[stored.pk])).status_code == 404
