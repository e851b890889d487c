"""Cluster mapping in the platform: upload, columns, run, results, promotion to a candidate."""

import csv
import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clusterdev.web.actors.models import Actor
from clusterdev.web.geo.models import AdminArea
from clusterdev.web.mapping.models import MappingRun
from clusterdev.web.programmes.models import Cluster

ALL = ["adam", "alice", "cindy", "colin", "steve", "dora", "oscar", "olga"]
VIEWERS = {"adam", "alice", "cindy", "colin", "steve", "dora"}
EDITORS = {"adam", "alice"}


def _register_csv() -> bytes:
    """Six regions, three sectors; region R1 concentrates sector 1410 and R2 sector 1520."""
    rows = [("region", "isic", "jobs")]
    for region in ["R1", "R2", "R3", "R4", "R5", "R6"]:
        rows += [(region, "4711", "20")] * 10
        rows += [(region, "1410", "30" if region == "R1" else "2")] * (8 if region == "R1" else 2)
        rows += [(region, "1520", "25" if region == "R2" else "3")] * (6 if region == "R2" else 2)
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    return text.getvalue().encode()


def _upload(client, name="register.csv", content=None):
    upload = SimpleUploadedFile(name, content if content is not None else _register_csv())
    return client.post("/p/testland/mapping/upload/", {"register": upload})


def _configure(client, run, **extra):
    data = {
        "title": "Test mapping",
        "engine": "duckdb",
        "seed": "0",
        "region": "region",
        "sector": "isic",
        "employment": "jobs",
    } | extra
    return client.post(f"/mapping/{run.pk}/configure/", data)


