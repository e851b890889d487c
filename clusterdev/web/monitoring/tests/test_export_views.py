"""The IATI and XLSX downloads and the IATI settings page: who may use them, what they send."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from lxml import etree

from clusterdev.web.monitoring import iati
from clusterdev.web.monitoring.models import IatiSettings

from .published import Published, make_published


@pytest.fixture
def published(world, chain, periods, trained, women_share, draft) -> Published:
    return make_published(world, chain, periods, trained, women_share, draft)


def iati_url() -> str:
    return reverse("monitoring-iati", args=["testland"])


def programme_xlsx() -> str:
    return reverse("monitoring-xlsx-programme", args=["testland"])


def cluster_xlsx(slug: str = "cluster-a") -> str:
    return reverse("monitoring-xlsx-cluster", args=[slug])


def workbook_text(content: bytes) -> tuple[list[str], str]:
    book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    cells = " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
    )
    names = book.sheetnames
    book.close()
    return names, cells


@pytest.mark.parametrize("name", ["alice", "steve", "dora", "adam"])
def test_programme_roles_with_export_download_a_valid_iati_file(client_for, published, name):
    response = client_for(name).get(iati_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert 'filename="testland-iati-activity.xml"' in response["Content-Disposition"]
    assert iati.validate(response.content) == []
    document = etree.fromstring(response.content)
    assert document.findtext("iati-activity/iati-identifier") == "XM-DAC-41123-TL-2025"


@pytest.mark.parametrize(
    ("name", "status"), [("oscar", 404), ("olga", 404), ("cindy", 403), ("colin", 403)]
)
def test_others_get_no_iati_file(client_for, published, name, status):
    assert client_for(name).get(iati_url()).status_code == status


def test_without_settings_the_programme_page_says_what_to_set(client_for, published):
    IatiSettings.objects.all().delete()
    response = client_for("dora").get(iati_url())
    assert response.status_code == 302 and response["Location"] == "/p/testland/"
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == [
        "Testland has no IATI settings: set the reporting organisation's identifier, name and "
        "type and the activity identifier before publishing it to IATI."
    ]


def test_an_invalid_document_is_not_sent(client_for, published, monkeypatch):
    monkeypatch.setattr(iati, "activity_xml", lambda *args, **kwargs: b"<iati-activities/>")
    response = client_for("alice").get(iati_url())
    assert response.status_code == 302
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown[0] == "The IATI file of Testland does not validate against the IATI 2.03 schema."
    assert len(shown) > 1


def test_the_programme_workbook_shows_names_to_the_coordinator_only(client_for, published):
    response = client_for("alice").get(programme_xlsx())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    names, cells = workbook_text(response.content)
    assert names == ["Result chain", "Indicators", "Targets", "Actuals", "Disaggregation"]
    assert "P-PLANS" in cells and "OUT-1" in cells and "cindy" in cells
    names, cells = workbook_text(client_for("dora").get(programme_xlsx()).content)
    assert "OUT-1" in cells and "cindy" not in cells and "alice" not in cells


@pytest.mark.parametrize(("name", "status"), [("oscar", 404), ("olga", 404), ("cindy", 403)])
def test_the_programme_workbook_needs_the_export_right_on_the_programme(
    client_for, published, name, status
):
    assert client_for(name).get(programme_xlsx()).status_code == status


def test_the_cluster_workbook_follows_the_cluster_rights(client_for, published):
    _names, cells = workbook_text(client_for("cindy").get(cluster_xlsx()).content)
    assert "OUT-1" in cells and "P-PLANS" not in cells and "cindy" in cells
    response = client_for("colin").get(cluster_xlsx())
    assert response.status_code == 200
    assert "cindy" not in workbook_text(response.content)[1]  # the Commission sees no names
    assert client_for("cindy").get(cluster_xlsx("cluster-b")).status_code == 404
    assert client_for("oscar").get(cluster_xlsx()).status_code == 404


def settings_url() -> str:
    return reverse("monitoring-iati-settings", args=["testland"])


def test_the_coordinator_sets_the_iati_settings(world, client_for):
    client = client_for("alice")
    page = client.get(settings_url())
    assert page.status_code == 200 and b"reporting_org_ref" in page.content
    response = client.post(
        settings_url(),
        {
            "reporting_org_ref": "XM-DAC-41123",
            "reporting_org_name": "UNIDO",
            "reporting_org_type": "40",
            "activity_identifier": "XM-DAC-41123-TL-2025",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/p/testland/"
    saved = IatiSettings.objects.get(programme=world.programme)
    assert (saved.reporting_org_name, saved.activity_identifier) == (
        "UNIDO",
        "XM-DAC-41123-TL-2025",
    )


def test_an_identifier_without_the_organisation_prefix_is_refused(world, client_for):
    response = client_for("alice").post(
        settings_url(),
        {
            "reporting_org_ref": "XM-DAC-41123",
            "reporting_org_name": "UNIDO",
            "reporting_org_type": "40",
            "activity_identifier": "TL-2025",
        },
    )
    assert response.status_code == 400
    assert "starts with the reporting organisation identifier" in response.content.decode()
    assert not IatiSettings.objects.exists()


@pytest.mark.parametrize(
    ("name", "status"),
    [("dora", 403), ("steve", 403), ("cindy", 403), ("oscar", 404), ("olga", 404)],
)
def test_only_editors_of_the_programme_change_the_iati_settings(client_for, name, status):
    assert client_for(name).get(settings_url()).status_code == status
