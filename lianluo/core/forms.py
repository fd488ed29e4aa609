from django import forms
from django.core.exceptions import ValidationError

from lianluo.core.errors import ApplicationError


def form_add_service_error(form: forms.Form, exc: ValidationError | ApplicationError) -> None:
    """Show a service's refusal at the field it names, else above the form."""
    if isinstance(exc, ApplicationError):
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, exc.message)
        return
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
        return
    form.add_error(None, exc)


def posted_version(request) -> int | None:
    """The record version the person saw (a hidden field), for the services' stale-edit check;
    None when the form did not send one."""
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None
