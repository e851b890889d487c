"""The framework workbook: its five sheets and their rows, and people's names only for those
who may see personal data."""

from __future__ import annotations

import io

import openpyxl
import pytest

from clusterdev.web.monitoring.xlsx import framework_workbook

from .published import Published, make_published


@pytest.fixture
def published(world, chain, periods, trained, women_share, draft) -> Published:
    trained.responsible = world.users["cindy"]
    trained.save()
    return make_published(world, chain, periods, trained, women_share, draft)


def sheets(content: bytes) -> dict[str, list[dict[str, object]]]:
    """Each sheet's rows as {header: value}."""
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    result = {}
    for sheet in book.worksheets:
        header, *rows = list(sheet.iter_rows(values_only=True))
        result[sheet.title] = [dict(zip(header, row, strict=True)) for row in rows]
    book.close()
    return result


def everything(content: bytes) -> str:
    return " ".join(str(v) for rows in sheets(content).values() for r in rows for v in r.values())


def test_the_workbook_has_the_five_sheets_with_the_programme_first(world, published):
    book = sheets(framework_workbook(world.programme, clusters=[world.cluster_a]))
    assert list(book) == ["Result chain", "Indicators", "Targets", "Actuals", "Disaggregation"]
    chain = [
        (r["Framework"], r["Level"], r["Result"], r["Contributes to"]) for r in book["Result chain"]
    ]
    assert chain[0] == ("Garments A", "Impact", "Garment firms grow and employ more women", None)
    assert (
        "Garments A",
        "Output",
        "Firms trained in quality",
        "Firms cooperate in joint actions",
    ) in chain
    codes = [(r["Framework"], r["Code"]) for r in book["Indicators"]]
    assert codes[0] == ("Programme", "P-PLANS")
    assert {c for _f, c in codes} == {
        "P-PLANS",
        "OUT-1",
        "IMP-W",
        "OC-STAGE",
        "OC-CLIMATE",
        "ACT-1",
    }


def test_indicators_targets_and_actuals_carry_their_values(world, published):
    book = sheets(framework_workbook(world.programme, clusters=[world.cluster_a], personal=True))
    trained = next(r for r in book["Indicators"] if r["Code"] == "OUT-1")
    assert (trained["Measure"], trained["Unit"], trained["Disaggregations"]) == (
        "Number",
        "firms",
        "Sex",
    )
    assert (trained["Baseline"], trained["Baseline source"]) == (
        0,
        "No training before the programme",
    )
    assert trained["Responsible"] == "cindy"
    stage = next(r for r in book["Indicators"] if r["Code"] == "OC-STAGE")
    assert stage["Levels of the scale"] == "none, informal group, association formed"
    targets = [(r["Code"], r["Period"], r["Target"]) for r in book["Targets"]]
    assert ("OUT-1", "2025-H1", 10) in targets and (
        "OC-STAGE",
        "2025-H2",
        "association formed",
    ) in targets
    assert len(targets) == 6
    actuals = {(r["Code"], r["Period"]): r for r in book["Actuals"]}
    assert len(actuals) == 6  # every state, with its state shown
    assert actuals["OUT-1", "2025-H1"]["State"] == "Approved"
    assert actuals["OUT-1", "2025-H1"]["Submitted by"] == "cindy"
    assert actuals["OUT-1", "2025-H1"]["Approved by"] == "alice"
    assert actuals["OUT-1", "2025-H2"]["State"] == "Draft"
    share = actuals["IMP-W", "2025-H1"]
    assert (share["Value"], share["Numerator"], share["Denominator"]) == (35, 35, 100)
    assert actuals["IMP-W", "2025-H2"]["State"] == "Submitted"
    parts = [
        (r["Code"], r["Period"], r["Dimension"], r["Category"], r["Value"])
        for r in book["Disaggregation"]
    ]
    assert parts == [("OUT-1", "2025-H1", "Sex", "Women", 7), ("OUT-1", "2025-H1", "Sex", "Men", 5)]


def test_names_stay_out_without_the_right_to_see_personal_data(world, published):
    content = framework_workbook(world.programme, clusters=[world.cluster_a], personal=False)
    book = sheets(content)
    assert "Submitted by" not in book["Actuals"][0] and "Responsible" not in book["Indicators"][0]
    assert "cindy" not in everything(content) and "alice" not in everything(content)


def test_a_cluster_workbook_holds_only_the_cluster_framework(world, published):
    book = sheets(framework_workbook(world.cluster_a, clusters=[world.cluster_b]))
    assert {r["Framework"] for r in book["Indicators"]} == {"Garments A"}
    assert "P-PLANS" not in {r["Code"] for r in book["Indicators"]}
    assert len(book["Result chain"]) == 4


def test_headers_follow_the_language(world, published):
    from django.utils import translation

    with translation.override("fr"):
        book = sheets(framework_workbook(world.cluster_a))
    assert list(book)[1] == "Indicateurs"
