"""The ``clusterdev`` command: a thin shell over the library and the web platform.

Platform commands (demo, serve, clusters, manage, survey, export) set up Django first; data is
kept in the directory named by ``CLUSTERDEV_HOME`` (default ``./var``). ``map`` runs
:func:`clusterdev.mapping.map_clusters` on a file, ``ahp`` and ``rank`` run
:func:`clusterdev.selection.ahp` (or :func:`~clusterdev.selection.group_ahp`) and
:func:`~clusterdev.selection.rank` (with :func:`~clusterdev.selection.sensitivity`) on CSV
files; ``network`` runs :mod:`clusterdev.networks` on CSV files of ties. None of them needs a
database. Heavy libraries are imported only by the command that uses them, so the command
starts fast.
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
    from clusterdev.networks import Comparison, Network, NetworkMeasures, Problem
    from clusterdev.selection import AHPResult, RankingResult, SensitivityResult

DEFAULT_PORT = 8000
MAP_ENGINES = ("duckdb", "spark")
MAP_FORMATS = ("json", "csv", "parquet", "geojson")
AHP_AGGREGATIONS = ("judgments", "priorities")
RANK_METHODS = ("topsis", "wsm")


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
    from clusterdev.mapping import map_clusters, map_to_parquet, write_measures

    try:
        _check_map_output(args)
        if args.format == "parquet" and args.regions is None:
            # Only the measures are written: let the engine write them itself.
            map_to_parquet(
                args.input,
                args.out,
                columns=_map_columns(args),
                reference=args.reference,
                engine=args.engine,
            )
            return 0
        result = map_clusters(
            args.input,
            columns=_map_columns(args),
            reference=args.reference,
            regions=args.regions,
            region_property=args.region_property,
            engine=args.engine,
            with_candidates=False,  # the command writes the measures only
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


def cmd_ahp(args: argparse.Namespace) -> int:
    from clusterdev.selection import SelectionError

    try:
        if args.aggregate not in AHP_AGGREGATIONS:
            raise SelectionError(
                f"unknown aggregation {args.aggregate!r} "
                f"(choose one of: {', '.join(AHP_AGGREGATIONS)})"
            )
        output = _ahp_files(args.matrices, aggregate=args.aggregate)
    except SelectionError as error:
        print(f"clusterdev ahp: error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(output, ensure_ascii=False, indent=2))
    else:
        print(_ahp_table(output))
    return 0


def _ahp_files(paths: list[str], *, aggregate: str) -> dict[str, object]:
    """One file: that stakeholder's result; several: the group's, with each file's beside it."""
    from dataclasses import asdict

    from clusterdev.selection import SelectionError, ahp, group_ahp
    from clusterdev.selection._files import read_matrix

    files: list[tuple[str, list[str], list[list[float]], AHPResult]] = []
    for path in paths:
        names, matrix = read_matrix(path)
        if files and set(names) != set(files[0][1]):
            raise SelectionError(
                f"{path}, header: the criteria differ from {paths[0]}'s "
                f"({', '.join(names)} against {', '.join(files[0][1])})"
            )
        try:
            result = ahp(matrix, criteria=names)
        except SelectionError as error:
            raise SelectionError(f"{path}{',' if error.cell else ':'} {error}") from None
        if files and names != files[0][1]:
            # The same criteria listed in another order: bring rows and columns into line.
            at = [names.index(name) for name in files[0][1]]
            names, matrix = files[0][1], [[matrix[i][j] for j in at] for i in at]
            result = ahp(matrix, criteria=names)
        files.append((path, names, matrix, result))
    if len(files) == 1:
        return asdict(files[0][3])
    group = group_ahp(
        [matrix for _path, _names, matrix, _result in files],
        criteria=files[0][1],
        method="priorities" if aggregate == "priorities" else "judgments",
    )
    output = asdict(group)
    output["stakeholders"] = [
        {"file": path, **asdict(result)} for path, _names, _matrix, result in files
    ]
    return output


