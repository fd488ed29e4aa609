from lianluo.accounts.models import User
from lianluo.accounts.services import user_create

TEST_PASSWORD = "Secret-pass-2026"


def make_user(
    username: str, *, organisation, role: str, person=None, password=TEST_PASSWORD
) -> User:
    return user_create(
        actor=None,
        username=username,
        organisation=organisation,
        role=role,
        person=person,
        password=password,
    )
