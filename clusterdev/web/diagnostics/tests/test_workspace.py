"""The workspace: forms generated and imported through the pages, figures computed from the
imported data, sections, findings, baseline values, the report and its endorsement."""

from __future__ import annotations

import io
import statistics
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clusterdev.surveys.tests import atuntaqui as survey
from clusterdev.web.diagnostics import report, services
from clusterdev.web.diagnostics.baseline import recompute
from clusterdev.web.diagnostics.figures import ENTERPRISE_TRUST, SurveyData
from clusterdev.web.diagnostics.imports import import_export
from clusterdev.web.diagnostics.models import (
    BaselineValue,
    DiagnosticSection,
    Finding,
    ImportBatch,
    Instrument,
    Submission,
    SurveyWave,
)
from clusterdev.web.governance import services as governance
from clusterdev.web.governance.models import Body, DocumentVersion, Meeting

from .fixtures import DATA, Atuntaqui, make_atuntaqui, row_counts

SLUG = "atuntaqui-garment"


@pytest.fixture
def cluster_a(survey_world, media) -> Atuntaqui:
    """Cluster A as the Atuntaqui cluster, with cindy as its CDA."""
    world, actors = survey_world
    return make_atuntaqui(world, actors, cluster=world.cluster_a)


@pytest.fixture
def imported(cluster_a: Atuntaqui) -> Atuntaqui:
    for name in ("odk_central_enterprise.csv", "odk_central_institution.csv", "kobo_network.xlsx"):
        assert import_export(cluster_a.wave, [DATA / name]).ok
    return cluster_a


def _upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (DATA / name).read_bytes())


def test_the_cda_creates_a_wave_and_downloads_its_forms(cluster_a, client_for) -> None:
    cindy = client_for("cindy")
    response = cindy.post(
        f"/c/{SLUG}/surveys/",
        {"name": "Follow-up 2026", "kind": "follow_up", "start_date": "2026-03-01"},
    )
    assert response.status_code == 302
    wave = cluster_a.cluster.survey_waves.get(name="Follow-up 2026")
    clash = cindy.post(
        f"/c/{SLUG}/surveys/", {"name": "follow-up 2026", "start_date": "2026-04-01"}
    )
    assert "already has a wave called follow-up 2026" in clash.content.decode()
    for kind in ("enterprise", "institution", "network"):
        assert cindy.post(f"/surveys/waves/{wave.pk}/forms/{kind}/").status_code == 302
    network = Instrument.objects.get(wave=wave, kind="network")
    response = cindy.get(f"/surveys/forms/{network.pk}/zip/")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["actors.csv", f"{SLUG}-network.xlsx"]
    assert "Jeans del Norte (Atuntaqui)" in archive.read("actors.csv").decode()
    # The register unchanged, generating again gives the same version.
    cindy.post(f"/surveys/waves/{wave.pk}/forms/network/")
    assert Instrument.objects.filter(wave=wave, kind="network").count() == 1
    page = cindy.get(f"/c/{SLUG}/surveys/").content.decode()
    assert f"v{network.version}" in page


def test_the_import_page_checks_first_then_imports(cluster_a, client_for) -> None:
    cindy = client_for("cindy")
    url = f"/c/{SLUG}/surveys/import/"
    data = {"wave": cluster_a.wave.pk, "kind": "", "validate_only": "on"}
    before = row_counts()
    check = cindy.post(url, {**data, "files": [_upload("odk_central_enterprise.csv")]})
    assert "Check passed: nothing was written" in check.content.decode()
    assert row_counts() == before
    del data["validate_only"]
    response = cindy.post(url, {**data, "files": [_upload("odk_central_enterprise.csv")]})
    batch = ImportBatch.objects.get()
    assert response.url == f"/surveys/imports/{batch.pk}/"
    assert batch.new_count == len(survey.ENTERPRISE)
    page = cindy.get(response.url).content.decode()
    assert "2 column(s) are not questions of form" in page  # the report, kept with the batch
    again = cindy.post(url, {**data, "files": [_upload("odk_central_enterprise.csv")]}, follow=True)
    assert "Imported 0 new submission(s)" in again.content.decode()