def _ahp_table(output: dict[str, object]) -> str:
    weights = output["weights"]
    assert isinstance(weights, dict)
    width = max(len("criterion"), *(len(name) for name in weights))
    lines = [f"{'criterion':<{width}}  weight"]
    lines += [f"{name:<{width}}  {weight:6.3f}" for name, weight in weights.items()]
    if output.get("lambda_max") is not None:
        lines.append("")
        lines.append(_consistency_line(output))
    stakeholders = output.get("stakeholders")
    if isinstance(stakeholders, list):
        lines += ["", f"Stakeholders ({output['method']}):"]
        lines += [f"  {s['file']}: {_consistency_line(s)}" for s in stakeholders]
    judgments = output.get("inconsistent_judgments")
    if isinstance(judgments, list) and judgments and not output.get("consistent"):
        lines += ["", "Judgments that contribute most to the inconsistency:"]
        lines += [
            f"  {j['row']} vs {j['column']}: given {j['given']:.3g}, "
            f"the other judgments imply {j['implied']:.3g}"
            for j in judgments[:3]
        ]
    return "\n".join(lines)


def _consistency_line(result: dict[str, object]) -> str:
    cr = result["cr"]
    if cr is None:
        return "consistent (2 criteria or fewer: CR is 0 by definition)"
    verdict = "consistent" if result["consistent"] else "inconsistent: CR above 0.10"
    return f"lambda_max {result['lambda_max']:.3f}, CI {result['ci']:.3f}, CR {cr:.3f} ({verdict})"


def cmd_rank(args: argparse.Namespace) -> int:
    from clusterdev.selection import SelectionError

    try:
        ranking, spread = _rank_files(args)
    except SelectionError as error:
        print(f"clusterdev rank: error: {error}", file=sys.stderr)
        return 2
    if args.json:
        from dataclasses import asdict

        output = asdict(ranking)
        if spread is not None:
            output["sensitivity"] = asdict(spread)
        print(json.dumps(output, ensure_ascii=False, indent=2))
    else:
        print(_rank_table(ranking, spread))
    return 0


def _rank_files(args: argparse.Namespace) -> tuple[RankingResult, SensitivityResult | None]:
    from clusterdev.selection import SelectionError, rank, sensitivity
    from clusterdev.selection._files import read_alternatives, read_criteria

    if args.method not in RANK_METHODS:
        raise SelectionError(
            f"unknown method {args.method!r} (choose one of: {', '.join(RANK_METHODS)})"
        )
    if args.sensitivity is None and (args.seed is not None or args.top_k is not None):
        raise SelectionError("--seed and --top-k go with --sensitivity N")
    if args.sensitivity is not None and args.sensitivity < 1:
        raise SelectionError(
            f"--sensitivity needs a positive number of samples, not {args.sensitivity}"
        )
    weights, directions = read_criteria(args.criteria)
    _columns, table = read_alternatives(
        args.alternatives, criteria=list(weights), criteria_path=args.criteria
    )
    options = {"weights": weights, "directions": directions, "method": args.method}
    try:
        ranking = rank(table, **options)
    except SelectionError as error:
        raise SelectionError(f"{args.alternatives}: {error}") from None
    if args.sensitivity is None:
        return ranking, None
    # The data passed rank(); what sensitivity() may still refuse are the options.
    spread = sensitivity(
        table,
        **options,
        samples=args.sensitivity,
        seed=0 if args.seed is None else args.seed,
        top_k=3 if args.top_k is None else args.top_k,
    )
    return ranking, spread


