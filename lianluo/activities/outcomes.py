"""Outcomes of an activity: the suggestions collected, one by one, and its files."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from lianluo.activities.models import Activity, ActivityFile, ActivitySuggestion, FileKind
from lianluo.core.access import ensure_can_write
from lianluo.core.errors import ApplicationError
from lianluo.core.uploads import DOCUMENT_TYPES, PHOTO_TYPES, check_upload


@transaction.atomic
def suggestion_add(
    *, actor, activity: Activity, text: str, raised_by=None, raised_by_other: str = ""
) -> ActivitySuggestion:
    ensure_can_write(actor, activity.organisation, "您没有修改该活动的权限")
    text = text.strip()
    if not text:
        raise ApplicationError("请填写意见建议的内容", field="text")
    if raised_by is not None and raised_by.organisation_id != activity.organisation_id:
        raise ApplicationError("提出人不是本组织人员", field="raised_by")
    suggestion = ActivitySuggestion.objects.create(
        activity=activity,
        text=text,
        raised_by=raised_by,
        raised_by_other=raised_by_other.strip()[:100],
    )
    # The recorded count never falls below the suggestions listed one by one.
    listed = activity.suggestions.count()
    if (activity.suggestions_count or 0) < listed:
        Activity.objects.filter(pk=activity.pk).update(suggestions_count=listed)
    return suggestion


@transaction.atomic
def activity_file_add(
    *, actor, activity: Activity, kind: str, upload: UploadedFile
) -> ActivityFile:
    ensure_can_write(actor, activity.organisation, "您没有修改该活动的权限")
    if kind not in FileKind.values:
        raise ApplicationError("请选择材料类别", field="kind")
    name = upload.name or "文件"
    allowed = PHOTO_TYPES if kind == FileKind.PHOTO else {**DOCUMENT_TYPES, **PHOTO_TYPES}
    check_upload(upload, allowed=allowed, limit=settings.LIANLUO_ACTIVITY_FILE_MAX_BYTES)
    stored = ActivityFile(
        activity=activity, kind=kind, original_name=name[:255], size=upload.size, uploaded_by=actor
    )
    stored.file.save(name, upload, save=False)
    stored.save()
    return stored
