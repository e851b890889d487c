from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterdev.web.geo.models import AdminArea, Sector
from clusterdev.web.lib.export import table_response
from clusterdev.web.mapping import jobs, services
from clusterdev.web.mapping.access import get_run_for_user
from clusterdev.web.mapping.forms import ConfigureForm, UploadForm
from clusterdev.web.mapping.models import MappingRun
from clusterdev.web.programmes.access import Action, get_programme_for_user

PAGE_SIZE = 50
MEASURE_COLUMNS = (
    "region", "sector", "category", "employment", "establishments", "region_share", "sector_share",
    "lq", "qualifying", "significant", "strong", "strong10", "stars_size", "stars_specialisation",
    "stars_focus", "growth",
)  # fmt: skip


def _index(
    request: HttpRequest, slug: str, form: UploadForm | None = None, status: int = 200
) -> HttpResponse:
    programme, rights = get_programme_for_user(request.user, slug)
    context = {
        "programme": programme,
        "rights": rights,
        "runs": programme.mapping_runs.select_related("created_by"),
        "form": form or UploadForm(),
    }
    return render(request, "mapping/index.html", context, status=status)


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    return _index(request, slug)


@login_required
@require_POST
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    programme, _rights = get_programme_for_user(request.user, slug, Action.EDIT)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            run = services.start_from_upload(
                programme, form.cleaned_data["register"], by=request.user
            )
        except services.InputError as error:
            form.add_error("register", str(error))
        else:
            return redirect("mapping-configure", run.pk)
    return _index(request, slug, form, status=400)


@login_required
@require_POST
def from_register(request: HttpRequest, slug: str) -> HttpResponse:
    programme, _rights = get_programme_for_user(request.user, slug, Action.EDIT)
    run = services.start_from_register(programme, by=request.user)
    return redirect("mapping-configure", run.pk)


@login_required
def configure(request: HttpRequest, pk: int) -> HttpResponse:
    run, _rights = get_run_for_user(request.user, pk, Action.EDIT)
    if run.status != MappingRun.Status.DRAFT:
        return redirect(run)  # a run's parameters stay as they ran, for reproducibility
    form = ConfigureForm(request.POST or None, request.FILES or None, run=run)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            run.title = data["title"]
            if data.get("reference"):
                run.reference.save(data["reference"].name, data["reference"], save=False)
            services.queue(
                run,
                columns=form.columns(),
                engine=data["engine"],
                seed=data["seed"],
                use_country_areas=data["use_country_areas"],
            )
        jobs.kick()  # after the commit, so that a worker thread sees the queued run
        return redirect(run)
    return render(request, "mapping/configure.html", {"run": run, "form": form})


def _chart(run: MappingRun) -> list[dict[str, Any]]:
    """The strongest concentrations: strong clusters with the highest location quotients."""
    rows = services.query(run, "measures", flags=("strong",), order="lq", limit=15)
    top = max((r["lq"] or 0 for r in rows), default=0) or 1
    return [r | {"width": round(100 * (r["lq"] or 0) / top, 1)} for r in rows]


def _names(
    run: MappingRun, regions: set[str], sectors: set[str]
) -> tuple[dict[str, str], dict[str, str]]:
    areas = dict(
        AdminArea.objects.filter(country=run.programme.country_id, code__in=regions).values_list(
            "code", "name"
        )
    )
    titles = dict(Sector.objects.filter(code__in=sectors).values_list("code", "title"))
    return areas, titles


@login_required
def run(request: HttpRequest, pk: int) -> HttpResponse:
    run, rights = get_run_for_user(request.user, pk)
    context: dict[str, Any] = {"run": run, "rights": rights, "programme": run.programme}
    if run.status == MappingRun.Status.DONE:
        candidates = services.query(run, "candidates", order="rank", descending=False, limit=25)
        chart = _chart(run)
        regions = {r["region"] for r in candidates + chart}
        sectors = {r["sector"] for r in candidates + chart} | set(
            services.distinct(run, "measures", "sector")
        )
        area_names, sector_titles = _names(run, regions, sectors)
        context |= {
            "candidates": candidates,
            "chart": chart,
            "area_names": area_names,
            "sector_titles": sector_titles,
            "sectors": [
                (s, sector_titles.get(s, "")) for s in services.distinct(run, "measures", "sector")
            ],
            "choropleth_sector": chart[0]["sector"] if chart else "",
            "promoted": set(run.evidence.values_list("region", "sector")),
        }
    return render(request, "mapping/run.html", context)