def _rank_table(ranking: RankingResult, spread: SensitivityResult | None) -> str:
    width = max(len("alternative"), *(len(a.alternative) for a in ranking.alternatives))
    head = f"rank  {'alternative':<{width}}  score"
    if spread is not None:
        head += f"  P(first)  P(top {spread.top_k})"
    lines = [f"{ranking.method.upper()} ({ranking.normalisation} normalisation)", head]
    for a in ranking.alternatives:
        line = f"{a.rank:>4}  {a.alternative:<{width}}  {a.score:5.3f}"
        if spread is not None:
            line += f"  {spread.first[a.alternative]:8.3f}  {spread.in_top_k[a.alternative]:8.3f}"
        lines.append(line)
    if spread is not None:
        lines += [
            "",
            f"{spread.samples} Dirichlet weightings (concentration {spread.concentration:g}, "
            f"seed {spread.seed}).",
            f"{spread.top} stays first while a criterion's weight stays within:",
        ]
        name_width = max(len(name) for name in spread.stable_ranges)
        for name, (low, high) in spread.stable_ranges.items():
            lines.append(
                f"  {name:<{name_width}}  {ranking.weights[name]:5.3f}  in [{low:.3f}, {high:.3f}]"
            )
    return "\n".join(lines)


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


def _add_selection_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ahp = sub.add_parser(
        "ahp",
        help="criteria weights from pairwise comparisons (AHP), one stakeholder or a group",
        description="Weights and consistency ratio of a pairwise comparison matrix in a CSV file "
        "(first row: an empty cell then the criterion names; each further row: a criterion name "
        "then its judgments, such as 3 or 1/3). Several files, one per stakeholder, give the "
        "group's weights beside each stakeholder's.",
    )
    ahp.add_argument("matrices", nargs="+", metavar="MATRIX.csv", help="one file per stakeholder")
    # Checked by the command, so that a wrong one is one clear line.
    ahp.add_argument(
        "--aggregate",
        default="judgments",
        help="with several files: judgments (geometric mean of the judgments, AIJ; default) "
        "or priorities (of each stakeholder's weights, AIP)",
    )
    ahp.add_argument("--json", action="store_true", help="print JSON")
    ahp.set_defaults(func=cmd_ahp)

    ranking = sub.add_parser(
        "rank",
        help="rank candidate clusters on weighted criteria (TOPSIS or weighted sum)",
        description="Rank the alternatives of a CSV file (a column 'alternative', then one "
        "numeric column per criterion) on the criteria of another (criterion,weight,direction "
        "with direction benefit or cost).",
    )
    ranking.add_argument("alternatives", metavar="ALTERNATIVES.csv")
    ranking.add_argument("--criteria", required=True, metavar="CRITERIA.csv")
    ranking.add_argument("--method", default="topsis", help=" or ".join(RANK_METHODS))
    ranking.add_argument(
        "--sensitivity",
        type=int,
        metavar="N",
        help="also draw N weightings around the weights: chances of ranking first and in the "
        "top k, and each weight's range keeping the first alternative first",
    )
    ranking.add_argument("--seed", type=int, metavar="S", help="random seed (default 0)")
    ranking.add_argument("--top-k", type=int, metavar="K", help="the k of top k (default 3)")
    ranking.add_argument("--json", action="store_true", help="print JSON")
    ranking.set_defaults(func=cmd_rank)


NETWORK_VERBS = ("compare", "export")
NETWORK_FORMATS = ("graphml", "gexf", "edges-csv", "nodes-csv")
NETWORK_CLOSENESS = ("wasserman_faust", "harmonic")
ACTOR_KEYS = (
    "id",
    "degree",
    "in_degree",
    "out_degree",
    "strength",
    "betweenness",
    "closeness",
    "eigenvector",
    "coreness",
    "core",
    "k_core",
    "constraint",
    "brokerage_total",
    "group",
    "brokerage",
)


def cmd_network(args: argparse.Namespace) -> int:
    """``network`` takes TIES.csv first, or the verb ``compare`` or ``export``: argparse's
    sub-commands cannot have a positional file beside them, so the arguments arrive whole
    and are parsed here, by the form's own parser."""
    from clusterdev.networks import NetworkError

    arguments = list(args.arguments)
    verb = arguments.pop(0) if arguments and arguments[0] in NETWORK_VERBS else None
    parser = _network_parsers()[verb]
    options = parser.parse_intermixed_args(arguments)
    try:
        if verb == "compare":
            return _network_compare(options)
        if verb == "export":
            return _network_export(options)
        return _network_measures(options)
    except NetworkError as error:
        print(f"clusterdev network: error: {error}", file=sys.stderr)
        return 2


