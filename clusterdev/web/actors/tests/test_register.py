"""The actor register: search, filters, paging and downloads."""

import io

from openpyxl import load_workbook

from clusterdev.web.test import make_enterprise


def test_search_finds_by_name_and_town(client_for):
    page = client_for("alice").get("/p/testland/actors/?q=alfa").content.decode()
    assert "Textiles Alfa" in page and "Cámara Alfa" in page and "Calzado Beta" not in page


def test_filters_combine(client_for, world):
    url = f"/p/testland/actors/?kind=enterprise&cluster={world.cluster_a.pk}"
    page = client_for("alice").get(url).content.decode()
    assert "Textiles Alfa" in page
    assert "Cámara Alfa" not in page and "Calzado Beta" not in page


def test_isic_section_filter_keeps_manufacturing(client_for, world):
    from clusterdev.web.geo.models import Sector

    section_c = Sector.objects.get(code="C")
    page = client_for("alice").get(f"/p/testland/actors/?section={section_c.pk}").content.decode()
    assert "Textiles Alfa" in page and "Cámara Alfa" not in page


def test_an_invalid_filter_value_is_ignored_not_an_error(client_for):
    response = client_for("alice").get("/p/testland/actors/?area=not-a-number&page=zzz")
    assert response.status_code == 200


def test_htmx_requests_get_only_the_table(client_for):
    response = client_for("alice").get(
        "/p/testland/actors/?q=beta", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="register-table"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="register-table"')
    assert "Calzado Beta" in body and "<html" not in body


def test_pages_hold_fifty_actors(client_for, world):
    for i in range(60):
        make_enterprise(world.programme, name=f"Taller {i:02d}")
    page = client_for("alice").get("/p/testland/actors/?q=Taller").content.decode()
    assert "page 1 of 2" in page
    assert page.count("Taller ") == 50


def test_xlsx_download_opens_in_a_spreadsheet(client_for):
    response = client_for("alice").get("/p/testland/actors/?format=xlsx&kind=enterprise")
    assert response["Content-Disposition"] == 'attachment; filename="actors-testland.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "kind", "name")
    assert {r[2] for r in rows[1:]} == {"Textiles Alfa", "Calzado Beta"}


def test_an_area_filter_includes_the_areas_below_it(client_for, world):
    from clusterdev.web.geo.models import AdminArea

    province = AdminArea.objects.get(code="TL-A")
    canton = AdminArea.objects.create(
        country=province.country, parent=province, level=2, code="TL-A1", name="Canton A1"
    )
    world.enterprise_b.area = canton
    world.enterprise_b.save()
    page = client_for("alice").get(f"/p/testland/actors/?area={province.pk}").content.decode()
    assert "Textiles Alfa" in page and "Calzado Beta" in page
    assert "Cámara Alfa" not in page