@login_required
def status(request: HttpRequest, pk: int) -> HttpResponse:
    run, _rights = get_run_for_user(request.user, pk)
    response = render(request, "mapping/_status.html", {"run": run})
    if not run.is_active and request.htmx:  # type: ignore[attr-defined]
        response["HX-Refresh"] = "true"  # show the results (or the error) in the full page
    return response


@login_required
def measures(request: HttpRequest, pk: int) -> HttpResponse:
    run, rights = get_run_for_user(request.user, pk)
    if run.status != MappingRun.Status.DONE:
        raise Http404
    where = {k: request.GET[k] for k in ("region", "sector") if request.GET.get(k)}
    flags = tuple(f for f in services.FLAGS if request.GET.get(f))
    order = request.GET.get("order", "lq")
    if order not in services.SORTABLE:
        order = "lq"
    descending = request.GET.get("dir", "desc") != "asc"
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        if Action.EXPORT not in rights:
            raise PermissionDenied
        rows = services.query(
            run,
            "measures",
            where=where,
            flags=flags,
            order=order,
            descending=descending,
            limit=10_000_000,
        )
        header = [c for c in MEASURE_COLUMNS if rows and c in rows[0]] or list(MEASURE_COLUMNS)
        return table_response(
            f"mapping-{run.pk}", header, ([r.get(c) for c in header] for r in rows), fmt
        )
    total = services.count(run, "measures", where=where, flags=flags)
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    rows = services.query(
        run,
        "measures",
        where=where,
        flags=flags,
        order=order,
        descending=descending,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    query = request.GET.copy()
    for key in ("page", "order", "dir", "format"):
        query.pop(key, None)
    context = {
        "run": run,
        "rights": rights,
        "rows": rows,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE_SIZE)),
        "order": order,
        "descending": descending,
        "query": query.urlencode(),
        "filters": {"where": where, "flags": flags},
        "flag_names": services.FLAGS,
    }
    return render(request, "mapping/_measures.html", context)


@login_required
def choropleth(request: HttpRequest, pk: int) -> JsonResponse:
    """Location quotient and flags per region for one sector, for the choropleth map."""
    run, _rights = get_run_for_user(request.user, pk)
    sector = request.GET.get("sector", "")
    rows = (
        services.query(run, "measures", where={"sector": sector}, limit=100_000) if sector else []
    )
    values = {
        r["region"]: {
            "lq": r["lq"],
            "employment": r["employment"],
            "strong": bool(r["strong"]),
            "stars": r.get("stars"),
        }
        for r in rows
    }
    return JsonResponse({"sector": sector, "values": values})


@login_required
def points(request: HttpRequest, pk: int) -> JsonResponse:
    """The point clusters as GeoJSON: each cluster's convex hull with its figures."""
    import json

    run, _rights = get_run_for_user(request.user, pk)
    rows = (
        services.query(run, "point_clusters", order="employment", limit=2000)
        if run.has_result("point_clusters")
        else []
    )
    features = [
        {
            "type": "Feature",
            "geometry": json.loads(r["hull_geojson"]),
            "properties": {
                "sector": r["sector"],
                "region": r["region"],
                "firms": r["firms"],
                "employment": r["employment"],
                "centroid": [r["centroid_longitude"], r["centroid_latitude"]],
            },
        }
        for r in rows
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


@login_required
@require_POST
def promote(request: HttpRequest, pk: int) -> HttpResponse:
    run, _rights = get_run_for_user(request.user, pk, Action.EDIT)
    try:
        cluster = services.promote(
            run,
            region=request.POST.get("region", ""),
            sector=request.POST.get("sector", ""),
            by=request.user,
        )
    except services.InputError as error:
        messages.error(request, str(error))
        return redirect(run)
    messages.success(
        request,
        _("Candidate cluster “%(name)s” created with its mapping evidence.")
        % {"name": cluster.name},
    )
    return redirect(cluster)