def test_the_import_page_lists_every_problem_and_writes_nothing(cluster_a, client_for) -> None:
    before = row_counts()
    response = client_for("cindy").post(
        f"/c/{SLUG}/surveys/import/",
        {
            "wave": cluster_a.wave.pk,
            "kind": "network",
            "files": [
                SimpleUploadedFile(name, (DATA / "malformed" / name).read_bytes())
                for name in ("broken_repeats_network.csv", "broken_repeats_network-partners.csv")
            ],
        },
    )
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "repeat row without a parent (PARENT_KEY is empty)" in page
    assert "broken_repeats_network-partners.csv" in page and "PARENT_KEY" in page
    assert row_counts() == before


def test_a_file_that_is_no_export_is_refused_by_name(cluster_a, client_for) -> None:
    response = client_for("cindy").post(
        f"/c/{SLUG}/surveys/import/",
        {"wave": cluster_a.wave.pk, "files": [SimpleUploadedFile("notes.docx", b"PK")]},
    )
    assert "notes.docx: an export is a .csv, .xlsx or .zip file." in response.content.decode()


def _trust_index() -> float:
    scores = [
        statistics.fmean(int(answers[q]) for q in ENTERPRISE_TRUST if q in answers)
        for *_x, answers, _r in survey.ENTERPRISE
        if any(q in answers for q in ENTERPRISE_TRUST)
    ]
    return statistics.fmean(scores)


def test_figures_are_computed_from_the_imported_answers(imported: Atuntaqui) -> None:
    data = SurveyData(imported.wave)
    consented = [a for *_x, a, _r in survey.ENTERPRISE if a["consent"] == "yes"]
    women = sum(int(a["employees_women"]) for a in consented)
    men = sum(int(a["employees_men"]) for a in consented)
    employment = data.employment()
    assert [bar.text for bar in employment.bars] == [
        f"{women} ({round(100 * women / (women + men))} %)",
        f"{men} ({round(100 * men / (women + men))} %)",
    ]
    trust = data.trust()
    assert trust.rows == [("Trust index (1–5)", f"{_trust_index():.1f} (n=4)")]
    constraints = data.constraints()
    firsts = [a["constraint_1"] for a in consented]
    top = max(
        set(firsts),
        key=lambda c: sum(
            3 * (a["constraint_1"] == c) + 2 * (a["constraint_2"] == c) + (a["constraint_3"] == c)
            for a in consented
        ),
    )
    assert constraints.bars[0].label == data.choice_label("enterprise", "main_constraints", top)
    network = dict(data.network_figure().rows)
    assert network["Relationships named"] == "8"
    # Enterprises 1, 2 and 7 answered; 1 and 2 named each other, 7 named no one.
    assert network["Enterprises interviewed with at least one relationship"] == "67 % (2/3)"


def test_the_baseline_is_computed_with_date_source_and_method(imported: Atuntaqui) -> None:
    done = recompute(imported.cluster, imported.wave, by=None)
    trust = BaselineValue.objects.get(code="DX-TRUST")
    assert trust.value == pytest.approx(_trust_index(), abs=1e-4)
    assert (trust.n, trust.computed, trust.date) == (4, True, date(2024, 3, 13))
    assert trust.source == "Baseline 2024, enterprise survey (n=4)"
    assert "six trust statements" in trust.method
    assert BaselineValue.objects.get(code="DX-TIED").value == pytest.approx(200 / 3, abs=1e-3)
    # A value entered by hand wins over the computed one, and survives recomputing.
    trust.delete()
    BaselineValue.objects.create(
        cluster=imported.cluster, wave=imported.wave, code="DX-TRUST", label="Trust index",
        value=3.1, date=date(2024, 4, 1), source="Validation workshop", method="Show of hands",
    )  # fmt: skip
    again = recompute(imported.cluster, imported.wave, by=None)
    assert again.kept_manual == ["DX-TRUST"]
    assert BaselineValue.objects.get(code="DX-TRUST").value == 3.1
    assert again.written == done.written - 1