def _network_measures(options: argparse.Namespace) -> int:
    from dataclasses import asdict, replace

    from clusterdev.networks import measures

    network = _read_network_view(options, options.ties, wave=options.wave)
    result = measures(
        network,
        group=options.group,
        closeness=options.closeness,
        normalised=not options.raw_betweenness,
    )
    if not options.json:
        print(_network_table(result))
        for problem in result.problems:
            print(_problem_line(problem), file=sys.stderr)
        return 0
    # Each actor's coreness is with the actor; the core–periphery summary needs it no more.
    output = asdict(
        replace(result, actors=[], core_periphery=replace(result.core_periphery, coreness={}))
    )
    del output["core_periphery"]["coreness"]
    if options.group is None:
        del output["ei_index"]
    keys = ACTOR_KEYS if options.group else ACTOR_KEYS[:-2]  # no group, no brokerage roles
    output["actors"] = [{key: getattr(actor, key) for key in keys} for actor in result.actors]
    if options.group:
        for row in output["actors"]:
            row["brokerage"] = dict(vars(row["brokerage"]))  # asdict() deep-copies: slow
    print(_json_with_rows(output, "actors"))
    return 0


def _json_with_rows(output: dict[str, object], key: str) -> str:
    """JSON indented like the other commands, but one line per row of ``output[key]``, so
    that thousands of actors print quickly and stay readable."""
    rows = output[key]
    assert isinstance(rows, list)
    text = json.dumps({**output, key: []}, ensure_ascii=False, indent=2)
    if not rows:
        return text
    lines = ",\n".join("    " + json.dumps(row, ensure_ascii=False) for row in rows)
    return text.replace(f'"{key}": []', f'"{key}": [\n{lines}\n  ]', 1)


def _network_compare(options: argparse.Namespace) -> int:
    from dataclasses import asdict, replace

    from clusterdev.networks import NetworkError, compare

    if options.permutations < 0:
        raise NetworkError(f"--permutations must be 0 or more, not {options.permutations}")
    base = _read_network_view(options, options.base, wave=options.base_wave)
    follow = _read_network_view(options, options.follow, wave=options.follow_wave)
    result = compare(
        base,
        follow,
        permutations=options.permutations,
        seed=options.seed,
        closeness=options.closeness,
    )
    output = asdict(replace(result, actors=[]))
    output["actors"] = [
        {
            "id": change.id,
            **{
                name: {"base": getattr(change, name)[0], "follow": getattr(change, name)[1]}
                for name in ("degree", "betweenness", "coreness", "core", "brokerage_total")
            },
        }
        for change in result.actors
    ]
    if options.json:
        print(_json_with_rows(output, "actors"))
    else:
        print(_network_compare_table(result))
        for problem in result.problems:
            print(_problem_line(problem), file=sys.stderr)
    return 0


def _network_export(options: argparse.Namespace) -> int:
    from clusterdev.networks import (
        NetworkError,
        measures,
        write_edges_csv,
        write_gexf,
        write_graphml,
        write_nodes_csv,
    )

    if options.format not in NETWORK_FORMATS:
        raise NetworkError(
            f"unknown format {options.format!r} (choose one of: {', '.join(NETWORK_FORMATS)})"
        )
    if options.group and not options.measures:
        raise NetworkError("--group goes with --measures (the brokerage roles by group)")
    network = _read_network_view(options, options.ties, wave=options.wave)
    result = (
        measures(network, group=options.group, closeness=options.closeness)
        if options.measures
        else None
    )
    if options.format == "edges-csv":
        if result is not None:
            raise NetworkError("--measures are actor measures: export them with nodes-csv")
        write_edges_csv(network, options.out)
    elif options.format == "nodes-csv":
        write_nodes_csv(network, options.out, measures=result)
    else:
        writer = write_graphml if options.format == "graphml" else write_gexf
        writer(network, options.out, measures=result)
    for problem in network.problems:
        print(_problem_line(problem), file=sys.stderr)
    return 0


