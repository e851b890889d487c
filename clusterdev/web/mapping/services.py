"""Mapping runs: preparing their input, running them, reading their results, promoting candidates.

The analytics are :func:`clusterdev.mapping.map_clusters`; this module only moves data between it
and the platform (files under ``MEDIA_ROOT``, the programme's register and areas, clusters).
"""

from __future__ import annotations

import csv
import json
import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from clusterdev.web.actors.models import Actor
from clusterdev.web.geo.models import AdminArea, Sector, feature_collection
from clusterdev.web.mapping.models import RESULT_TABLES, ClusterEvidence, MappingRun
from clusterdev.web.programmes.models import Cluster, Programme

log = logging.getLogger(__name__)

SUFFIXES = (".csv", ".parquet", ".xlsx")
REGISTER_COLUMNS = {
    "region": "region",
    "sector": "isic",
    "employment": "employment",
    "latitude": "latitude",
    "longitude": "longitude",
}


class InputError(ValueError):
    """A register that cannot be used, with a message for the person who uploaded it."""


def read_header(path: Path) -> list[str]:
    """The column names of a CSV, Parquet or XLSX file."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            with path.open(encoding="utf-8-sig", newline="") as handle:
                header = next(csv.reader(handle), [])
        elif suffix == ".parquet":
            import pyarrow.parquet as pq

            header = list(pq.read_schema(path).names)
        elif suffix == ".xlsx":
            from openpyxl import load_workbook

            workbook = load_workbook(path, read_only=True)
            first = next(workbook.active.iter_rows(max_row=1, values_only=True), ())
            workbook.close()
            header = [str(value) for value in first if value is not None]
        else:
            raise InputError(_("%(name)s: use a CSV, Parquet or XLSX file.") % {"name": path.name})
    except (UnicodeDecodeError, OSError, ValueError, KeyError) as error:
        if isinstance(error, InputError):
            raise
        raise InputError(
            _("%(name)s: the file cannot be read (%(error)s).")
            % {"name": path.name, "error": error}
        ) from error
    header = [name.strip() for name in header if name and name.strip()]
    if not header:
        raise InputError(_("%(name)s: the file has no header row.") % {"name": path.name})
    return header


@transaction.atomic
def start_from_upload(programme: Programme, upload: UploadedFile, *, by: Any) -> MappingRun:
    name = Path(upload.name or "register").name
    if Path(name).suffix.lower() not in SUFFIXES:
        raise InputError(_("%(name)s: use a CSV, Parquet or XLSX file.") % {"name": name})
    run = MappingRun(programme=programme, title=name, source_name=name, created_by=by)
    run.source.save(name, upload, save=False)
    try:
        run.header = read_header(Path(run.source.path))
    except InputError:
        run.source.delete(save=False)
        raise
    run.save()
    return run


@transaction.atomic
def start_from_register(programme: Programme, *, by: Any) -> MappingRun:
    """A run over the programme's own enterprise register, with its columns already chosen."""
    name = f"register-{programme.slug}-{timezone.now():%Y%m%d-%H%M%S}.csv"
    run = MappingRun(
        programme=programme,
        title=_("Actor register of %(programme)s") % {"programme": programme.name},
        source_name=name,
        created_by=by,
        columns=dict(REGISTER_COLUMNS),
        use_country_areas=True,
    )
    run.source.save(name, ContentFile(register_csv(programme).encode("utf-8")), save=False)
    run.header = read_header(Path(run.source.path))
    run.save()
    return run


def register_csv(programme: Programme) -> str:
    """The programme's enterprises, one row each: first-level area code, ISIC class,
    employment and coordinates."""
    import io

    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["region", "isic", "employment", "latitude", "longitude", "town"])
    enterprises = (
        Actor.objects.enterprises()
        .filter(programme=programme, isic__isnull=False, area__isnull=False)
        .select_related("isic", "area__parent")
        .order_by("pk")
    )
    for actor in enterprises.iterator(chunk_size=2000):
        area = actor.area
        while area.parent is not None and area.level > 1:  # type: ignore[union-attr]
            area = area.parent  # type: ignore[union-attr]
        writer.writerow(
            [
                area.code,  # type: ignore[union-attr]
                actor.isic.code,  # type: ignore[union-attr]
                actor.employees,
                "" if actor.latitude is None else actor.latitude,
                "" if actor.longitude is None else actor.longitude,
                actor.town,
            ]
        )
    return text.getvalue()


