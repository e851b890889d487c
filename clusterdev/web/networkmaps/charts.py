"""The headline measures over waves as a small inline SVG line chart, drawn on the server so
that it shows without JavaScript."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 480, 180, 36, 16, 12, 40
# (key, colour, divisor): each series on a 0–1 scale.
SERIES = (("density", "#1f6f8b", 1.0), ("cooperative_share", "#d55e00", 100.0))


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return round(LEFT + (span * index / (count - 1) if count > 1 else span / 2), 1)


def _y(value: float) -> float:
    return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - min(max(value, 0.0), 1.0)), 1)


def line_chart(rows: Sequence[dict[str, Any]]) -> SafeString:
    """Density and the share of firms with a cooperative tie (as a fraction), one point per
    wave; empty without waves."""
    if not rows:
        return mark_safe("")
    labels = {"density": _("Density"), "cooperative_share": _("Firms with a cooperative tie")}
    parts = [
        format_html(
            '<svg class="chart network-chart" xmlns="http://www.w3.org/2000/svg" '
            'viewBox="0 0 {} {}" role="img" aria-label="{}">',
            WIDTH,
            HEIGHT,
            _("Headline measures over waves"),
        )
    ]
    for tick in (0.0, 0.5, 1.0):
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#ddd"/>'
                '<text x="{}" y="{}" font-size="10" text-anchor="end">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                _y(tick),
                _y(tick),
                LEFT - 4,
                _y(tick) + 3,
                f"{tick:g}",
            )
        )
    count = len(rows)
    for index, row in enumerate(rows):
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>',
                _x(index, count),
                HEIGHT - BOTTOM + 14,
                row["wave"].name,
            )
        )
    for number, (key, colour, divisor) in enumerate(SERIES):
        points = [
            (_x(i, count), _y(row[key] / divisor))
            for i, row in enumerate(rows)
            if row[key] is not None
        ]
        if len(points) > 1:
            parts.append(
                format_html(
                    '<polyline fill="none" stroke="{}" stroke-width="2" points="{}"/>',
                    colour,
                    " ".join(f"{x:.1f},{y:.1f}" for x, y in points),
                )
            )
        parts.append(
            format_html_join(
                "",
                '<circle cx="{}" cy="{}" r="3" fill="{}"/>',
                ((f"{x:.1f}", f"{y:.1f}", colour) for x, y in points),
            )
        )
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="3" fill="{}"/>'
                '<text x="{}" y="{}" font-size="11">{}</text>',
                LEFT + 190 * number,
                HEIGHT - 10,
                colour,
                LEFT + 190 * number + 14,
                HEIGHT - 6,
                labels[key],
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))
