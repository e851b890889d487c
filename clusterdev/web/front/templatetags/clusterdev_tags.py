import json
from collections.abc import Mapping
from typing import Any

from django import template
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def percent(part: int | None, whole: int | None) -> str:
    """``part`` as a share of ``whole`` in per cent, localised; an en dash when ``whole`` is 0."""
    if not whole:
        return "–"
    return f"{number_format(100 * (part or 0) / whole, 0)} %"


@register.filter
def get_item(mapping: Mapping[Any, Any] | None, key: Any) -> Any:
    """``mapping[key]``, or an empty string: for dictionaries keyed by codes in templates."""
    return (mapping or {}).get(key, "")


@register.filter
def pair(first: Any, second: Any) -> tuple[Any, Any]:
    return (first, second)


@register.filter
def json_list(text: str | None) -> list[Any]:
    """A JSON list stored as text (e.g. evidence codes); anything else gives an empty list."""
    try:
        value = json.loads(text or "[]")
    except (TypeError, ValueError):
        return []
    return value if isinstance(value, list) else []


@register.filter
def percentage(value: float | None) -> str:
    """A share or growth rate as a signed, localised percentage: 0.123 → "+12.3 %"."""
    if value is None:
        return ""
    return f"{'+' if value > 0 else ''}{number_format(100 * value, 1)} %"


@register.simple_tag(takes_context=True)
def sort_header(context: dict[str, Any], column: str, label: str, css: str = "") -> str:
    """A column header that sorts the mapping table by ``column`` (toggling the direction)."""
    current = context.get("order") == column
    descending = not (current and context.get("descending"))
    query = context.get("query", "")
    url = (
        f"{reverse('mapping-measures', args=[context['run'].pk])}?"
        f"{query + '&' if query else ''}order={column}&dir={'desc' if descending else 'asc'}"
    )
    arrow = ("▼" if context.get("descending") else "▲") if current else ""
    return format_html(
        '<th class="{}"><a href="#" hx-get="{}" hx-target="#measures" hx-swap="outerHTML">{} {}</a></th>',
        css,
        url,
        label,
        arrow,
    )


@register.filter
def percentage_plain(value: float | str | None) -> str:
    """A share as a localised percentage without sign: 0.123 → "12.3 %"."""
    if value is None or value == "":
        return ""
    return f"{number_format(100 * float(value), 1)} %"


@register.filter
def share_width(value: float | None) -> str:
    """A share in [0, 1] as a CSS width percentage (dot decimal, whatever the language)."""
    try:
        return f"{max(0.0, min(1.0, float(value or 0))) * 100:.1f}"
    except (TypeError, ValueError):
        return "0"
