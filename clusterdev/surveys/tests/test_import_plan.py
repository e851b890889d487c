"""Re-importing an export: same id and answers are skipped, same id with other answers is a
conflict that is never overwritten, and the answers decide, not the platform or the layout."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from clusterdev.surveys import ExportData, Form, plan_import, read_export
from clusterdev.surveys.tests.conftest import DATA


def stored(export: ExportData) -> dict[str, str]:
    return {s.instance_id: s.content_hash for s in export.submissions}


def test_a_first_import_is_all_new(enterprise: Form) -> None:
    export = read_export(DATA / "odk_central_enterprise.csv", enterprise)
    plan = plan_import(export, existing={})
    assert plan.ok and len(plan.new) == 5 and plan.unchanged == plan.conflicts == []
    assert plan.report.problems == []


def test_importing_the_same_export_again_adds_nothing(enterprise: Form) -> None:
    export = read_export(DATA / "odk_central_enterprise.csv", enterprise)
    plan = plan_import(read_export(DATA / "odk_central_enterprise.csv", enterprise),
                       existing=stored(export))  # fmt: skip
    assert plan.ok and plan.new == [] and len(plan.unchanged) == 5
    [note] = plan.report.notes
    assert note.code == "already_imported"
    assert note.message.startswith("5 submission(s) were imported before")


def test_the_same_answers_from_kobotoolbox_are_recognised(enterprise: Form, network: Form) -> None:
    central = read_export(DATA / "odk_central_enterprise.csv", enterprise)
    plan = plan_import(read_export(DATA / "kobo_enterprise.xlsx", enterprise),
                       existing=stored(central))  # fmt: skip
    assert plan.new == [] and len(plan.unchanged) == 5
    ties = read_export(DATA / "odk_central_network.zip", network)
    again = plan_import(read_export(DATA / "kobo_network.xlsx", network), existing=stored(ties))
    assert again.new == [] and len(again.unchanged) == 4


def test_an_edited_submission_is_a_conflict_not_an_overwrite(
    tmp_path: Path, enterprise: Form
) -> None:
    first = read_export(DATA / "odk_central_enterprise.csv", enterprise)
    rows = list(csv.reader(io.StringIO((DATA / "odk_central_enterprise.csv").read_text("utf-8"))))
    rows[2][rows[0].index("employment-employees_women")] = "6"  # corrected on the server
    rows[3][rows[0].index("Edits")] = "1"  # metadata alone changes nothing
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    (tmp_path / "edited.csv").write_text(buffer.getvalue(), encoding="utf-8")
    plan = plan_import(read_export(tmp_path / "edited.csv", enterprise), existing=stored(first))
    assert not plan.ok
    assert [s.instance_id for s in plan.conflicts] == ["uuid:5e0f8d33-21a4-4b7c-8f60-9d1e2c3b4a72"]
    assert len(plan.unchanged) == 4 and plan.new == []
    [error] = plan.report.errors
    assert (error.code, error.file, error.row) == ("conflict", "edited.csv", 3)
    assert "was imported before with other answers; it is not overwritten" in error.message


def test_new_submissions_are_planned_beside_known_ones(enterprise: Form) -> None:
    export = read_export(DATA / "odk_central_enterprise.csv", enterprise)
    known = dict(list(stored(export).items())[:2])
    plan = plan_import(export, existing=known)
    assert [s.source.row for s in plan.new] == [4, 5, 6]
    assert len(plan.unchanged) == 2


def test_planning_keeps_the_exports_own_problems(enterprise: Form) -> None:
    from clusterdev.surveys.tests.conftest import MALFORMED

    export = read_export(MALFORMED / "wrong_types.csv", enterprise)
    plan = plan_import(export, existing={})
    assert not plan.ok and plan.report.problems == export.report.problems
    assert export.report.problems is not plan.report.problems
