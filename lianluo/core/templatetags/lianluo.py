from django import template
from django.utils.html import format_html, format_html_join

from lianluo.core import masking

register = template.Library()


@register.filter
def mask_id_number(value: str | None) -> str:
    return masking.mask_id_number(value)


@register.filter
def mask_mobile(value: str | None) -> str:
    return masking.mask_mobile(value)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for paging links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.filter
def bootstrap_widget(bound_field):
    """Render a form field with Bootstrap's class for its kind of widget, marking errors."""
    widget = bound_field.field.widget
    kind = widget.__class__.__name__
    if kind in {"CheckboxSelectMultiple", "RadioSelect"}:
        return bound_field.as_widget()
    if getattr(widget, "input_type", "") in {"checkbox", "radio"}:
        css = "form-check-input"
    elif kind in {"Select", "SelectMultiple", "NullBooleanSelect"}:
        css = "form-select"
    else:
        css = "form-control"
    if bound_field.errors:
        css += " is-invalid"
    existing = widget.attrs.get("class", "")
    return bound_field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def lookup(mapping, key):
    return mapping.get(key, key) if mapping else key


@register.simple_tag
def filter_select(bound_field):
    """A filter bar's <select>, rendered in Python: Django's widget templates cost one template
    include per option, which dominated the roster page's render time at scale."""
    current = "" if bound_field.value() in (None, "") else str(bound_field.value())
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (str(value), " selected" if str(value) == current else "", label)
            for value, label in bound_field.field.choices
        ),
    )
    return format_html(
        '<select name="{}" id="{}" class="form-select{}" aria-label="{}">{}</select>',
        bound_field.html_name,
        bound_field.id_for_label,
        " is-invalid" if bound_field.errors else "",
        bound_field.label,
        options,
    )