def _read_network_view(
    options: argparse.Namespace, ties: str, *, wave: str | None = None
) -> Network:
    from clusterdev.networks import NetworkError, read_network, view

    network = read_network(
        ties,
        nodes=options.nodes,
        directed=not options.undirected,
        unknown_actors=options.unknown_actors,
    )
    if not options.type and wave is None:
        return network
    try:
        return view(network, types=options.type or None, wave=wave)
    except NetworkError as error:
        raise NetworkError(f"{ties}: {error}") from None


def _problem_line(problem: Problem) -> str:
    where = f"{problem.where}: " if problem.where else ""
    return f"warning: {where}{problem.message}"


def _network_table(result: NetworkMeasures) -> str:
    def number(value: float | None) -> str:
        return "—" if value is None else f"{value:.3f}"

    kind = "directed" if result.directed else "undirected"
    lines = [
        f"{result.n_actors} actors, {result.n_ties} ties ({kind}"
        + (f", wave {result.wave}" if result.wave else "")
        + (f", types {', '.join(result.tie_types)}" if result.tie_types else "")
        + ")",
        f"density {number(result.density)}, mean degree {number(result.mean_degree)}, "
        f"{result.components.weak} components, {len(result.isolates)} isolates",
    ]
    if result.reciprocity is not None:
        lines.append(
            f"reciprocity {result.reciprocity.dyad_based:.3f} (dyads), "
            f"{result.reciprocity.arc_based:.3f} (arcs)"
        )
    c = result.centralization
    lines.append(
        f"centralization: degree {number(c.degree)}, betweenness {number(c.betweenness)}, "
        f"closeness {number(c.closeness)}"
    )
    cp = result.core_periphery
    lines.append(f"core: {len(cp.core)} actors (fit {number(cp.core_fit)})")
    if result.ei_index is not None:
        lines.append(f"E–I index by {result.ei_index.attribute}: {number(result.ei_index.index)}")
    top = sorted(result.actors, key=lambda a: (-a.betweenness, a.id))[:10]
    width = max(len("actor"), *(len(a.id) for a in top))
    lines += ["", f"{'actor':<{width}}  degree  betweenness  closeness  coreness  core"]
    lines += [
        f"{a.id:<{width}}  {a.degree:6d}  {a.betweenness:11.3f}  {a.closeness:9.3f}  "
        f"{a.coreness:8.3f}  {'yes' if a.core else ''}"
        for a in top
    ]
    if len(result.actors) > len(top):
        lines.append(
            f"(the {len(top)} highest in betweenness of {len(result.actors)}; --json for all)"
        )
    return "\n".join(lines)


def _network_compare_table(result: Comparison) -> str:
    def number(value: float | None) -> str:
        return "—" if value is None else f"{value:.3f}"

    q, t = result.qap, result.ties
    lines = [
        f"QAP correlation {number(q.r)}, p {number(q.p)} "
        f"({q.permutations} permutations, seed {q.seed}, {q.alternative})",
        f"ties kept {t.kept}, dropped {t.dropped}, added {t.added} (Jaccard {number(t.jaccard)})",
        f"density {number(result.density['base'])} → {number(result.density['follow'])}, "
        f"mean degree {number(result.mean_degree['base'])} → "
        f"{number(result.mean_degree['follow'])}",
    ]
    for label, names in (
        ("became brokers", result.became_brokers),
        ("stopped brokering", result.stopped_brokering),
        ("joined the core", result.joined_core),
        ("left the core", result.left_core),
    ):
        lines.append(f"{label}: {', '.join(names) if names else 'none'}")
    return "\n".join(lines)


