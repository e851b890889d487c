"""Ties from the network name generator: one per partner named, whatever the export shape."""

from __future__ import annotations

import pytest

from clusterdev.surveys import Form, FormError, TieRow, read_export, ties_from
from clusterdev.surveys.tests.conftest import DATA, MALFORMED

FIRST = "uuid:44a1b2c3-d4e5-4f60-8718-293a4b5c6d7e"


@pytest.mark.parametrize("name", ["odk_central_network.zip", "kobo_network.xlsx"])
def test_each_partner_named_becomes_a_tie(name: str, network: Form) -> None:
    ties = ties_from(read_export(DATA / name, network), wave="baseline-2024")
    assert len(ties) == 8
    assert ties[:3] == [
        TieRow(1, 2, "", ("information", "business"), "weekly", False, FIRST, 1,
               "baseline-2024"),
        TieRow(1, 20, "", ("information",), "monthly", True, FIRST, 2, "baseline-2024"),
        TieRow(1, None, "Hilados Otavalo S.A.", ("business",), "monthly", True, FIRST, 3,
               "baseline-2024"),
    ]  # fmt: skip
    assert [(t.respondent_actor_id, t.partner_actor_id) for t in ties[3:]] == [
        (2, 1), (2, 23), (20, 21), (20, 22), (20, 1),
    ]  # fmt: skip


def test_a_respondent_without_partners_gives_no_tie_but_answered(network: Form) -> None:
    export = read_export(DATA / "kobo_network.xlsx", network)
    assert 7 not in {t.respondent_actor_id for t in ties_from(export)}
    assert export.submissions[3].respondent_actor_id == 7


def test_ties_the_report_flags_are_left_out(network: Form) -> None:
    export = read_export(
        [MALFORMED / "bad_ties_network.csv", MALFORMED / "bad_ties_network-partners.csv"], network
    )
    assert len(export.report.errors) == 3
    pairs = [(t.respondent_actor_id, t.partner_actor_id, t.position) for t in ties_from(export)]
    assert pairs == [(1, 20, 2), (2, 23, 2), (20, 21, 1), (20, 22, 2), (20, 1, 3)]


def test_a_partner_named_twice_counts_once(tmp_path: object, network: Form) -> None:
    export = read_export(DATA / "kobo_network.xlsx", network)
    rows = export.submissions[0].repeats["partners"]
    rows.append(dict(rows[0]))  # the same partner named again further down
    assert [t.partner_actor_id for t in ties_from(export)][:3] == [2, 20, None]
    assert len(ties_from(export)) == 8


def test_ties_need_the_network_form(enterprise: Form) -> None:
    with pytest.raises(FormError, match="read with the network form"):
        ties_from(read_export(DATA / "kobo_network.xlsx"))
    with pytest.raises(FormError, match="read with the network form"):
        ties_from(read_export(DATA / "kobo_enterprise.xlsx", enterprise))
