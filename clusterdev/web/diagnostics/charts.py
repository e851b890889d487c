"""Charts and the cluster map as inline SVG, drawn on the server so that the page and the PDF
show the same picture without JavaScript."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from clusterdev.web.diagnostics.figures import Bar

WIDTH = 720
LABEL_WIDTH = 270
ROW = 24
BAR = 16
COLOURS = ("#2f6f9f", "#c0504d", "#4f8a3c", "#8064a2", "#d08b2c")


def _lines(text: str, limit: int = 44) -> list[str]:
    """The label in at most two lines of about ``limit`` characters (the rest elided)."""
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > limit:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    if len(lines) > 2:
        lines = [lines[0], lines[1]]
        lines[1] = lines[1][: limit - 1].rstrip() + "…"
    return [line if len(line) <= limit else line[: limit - 1] + "…" for line in lines]


def bar_chart(bars: Sequence[Bar], *, scale: float = 100.0, title: str = "") -> SafeString:
    """Horizontal bars, one per row: the label on the left (two lines at most), the bar, and
    its value's text."""
    if not bars:
        return mark_safe("")
    labels = [_lines(bar.label) for bar in bars]
    row = ROW + (12 if any(len(lines) > 1 for lines in labels) else 0)
    height = row * len(bars) + 8
    track = WIDTH - LABEL_WIDTH - 190
    parts = [
        format_html(
            '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
            'width="{}" height="{}" role="img" aria-label="{}">',
            WIDTH,
            height,
            WIDTH,
            height,
            title,
        )
    ]
    for index, (bar, lines) in enumerate(zip(bars, labels, strict=True)):
        y = 4 + index * row
        length = 0.0 if scale <= 0 else max(0.0, min(1.0, bar.value / scale)) * track
        first = y + BAR - 3 - (6 if len(lines) > 1 else 0)
        text = "".join(
            str(
                format_html(
                    '<tspan x="{}" y="{}">{}</tspan>', LABEL_WIDTH - 8, first + 12 * number, line
                )
            )
            for number, line in enumerate(lines)
        )
        parts.append(
            format_html(
                '<g><title>{}: {}</title><text text-anchor="end" font-size="11">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="#e8edf2"/>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" font-size="11">{}</text></g>',
                bar.label,
                bar.text,
                mark_safe(text),
                LABEL_WIDTH,
                y,
                f"{track:.1f}",
                BAR,
                LABEL_WIDTH,
                y,
                f"{length:.1f}",
                BAR,
                COLOURS[0],
                LABEL_WIDTH + track + 6,
                y + BAR - 3,
                bar.text,
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))


# -- map -------------------------------------------------------------------------------------

MAP_WIDTH = 520
MAP_HEIGHT = 360


def _rings(geometry: dict[str, Any] | None) -> list[list[tuple[float, float]]]:
    if not geometry:
        return []
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    rings = []
    for polygon in polygons:
        for ring in polygon:
            rings.append([(float(x), float(y)) for x, y, *_rest in ring])
    return rings