@pytest.fixture
def done_run(client_for, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    alice = client_for("alice")
    _upload(alice)
    run = MappingRun.objects.get()
    _configure(alice, run)
    run.refresh_from_db()
    return run


def test_an_upload_shows_its_columns_to_choose_from(client_for, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = _upload(client_for("alice"))
    run = MappingRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/mapping/{run.pk}/configure/"
    assert run.header == ["region", "isic", "jobs"]
    page = client_for("alice").get(response["Location"]).content.decode()
    assert '<option value="isic">isic</option>' in page


def test_a_file_of_another_kind_is_refused_and_nothing_is_kept(
    client_for, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = _upload(client_for("alice"), name="register.pdf", content=b"%PDF")
    assert response.status_code == 400
    assert "Use a CSV, Parquet or XLSX file." in response.content.decode()
    assert MappingRun.objects.count() == 0


def test_an_empty_file_is_refused_with_its_name(client_for, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = _upload(client_for("alice"), name="empty.csv", content=b"")
    assert response.status_code == 400
    assert "empty.csv" in response.content.decode()
    assert MappingRun.objects.count() == 0
    assert not any(tmp_path.rglob("empty*.csv"))


def test_the_same_column_cannot_serve_twice(client_for, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _upload(client_for("alice"))
    run = MappingRun.objects.get()
    response = _configure(client_for("alice"), run, sector="region")
    assert response.status_code == 200
    assert "must be different columns" in response.content.decode()
    run.refresh_from_db()
    assert run.status == MappingRun.Status.DRAFT


def test_a_run_finds_the_concentrations_and_keeps_its_parameters(done_run, client_for):
    assert done_run.status == MappingRun.Status.DONE, done_run.error
    assert done_run.summary["regions"] == 6 and done_run.summary["sectors"] == 3
    assert done_run.columns == {"region": "region", "sector": "isic", "employment": "jobs"}
    assert done_run.parameters
    page = client_for("dora").get(f"/mapping/{done_run.pk}/").content.decode()
    assert "Candidate clusters" in page
    assert "Promote to candidate cluster" not in page  # donors read, they do not act


def test_the_results_table_filters_and_sorts(done_run, client_for):
    client = client_for("steve")
    body = client.get(
        f"/mapping/{done_run.pk}/measures/?sector=1410&order=lq&dir=desc"
    ).content.decode()
    rows = [line for line in body.splitlines() if line.strip().startswith("<td>R")]
    assert rows and rows[0].strip().startswith("<td>R1</td>")
    assert "6 rows" in body


def test_the_results_download_as_csv(done_run, client_for):
    response = client_for("dora").get(f"/mapping/{done_run.pk}/measures/?format=csv&sector=1520")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("region,sector,category,employment")
    assert len(lines) == 7


def test_the_choropleth_gives_each_region_its_quotient(done_run, client_for):
    data = client_for("cindy").get(f"/mapping/{done_run.pk}/choropleth.json?sector=1410").json()
    assert set(data["values"]) == {"R1", "R2", "R3", "R4", "R5", "R6"}
    assert data["values"]["R1"]["lq"] > 1 > data["values"]["R3"]["lq"]


def test_promoting_a_candidate_creates_a_cluster_with_its_evidence(done_run, client_for, world):
    AdminArea.objects.create(country=world.programme.country, code="R1", name="Region One")
    response = client_for("alice").post(
        f"/mapping/{done_run.pk}/promote/", {"region": "R1", "sector": "1410"}
    )
    cluster = Cluster.objects.get(evidence__run=done_run)
    assert response["Location"] == cluster.get_absolute_url()
    assert cluster.phase == "candidate" and cluster.programme == world.programme
    assert list(cluster.sectors.values_list("code", flat=True)) == ["1410"]
    assert cluster.areas.get().name == "Region One"
    evidence = cluster.evidence.get()
    assert evidence.values["measures"]["lq"] > 1
    page = client_for("alice").get(cluster.get_absolute_url()).content.decode()
    assert "Mapping evidence" in page and "Test mapping" in page


def test_promoting_an_unknown_pair_changes_nothing(done_run, client_for):
    response = client_for("alice").post(
        f"/mapping/{done_run.pk}/promote/", {"region": "R9", "sector": "9999"}, follow=True
    )
    assert "no result for sector 9999" in response.content.decode()
    assert not Cluster.objects.filter(evidence__run=done_run).exists()


def test_the_programme_register_can_be_mapped(client_for, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    alice = client_for("alice")
    response = alice.post("/p/testland/mapping/register/")
    run = MappingRun.objects.get()
    assert response["Location"] == f"/mapping/{run.pk}/configure/"
    assert run.columns["region"] == "region" and run.columns["sector"] == "isic"
    enterprises = Actor.objects.enterprises().filter(programme=world.programme, area__isnull=False)
    text = (tmp_path / run.source.name).read_text()
    assert text.count("\n") == 1 + enterprises.count()


def test_a_failing_run_shows_its_error(client_for, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    alice = client_for("alice")
    _upload(alice, content=b"region,isic,jobs\nR1,1410,-3\n")
    run = MappingRun.objects.get()
    _configure(alice, run)
    run.refresh_from_db()
    assert run.status == MappingRun.Status.FAILED
    assert run.error.startswith("register.csv, row 1, column 'jobs'")
    assert html.escape(run.error) in alice.get(f"/mapping/{run.pk}/").content.decode()


@pytest.mark.parametrize("user", ALL)
def test_who_may_see_the_mapping_page(client_for, user):
    status = client_for(user).get("/p/testland/mapping/").status_code
    assert status == (200 if user in VIEWERS else 404)


@pytest.mark.parametrize("user", ALL)
def test_who_may_start_a_run(client_for, world, settings, tmp_path, user):
    settings.MEDIA_ROOT = tmp_path
    status = _upload(client_for(user)).status_code
    assert status == (302 if user in EDITORS else 403 if user in VIEWERS else 404)
    assert MappingRun.objects.count() == (1 if user in EDITORS else 0)


@pytest.mark.parametrize("user", ALL)
def test_who_may_see_and_promote_results(done_run, client_for, user):
    client = client_for(user)
    assert client.get(f"/mapping/{done_run.pk}/").status_code == (200 if user in VIEWERS else 404)
    promote = client.post(f"/mapping/{done_run.pk}/promote/", {"region": "R1", "sector": "1410"})
    assert promote.status_code == (302 if user in EDITORS else 403 if user in VIEWERS else 404)


def test_candidates_are_listed_by_rank(done_run, client_for):
    candidates = client_for("alice").get(f"/mapping/{done_run.pk}/").context["candidates"]
    ranks = [c["rank"] for c in candidates]
    assert ranks == sorted(ranks) and ranks[0] == 1
