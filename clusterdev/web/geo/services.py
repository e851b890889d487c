"""Loading reference data: the ISIC Rev.4 classification and administrative boundaries."""

from __future__ import annotations

import csv
import io
import json
from importlib import resources
from pathlib import Path
from typing import Any

from django.db import transaction

from clusterdev.web.geo.models import AdminArea, Country, Sector

DATA = resources.files("clusterdev") / "data"
ISIC_FILE = DATA / "isic_rev4.csv"


def read_isic() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(ISIC_FILE.read_text(encoding="utf-8"))))


@transaction.atomic
def load_isic(sector_model: Any = Sector) -> int:
    """Create or update every ISIC Rev.4 item from the shipped file; returns how many were read.

    ``sector_model`` lets a data migration pass its historical model.
    """
    rows = read_isic()
    by_code = {s.code: s for s in sector_model.objects.all()}
    for row in rows:  # the file lists parents before their children
        sector = by_code.get(row["code"]) or sector_model(code=row["code"])
        sector.level = row["level"]
        sector.title = row["title"]
        sector.parent = by_code.get(row["parent"]) if row["parent"] else None
        sector.save()
        by_code[sector.code] = sector
    return len(rows)


@transaction.atomic
def load_areas(country: Country, geojson: Path | str, *, level: int = 1) -> int:
    """Create or update ``country``'s areas from a GeoJSON FeatureCollection whose features carry
    ``code`` and ``name`` properties; returns the number of features."""
    with open(geojson, encoding="utf-8") as handle:
        collection = json.load(handle)
    features = collection.get("features") or []
    for index, feature in enumerate(features, start=1):
        props = feature.get("properties") or {}
        if not props.get("code") or not props.get("name"):
            raise ValueError(f"{geojson}: feature {index} lacks a 'code' or 'name' property")
        AdminArea.objects.update_or_create(
            country=country,
            code=props["code"],
            defaults={"name": props["name"], "level": level, "geometry": feature.get("geometry")},
        )
    return len(features)
