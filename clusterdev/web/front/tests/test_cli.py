"""The `clusterdev` command line: contracts that scripts rely on."""

import json

import pytest

from clusterdev.cli import build_parser, main


def test_clusters_json_lists_slug_name_programme_and_phase(world, capsys):
    world.cluster_a.change_phase("selected", by=None)
    assert main(["clusters", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {
        "slug": "cluster-a",
        "name": "Garments A",
        "programme": "testland",
        "phase": "selected",
    } in rows
    assert {tuple(sorted(r)) for r in rows} == {("name", "phase", "programme", "slug")}
    assert len(rows) == 3


def test_clusters_plain_text_names_every_cluster(world, capsys):
    assert main(["clusters"]) == 0
    out = capsys.readouterr().out
    assert "cluster-a" in out and "Cocoa O" in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["demo"], {"port": 8000, "load_only": False}),
        (["demo", "--port", "8123", "--load-only"], {"port": 8123, "load_only": True}),
        (["serve", "--port", "9000"], {"port": 9000}),
        (["clusters", "--json"], {"json": True}),
    ],
)
def test_command_line_flags_keep_their_names(argv, expected):
    args = vars(build_parser().parse_args(argv))
    assert {k: args[k] for k in expected} == expected


def test_manage_passes_arguments_through():
    args = build_parser().parse_args(["manage", "migrate", "--plan"])
    assert args.arguments == ["migrate", "--plan"]


def test_demo_load_only_sets_up_a_fresh_home_and_is_idempotent(tmp_path):
    """The README's first command, minus the server: a new data directory, migrated and loaded."""
    import os
    import subprocess
    import sys

    # The embedded default, as a newcomer runs it (not the PostgreSQL of the suite's second run).
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CLUSTERDEV_", "DJANGO_", "DATABASE_URL"))
    }
    env["CLUSTERDEV_HOME"] = str(tmp_path / "home")

    def run(*argv: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "clusterdev", *argv], capture_output=True, text=True, env=env
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    first = run("demo", "--load-only")
    assert "Loaded the demo programme" in first
    for username in ["admin", "coordinator", "cda", "commission", "steering", "donor"]:
        assert f"  {username} " in first
    assert "password 'demo'" in first
    assert (tmp_path / "home" / "clusterdev.sqlite3").exists()
    assert "already loaded" in run("demo", "--load-only")
    phases = {c["slug"]: c["phase"] for c in json.loads(run("clusters", "--json"))}
    assert phases["atuntaqui-garments"] == "implementing"
    assert phases["ambato-footwear"] == "planning"
    assert len(phases) == 4


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["survey", "form", "--cluster", "c", "--kind", "network", "--out", "f.xlsx"],
            {"verb": "form", "cluster": "c", "kind": "network", "out": "f.xlsx"},
        ),
        (
            ["survey", "import", "--cluster", "c", "--validate-only", "export.csv"],
            {"verb": "import", "cluster": "c", "validate_only": True, "file": "export.csv"},
        ),
    ],
)
def test_survey_flags_keep_their_names(argv, expected):
    args = vars(build_parser().parse_args(argv))
    assert {k: args[k] for k in expected} == expected


def test_survey_form_then_a_validate_only_import_writes_no_submission(
    world, settings, tmp_path, capsys
):
    from clusterdev.web.diagnostics.models import Instrument, Submission
    from clusterdev.web.diagnostics.sample import sample_export

    settings.MEDIA_ROOT = tmp_path / "media"
    world.cluster_a.change_phase("selected", by=None)
    out = tmp_path / "forms" / "enterprise.xlsx"
    out.parent.mkdir()
    argv = ["survey", "form", "--cluster", "cluster-a", "--kind", "enterprise"]
    assert main([*argv, "--out", str(out)]) == 0
    assert out.is_file() and (out.parent / "actors.csv").is_file()
    instrument = Instrument.objects.get()
    export = sample_export(instrument.wave, "enterprise", tmp_path / "export")
    argv = ["survey", "import", "--cluster", "cluster-a"]
    assert main([*argv, "--validate-only", str(export)]) == 0
    assert not Submission.objects.exists()
    assert main([*argv, str(export)]) == 0
    assert Submission.objects.count() > 0
    assert main(["survey", "import", "--cluster", "nowhere", str(export)]) == 2
    assert "nowhere" in capsys.readouterr().err
