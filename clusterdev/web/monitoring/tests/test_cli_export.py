"""``clusterdev export iati``: writes the programme's IATI file only when it validates, and
refuses (exit 1, nothing written) otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clusterdev.cli import build_parser, main
from clusterdev.web.monitoring import iati
from clusterdev.web.monitoring.models import IatiSettings

from .published import Published, make_published


@pytest.fixture
def published(world, chain, periods, trained, women_share, draft) -> Published:
    return make_published(world, chain, periods, trained, women_share, draft)


def export(out: Path, *extra: str, programme: str = "testland") -> int:
    return main(["export", "iati", "--programme", programme, "--out", str(out), *extra])


def test_the_flags_keep_their_names():
    args = build_parser().parse_args(
        ["export", "iati", "--programme", "testland", "--out", "a.xml", "--format", "json"]
    )
    assert (args.verb, args.programme, args.out, args.format) == (
        "iati",
        "testland",
        "a.xml",
        "json",
    )


def test_it_writes_a_valid_file_and_says_what_it_holds(published, tmp_path, capsys):
    out = tmp_path / "iati" / "testland.xml"
    assert export(out) == 0
    assert iati.validate(out.read_bytes()) == []
    printed = capsys.readouterr().out.strip()
    assert printed == (
        f"{out}: IATI 2.03 activity of testland, valid: 5 results, 6 indicators, 9 periods"
    )
    assert [p.name for p in out.parent.iterdir()] == ["testland.xml"]


def test_json_output_gives_the_file_and_counts(published, tmp_path, capsys):
    out = tmp_path / "testland.xml"
    assert export(out, "--format", "json") == 0
    assert json.loads(capsys.readouterr().out) == {
        "file": str(out),
        "results": 5,
        "indicators": 6,
        "periods": 9,
        "valid": True,
    }


def test_without_settings_it_refuses_and_leaves_the_old_file(published, tmp_path, capsys):
    IatiSettings.objects.all().delete()
    out = tmp_path / "testland.xml"
    out.write_text("earlier file")
    assert export(out) == 1
    errors = capsys.readouterr().err
    assert "error: Testland has no IATI settings" in errors
    assert f"Nothing was written to {out}." in errors
    assert out.read_text() == "earlier file"
    assert [p.name for p in tmp_path.iterdir()] == ["testland.xml"]


def test_an_invalid_document_is_not_written(published, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(iati, "activity_xml", lambda *args, **kwargs: b"<iati-activities/>")
    out = tmp_path / "testland.xml"
    assert export(out) == 1
    errors = capsys.readouterr().err
    assert "does not validate against the IATI 2.03 schema" in errors
    assert "line 1:" in errors
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_programme_is_refused(world, tmp_path, capsys):
    assert export(tmp_path / "x.xml", programme="nowhere") == 1
    assert "no programme with the short name nowhere" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_destination_is_reported(published, tmp_path, capsys):
    folder = tmp_path / "taken.xml"
    folder.mkdir()
    assert export(folder) == 1
    assert f"error: cannot write {folder}" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["taken.xml"]  # no temporary file left
    assert list(folder.iterdir()) == []
