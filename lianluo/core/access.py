"""Who may see and change what: the one place where organisation scope and roles are decided.

- Everybody works inside one organisation. admin, staff and leader read that organisation and
  its whole subtree; nothing outside it.
- admin writes in the whole subtree; staff write in their own organisation only; leaders never
  write.
- A member sees their own person record (and, later, their own activities and submissions).
- A handler sees what is assigned to its unit: the unit named by its account's `handling_unit`,
  in its organisation and below (`handler_unit_q`).

Every selector that loads records for a user goes through `scope_by_org` (lists) or
`get_in_scope_or_404` (one record), so a record outside the scope answers the same 404 as a
missing one.
"""

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from lianluo.core.errors import ApplicationError

if TYPE_CHECKING:
    from lianluo.accounts.models import User
    from lianluo.orgs.models import Organisation

M = TypeVar("M", bound=Model)

# The roles of accounts.Role by their values (core imports no app; a test checks they agree).
ADMIN, STAFF, LEADER, MEMBER, HANDLER = "admin", "staff", "leader", "member", "handler"
ORG_READER_ROLES = frozenset({ADMIN, STAFF, LEADER})
ORG_WRITER_ROLES = frozenset({ADMIN, STAFF})
AUDIT_READER_ROLES = frozenset({ADMIN, STAFF})


def is_org_reader(user: "User") -> bool:
    return bool(user.is_authenticated and user.organisation_id and user.role in ORG_READER_ROLES)


def is_member(user: "User") -> bool:
    """A member's (委员/代表) own account, tied to their person record."""
    return bool(user.is_authenticated and user.role == MEMBER and user.person_id)


def is_handler(user: "User") -> bool:
    return bool(user.is_authenticated and user.role == HANDLER)


def is_person_or_org_reader(user: "User") -> bool:
    """Pages for anyone with a person record (a volunteer, a member) or an office's readers."""
    return bool(user.is_authenticated and (user.person_id or is_org_reader(user)))


def can_read_audit(user: "User") -> bool:
    """The audit log: admins and staff, over their organisation's scope."""
    return bool(user.is_authenticated and user.role in AUDIT_READER_ROLES)


def can_write_org(user: "User", org: "Organisation") -> bool:
    """May the user create and change records that belong to `org`?"""
    if not (user.is_authenticated and user.organisation_id):
        return False
    if user.role == ADMIN:
        return org.is_within(user.organisation)
    if user.role == STAFF:
        return org.pk == user.organisation_id
    return False


def can_manage_orgs(user: "User") -> bool:
    return bool(user.is_authenticated and user.organisation_id and user.role == ADMIN)


def can_reveal_personal_data(user: "User", org: "Organisation") -> bool:
    """Full ID numbers and mobiles: only the organisation's own staff, and admins above it."""
    return can_write_org(user, org)


def org_scope_q(user: "User", *, org_field: str = "organisation") -> Q:
    """A filter that keeps rows whose organisation the user may read; empty for other roles."""
    if not is_org_reader(user):
        return Q(pk__in=[])
    lookup = f"{org_field}__path__startswith" if org_field else "path__startswith"
    return Q(**{lookup: user.organisation.path})


def scope_by_org(
    queryset: QuerySet[M],
    user: "User",
    *,
    org_field: str = "organisation",
    own: Q | None = None,
) -> QuerySet[M]:
    """Rows of organisations the user reads (org_field="" when the rows are organisations).

    Members and handlers read no organisation's records, only the rows `own` marks as theirs.
    """
    if is_org_reader(user):
        return queryset.filter(org_scope_q(user, org_field=org_field))
    if own is not None and user.is_authenticated:
        return queryset.filter(own)
    return queryset.none()


def handler_unit_q(user: "User", *, unit_field: str = "unit") -> Q:
    """Handling units a handler account answers for; nothing for other roles."""
    if not (
        user.is_authenticated
        and user.role == HANDLER
        and user.organisation_id
        and user.handling_unit
    ):
        return Q(pk__in=[])
    return Q(
        **{
            f"{unit_field}__name": user.handling_unit,
            f"{unit_field}__organisation__path__startswith": user.organisation.path,
        }
    )


def acting_user(actor: "User | None") -> "User | None":
    """The account to record as having acted: None for the system (command line, demo, imports
    run without a user) and for anonymous requests."""
    return actor if actor is not None and actor.is_authenticated else None


def require_org_reader(user: "User") -> None:
    """Pages of an organisation's records: admins, staff and leaders; anyone else sees 404."""
    if not is_org_reader(user):
        raise Http404("记录不存在或无权查看")


def require_own_writer(user: "User") -> "Organisation":
    """Pages that record something in the user's own organisation: its staff and admins."""
    if not (is_org_reader(user) and can_write_org(user, user.organisation)):
        raise Http404("记录不存在或无权查看")
    return user.organisation


def get_in_scope_or_404(queryset: QuerySet[M], **lookup) -> M:
    """Load one record from an already scoped queryset; missing and forbidden look the same."""
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("记录不存在或无权查看") from exc


def access_child(queryset: QuerySet[M], *, parent: str, parents: QuerySet, pk) -> M:
    """Load a record that belongs to another (a file of an activity, a pickup of a guest) through
    its parent's scope: outside it, the same 404 as a missing record."""
    return get_in_scope_or_404(queryset.filter(**{f"{parent}__in": parents}), pk=pk)


def ensure_can_write(actor: "User | None", org: "Organisation", message: str) -> None:
    """Refuse a write the actor may not make; `actor=None` is the system (command line, demo)."""
    if actor is not None and not can_write_org(actor, org):
        raise ApplicationError(message, code="forbidden")
