"""Spatial hotspots of a region × sector measure: Getis–Ord Gi* and local Moran's I.

Both statistics run on queen contiguity built from the regions' polygons (two regions are
neighbours when their boundaries share at least one point), with conditional-permutation
pseudo p-values from PySAL's esda and a Benjamini–Hochberg false-discovery-rate correction
per sector. Heavy libraries are imported inside the functions that use them.
"""

from __future__ import annotations

import json
import math
import warnings
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pyarrow as pa

__all__ = ["benjamini_hochberg", "hotspots", "region_neighbours"]

HOTSPOT_COLUMNS = (
    "region",
    "sector",
    "gi_z",
    "gi_p",
    "gi_q",
    "gi_class",
    "moran_i",
    "moran_p",
    "moran_q",
    "moran_quadrant",
)

# esda's quadrant codes (PySAL scheme, not GeoDa's): 1 HH, 2 LH, 3 LL, 4 HL.
_QUADRANTS = {1: "HH", 2: "LH", 3: "LL", 4: "HL"}

# esda 2.9 warns that the default alternative of its permutation test will change; we rely on
# today's default ("directed", documented in hotspots()) and pin it by silencing only that warning.
_ALTERNATIVE_WARNING = "The alternative hypothesis for conditional randomization"

_MIN_CONNECTED_REGIONS = 3


def benjamini_hochberg(p_values: npt.ArrayLike) -> npt.NDArray[np.float64]:
    r"""Benjamini–Hochberg q-values (FDR-adjusted p-values) of a family of tests.

    For the :math:`m` finite p-values sorted ascending, :math:`p_{(1)} \le \dots \le p_{(m)}`,

    .. math:: q_{(k)} = \min_{j \ge k} \min\left(1, \frac{m\, p_{(j)}}{j}\right)

    and a test is a discovery at false discovery rate :math:`\alpha` when
    :math:`q \le \alpha`. NaN entries are tests that were not run: they stay NaN and do not
    count in :math:`m`.

    Reference: Benjamini, Y. and Hochberg, Y. (1995), "Controlling the false discovery
    rate: a practical and powerful approach to multiple testing", *Journal of the Royal
    Statistical Society B* 57(1), 289–300.

    >>> [round(q, 4) for q in benjamini_hochberg([0.01, 0.04, 0.03, 0.005]).tolist()]
    [0.02, 0.04, 0.04, 0.02]
    >>> benjamini_hochberg([0.5, float("nan")]).tolist()
    [0.5, nan]
    """
    import numpy as np

    p = np.asarray(p_values, dtype=np.float64)
    q = np.full(p.shape, np.nan)
    tested = np.flatnonzero(np.isfinite(p))
    m = tested.size
    if m == 0:
        return q
    if (p[tested] < 0).any() or (p[tested] > 1).any():
        raise ValueError("p-values must lie between 0 and 1")
    order = tested[np.argsort(p[tested], kind="stable")]
    scaled = p[order] * m / np.arange(1, m + 1)
    q[order] = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    return q


def region_neighbours(
    regions_geojson: str | Path, *, region_property: str = "code"
) -> dict[str, list[str]]:
    """Queen-contiguity neighbours of each region of a GeoJSON FeatureCollection.

    Two regions are neighbours when their polygons share at least one boundary point (queen
    contiguity; rook would need a shared edge). An island has an empty list. Keys follow the
    features' order; each list is sorted.

    >>> from importlib.resources import files
    >>> ecuador = files("clusterdev") / "data" / "ecuador_admin1.geojson"
    >>> neighbours = region_neighbours(str(ecuador))
    >>> neighbours["EC-W"]  # Galápagos
    []
    >>> neighbours["EC-I"]  # Imbabura
    ['EC-C', 'EC-E', 'EC-P', 'EC-U']
    """
    codes, geometries = _read_regions(regions_geojson, region_property=region_property)
    adjacency = _queen_adjacency(geometries)
    return {code: sorted(codes[j] for j in adjacency[i]) for i, code in enumerate(codes)}


