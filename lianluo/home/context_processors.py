from lianluo.core.access import (
    can_manage_orgs,
    can_read_audit,
    can_write_org,
    is_handler,
    is_org_reader,
)
from lianluo.court.services import records_court_liaison
from lianluo.people.models import PersonRole, RoleKind


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    return {
        "nav": {
            "roster": is_org_reader(user),
            "orgs": True,
            "audit": can_read_audit(user),
            "import": is_org_reader(user) and can_write_org(user, user.organisation),
            "users": can_manage_orgs(user),
            "own_record": bool(user.person_id),
            "handling": is_handler(user),
            "court": is_org_reader(user) and records_court_liaison(user.organisation),
            "reception": is_org_reader(user) and user.organisation.kind == "reception_group",
            "volunteer": _is_volunteer(user),
            "django_admin": user.is_superuser,
        }
    }


def _is_volunteer(user) -> bool:
    """One query, and only for accounts linked to a person (not loading the person itself)."""
    if not user.person_id:
        return False

    return PersonRole.objects.filter(person_id=user.person_id, role=RoleKind.VOLUNTEER).exists()
