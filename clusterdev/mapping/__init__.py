"""Cluster mapping: find and measure concentrations of enterprises in registers.

Location quotients with categories and a reference economy, the US Cluster Mapping Project's
flags (qualifying, significant, strong, strong10), European Cluster Observatory stars, spatial
hotspots, point clusters and a ranked list of candidate clusters; DuckDB by default, Apache
Spark at national scale, the same SQL on both. Django-free; heavy libraries (DuckDB, pyarrow,
pyspark) are imported only when a function runs, so importing this package is cheap.

>>> from clusterdev.mapping import Columns, StarThresholds
>>> Columns(region="canton", sector="isic", employment="staff").establishments is None
True
>>> StarThresholds().specialisation_lq
2.0
"""

from clusterdev.mapping._io import read_table
from clusterdev.mapping._measures import Progress, map_clusters, map_to_parquet
from clusterdev.mapping._output import write_measures
from clusterdev.mapping._types import Columns, MappingError, MappingResult, StarThresholds

__all__ = [
    "Columns",
    "MappingError",
    "MappingResult",
    "Progress",
    "StarThresholds",
    "map_clusters",
    "map_to_parquet",
    "read_table",
    "write_measures",
]

# Tracebacks and reprs show the public home of these classes, not the private module.
for _public in (Columns, MappingError, MappingResult, StarThresholds):
    _public.__module__ = __name__