def hotspots(
    values: pa.Table,
    regions_geojson: str | Path,
    *,
    region_property: str = "code",
    permutations: int = 999,
    seed: int = 0,
    alpha: float = 0.05,
) -> pa.Table:
    r"""Getis–Ord Gi* and local Moran's I of each region, per sector, with FDR classes.

    ``values`` has the columns ``region``, ``sector`` and ``value`` (a non-negative measure,
    e.g. the location quotient or employment), at most one row per region × sector. Every
    region of the GeoJSON is analysed for every sector of ``values``; a region missing from
    ``values`` for a sector (or with a null or NaN value) counts as 0.

    **Weights.** Queen contiguity from the polygons, built once per call. Islands (regions
    without neighbours, e.g. Galápagos) cannot be tested: they are left out of the analysis
    and get nulls. Sectors whose values are constant over the connected regions, or maps
    with fewer than 3 connected regions, also get nulls.

    **Gi\*** (Getis & Ord 1992; Ord & Getis 1995), with binary weights :math:`w_{ij}` that
    include the focal region (:math:`w_{ii} = 1`), :math:`W_i = \sum_j w_{ij}` and
    :math:`\bar x, s` the mean and (population) standard deviation over the :math:`n`
    connected regions:

    .. math::
        G_i^* = \frac{\sum_j w_{ij} x_j - \bar x W_i}
                     {s \sqrt{\left(n W_i - W_i^2\right) / (n - 1)}}

    reported as ``gi_z`` (esda ``G_Local(star=True, transform="B")``'s ``Zs``; the permutation
    p-value is the same under row standardisation, whose analytic z would ignore the size of
    the neighbourhood).

    **Local Moran's I** (Anselin 1995) with row-standardised weights (no self-weight) and
    :math:`z_i` the standardised values: :math:`I_i = (n - 1)\, z_i \sum_j w_{ij} z_j /
    \sum_k z_k^2` (``moran_i``). Its quadrant compares :math:`z_i` and its spatial lag:
    HH (high among high), LH, LL, HL.

    **Inference.** Conditional permutation (the focal value held fixed, its neighbours drawn
    from the other connected regions; ``permutations`` draws from ``seed``, shared by both
    statistics): the pseudo p-value is one-tailed in the direction of the observation,
    :math:`(\min(\#\{G^{sim} \ge G\}, \#\{G^{sim} \le G\}) + 1) / (permutations + 1)`.
    Unlike esda's own ``p_sim``, ties count in both tails, so a zero region among zeros in a
    sparse sector, where many random neighbourhoods are all zeros too, is not called cold.
    Both statistics rank the draws by the neighbours' sum, so with the same draws their
    p-values coincide; they differ in what they report (hot or cold, and the quadrant).
    Benjamini–Hochberg q-values are computed per sector and statistic
    (:func:`benjamini_hochberg`); ``gi_class`` is ``"hot"`` when :math:`q \le \alpha` and
    :math:`z > 0`, ``"cold"`` when :math:`q \le \alpha` and :math:`z < 0`, else ``""``;
    ``moran_quadrant`` is the quadrant when :math:`q \le \alpha`, else ``""``. A region
    adjacent to every other one has no defined Gi* z (null).

    Output: one row per sector × region (sorted by sector, then region) with the columns
    ``region, sector, gi_z, gi_p, gi_q, gi_class, moran_i, moran_p, moran_q,
    moran_quadrant``. The same ``seed`` gives the same table; the caller's global NumPy
    random state is left as it was.

    Raises ``ValueError`` for a missing column, a duplicated region × sector, a negative
    value, regions of ``values`` that are not in the GeoJSON (named), or a feature without
    ``region_property`` (its index named).

    References: Getis, A. and Ord, J. K. (1992), "The analysis of spatial association by use
    of distance statistics", *Geographical Analysis* 24(3), 189–206. Ord, J. K. and Getis, A.
    (1995), "Local spatial autocorrelation statistics: distributional issues and an
    application", *Geographical Analysis* 27(4), 286–306. Anselin, L. (1995), "Local
    indicators of spatial association — LISA", *Geographical Analysis* 27(2), 93–115.
    Benjamini and Hochberg (1995), see :func:`benjamini_hochberg`.

    >>> import pyarrow as pa
    >>> import pyarrow.compute as pc
    >>> from importlib.resources import files
    >>> ecuador = files("clusterdev") / "data" / "ecuador_admin1.geojson"
    >>> garments = pa.table({
    ...     "region": ["EC-I", "EC-C", "EC-E", "EC-P", "EC-U", "EC-W"],
    ...     "sector": ["1410"] * 6,
    ...     "value": [9.0, 7.0, 6.0, 8.0, 7.0, 5.0],
    ... })
    >>> result = hotspots(garments, str(ecuador), seed=1)
    >>> result.num_rows  # 24 provinces × 1 sector
    24
    >>> hot = result.filter(pc.field("gi_class") == "hot")
    >>> hot["region"].to_pylist()
    ['EC-C', 'EC-E', 'EC-I', 'EC-U']
    >>> result.filter(pc.field("region") == "EC-W")["gi_z"].to_pylist()  # an island
    [None]
    """
    import numpy as np
    import pyarrow as pa

    if permutations < 1:
        raise ValueError("permutations must be at least 1")
    if not 0 < alpha < 1:
        raise ValueError("alpha must lie strictly between 0 and 1")
    regions, sectors, measure = _read_values(values)
    codes, geometries = _read_regions(regions_geojson, region_property=region_property)
    position = {code: i for i, code in enumerate(codes)}
    unknown = sorted(set(regions) - position.keys())
    if unknown:
        raise ValueError(f"regions not in {Path(regions_geojson).name}: {_listing(unknown)}")

    adjacency = _queen_adjacency(geometries)
    connected = np.array([i for i, neighbours in enumerate(adjacency) if neighbours], dtype=int)
    local = {int(i): k for k, i in enumerate(connected)}
    neighbours = {local[int(i)]: [local[j] for j in adjacency[i]] for i in connected}

    sector_names = sorted(set(sectors))
    sector_row = {name: s for s, name in enumerate(sector_names)}
    grid = np.zeros((len(sector_names), len(codes)))
    grid[[sector_row[s] for s in sectors], [position[r] for r in regions]] = measure

    region_order = np.array(sorted(range(len(codes)), key=codes.__getitem__), dtype=int)
    columns: dict[str, list[Any]] = {name: [] for name in HOTSPOT_COLUMNS}
    for s, sector in enumerate(sector_names):
        stats = _sector_statistics(
            grid[s], connected, neighbours, permutations=permutations, seed=seed, alpha=alpha
        )
        columns["region"].extend(codes[i] for i in region_order)
        columns["sector"].extend([sector] * len(codes))
        for name, column in stats.items():
            columns[name].extend(column[i] for i in region_order)
    types = {name: pa.float64() for name in HOTSPOT_COLUMNS}
    types.update({n: pa.string() for n in ("region", "sector", "gi_class", "moran_quadrant")})
    return pa.table({name: pa.array(columns[name], type=types[name]) for name in HOTSPOT_COLUMNS})