def test_the_workspace_shows_the_figures_and_edits_the_study(imported, client_for) -> None:
    cindy = client_for("cindy")
    page = cindy.get(f"/c/{SLUG}/diagnostic/").content.decode()
    assert "Trust among enterprises" in page and "Enterprises surveyed by size class" in page
    assert "<svg" in page
    response = cindy.post(
        f"/c/{SLUG}/diagnostic/sections/definition_history/",
        {"text": "Knitting came to Atuntaqui with the Imbabura textile mill in 1924.\n\nToday…"},
    )
    assert response.url == f"/c/{SLUG}/diagnostic/#section-definition_history"
    section = DiagnosticSection.objects.get(key="definition_history")
    assert section.updated_by is not None and section.updated_by.username == "cindy"
    assert section.history.count() == 1
    page = cindy.get(f"/c/{SLUG}/diagnostic/").content.decode()
    assert "<p>Knitting came to Atuntaqui with the Imbabura textile mill in 1924.</p>" in page


def test_findings_are_added_edited_reordered_and_deleted(cluster_a, client_for) -> None:
    cindy = client_for("cindy")
    url = f"/c/{SLUG}/diagnostic/findings/"
    for text in ("Skilled knitters", "A known brand: Atuntaqui's Expoferia"):
        cindy.post(url, {"kind": "strength", "text": text, "evidence": "Enterprise survey"})
    cindy.post(url, {"kind": "leverage_point", "text": "Joint purchasing of yarn"})
    refused = cindy.post(url, {"kind": "strength", "text": ""}, follow=True)
    assert "Finding: This field is required." in refused.content.decode()
    first, second = Finding.objects.filter(kind="strength").order_by("position")
    cindy.post(f"/diagnostic/findings/{second.pk}/move/", {"direction": "up"})
    assert list(
        Finding.objects.filter(kind="strength").order_by("position").values_list("text", flat=True)
    ) == ["A known brand: Atuntaqui's Expoferia", "Skilled knitters"]
    cindy.post(f"/diagnostic/findings/{first.pk}/", {"kind": "strength", "text": "Skilled workers"})
    assert Finding.objects.get(pk=first.pk).text == "Skilled workers"
    cindy.post(f"/diagnostic/findings/{first.pk}/delete/")
    assert Finding.objects.count() == 2
    page = cindy.get(f"/c/{SLUG}/diagnostic/report/").content.decode()
    assert "Joint purchasing of yarn" in page and "Atuntaqui&#x27;s Expoferia" in page


