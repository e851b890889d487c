"""Demo data: a believable, reproducible cluster development programme in Ecuador.

Plain Python (no Django), seeded, usable from notebooks, tests and benchmarks; the web platform's
``load_demo`` stores the same programme in the database.

>>> from clusterdev.demo import generate_programme
>>> demo = generate_programme(seed=2003, establishments=500)
>>> demo.programme.slug, len(demo.establishments)
('ecuador', 500)
"""

from clusterdev.demo.generator import (
    DEFAULT_ESTABLISHMENTS,
    DEFAULT_SEED,
    REGISTER_COLUMNS,
    ClusterInfo,
    Contact,
    DemoProgramme,
    Establishment,
    Institution,
    Membership,
    PhaseStep,
    ProgrammeInfo,
    generate_programme,
    iter_register_rows,
    size_class_for,
    write_register_csv,
)

__all__ = [
    "DEFAULT_ESTABLISHMENTS",
    "DEFAULT_SEED",
    "REGISTER_COLUMNS",
    "ClusterInfo",
    "Contact",
    "DemoProgramme",
    "Establishment",
    "Institution",
    "Membership",
    "PhaseStep",
    "ProgrammeInfo",
    "generate_programme",
    "iter_register_rows",
    "size_class_for",
    "write_register_csv",
]
