"""The ``clusterdev`` command: a thin shell over the library and the web platform.

Platform commands (demo, serve, clusters, manage) set up Django first; data is kept in the
directory named by ``CLUSTERDEV_HOME`` (default ``./var``). ``map`` runs
:func:`clusterdev.mapping.map_clusters` on a file and needs no database; heavy libraries are
imported only by the command that uses them, so the command starts fast.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from clusterdev.mapping import Columns

DEFAULT_PORT = 8000
MAP_ENGINES = ("duckdb", "spark")
MAP_FORMATS = ("json", "csv", "parquet", "geojson")


def _setup_django(*, local_server: bool = False) -> Path:
    home = Path(os.environ.setdefault("CLUSTERDEV_HOME", "var")).resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterdev.web.settings")
    if local_server:
        # The CLI serves on 127.0.0.1 over plain HTTP; keep a per-installation secret key.
        os.environ.setdefault("CLUSTERDEV_HTTPS", "false")
        key_file = home / "secret_key"
        if not os.environ.get("SECRET_KEY") and not key_file.exists():
            key_file.write_text(secrets.token_urlsafe(50))
            key_file.chmod(0o600)
    import django

    django.setup()
    return home


def _prepare_database() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def _serve(port: int) -> int:
    from waitress import serve

    from clusterdev.web.mapping.jobs import kick, recover_interrupted
    from clusterdev.web.wsgi import application

    # This process is the only server of its database: runs left "running" died with an earlier
    # one, and runs still queued are picked up now.
    recover_interrupted()
    kick()

    print(f"clusterdev is running on http://127.0.0.1:{port}/  (Ctrl+C stops it)", flush=True)
    serve(application, host="127.0.0.1", port=port, threads=8, ident="clusterdev")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    os.environ.setdefault("CLUSTERDEV_DEMO", "true")
    home = _setup_django(local_server=True)
    _prepare_database()
    from clusterdev.web.demo import DEMO_PASSWORD, DEMO_USERS, load_demo

    result = load_demo()
    print(f"Data directory: {home}")
    print(result.message)
    print(f"Demo logins (password '{DEMO_PASSWORD}' for all, demo mode only):")
    for username, role in DEMO_USERS:
        print(f"  {username:<12} {role}")
    if args.load_only:
        return 0
    return _serve(args.port)


def cmd_serve(args: argparse.Namespace) -> int:
    _setup_django(local_server=True)
    _prepare_database()
    return _serve(args.port)


def cmd_clusters(args: argparse.Namespace) -> int:
    _setup_django()
    from clusterdev.web.programmes.models import Cluster

    clusters = Cluster.objects.select_related("programme").order_by("programme__slug", "slug")
    rows = [
        {"slug": c.slug, "name": c.name, "programme": c.programme.slug, "phase": c.phase}
        for c in clusters
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("No clusters yet (run `clusterdev demo --load-only` to load the demo).")
        return 0
    width = max(len(r["slug"]) for r in rows)
    for row in rows:
        print(f"{row['programme']}  {row['slug']:<{width}}  {row['phase']:<13} {row['name']}")
    return 0


def cmd_manage(args: argparse.Namespace) -> int:
    _setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["clusterdev manage", *args.arguments])
    return 0


def cmd_map(args: argparse.Namespace) -> int:
    from clusterdev.mapping import map_clusters, write_measures

    try:
        _check_map_output(args)
        result = map_clusters(
            args.input,
            columns=_map_columns(args),
            reference=args.reference,
            regions=args.regions,
            region_property=args.region_property,
            engine=args.engine,
        )
        write_measures(
            result.measures,
            args.out or sys.stdout,
            format=args.format,
            regions=args.regions,
            region_property=args.region_property,
        )
    except ValueError as error:
        # MappingError, or the spatial methods refusing a GeoJSON: one line, no traceback.
        print(f"clusterdev map: error: {error}", file=sys.stderr)
        return 2
    return 0


def _map_columns(args: argparse.Namespace) -> Columns:
    from clusterdev.mapping import Columns

    latitude, longitude = args.coordinates or (None, None)
    return Columns(
        region=args.region,
        sector=args.sector,
        employment=args.employment,
        establishments=args.establishments,
        category=args.category,
        year=args.year,
        latitude=latitude,
        longitude=longitude,
    )


def _check_map_output(args: argparse.Namespace) -> None:
    """Refuse an impossible output before the mapping runs, not after."""
    from clusterdev.mapping import MappingError

    if args.format not in MAP_FORMATS:
        raise MappingError(
            f"unknown format {args.format!r} (choose one of: {', '.join(MAP_FORMATS)})"
        )
    if args.format == "geojson" and args.regions is None:
        raise MappingError("--format geojson needs --regions")
    if args.format == "parquet" and args.out is None:
        raise MappingError("--format parquet needs --out")


def _coordinate_columns(text: str) -> tuple[str, str]:
    latitude, comma, longitude = text.partition(",")
    if not comma or not latitude or not longitude or "," in longitude:
        raise argparse.ArgumentTypeError("give the two columns as LATCOL,LONCOL")
    return latitude, longitude


def _add_map_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    mapping = sub.add_parser(
        "map",
        help="map clusters in a register (location quotients, CMP flags, stars)",
        description="Measure concentrations of enterprises per region and sector in a CSV, "
        "Parquet or XLSX register; prints JSON unless --format or --out say otherwise.",
    )
    mapping.add_argument("input", metavar="INPUT", help="CSV, Parquet or XLSX file")
    mapping.add_argument("--region", required=True, metavar="COL")
    mapping.add_argument("--sector", required=True, metavar="COL")
    mapping.add_argument("--employment", required=True, metavar="COL")
    mapping.add_argument(
        "--establishments", metavar="COL", help="default: each row is one establishment"
    )
    mapping.add_argument("--category", metavar="COL", help="e.g. traded/local: LQs within it")
    mapping.add_argument(
        "--reference", metavar="FILE", help="reference economy: employment per sector"
    )
    mapping.add_argument("--year", metavar="COL", help="measures for the latest year, growth")
    mapping.add_argument("--regions", metavar="GEOJSON", help="region polygons: hotspots")
    mapping.add_argument(
        "--region-property",
        default="code",
        metavar="NAME",
        help="GeoJSON property holding the region key (default: code)",
    )
    mapping.add_argument(
        "--coordinates",
        type=_coordinate_columns,
        metavar="LATCOL,LONCOL",
        help="establishment coordinates: point clusters",
    )
    # Engine and format are checked by the command, so that a wrong one is one clear line.
    mapping.add_argument("--engine", default="duckdb", help=" or ".join(MAP_ENGINES))
    mapping.add_argument("--format", default="json", help=", ".join(MAP_FORMATS))
    mapping.add_argument("--out", metavar="PATH", help="write here instead of printing")
    mapping.set_defaults(func=cmd_map)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clusterdev", description="Cluster development programmes, the UNIDO way."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="set up the database, load the demo and serve it")
    demo.add_argument("--port", type=int, default=DEFAULT_PORT)
    demo.add_argument("--load-only", action="store_true", help="load the demo data and exit")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="serve an existing database on 127.0.0.1")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve.set_defaults(func=cmd_serve)

    clusters = sub.add_parser("clusters", help="list the programmes' clusters")
    clusters.add_argument("--json", action="store_true", help="print a JSON list")
    clusters.set_defaults(func=cmd_clusters)

    manage = sub.add_parser("manage", help="run a Django management command", add_help=False)
    manage.add_argument("arguments", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)

    _add_map_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
