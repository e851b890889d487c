"""The ``clusterdev survey`` commands, over the same functions as the web pages.

``clusterdev/cli.py`` sets Django up, then calls :func:`survey_form` or :func:`survey_import`.
Both print what they did and return the exit status: 0 when it worked, 2 on errors (one line per
problem on stderr).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from django.utils.translation import gettext as _

from clusterdev.surveys import FormError
from clusterdev.web.diagnostics import imports, instruments
from clusterdev.web.diagnostics.models import SurveyWave
from clusterdev.web.programmes.models import Cluster

ERROR = 2


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return ERROR


def _cluster(slug: str) -> Cluster | None:
    return Cluster.objects.select_related("programme").filter(slug=slug).first()


def _current_wave(cluster: Cluster) -> SurveyWave | None:
    return cluster.survey_waves.order_by("-start_date", "-id").first()


def survey_form(cluster_slug: str, kind: str, out: str | None) -> int:
    """Generate the ``kind`` form of the cluster's current wave (created as "Baseline <year>"
    when the cluster has none), store it, and write the XLSForm to ``out`` (default
    ``<form id>.xlsx``) with its ``actors.csv`` beside it."""
    cluster = _cluster(cluster_slug)
    if cluster is None:
        return _fail(_("error: no cluster with the short name %(slug)s") % {"slug": cluster_slug})
    if kind not in instruments.KINDS:
        return _fail(
            _("error: --kind must be one of %(kinds)s, not %(kind)s")
            % {"kinds": ", ".join(instruments.KINDS), "kind": kind}
        )
    wave = _current_wave(cluster)
    if wave is None:
        today = date.today()
        wave = SurveyWave.objects.create(
            cluster=cluster, name=_("Baseline %(year)d") % {"year": today.year}, start_date=today
        )
        print(_("Created survey wave %(wave)s.") % {"wave": wave.name})
    try:
        instrument = instruments.generate_instrument(wave, kind, by=None)
    except FormError as error:
        return _fail(_("error: the form cannot be built: %(error)s") % {"error": error})
    target = Path(out) if out else Path(f"{instrument.form_id}.xlsx")
    if target.suffix.lower() != ".xlsx":
        return _fail(_("error: %(path)s: the form is written as an .xlsx file") % {"path": target})
    target.parent.mkdir(parents=True, exist_ok=True)
    with instrument.xlsform.open("rb") as handle:
        target.write_bytes(handle.read())
    written = [target]
    if instrument.actors_file:
        beside = target.parent / "actors.csv"
        with instrument.actors_file.open("rb") as handle:
            beside.write_bytes(handle.read())
        written.append(beside)
    print(
        _("%(title)s, version %(version)s, for wave %(wave)s (%(actors)d actors):")
        % {
            "title": instrument.title,
            "version": instrument.version,
            "wave": wave.name,
            "actors": len(instrument.actors),
        }
    )
    for path in written:
        print(f"  {path}")
    return 0


def survey_import(cluster_slug: str, path: str, *, validate_only: bool) -> int:
    """Import an export (CSV, XLSX or ZIP) into the cluster's current wave; the survey is
    recognised from the export's form id. With ``validate_only`` nothing is written."""
    cluster = _cluster(cluster_slug)
    if cluster is None:
        return _fail(_("error: no cluster with the short name %(slug)s") % {"slug": cluster_slug})
    wave = _current_wave(cluster)
    if wave is None:
        return _fail(
            _("error: %(cluster)s has no survey wave: generate its forms first")
            % {"cluster": cluster.name}
        )
    result = imports.import_export(wave, [Path(path)], validate_only=validate_only)
    for problem in result.report.problems:
        print(str(problem), file=sys.stderr if problem.severity == "error" else sys.stdout)
    print(imports.summary(result), file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else ERROR