def test_the_report_goes_to_the_commission_and_shows_its_endorsement(
    imported, client_for, survey_world
) -> None:
    world, _actors = survey_world
    cindy = client_for("cindy")
    pdf = cindy.get(f"/c/{SLUG}/diagnostic/report.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    cindy.post(f"/c/{SLUG}/diagnostic/submit/")
    cindy.post(f"/c/{SLUG}/diagnostic/submit/")  # unchanged: the same version
    version = DocumentVersion.objects.get()
    diagnostic = services.diagnostic_of(imported.cluster)
    assert (version.document.kind, version.source, version.number) == ("diagnostic", diagnostic, 1)
    assert version.file_name == f"diagnostic-{SLUG}.pdf"
    assert "Trust among enterprises (n = 4)" in version.content
    assert "Awaiting endorsement" in cindy.get(f"/c/{SLUG}/diagnostic/").content.decode()
    body = Body.objects.create(
        programme=world.programme, cluster=imported.cluster, kind=Body.Kind.CLUSTER_COMMISSION,
        name="Comisión del clúster",
    )  # fmt: skip
    meeting = Meeting.objects.create(body=body, date=date.today(), status="held")
    governance.endorse(
        body=body, meeting=meeting, version=version, digest=version.digest, by=world.users["colin"]
    )
    page = cindy.get(f"/c/{SLUG}/diagnostic/").content.decode()
    assert "Endorsed: version 1 by Comisión del clúster" in page
    assert "The study changed since" not in page
    services.save_section(imported.cluster, "policy", "A new textile law.", by=world.users["cindy"])
    page = cindy.get(f"/c/{SLUG}/diagnostic/").content.decode()
    assert "The study changed since version 1 was submitted" in page
    assert "endorsed by Comisión del clúster" in cindy.get(f"/c/{SLUG}/").content.decode()


def test_the_report_text_lists_swot_leverage_points_and_baseline(imported: Atuntaqui) -> None:
    user = imported.world.users["cindy"]
    services.add_finding(
        imported.cluster, kind="threat", text="Cheap imports", evidence="", by=user
    )
    services.add_finding(
        imported.cluster, kind="leverage_point", text="A shared dye house", evidence="", by=user
    )
    recompute(imported.cluster, imported.wave, by=None)
    text = report.report_text(report.study(services.diagnostic_of(imported.cluster)))
    assert "Threat\n- Cheap imports" in text
    assert "1. A shared dye house" in text
    assert "- DX-TRUST Trust index (1–5): " in text
    assert "Questionnaires" in text


def test_submissions_are_listed_for_personal_readers_only(imported, client_for) -> None:
    page = client_for("cindy").get(f"/surveys/waves/{imported.wave.pk}/submissions/")
    assert "Textiles Andrade, Hijos" in page.content.decode()
    first = Submission.objects.filter(kind="enterprise").earliest("id")
    detail = client_for("alice").get(f"/surveys/submissions/{first.pk}/").content.decode()
    assert first.instance_id in detail


def test_the_network_picture_shows_the_ties_without_names(imported, client_for) -> None:
    page = client_for("dora").get(f"/c/{SLUG}/diagnostic/report/").content.decode()
    start = page.index('id="figure-network-picture"')
    picture = page[start : page.index("</figure>", start)]
    # 8 relationships named; 1 and 2 named each other, so did 1 and 20: 6 lines.
    assert picture.count("<line") == 6
    assert "Textiles" not in picture and "Otavalo" not in picture


def test_an_empty_workspace_reads_without_writing(survey_world, client_for) -> None:
    before = row_counts()
    page = client_for("dora").get("/c/cluster-b/diagnostic/").content.decode()
    assert "No survey wave yet." in page
    assert "No survey data for this figure yet." in page
    assert "Submit to the Cluster Commission" not in page
    assert row_counts() == before


def test_a_chosen_waves_values_are_computed_from_the_surveys_page(
    imported: Atuntaqui, client_for
) -> None:
    cluster, wave = imported.cluster, imported.wave
    follow_up = SurveyWave.objects.create(
        cluster=cluster, name="Follow-up 2026", kind="follow_up", start_date=date(2026, 3, 1)
    )
    cindy = client_for("cindy")
    url = f"/c/{cluster.slug}/diagnostic/baseline/recompute/"
    response = cindy.post(url, {"wave": wave.pk})
    assert response.status_code == 302 and response["Location"].endswith(f"#wave-{wave.pk}")
    assert BaselineValue.objects.filter(wave=wave, code="DX-TRUST").exists()
    # Another cluster's wave, or none, is not found; the follow-up has no data yet.
    other = SurveyWave.objects.create(
        cluster=imported.world.cluster_b, name="B", start_date=date(2026, 1, 1)
    )
    assert cindy.post(url, {"wave": other.pk}).status_code == 404
    assert cindy.post(url, {"wave": "x"}).status_code == 404
    cindy.post(url, {"wave": follow_up.pk})
    assert not BaselineValue.objects.filter(wave=follow_up).exists()
