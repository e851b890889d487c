"""Background execution of mapping runs without a separate queue service.

Runs wait in the database with status *queued*. :func:`kick` starts (at most) one worker thread
in this process that claims queued runs one at a time — the claim is an atomic conditional
update, so several processes may kick at once — and executes them. ``clusterdev manage run_jobs``
does the same from a separate worker process. With ``settings.JOBS_INLINE`` (tests) the run
executes in the calling thread.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterdev.web.mapping.models import MappingRun
from clusterdev.web.mapping.services import execute

_lock = threading.Lock()
_worker: threading.Thread | None = None


def claim_next() -> MappingRun | None:
    """The oldest queued run, now marked running by us; None when nothing waits."""
    while True:
        run = (
            MappingRun.objects.filter(status=MappingRun.Status.QUEUED)
            .order_by("created_at", "pk")
            .first()
        )
        if run is None:
            return None
        claimed = MappingRun.objects.filter(pk=run.pk, status=MappingRun.Status.QUEUED).update(
            status=MappingRun.Status.RUNNING, started_at=timezone.now()
        )
        if claimed:
            run.refresh_from_db()
            return run


def work() -> int:
    """Execute queued runs until none is left; returns how many ran."""
    done = 0
    while (run := claim_next()) is not None:
        execute(run)
        done += 1
    return done


def _work_in_thread() -> None:
    global _worker
    close_old_connections()
    try:
        while True:
            work()
            # Leave only when nothing is queued, deciding under the lock that kick() takes, so a
            # run queued meanwhile is either seen here or starts a new worker.
            with _lock:
                if not MappingRun.objects.filter(status=MappingRun.Status.QUEUED).exists():
                    _worker = None
                    return
    finally:
        connection.close()


def kick() -> None:
    """Make sure queued runs get executed: inline, or by this process's worker thread."""
    global _worker
    if getattr(settings, "JOBS_INLINE", False):
        work()
        return
    with _lock:
        if _worker is None:
            _worker = threading.Thread(target=_work_in_thread, name="clusterdev-jobs", daemon=True)
            _worker.start()


def recover_interrupted() -> int:
    """Runs left *running* by a process that stopped are marked failed, so nobody waits for them."""
    return MappingRun.objects.filter(status=MappingRun.Status.RUNNING).update(
        status=MappingRun.Status.FAILED,
        error=_("The run was interrupted when the server stopped; start it again."),
        finished_at=timezone.now(),
    )