def cluster_map(
    areas: Iterable[tuple[str, dict[str, Any] | None, bool]],
    points: Iterable[tuple[float, float, str]],
    *,
    centre: tuple[float, float] | None,
    title: str,
) -> SafeString:
    """The cluster's areas (highlighted) among their neighbours, with the actors' points.

    ``areas`` are (name, GeoJSON geometry, highlighted); ``points`` (latitude, longitude, kind).
    The view is framed on the highlighted areas and points, in an equirectangular projection
    scaled by the cosine of the latitude (good enough at a province's scale)."""
    shapes = [(name, _rings(geometry), lit) for name, geometry, lit in areas]
    shapes = [s for s in shapes if s[1]]
    if not shapes:
        return mark_safe("")  # dots on an empty page would say nothing
    spots = list(points)
    framed = [pt for _n, rings, lit in shapes if lit for ring in rings for pt in ring]
    framed += [(lon, lat) for lat, lon, _k in spots]
    if centre is not None:
        framed.append((centre[1], centre[0]))
    if not framed:
        framed = [pt for _n, rings, _l in shapes for ring in rings for pt in ring]
    if not framed:
        return mark_safe("")
    xs = [x for x, _y in framed]
    ys = [y for _x, y in framed]
    pad = max(max(xs) - min(xs), max(ys) - min(ys), 0.05) * 0.15
    west, east, south, north = min(xs) - pad, max(xs) + pad, min(ys) - pad, max(ys) + pad
    squeeze = math.cos(math.radians((north + south) / 2))
    span_x = (east - west) * squeeze
    span_y = north - south
    scale = min(MAP_WIDTH / span_x, MAP_HEIGHT / span_y)
    width, height = span_x * scale, span_y * scale

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon - west) * squeeze * scale, (north - lat) * scale

    parts = [
        format_html(
            '<svg class="map-figure" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
            'width="{}" height="{}" role="img" aria-label="{}">'
            '<rect width="100%" height="100%" fill="#f4f7fa"/>',
            f"{width:.0f}",
            f"{height:.0f}",
            f"{width:.0f}",
            f"{height:.0f}",
            title,
        )
    ]
    for name, rings, lit in sorted(shapes, key=lambda s: s[2]):
        path = " ".join(
            "M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in (project(*pt) for pt in ring)) + " Z"
            for ring in rings
        )
        parts.append(
            format_html(
                '<path d="{}" fill="{}" stroke="#6b7f91" stroke-width="{}" '
                'fill-rule="evenodd"><title>{}</title></path>',
                path,
                "#d9e7c9" if lit else "#ffffff",
                "1.5" if lit else "0.6",
                name,
            )
        )
    for lat, lon, kind in spots:
        x, y = project(lon, lat)
        colour = COLOURS[0] if kind == "enterprise" else COLOURS[1]
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="3.5" fill="{}" fill-opacity="0.8"/>',
                f"{x:.1f}",
                f"{y:.1f}",
                colour,
            )
        )
    if centre is not None:
        x, y = project(centre[1], centre[0])
        parts.append(
            format_html(
                '<path d="M{} {} l-6 -14 a6 6 0 1 1 12 0 z" fill="#333"/>',
                f"{x:.1f}",
                f"{y:.1f}",
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(escape(p) if not isinstance(p, SafeString) else p for p in parts))


# -- network ---------------------------------------------------------------------------------

NODE_COLOURS = {"enterprise": COLOURS[0], "institution": COLOURS[1], "other": "#9aa5ad"}


def network_picture(
    nodes: dict[str, str], edges: Iterable[tuple[str, str]], *, title: str, seed: int = 7
) -> SafeString:
    """The relationships as a picture without names (readers of aggregated figures see it too):
    ``nodes`` maps a node key to its kind (``enterprise``, ``institution`` or ``other`` for
    partners outside the register); ``edges`` are undirected pairs. Laid out by networkx's
    spring layout with a fixed ``seed``, so that the same ties give the same picture."""
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((a, b) for a, b in edges if a != b)
    if graph.number_of_edges() == 0:
        return mark_safe("")
    layout = nx.spring_layout(graph, seed=seed)
    xs = [float(x) for x, _y in layout.values()]
    ys = [float(y) for _x, y in layout.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    margin = 16

    def place(key: str) -> tuple[float, float]:
        x, y = layout[key]
        return (
            margin + (float(x) - min(xs)) / span_x * (MAP_WIDTH - 2 * margin),
            margin + (float(y) - min(ys)) / span_y * (MAP_HEIGHT - 2 * margin),
        )

    parts = [
        format_html(
            '<svg class="network-figure" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
            'width="{}" height="{}" role="img" aria-label="{}">',
            MAP_WIDTH,
            MAP_HEIGHT,
            MAP_WIDTH,
            MAP_HEIGHT,
            title,
        )
    ]
    for a, b in graph.edges():
        (x1, y1), (x2, y2) = place(a), place(b)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#8a98a5" stroke-width="1.2"/>',
                f"{x1:.1f}",
                f"{y1:.1f}",
                f"{x2:.1f}",
                f"{y2:.1f}",
            )
        )
    for key in graph.nodes():
        x, y = place(key)
        radius = 4 + min(graph.degree(key), 8)
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="#fff" stroke-width="1"/>',
                f"{x:.1f}",
                f"{y:.1f}",
                radius,
                NODE_COLOURS.get(nodes.get(key, "other"), NODE_COLOURS["other"]),
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))
