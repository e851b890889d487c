from django import template
from django.utils.formats import number_format

register = template.Library()


@register.simple_tag
def percent(part: int | None, whole: int | None) -> str:
    """``part`` as a share of ``whole`` in per cent, localised; an en dash when ``whole`` is 0."""
    if not whole:
        return "–"
    return f"{number_format(100 * (part or 0) / whole, 0)} %"