def _sector_statistics(
    y_all: npt.NDArray[np.float64],
    connected: npt.NDArray[np.int_],
    neighbours: dict[int, list[int]],
    *,
    permutations: int,
    seed: int,
    alpha: float,
) -> dict[str, list[Any]]:
    """Gi* and LISA columns (in GeoJSON feature order) for one sector's values."""
    import numpy as np

    n = y_all.size
    nulls: dict[str, list[Any]] = {
        name: [None] * n for name in ("gi_z", "gi_p", "gi_q", "moran_i", "moran_p", "moran_q")
    }
    nulls["gi_class"] = [""] * n
    nulls["moran_quadrant"] = [""] * n
    y = y_all[connected]
    if y.size < _MIN_CONNECTED_REGIONS or np.ptp(y) == 0:
        return nulls

    gi_z, gi_p, moran_i, moran_p, quadrant = _local_statistics(
        y, neighbours, permutations=permutations, seed=seed
    )
    gi_q = benjamini_hochberg(gi_p)
    moran_q = benjamini_hochberg(moran_p)
    significant_gi = gi_q <= alpha
    significant_moran = moran_q <= alpha
    gi_class = np.where(significant_gi & (gi_z > 0), "hot", "")
    gi_class = np.where(significant_gi & (gi_z < 0), "cold", gi_class)
    columns = {
        "gi_z": gi_z,
        "gi_p": gi_p,
        "gi_q": gi_q,
        "gi_class": gi_class,
        "moran_i": moran_i,
        "moran_p": moran_p,
        "moran_q": moran_q,
        "moran_quadrant": np.where(
            significant_moran, [_QUADRANTS[int(code)] for code in quadrant], ""
        ),
    }
    result = nulls
    for name, column in columns.items():
        for k, i in enumerate(connected):
            value = column[k].item()
            # A region adjacent to all others has W_i = n: Gi*'s variance is 0, z undefined.
            result[name][int(i)] = (
                None if isinstance(value, float) and not math.isfinite(value) else value
            )
    return result