def regions_geojson_path(run: MappingRun) -> Path | None:
    """The programme country's first-level areas as a GeoJSON file, when the run uses them."""
    if not run.use_country_areas:
        return None
    areas = AdminArea.objects.filter(
        country=run.programme.country_id, level=1, geometry__isnull=False
    )
    if not areas.exists():
        return None
    path = run.folder / "regions.geojson"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(feature_collection([a.feature() for a in areas]), encoding="utf-8")
    return path


def queue(
    run: MappingRun, *, columns: dict[str, str], engine: str, seed: int, use_country_areas: bool
) -> None:
    run.columns = {role: name for role, name in columns.items() if name}
    run.engine = engine
    run.seed = seed
    run.use_country_areas = use_country_areas
    run.status = MappingRun.Status.QUEUED
    run.progress = 0.0
    run.stage = ""
    run.error = ""
    run.save()


def _progress_writer(run: MappingRun) -> Callable[[float, str], None]:
    def report(fraction: float, stage: str) -> None:
        MappingRun.objects.filter(pk=run.pk).update(
            progress=max(0.0, min(1.0, fraction)), stage=stage[:200]
        )

    return report


def execute(run: MappingRun) -> MappingRun:
    """Run the mapping for ``run`` and store its results; a failure is recorded on the run."""
    from clusterdev.mapping import Columns, MappingError, map_clusters

    run.status = MappingRun.Status.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    cols = run.columns
    coordinates = {"latitude": cols.get("latitude"), "longitude": cols.get("longitude")}
    try:
        if run.folder.exists():
            shutil.rmtree(run.folder)
        result = map_clusters(
            run.source.path,
            columns=Columns(
                region=cols.get("region", ""),
                sector=cols.get("sector", ""),
                employment=cols.get("employment", ""),
                establishments=cols.get("establishments") or None,
                category=cols.get("category") or None,
                year=cols.get("year") or None,
                latitude=coordinates["latitude"] or None,
                longitude=coordinates["longitude"] or None,
            ),
            reference=run.reference.path if run.reference else None,
            regions=regions_geojson_path(run),
            engine=run.engine,
            seed=run.seed,
            progress=_progress_writer(run),
        )
        _store(run, result)
    except MappingError as error:
        # Name the file as the person uploaded it, not where the server keeps it.
        message = str(error).replace(run.source.path, run.source_name)
        if run.reference:
            message = message.replace(run.reference.path, Path(run.reference.name or "").name)
        _fail(run, message)
    except Exception as error:  # a run must end in a state people can read, whatever happened
        log.exception("mapping run %s failed", run.pk)
        _fail(run, _("The mapping stopped on an unexpected error: %(error)s") % {"error": error})
    run.refresh_from_db()
    return run


def _store(run: MappingRun, result: Any) -> None:
    import pyarrow.parquet as pq

    run.folder.mkdir(parents=True, exist_ok=True)
    for table in RESULT_TABLES:
        value = getattr(result, table, None)
        if value is not None:
            pq.write_table(value, run.result_path(table))
    measures = result.measures
    run.summary = {
        "rows": measures.num_rows,
        "regions": len(set(measures.column("region").to_pylist())),
        "sectors": len(set(measures.column("sector").to_pylist())),
        "strong": sum(1 for v in measures.column("strong").to_pylist() if v),
        "candidates": 0 if result.candidates is None else result.candidates.num_rows,
        "point_clusters": 0 if result.point_clusters is None else result.point_clusters.num_rows,
        "hotspots": result.hotspots is not None,
    }
    run.parameters = json.loads(json.dumps(result.parameters, default=str))
    run.status = MappingRun.Status.DONE
    run.progress = 1.0
    run.stage = ""
    run.finished_at = timezone.now()
    run.save()


def _fail(run: MappingRun, message: str) -> None:
    MappingRun.objects.filter(pk=run.pk).update(
        status=MappingRun.Status.FAILED, error=message, finished_at=timezone.now()
    )


