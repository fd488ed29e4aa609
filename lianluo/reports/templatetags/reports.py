from django import template

from lianluo.reports.render import to_html

register = template.Library()


@register.filter
def linked(text: str):
    """A summary paragraph with its figures and items linked to their records."""
    return to_html(text)
