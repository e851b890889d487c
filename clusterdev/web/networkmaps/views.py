from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from clusterdev.networks import write_edges_csv, write_gexf, write_graphml, write_nodes_csv
from clusterdev.web.networkmaps import charts, services
from clusterdev.web.networkmaps.forms import NetworkForm
from clusterdev.web.programmes.access import get_cluster_for_user
from clusterdev.web.programmes.models import Cluster

DOWNLOADS: dict[str, tuple[str, str]] = {
    "graphml": ("graphml", "application/graphml+xml"),
    "gexf": ("gexf", "application/gexf+xml"),
    "edges.csv": ("edges.csv", "text/csv"),
    "nodes.csv": ("nodes.csv", "text/csv"),
}


def _form(request: HttpRequest, cluster: Cluster) -> NetworkForm:
    return NetworkForm(request.GET, cluster=cluster)


def _query(form: NetworkForm, *names: str) -> str:
    pairs: list[tuple[str, Any]] = []
    for name in names:
        value = form.cleaned_data.get(name)
        if name == "type":
            pairs.extend(("type", t) for t in value or [])
        elif value:
            pairs.append((name, getattr(value, "pk", value)))
    return urlencode(pairs)


def _bad(form: NetworkForm) -> JsonResponse:
    return JsonResponse({"error": form.error_text()}, status=400)


@login_required
def network_page(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, rights = get_cluster_for_user(request.user, slug)
    context: dict[str, Any] = {"cluster": cluster, "rights": rights}
    if services.latest_wave_with_ties(cluster) is None:
        context["waves"] = services.waves_of(cluster)
        return render(request, "networkmaps/empty.html", context)
    form = _form(request, cluster)
    context["form"] = form
    if not form.is_valid():
        return render(request, "networkmaps/network.html", context, status=400)
    context.update(_page(cluster, form))
    return render(request, "networkmaps/network.html", context)


def _page(cluster: Cluster, form: NetworkForm) -> dict[str, Any]:
    wave, types = form.cleaned_data["wave"], form.cleaned_data["type"]
    net = services.cluster_network(cluster, wave, types=types)
    result = services.measures_of(net)
    rows = services.headlines(cluster, types=types)
    context: dict[str, Any] = {
        "net": net,
        "result": result,
        "actors": services.actor_rows(net, result),
        "headlines": rows,
        "chart": charts.line_chart(rows),
        "indicators": services.indicator_values(cluster, wave),
        "legend": [(key, services.type_label(key), c) for key, c in services.COLOURS.items()],
        "edge_legend": [(services.TIE_TYPES(k).label, c) for k, c in services.EDGE_COLOURS.items()],
        "size_measures": services.SIZE_MEASURES.items(),
        "query": _query(form, "wave", "type"),
        "downloads": list(DOWNLOADS),
        "permutations": services.PERMUTATIONS,
        "seed": services.SEED,
    }
    base, follow = form.cleaned_data.get("base"), form.cleaned_data.get("follow")
    if base and follow:
        context["comparison"] = services.compare_waves(cluster, base, follow, types=types)
        context["compare_query"] = _query(form, "base", "follow", "type")
    return context


@login_required
def network_data(request: HttpRequest, slug: str) -> JsonResponse:
    cluster, _rights = get_cluster_for_user(request.user, slug)
    form = _form(request, cluster)
    if not form.is_valid():
        return _bad(form)
    net = services.cluster_network(
        cluster, form.cleaned_data["wave"], types=form.cleaned_data["type"]
    )
    return JsonResponse(services.map_data(net, services.measures_of(net)))


@login_required
def compare_data(request: HttpRequest, slug: str) -> JsonResponse:
    cluster, _rights = get_cluster_for_user(request.user, slug)
    form = _form(request, cluster)
    if form.is_valid() and not (form.cleaned_data["base"] and form.cleaned_data["follow"]):
        form.add_error("base", _("Choose two waves to compare."))
    if not form.is_valid():
        return _bad(form)
    result = services.compare_waves(
        cluster,
        form.cleaned_data["base"],
        form.cleaned_data["follow"],
        types=form.cleaned_data["type"],
    )
    return JsonResponse(services.comparison_map(result))


@login_required
def download(request: HttpRequest, slug: str, what: str) -> HttpResponse:
    cluster, _rights = get_cluster_for_user(request.user, slug)
    if what not in DOWNLOADS:
        return HttpResponse(
            _("format: choose one of %(formats)s") % {"formats": ", ".join(DOWNLOADS)},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    form = _form(request, cluster)
    if not form.is_valid():
        return HttpResponse(form.error_text(), status=400, content_type="text/plain; charset=utf-8")
    wave = form.cleaned_data["wave"]
    net = services.cluster_network(cluster, wave, types=form.cleaned_data["type"])
    result = services.measures_of(net)
    suffix, content_type = DOWNLOADS[what]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"network.{suffix}"
        if what == "graphml":
            write_graphml(net.network, path, measures=result)
        elif what == "gexf":
            write_gexf(net.network, path, measures=result)
        elif what == "edges.csv":
            write_edges_csv(net.network, path)
        else:
            write_nodes_csv(net.network, path, measures=result)
        body = path.read_bytes()
    response = HttpResponse(body, content_type=content_type)
    name = f"{cluster.slug}-{slugify(wave.name) or wave.pk}-network.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
