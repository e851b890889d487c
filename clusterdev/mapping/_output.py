"""Writing the measures table: JSON, CSV, Parquet or GeoJSON, never a partial file."""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from clusterdev.mapping._types import MappingError

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["FORMATS", "write_measures"]

FORMATS = ("json", "csv", "parquet", "geojson")


def write_measures(
    measures: pa.Table,
    out: str | Path | TextIO,
    *,
    format: str = "json",
    regions: str | Path | None = None,
    region_property: str = "code",
) -> None:
    """Write ``measures`` (from :func:`map_clusters`) to a file or a text stream.

    - ``json``: an array with one object per region × sector, every measure column a key;
    - ``csv``: a header and one row per region × sector (``true``/``false``, nulls empty);
    - ``parquet``: the table as it is (files only);
    - ``geojson``: the FeatureCollection of ``regions``, one feature per region, its properties
      kept and a ``measures`` list added: one object per sector of that region (the measure
      columns but ``region``), empty for a region without measures. Regions are matched on
      the property ``region_property``; measures of regions missing from the file are left out.

    A file is written to a temporary file in the same folder and renamed into place, so an
    error never leaves a partial file (nor touches an existing one). A path that is not a
    regular file, such as ``/dev/null`` or a named pipe, is written into, not replaced.

    >>> import io, pyarrow as pa
    >>> measures = pa.table({"region": ["01"], "sector": ["1410"], "lq": [1.5]})
    >>> out = io.StringIO()
    >>> write_measures(measures, out, format="json")
    >>> json.loads(out.getvalue())
    [{'region': '01', 'sector': '1410', 'lq': 1.5}]
    """
    writer = _writer(measures, format=format, regions=regions, region_property=region_property)
    if isinstance(out, str | Path):
        path = Path(out)
        if path.exists() and not path.is_file():
            # A device or pipe (/dev/null, /dev/stdout, a FIFO): write into it, never replace it.
            buffer = io.BytesIO()
            writer(buffer)
            with path.open("wb") as stream:
                stream.write(buffer.getvalue())
            return
        replace_atomically(path, writer)
        return
    if format == "parquet":
        raise MappingError("parquet output needs a file, not a text stream (give --out)")
    buffer = io.BytesIO()
    writer(buffer)
    out.write(buffer.getvalue().decode("utf-8"))


def _writer(
    measures: pa.Table, *, format: str, regions: str | Path | None, region_property: str
) -> Callable[[io.BytesIO | Path], None]:
    """The bytes of the chosen format, computed before any file is opened."""
    if format not in FORMATS:
        raise MappingError(f"unknown format {format!r} (choose one of: {', '.join(FORMATS)})")
    if format == "parquet":
        return lambda target: _write_parquet(measures, target)
    if format == "csv":
        return lambda target: _write_csv(measures, target)
    if format == "json":
        text = _json_array(measures.to_pylist())
    elif regions is None:
        raise MappingError("geojson output needs the regions' polygons (give --regions)")
    else:
        text = json.dumps(
            _with_measures(_read_geojson(regions), measures, region_property),
            ensure_ascii=False,
            allow_nan=False,
        )
    data = (text + "\n").encode("utf-8")
    return lambda target: _write_bytes(data, target)


def _json_array(rows: list[dict[str, Any]]) -> str:
    # One object per line: large outputs stay readable and diffable.
    lines = ",\n".join(json.dumps(row, ensure_ascii=False, allow_nan=False) for row in rows)
    return f"[\n{lines}\n]" if rows else "[]"


def _read_geojson(regions: str | Path) -> dict[str, Any]:
    try:
        collection = json.loads(Path(regions).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise MappingError(f"{regions}: cannot read as GeoJSON ({error})") from error
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise MappingError(f"{regions}: not a GeoJSON FeatureCollection")
    return collection


def _with_measures(
    collection: dict[str, Any], measures: pa.Table, region_property: str
) -> dict[str, Any]:
    by_region: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in measures.to_pylist():
        region = row.pop("region")
        by_region[region].append(row)
    features = []
    for feature in collection.get("features", []):
        properties = dict(feature.get("properties") or {})
        code = properties.get(region_property)
        properties["measures"] = by_region.get(str(code), []) if code is not None else []
        features.append({**feature, "properties": properties})
    return {**collection, "features": features}


def _write_parquet(measures: pa.Table, target: io.BytesIO | Path) -> None:
    import pyarrow.parquet as pq

    pq.write_table(measures, target)


def _write_csv(measures: pa.Table, target: io.BytesIO | Path) -> None:
    import pyarrow.csv

    pyarrow.csv.write_csv(measures, target if isinstance(target, io.BytesIO) else str(target))


def _write_bytes(data: bytes, target: io.BytesIO | Path) -> None:
    if isinstance(target, io.BytesIO):
        target.write(data)
    else:
        target.write_bytes(data)


def replace_atomically(path: Path, write: Callable[[io.BytesIO | Path], None]) -> None:
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as error:
        raise MappingError(f"{path}: cannot write ({error.strerror})") from error
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        # mkstemp makes the file private; give it the permissions a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        temporary.chmod(0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