def _local_statistics(
    y: npt.NDArray[np.float64],
    neighbours: dict[int, list[int]],
    *,
    permutations: int,
    seed: int,
) -> tuple[npt.NDArray[np.float64], ...]:
    """esda's Gi* and local Moran on one vector: z, p, I, p, quadrant code."""
    import esda
    import numpy as np
    from libpysal.weights import W

    # esda zeroes the diagonal of the weights it is given and re-transforms them in place, so
    # each statistic gets its own W (the neighbour lists themselves are built once per call).
    # Gi*'s W carries its self-weights already: esda's own fill_diagonal would warn about
    # disconnected components (e.g. a mainland in two parts).
    # Without numba, esda draws its permutations from NumPy's global generator (seeded with
    # `seed`): keep the caller's global random state as it was.
    state = np.random.get_state()
    try:
        # esda also derives z-scores from the simulations, which we do not use and which
        # divide 0 by 0 where every draw gives the same statistic (sparse sectors).
        with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
            warnings.filterwarnings(
                "ignore", message=_ALTERNATIVE_WARNING, category=DeprecationWarning
            )
            gi = esda.G_Local(
                y,
                W({i: [i, *js] for i, js in neighbours.items()}, silence_warnings=True),
                transform="B",
                permutations=permutations,
                star=True,
                keep_simulations=True,
                n_jobs=1,
                seed=seed,
            )
            lisa = esda.Moran_Local(
                y,
                W(neighbours, silence_warnings=True),
                transformation="r",
                permutations=permutations,
                keep_simulations=True,
                n_jobs=1,
                seed=seed,
            )
    finally:
        np.random.set_state(state)
    return (
        np.asarray(gi.Zs, dtype=np.float64),
        _pseudo_p(gi.Gs, gi.rGs),
        np.asarray(lisa.Is, dtype=np.float64),
        _pseudo_p(lisa.Is, lisa.rlisas),
        np.asarray(lisa.q, dtype=np.float64),
    )


def _pseudo_p(observed: Any, simulated: Any) -> npt.NDArray[np.float64]:
    """One-tailed pseudo p-value in the direction of the observation, ties on both sides.

    esda counts a tie as "larger" and then folds, so a region whose neighbourhood is all zeros
    in a sparse sector (where a third of the random neighbourhoods are all zeros too) would
    get p = 1 / (P + 1). Counting ties in both tails keeps such a region untested-looking.
    Ties are judged with a relative tolerance: esda sums the observed and simulated values in
    different orders.
    """
    import numpy as np

    obs = np.asarray(observed, dtype=np.float64)[:, None]
    sim = np.asarray(simulated, dtype=np.float64)
    tolerance = 1e-9 * np.maximum(np.abs(obs), np.finfo(np.float64).tiny)
    at_least = (sim >= obs - tolerance).sum(axis=1)
    at_most = (sim <= obs + tolerance).sum(axis=1)
    return np.asarray((np.minimum(at_least, at_most) + 1.0) / (sim.shape[1] + 1.0))


