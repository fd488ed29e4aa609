"""Setup for bench/load_signin.py, run in a child process with the benchmark's database.

Prints JSON: the activity's sign-in token and one session key per member.
"""

import datetime as dt
import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.utils import timezone  # noqa: E402

from lianluo.accounts.middleware import SESSION_REFRESHED_KEY  # noqa: E402
from lianluo.accounts.models import User  # noqa: E402
from lianluo.activities.models import Activity, Attendance  # noqa: E402
from lianluo.activities.services import signin_token  # noqa: E402
from lianluo.core.identity import UniqueIdNumbers, fake_mobile  # noqa: E402
from lianluo.orgs.services import org_create  # noqa: E402
from lianluo.people.models import Person, PersonRole  # noqa: E402


def main(members: int) -> None:
    rng = random.Random(5)
    ids = UniqueIdNumbers(rng)
    org = org_create(actor=None, name="压测镇政协联络组", kind="cppcc_group")
    people = Person.objects.bulk_create(
        Person(
            organisation=org,
            name=f"委员{i}",
            id_number=ids.next(male=True),
            mobile=fake_mobile(rng),
        )
        for i in range(members)
    )
    PersonRole.objects.bulk_create(PersonRole(person=p, role="member") for p in people)
    unusable = make_password(None)  # members of the load test never log in with a password
    users = User.objects.bulk_create(
        User(username=f"m{p.pk}", organisation=org, role="member", person=p, password=unusable)
        for p in people
    )
    activity = Activity.objects.create(
        organisation=org,
        code="L1",
        kind="study",
        subject="全体委员学习",
        date=timezone.localdate(),
        starts_at=timezone.now() + dt.timedelta(minutes=5),
    )
    Attendance.objects.bulk_create(Attendance(activity=activity, person=p) for p in people)
    keys = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[SESSION_REFRESHED_KEY] = int(timezone.now().timestamp())
        session.create()
        keys.append(session.session_key)
    print(json.dumps({"token": signin_token(activity=activity), "keys": keys}))


if __name__ == "__main__":
    main(int(sys.argv[1]))