@transaction.atomic
def promote(run: MappingRun, *, region: str, sector: str, by: Any) -> Cluster:
    """Create a candidate cluster for ``sector`` in ``region`` with the run's evidence attached."""
    rows = query(run, "candidates", where={"region": region, "sector": sector}, limit=1)
    rows = rows or query(run, "measures", where={"region": region, "sector": sector}, limit=1)
    if not rows:
        raise InputError(
            _("This run has no result for sector %(sector)s in %(region)s.")
            % {"sector": sector, "region": region}
        )
    area = AdminArea.objects.filter(country=run.programme.country_id, code=region).first()
    isic = Sector.objects.filter(code=sector).first()
    sector_name = isic.title if isic else sector
    place = area.name if area else region
    cluster = Cluster.objects.create(
        programme=run.programme,
        slug=_unique_slug(f"{sector}-{place}"),
        name=_("%(sector)s in %(place)s") % {"sector": sector_name, "place": place},
        product=sector_name[:200],
        place=place,
        description=_("Proposed from mapping run “%(run)s”.") % {"run": run.title},
    )
    if isic:
        cluster.sectors.add(isic)
    if area:
        cluster.areas.add(area)
    measures = query(run, "measures", where={"region": region, "sector": sector}, limit=1)
    ClusterEvidence.objects.create(
        cluster=cluster,
        run=run,
        region=region,
        sector=sector,
        created_by=by,
        values={"candidate": rows[0], "measures": measures[0] if measures else {}},
    )
    return cluster


def _unique_slug(text: str) -> str:
    base = slugify(text)[:45] or "cluster"
    slug, n = base, 1
    while Cluster.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


SORTABLE = (
    "region",
    "sector",
    "employment",
    "establishments",
    "lq",
    "stars",
    "growth",
    "score",
    "rank",
)
FILTERABLE = ("region", "sector", "category")
FLAGS = (
    "qualifying",
    "significant",
    "strong",
    "strong10",
    "stars_size",
    "stars_specialisation",
    "stars_focus",
)


def _where(where: dict[str, Any] | None, flags: tuple[str, ...]) -> tuple[str, list[Any]]:
    """A WHERE clause from whitelisted column names (values are always bound parameters)."""
    where = where or {}
    unknown = [c for c in where if c not in FILTERABLE] + [f for f in flags if f not in FLAGS]
    if unknown:
        raise ValueError(f"cannot filter on {unknown}")
    clauses = [f'"{column}" = ?' for column in where] + [f'"{flag}"' for flag in flags]
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", list(where.values())


def query(
    run: MappingRun,
    table: str,
    *,
    where: dict[str, Any] | None = None,
    flags: tuple[str, ...] = (),
    order: str = "",
    descending: bool = True,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Rows of one result table, filtered, sorted and paged by DuckDB straight from Parquet."""
    path = run.result_path(table)
    if not path.exists():
        return []
    import duckdb

    if order and order not in SORTABLE:
        raise ValueError(f"cannot sort on {order!r}")
    clause, values = _where(where, flags)
    sql = "SELECT * FROM read_parquet(?)" + clause
    params: list[Any] = [str(path), *values]
    if order:
        sql += f' ORDER BY "{order}" {"DESC" if descending else "ASC"} NULLS LAST, region, sector'
    sql += " LIMIT ? OFFSET ?"
    params += [limit, offset]
    with duckdb.connect() as connection:
        cursor = connection.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def count(
    run: MappingRun, table: str, *, where: dict[str, Any] | None = None, flags: tuple[str, ...] = ()
) -> int:
    path = run.result_path(table)
    if not path.exists():
        return 0
    import duckdb

    clause, values = _where(where, flags)
    with duckdb.connect() as connection:
        row = connection.execute(
            "SELECT count(*) FROM read_parquet(?)" + clause, [str(path), *values]
        ).fetchone()
    return int(row[0]) if row else 0


def distinct(run: MappingRun, table: str, column: str) -> list[str]:
    if column not in FILTERABLE:
        raise ValueError(f"cannot list {column!r}")
    path = run.result_path(table)
    if not path.exists():
        return []
    import duckdb

    with duckdb.connect() as connection:
        rows = connection.execute(
            f'SELECT DISTINCT "{column}" FROM read_parquet(?) ORDER BY 1', [str(path)]
        ).fetchall()
    return [str(r[0]) for r in rows if r[0] is not None]
