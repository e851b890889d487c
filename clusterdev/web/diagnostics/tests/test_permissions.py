"""The persona × page × action matrix of the diagnostic (personas: clusterdev/web/test.py).

Cluster A is the fixtures' Atuntaqui cluster here (renamed ``atuntaqui-garment``, its CDA is
cindy). A role without the right answers 403 and writes nothing; no role on the cluster answers
404, so that its existence stays hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest

from clusterdev.surveys.tests import atuntaqui as survey
from clusterdev.web.diagnostics import instruments, services
from clusterdev.web.diagnostics.imports import import_export
from clusterdev.web.diagnostics.models import BaselineValue, Finding, Submission
from clusterdev.web.test import close_download

from .fixtures import DATA, make_atuntaqui, row_counts

ALL = ["adam", "alice", "cindy", "colin", "steve", "dora", "oscar", "olga"]
VIEW = {"adam", "alice", "cindy", "colin", "steve", "dora"}
EDIT = {"adam", "alice", "cindy"}
PERSONAL = {"adam", "alice", "cindy"}
SLUG = "atuntaqui-garment"


@pytest.fixture
def r(survey_world, media) -> SimpleNamespace:
    world, actors = survey_world
    place = make_atuntaqui(world, actors, cluster=world.cluster_a)
    instrument = instruments.generate_instrument(place.wave, "network", by=None)
    result = import_export(place.wave, [DATA / "odk_central_network.zip"])
    import_export(place.wave, [DATA / "odk_central_enterprise.csv"])
    finding = services.add_finding(
        place.cluster,
        kind="strength",
        text="Skilled knitters",
        evidence="",
        by=world.users["cindy"],
    )
    value = BaselineValue.objects.create(
        cluster=place.cluster,
        wave=place.wave,
        code="CENSUS-1",
        label="Establishments in the census",
        value=412,
        date=place.wave.start_date,
        source="INEC census 2010",
        method="Count",
    )
    return SimpleNamespace(
        wave=place.wave,
        instrument=instrument,
        batch=result.batch,
        submission=Submission.objects.order_by("id").first(),
        finding=finding,
        value=value,
    )


def _status(user: str, allowed: set[str], ok: int = 200) -> int:
    return ok if user in allowed else 403 if user in VIEW else 404


PAGES: list[tuple[str, Callable[[Any], str], set[str]]] = [
    ("workspace", lambda r: f"/c/{SLUG}/diagnostic/", VIEW),
    ("report", lambda r: f"/c/{SLUG}/diagnostic/report/", VIEW),
    ("surveys", lambda r: f"/c/{SLUG}/surveys/", EDIT),
    ("import", lambda r: f"/c/{SLUG}/surveys/import/", EDIT),
    ("section", lambda r: f"/c/{SLUG}/diagnostic/sections/swot/", EDIT),
    ("finding", lambda r: f"/diagnostic/findings/{r.finding.pk}/", EDIT),
    ("baseline value", lambda r: f"/c/{SLUG}/diagnostic/baseline/new/", EDIT),
    ("edit baseline value", lambda r: f"/diagnostic/baseline/{r.value.pk}/", EDIT),
    ("import batch", lambda r: f"/surveys/imports/{r.batch.pk}/", EDIT),
    ("form download", lambda r: f"/surveys/forms/{r.instrument.pk}/xlsx/", EDIT),
    ("submissions", lambda r: f"/surveys/waves/{r.wave.pk}/submissions/", PERSONAL),
    ("submission", lambda r: f"/surveys/submissions/{r.submission.pk}/", PERSONAL),
]


@pytest.mark.parametrize("user", ALL)
@pytest.mark.parametrize("name", [p[0] for p in PAGES])
def test_pages(r, client_for, user: str, name: str) -> None:
    _name, url, allowed = next(p for p in PAGES if p[0] == name)
    response = client_for(user).get(url(r))
    close_download(response)  # a file download holds the file open until then
    assert response.status_code == _status(user, allowed), (user, name)


@pytest.mark.parametrize("user", ["cindy", "colin", "dora", "oscar"])
def test_the_pdf_is_for_readers_of_the_cluster(r, client_for, user: str) -> None:
    response = client_for(user).get(f"/c/{SLUG}/diagnostic/report.pdf")
    assert response.status_code == _status(user, VIEW)
    if response.status_code == 200:
        assert response.content.startswith(b"%PDF")


ACTIONS: list[tuple[str, Callable[[Any], str], dict[str, Any]]] = [
    ("new wave", lambda r: f"/c/{SLUG}/surveys/", {"name": "Follow-up 2025", "kind": "follow_up", "start_date": "2025-03-01"}),
    ("generate form", lambda r: f"/surveys/waves/{r.wave.pk}/forms/enterprise/", {}),
    ("save section", lambda r: f"/c/{SLUG}/diagnostic/sections/definition_history/", {"text": "Since 1980"}),
    ("add finding", lambda r: f"/c/{SLUG}/diagnostic/findings/", {"kind": "threat", "text": "Imports"}),
    ("edit finding", lambda r: f"/diagnostic/findings/{r.finding.pk}/", {"kind": "weakness", "text": "x"}),
    ("move finding", lambda r: f"/diagnostic/findings/{r.finding.pk}/move/", {"direction": "down"}),
    ("delete finding", lambda r: f"/diagnostic/findings/{r.finding.pk}/delete/", {}),
    ("recompute baseline", lambda r: f"/c/{SLUG}/diagnostic/baseline/recompute/", {}),
    ("delete baseline value", lambda r: f"/diagnostic/baseline/{r.value.pk}/delete/", {}),
    ("study settings", lambda r: f"/c/{SLUG}/diagnostic/study/", {"title": "Estudio"}),
    ("submit", lambda r: f"/c/{SLUG}/diagnostic/submit/", {}),
    ("import", lambda r: f"/c/{SLUG}/surveys/import/", {"wave": "0", "validate_only": ""}),
]  # fmt: skip


@pytest.mark.parametrize("user", ALL)
@pytest.mark.parametrize("action", range(len(ACTIONS)))
def test_actions(r, client_for, user: str, action: int) -> None:
    name, url, data = ACTIONS[action]
    from clusterdev.web.governance.models import DocumentVersion

    before = (row_counts(), DocumentVersion.objects.count(), Finding.objects.get().text)
    response = client_for(user).post(url(r), data)
    if user in EDIT:
        assert response.status_code in (200, 302, 404), (user, name)
    else:
        assert response.status_code == _status(user, EDIT), (user, name)
        after = (row_counts(), DocumentVersion.objects.count(), Finding.objects.get().text)
        assert after == before, (user, name)


def test_readers_without_personal_rights_see_no_respondent(r, client_for) -> None:
    names = [row.name for row in survey.ACTORS if row.kind == "enterprise"]
    for user in ["colin", "steve", "dora"]:
        for url in (f"/c/{SLUG}/diagnostic/", f"/c/{SLUG}/diagnostic/report/"):
            page = client_for(user).get(url).content.decode()
            assert "Trust among enterprises" in page
            assert not [name for name in names if name in page], (user, url)
            assert "uuid:" not in page
