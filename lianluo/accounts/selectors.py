from django.db.models import QuerySet

from lianluo.accounts.models import User
from lianluo.core.access import can_manage_orgs, scope_by_org


def users_in_scope(*, viewer) -> QuerySet[User]:
    """Accounts an admin manages: those of the admin's subtree."""
    if not can_manage_orgs(viewer):
        return User.objects.none()
    return scope_by_org(User.objects.select_related("organisation", "person"), viewer).order_by(
        "organisation__path", "username"
    )