def _network_parsers() -> dict[str | None, argparse.ArgumentParser]:
    measures = argparse.ArgumentParser(
        prog="clusterdev network",
        description="Measures of the network in TIES.csv (columns source,target and optionally "
        "type, weight, wave), with the actors' attributes from NODES.csv (id, then one column "
        "per attribute). Also: 'clusterdev network compare BASE.csv FOLLOW.csv' and "
        "'clusterdev network export TIES.csv --format F --out FILE' (see their --help). A "
        "ties file named compare or export is written ./compare. Self-loops are excluded, "
        "duplicate ties counted once and actors missing from NODES.csv added (or refused "
        "with --unknown-actors error); each is reported: in 'problems' with --json, as a "
        "warning on stderr otherwise. Bad files stop with one line naming file, row and "
        "column, and exit status 2.",
    )
    measures.add_argument("ties", metavar="TIES.csv")
    _network_input_options(measures)
    measures.add_argument("--wave", metavar="WAVE", help="the wave to measure, if several")
    measures.add_argument(
        "--group",
        metavar="ATTR",
        help="actor attribute for the brokerage roles and the E-I index (e.g. kind, town)",
    )
    measures.add_argument(
        "--raw-betweenness", action="store_true", help="raw betweenness (default: normalised)"
    )
    measures.add_argument("--json", action="store_true", help="print JSON")

    compare = argparse.ArgumentParser(
        prog="clusterdev network compare",
        description="Compare two waves of a network: QAP correlation with a permutation "
        "p-value, tie turnover, density and degree change, who became a broker or left the "
        "core. Both waves may be in one file: give it twice with --base-wave and "
        "--follow-wave.",
    )
    compare.add_argument("base", metavar="BASE.csv")
    compare.add_argument("follow", metavar="FOLLOW.csv")
    _network_input_options(compare)
    compare.add_argument(
        "--base-wave", metavar="WAVE", help="the base wave, if BASE.csv holds several"
    )
    compare.add_argument(
        "--follow-wave", metavar="WAVE", help="the follow-up wave, if FOLLOW.csv holds several"
    )
    compare.add_argument(
        "--permutations", type=int, default=1000, metavar="N", help="QAP permutations (1000)"
    )
    compare.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (0)")
    compare.add_argument("--json", action="store_true", help="print JSON")

    export = argparse.ArgumentParser(
        prog="clusterdev network export",
        description="Write the network of TIES.csv as GraphML or GEXF (for Gephi), or as CSV "
        "edge or node lists.",
    )
    export.add_argument("ties", metavar="TIES.csv")
    _network_input_options(export)
    export.add_argument("--wave", metavar="WAVE", help="export this wave only")
    # Checked by the command, so that a wrong one is one clear line.
    export.add_argument("--format", required=True, help=", ".join(NETWORK_FORMATS))
    export.add_argument("--out", required=True, metavar="FILE")
    export.add_argument(
        "--measures", action="store_true", help="add the actor measures as node attributes"
    )
    export.add_argument("--group", metavar="ATTR", help="with --measures: brokerage roles by it")
    return {None: measures, "compare": compare, "export": export}


def _network_input_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--nodes", metavar="NODES.csv", help="actors: id and attributes")
    parser.add_argument(
        "--undirected", action="store_true", help="ties have no direction (default: directed)"
    )
    parser.add_argument(
        "--type",
        action="append",
        metavar="TYPE",
        help="keep ties of this type (repeat for a union; default: all types)",
    )
    parser.add_argument(
        "--unknown-actors",
        choices=("add", "error"),
        default="add",
        help="ties naming actors missing from NODES.csv: add them (default) or refuse",
    )
    parser.add_argument(
        "--closeness",
        choices=NETWORK_CLOSENESS,
        default="wasserman_faust",
        help="wasserman_faust (Freeman's closeness, scaled by the share reached; default) "
        "or harmonic (mean of 1/distance)",
    )