def _read_values(values: pa.Table) -> tuple[list[str], list[str], npt.NDArray[np.float64]]:
    """Regions, sectors and non-negative values (nulls and NaN as 0), checked."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    missing = [name for name in ("region", "sector", "value") if name not in values.column_names]
    if missing:
        raise ValueError(f"values: missing column(s) {', '.join(missing)}")
    regions = values["region"].cast(pa.string())
    sectors = values["sector"].cast(pa.string())
    if regions.null_count or sectors.null_count:
        raise ValueError("values: region and sector must not be null")
    measure = pc.fill_null(values["value"].cast(pa.float64()), 0.0).to_numpy()
    measure = np.nan_to_num(measure, nan=0.0, posinf=np.inf, neginf=-np.inf)
    if not np.isfinite(measure).all():
        raise ValueError("values: value must be finite")
    if (measure < 0).any():
        raise ValueError("values: value must not be negative (Gi* needs a non-negative measure)")
    region_list = regions.to_pylist()
    sector_list = sectors.to_pylist()
    pairs = list(zip(region_list, sector_list, strict=True))
    if len(set(pairs)) != len(pairs):
        duplicated = sorted(pair for pair, count in Counter(pairs).items() if count > 1)
        raise ValueError(
            "values: duplicated region × sector: " + _listing([f"{r}/{s}" for r, s in duplicated])
        )
    return region_list, sector_list, np.asarray(measure, dtype=np.float64)


def _read_regions(
    regions_geojson: str | Path, *, region_property: str
) -> tuple[list[str], list[Any]]:
    """Region codes and shapely (multi)polygons of a GeoJSON FeatureCollection."""
    import shapely
    from shapely.geometry import shape

    path = Path(regions_geojson)
    document = json.loads(path.read_text(encoding="utf-8"))
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise ValueError(f"{path.name}: not a GeoJSON FeatureCollection")
    codes: list[str] = []
    geometries: list[Any] = []
    first_seen: dict[str, int] = {}
    for index, feature in enumerate(features):
        properties = feature.get("properties") or {}
        code = properties.get(region_property)
        if code is None or str(code) == "":
            raise ValueError(f"{path.name}: feature {index} has no property {region_property!r}")
        code = str(code)
        if code in first_seen:
            raise ValueError(
                f"{path.name}: features {first_seen[code]} and {index} share the "
                f"{region_property} {code!r}"
            )
        geometry = feature.get("geometry")
        if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise ValueError(f"{path.name}: feature {index} ({code}) is not a polygon")
        polygon = shape(geometry)
        if not polygon.is_valid:
            polygon = shapely.make_valid(polygon)
        first_seen[code] = index
        codes.append(code)
        geometries.append(polygon)
    return codes, geometries


def _queen_adjacency(geometries: Sequence[Any]) -> list[list[int]]:
    """Queen contiguity: for each polygon, the sorted indices of those it touches or overlaps.

    A spatial index (shapely's STRtree) finds the pairs; unlike vertex matching it also links
    polygons that meet where one has a vertex and the other only an edge.
    """
    import numpy as np
    import shapely

    tree = shapely.STRtree(np.asarray(geometries, dtype=object))
    left, right = tree.query(np.asarray(geometries, dtype=object), predicate="intersects")
    adjacency: list[list[int]] = [[] for _ in geometries]
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i != j:
            adjacency[i].append(j)
    return [sorted(set(row)) for row in adjacency]


def _listing(names: Sequence[str], limit: int = 10) -> str:
    """A short, readable list of names for an error message."""
    shown = ", ".join(names[:limit])
    return shown if len(names) <= limit else f"{shown} and {len(names) - limit} more"
