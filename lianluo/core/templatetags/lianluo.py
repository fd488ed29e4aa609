from django import template

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