def _add_network_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # The arguments pass through whole to cmd_network: a prefix no argument starts with
    # keeps argparse from taking --nodes and friends for options of this level.
    network = sub.add_parser(
        "network",
        help="social network analysis of a cluster's ties (measures, compare, export)",
        add_help=False,
        prefix_chars="\0",
    )
    network.add_argument("arguments", nargs=argparse.REMAINDER)
    network.set_defaults(func=cmd_network)


SURVEY_KINDS = ("enterprise", "institution", "network")


def cmd_survey_form(args: argparse.Namespace) -> int:
    _setup_django()
    from clusterdev.web.diagnostics.commands import survey_form

    return survey_form(args.cluster, args.kind, args.out)


def cmd_survey_import(args: argparse.Namespace) -> int:
    _setup_django()
    from clusterdev.web.diagnostics.commands import survey_import

    return survey_import(args.cluster, args.file, validate_only=args.validate_only)


def _add_survey_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    survey = sub.add_parser(
        "survey", help="generate a cluster's XLSForm surveys, import ODK/KoboToolbox exports"
    )
    verbs = survey.add_subparsers(dest="verb", required=True)
    form = verbs.add_parser(
        "form",
        help="write the XLSForm of a survey of the cluster's current wave (actors.csv beside it)",
    )
    form.add_argument("--cluster", required=True, metavar="SLUG", help="the cluster's short name")
    form.add_argument("--kind", required=True, choices=SURVEY_KINDS)
    form.add_argument("--out", metavar="FILE.xlsx", help="default: <form id>.xlsx")
    form.set_defaults(func=cmd_survey_form)
    load = verbs.add_parser(
        "import",
        help="import an ODK Central or KoboToolbox export (CSV, XLSX or ZIP), all or nothing",
    )
    load.add_argument("--cluster", required=True, metavar="SLUG", help="the cluster's short name")
    load.add_argument(
        "--validate-only", action="store_true", help="check and report, write nothing"
    )
    load.add_argument("file", metavar="FILE")
    load.set_defaults(func=cmd_survey_import)


EXPORT_FORMATS = ("text", "json")


def cmd_export_iati(args: argparse.Namespace) -> int:
    """Write the programme's IATI 2.03 activity file when it validates; else say why on stderr,
    write nothing and exit 1."""
    _setup_django()
    from django.core.exceptions import ValidationError

    from clusterdev.web.monitoring.iati import write_file
    from clusterdev.web.programmes.models import Programme

    programme = Programme.objects.filter(slug=args.programme).first()
    if programme is None:
        print(f"error: no programme with the short name {args.programme}", file=sys.stderr)
        return 1
    out = Path(args.out)
    try:
        summary = write_file(programme, out)
    except ValidationError as error:
        for message in error.messages:
            print(f"error: {message}", file=sys.stderr)
        print(f"Nothing was written to {out}.", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: cannot write {out}: {error.strerror or error}", file=sys.stderr)
        return 1
    if args.format == "json":
        output = {
            "file": str(out),
            "results": summary.results,
            "indicators": summary.indicators,
            "periods": summary.periods,
            "valid": True,
        }
        print(json.dumps(output))
    else:
        print(
            f"{out}: IATI 2.03 activity of {programme.slug}, valid: {summary.results} results, "
            f"{summary.indicators} indicators, {summary.periods} periods"
        )
    return 0


def _add_export_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = sub.add_parser("export", help="publish a programme's results (IATI activity XML)")
    verbs = export.add_subparsers(dest="verb", required=True)
    activity = verbs.add_parser(
        "iati",
        help="write the programme's IATI 2.03 activity file, only when it validates "
        "(approved and locked values only)",
    )
    activity.add_argument(
        "--programme", required=True, metavar="SLUG", help="the programme's short name"
    )
    activity.add_argument("--out", required=True, metavar="FILE.xml")
    activity.add_argument("--format", choices=EXPORT_FORMATS, default="text")
    activity.set_defaults(func=cmd_export_iati)


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
    _add_selection_parsers(sub)
    _add_network_parser(sub)
    _add_survey_parser(sub)
    _add_export_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
