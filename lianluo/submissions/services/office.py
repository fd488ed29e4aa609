"""An office's own rules for submissions: deadlines and windows, categories, reply templates."""

from django.db import transaction

from lianluo.audit.services import audit_diff, audit_record
from lianluo.core.access import ensure_can_write
from lianluo.core.errors import ApplicationError
from lianluo.core.text import normalize_text
from lianluo.submissions.models import (
    ReplyTemplate,
    SubmissionCategory,
    SubmissionSettings,
)
from lianluo.submissions.selectors import (
    settings_for,
)
from lianluo.submissions.services.common import (
    MAX_HANDLING_MONTHS,
)


@transaction.atomic
def settings_update(*, actor, organisation, **values) -> SubmissionSettings:
    ensure_can_write(actor, organisation, "您没有修改该组织办理规则的权限")
    current = settings_for(organisation)
    before = {k: getattr(current, k) for k in values}
    for key, value in values.items():
        setattr(current, key, value)
    if not 1 <= current.handling_months <= MAX_HANDLING_MONTHS:
        raise ApplicationError("办理期限应为1至6个月", field="handling_months")
    current.save()
    old, new = audit_diff(before, values)
    audit_record(
        actor=actor,
        action="submission.settings_updated",
        organisation=organisation,
        target=current,
        before=old,
        after=new,
    )
    return current


def category_add(*, actor, organisation, name: str) -> SubmissionCategory:
    ensure_can_write(actor, organisation, "您没有修改该组织类别的权限")
    name = normalize_text(name)[:50]
    if not name:
        raise ApplicationError("请填写类别名称", field="name")
    category, _ = SubmissionCategory.objects.get_or_create(organisation=organisation, name=name)
    return category


def reply_template_add(*, actor, organisation, title: str, text: str) -> ReplyTemplate:
    ensure_can_write(actor, organisation, "您没有修改该组织答复模板的权限")
    if not normalize_text(title) or not (text or "").strip():
        raise ApplicationError("请填写模板名称和内容")
    return ReplyTemplate.objects.create(
        organisation=organisation, title=normalize_text(title)[:60], text=text.strip()
    )
