from django.db import transaction

from lianluo.audit.services import audit_diff, audit_record
from lianluo.core.access import can_manage_orgs, ensure_can_write
from lianluo.core.errors import ApplicationError
from lianluo.orgs.models import Organisation
from lianluo.orgs.signals import organisation_created

ORG_FIELDS = ("name", "kind", "region", "address", "phone", "description")


def org_snapshot(org: Organisation) -> dict:
    data = {field: getattr(org, field) for field in ORG_FIELDS}
    data["parent"] = org.parent.name if org.parent_id else None
    return data


@transaction.atomic
def org_create(
    *, actor, name: str, kind: str, parent: Organisation | None = None, **fields
) -> Organisation:
    if actor is not None and not (parent is not None and can_manage_orgs(actor)):
        raise ApplicationError("只有管理员可以新建下级组织", code="forbidden")
    if parent is not None:
        ensure_can_write(actor, parent, "您没有在该组织下新建组织的权限")
    org = Organisation(name=name.strip(), kind=kind, parent=parent, **fields)
    org.full_clean(exclude=["path"])
    org.save()
    org.path = Organisation.path_for(parent=parent, pk=org.pk)
    org.depth = 0 if parent is None else parent.depth + 1
    org.save(update_fields=["path", "depth"])
    organisation_created.send(sender=Organisation, organisation=org)
    audit_record(
        actor=actor, action="org.created", target=org, organisation=org, after=org_snapshot(org)
    )
    return org


@transaction.atomic
def org_update(*, actor, org: Organisation, **fields) -> Organisation:
    if "parent" in fields:
        raise ApplicationError("不能在此修改上级组织", field="parent")
    ensure_can_write(actor, org, "您没有修改该组织的权限")
    before = org_snapshot(org)
    for field, value in fields.items():
        setattr(org, field, value)
    org.full_clean(exclude=["path"])
    org.save(update_fields=[*fields.keys(), "updated_at"])
    old, new = audit_diff(before, org_snapshot(org))
    if new:
        audit_record(
            actor=actor, action="org.updated", target=org, organisation=org, before=old, after=new
        )
    return org
