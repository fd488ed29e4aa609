from lianluo.core.access import can_manage_orgs, can_write_org, is_org_reader


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": {
            "roster": is_org_reader(user),
            "orgs": True,
            "audit": user.role in {"admin", "staff"},
            "import": is_org_reader(user) and can_write_org(user, user.organisation),
            "users": can_manage_orgs(user),
            "own_record": bool(user.person_id),
            "handling": user.role == "handler",
            "court": is_org_reader(user) and user.organisation.kind == "court_office",
            "reception": is_org_reader(user) and user.organisation.kind == "reception_group",
            "volunteer": bool(user.person_id)
            and user.person.roles.filter(role="volunteer").exists(),
            "django_admin": user.is_superuser,
        }
    }
