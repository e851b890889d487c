"""Mapping runs execute in the background, one claim per run, and never stay stuck."""

import time

import pytest

from clusterdev.web.mapping import jobs
from clusterdev.web.mapping.models import MappingRun
from clusterdev.web.test import make_programme


def _queued(
    programme,
    tmp_path,
    name="r.csv",
    text="region,isic,jobs\nA,1410,5\nB,1410,1\nA,4711,3\nB,4711,9\n",
):
    path = tmp_path / name
    path.write_text(text)
    return MappingRun.objects.create(
        programme=programme,
        title=name,
        source=str(path),
        source_name=name,
        columns={"region": "region", "sector": "isic", "employment": "jobs"},
        use_country_areas=False,
        status=MappingRun.Status.QUEUED,
    )


def test_a_run_is_claimed_once(db, tmp_path):
    run = _queued(make_programme("p"), tmp_path)
    assert jobs.claim_next() == run
    assert jobs.claim_next() is None
    run.refresh_from_db()
    assert run.status == MappingRun.Status.RUNNING and run.started_at is not None


def test_runs_left_running_by_a_stopped_server_are_marked_failed(db, tmp_path):
    run = _queued(make_programme("p"), tmp_path)
    MappingRun.objects.filter(pk=run.pk).update(status=MappingRun.Status.RUNNING)
    assert jobs.recover_interrupted() == 1
    run.refresh_from_db()
    assert run.status == MappingRun.Status.FAILED and "interrupted" in run.error


@pytest.mark.django_db(transaction=True)
def test_the_worker_thread_executes_queued_runs(settings, tmp_path):
    settings.JOBS_INLINE = False
    settings.MEDIA_ROOT = tmp_path
    programme = make_programme("p")
    runs = [_queued(programme, tmp_path, name=f"r{i}.csv") for i in range(2)]
    jobs.kick()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if not MappingRun.objects.filter(status__in=["queued", "running"]).exists():
            break
        time.sleep(0.2)
    for run in runs:
        run.refresh_from_db()
        assert run.status == MappingRun.Status.DONE, run.error
        assert run.has_result("measures")
