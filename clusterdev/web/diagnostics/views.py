from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, ProtectedError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterdev.web.diagnostics import baseline, imports, instruments, report, sample, services
from clusterdev.web.diagnostics.access import (
    get_baseline_value_for_user,
    get_batch_for_user,
    get_finding_for_user,
    get_instrument_for_user,
    get_submission_for_user,
    get_wave_for_user,
)
from clusterdev.web.diagnostics.forms import (
    BaselineValueForm,
    DiagnosticForm,
    FindingForm,
    ImportForm,
    SectionForm,
    WaveForm,
)
from clusterdev.web.diagnostics.models import Finding, InstrumentKind, SectionKey, SurveyWave
from clusterdev.web.lib.files import stored_file_response
from clusterdev.web.programmes.access import Action, get_cluster_for_user
from clusterdev.web.programmes.models import Cluster


def _user(request: HttpRequest) -> Any:
    return request.user


def _form_errors(form: Any) -> str:
    """A form's errors in one line, each after its field's label."""
    parts: list[str] = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.extend(f"{label}: {error}" if label else str(error) for error in errors)
    return " ".join(parts)


def _workspace(cluster: Cluster, anchor: str = "") -> str:
    url = reverse("diagnostic", args=[cluster.slug])
    return f"{url}#{anchor}" if anchor else url


# --- Surveys: waves, forms, imports ------------------------------------------------------------


def _waves(cluster: Cluster) -> list[dict[str, Any]]:
    rows = []
    for wave in cluster.survey_waves.order_by("-start_date", "-id"):
        counts = dict(
            wave.submissions.values_list("kind").annotate(n=Count("id")).values_list("kind", "n")
        )
        rows.append(
            {
                "wave": wave,
                "forms": [
                    (kind, label, instruments.latest_instrument(wave, kind), counts.get(kind, 0))
                    for kind, label in InstrumentKind.choices
                ],
                "ties": wave.ties.count(),
                "imports": wave.imports.select_related("imported_by")[:10],
            }
        )
    return rows


@login_required
def surveys(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, rights = get_cluster_for_user(request.user, slug, Action.EDIT)
    form = WaveForm(request.POST or None, cluster=cluster)
    if request.method == "POST" and form.is_valid():
        wave = form.save(commit=False)
        wave.created_by = _user(request)
        wave.save()
        messages.success(
            request, _("Wave %(name)s created: generate its forms below.") % {"name": wave.name}
        )
        return redirect("surveys", cluster.slug)
    context = {"cluster": cluster, "rights": rights, "form": form, "waves": _waves(cluster)}
    return render(request, "diagnostics/surveys.html", context)


@login_required
@require_POST
def generate_form(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    wave, _rights = get_wave_for_user(request.user, pk, Action.EDIT)
    if kind not in instruments.KINDS:
        raise Http404
    instrument = instruments.generate_instrument(wave, kind, by=_user(request))
    messages.success(
        request,
        _("%(form)s version %(version)s is ready: download it with its actors.csv.")
        % {"form": instrument.title, "version": instrument.version},
    )
    return redirect(f"{reverse('surveys', args=[wave.cluster.slug])}#wave-{wave.pk}")


@login_required
def download_form(request: HttpRequest, pk: int, what: str) -> HttpResponseBase:
    instrument, _rights = get_instrument_for_user(request.user, pk)
    if what == "xlsx":
        return stored_file_response(instrument.xlsform, filename=f"{instrument.form_id}.xlsx")
    if what == "actors" and instrument.actors_file:
        return stored_file_response(instrument.actors_file, filename="actors.csv")
    if what == "practice":
        # A synthetic export of the wave's latest form of this kind, for training the field
        # team and trying the import; its answers are invented (see sample.py).
        with tempfile.TemporaryDirectory() as folder:
            path = sample.sample_export(instrument.wave, instrument.kind, Path(folder))
            data = path.read_bytes()
        kind = "application/zip" if path.suffix == ".zip" else "text/csv"
        response = HttpResponse(data, content_type=kind)
        response["Content-Disposition"] = f'attachment; filename="practice-{path.name}"'
        return response
    if what == "zip":
        response = HttpResponse(
            instruments.instrument_zip(instrument), content_type="application/zip"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{instrument.form_id}-{instrument.version}.zip"'
        )
        return response
    raise Http404


@login_required
def import_export(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, rights = get_cluster_for_user(request.user, slug, Action.EDIT)
    if not cluster.survey_waves.exists():
        messages.info(request, _("Create a survey wave first."))
        return redirect("surveys", cluster.slug)
    form = ImportForm(request.POST or None, request.FILES or None, cluster=cluster)
    result = None
    if request.method == "POST" and form.is_valid():
        result = imports.import_uploads(
            form.cleaned_data["wave"],
            form.cleaned_data["files"],
            kind=form.cleaned_data["kind"] or None,
            by=_user(request),
            validate_only=form.cleaned_data["validate_only"],
        )
        if result.batch is not None:
            messages.success(request, imports.summary(result))
            return redirect("survey-batch", result.batch.pk)
    context = {
        "cluster": cluster,
        "rights": rights,
        "form": form,
        "result": result,
        "summary": imports.summary(result) if result else "",
        "problems": imports.problem_rows(result.report.problems) if result else [],
    }
    return render(request, "diagnostics/import.html", context, status=200)


@login_required
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    batch, rights = get_batch_for_user(request.user, pk)
    context = {"cluster": batch.cluster, "rights": rights, "batch": batch}
    return render(request, "diagnostics/batch.html", context)


@login_required
def submissions(request: HttpRequest, pk: int) -> HttpResponse:
    wave, rights = get_wave_for_user(request.user, pk, Action.VIEW_PERSONAL)
    rows = wave.submissions.select_related("respondent").order_by("kind", "submitted_at", "id")
    context = {"cluster": wave.cluster, "rights": rights, "wave": wave, "submissions": rows}
    return render(request, "diagnostics/submissions.html", context)


@login_required
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    submission, rights = get_submission_for_user(request.user, pk)
    context = {
        "cluster": submission.cluster,
        "rights": rights,
        "submission": submission,
        "answers": sorted(submission.answers.items()),
        "ties": submission.ties.select_related("partner"),
    }
    return render(request, "diagnostics/submission.html", context)


# --- Workspace ---------------------------------------------------------------------------------


@login_required
def workspace(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, rights = get_cluster_for_user(request.user, slug)
    diagnostic = services.diagnostic_of(cluster)
    context = report.study(diagnostic)
    versions = services.submitted_versions(diagnostic)
    context.update(
        {
            "rights": rights,
            "endorsement": services.endorsement(diagnostic),
            "versions": versions[:5],
            # The text decides: the PDF is made of the same study.
            "changed": bool(versions) and versions[0].content != report.report_text(context),
            "finding_form": FindingForm() if rights.can_edit else None,
            "settings_form": DiagnosticForm(instance=diagnostic) if rights.can_edit else None,
        }
    )
    return render(request, "diagnostics/workspace.html", context)


@login_required
@require_POST
def diagnostic_settings(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, _rights = get_cluster_for_user(request.user, slug, Action.EDIT)
    form = DiagnosticForm(request.POST, instance=services.diagnostic_of(cluster))
    if form.is_valid():
        form.save()
        messages.success(request, _("The study's title and wave are saved."))
    else:
        messages.error(request, _form_errors(form))
    return redirect(_workspace(cluster))


@login_required
def section_edit(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    cluster, rights = get_cluster_for_user(request.user, slug, Action.EDIT)
    if key not in SectionKey.values:
        raise Http404
    record = services.sections_of(cluster).get(key)
    form = SectionForm(request.POST or None, initial={"text": record.text if record else ""})
    if request.method == "POST" and form.is_valid():
        services.save_section(cluster, key, form.cleaned_data["text"], by=_user(request))
        messages.success(request, _("Section saved."))
        return redirect(_workspace(cluster, f"section-{key}"))
    context = {
        "cluster": cluster,
        "rights": rights,
        "form": form,
        "title": SectionKey(key).label,
        "key": key,
        "record": record,
    }
    return render(request, "diagnostics/section_edit.html", context)


@login_required
@require_POST
def finding_add(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, _rights = get_cluster_for_user(request.user, slug, Action.EDIT)
    form = FindingForm(request.POST)
    if form.is_valid():
        finding = services.add_finding(
            cluster,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            evidence=form.cleaned_data["evidence"],
            by=_user(request),
        )
        messages.success(request, _("%(kind)s added.") % {"kind": finding.get_kind_display()})
        anchor = "leverage-points" if finding.kind == Finding.Kind.LEVERAGE_POINT else "swot"
        return redirect(_workspace(cluster, anchor))
    messages.error(request, _form_errors(form))
    return redirect(_workspace(cluster, "swot"))


@login_required
def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    finding, rights = get_finding_for_user(request.user, pk)
    form = FindingForm(request.POST or None, instance=finding)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Finding saved."))
        return redirect(_workspace(finding.cluster, f"finding-{finding.pk}"))
    context = {"cluster": finding.cluster, "rights": rights, "form": form, "finding": finding}
    return render(request, "diagnostics/finding_edit.html", context)


@login_required
@require_POST
def finding_delete(request: HttpRequest, pk: int) -> HttpResponse:
    finding, _rights = get_finding_for_user(request.user, pk)
    cluster = finding.cluster
    try:
        finding.delete()
    except ProtectedError:  # the action plan may protect the findings its joint actions answer
        messages.error(
            request, _("This finding is answered by the action plan and cannot be deleted.")
        )
        return redirect(_workspace(cluster, f"finding-{pk}"))
    messages.success(request, _("Finding deleted."))
    return redirect(_workspace(cluster, "swot"))


@login_required
@require_POST
def finding_move(request: HttpRequest, pk: int) -> HttpResponse:
    finding, _rights = get_finding_for_user(request.user, pk)
    services.move_finding(finding, up=request.POST.get("direction") == "up")
    return redirect(_workspace(finding.cluster, f"finding-{finding.pk}"))


@login_required
@require_POST
def baseline_recompute(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, _rights = get_cluster_for_user(request.user, slug, Action.EDIT)
    chosen = request.POST.get("wave", "")
    if chosen:
        # A follow-up wave's values, for the evaluation: only a wave of this cluster.
        number = int(chosen) if chosen.isdecimal() else 0
        wave = SurveyWave.objects.filter(cluster=cluster, pk=number).first()
        if wave is None:
            raise Http404
    else:
        wave = services.figures_wave(services.diagnostic_of(cluster))
    if wave is None:
        messages.error(request, _("There is no survey wave to compute the baseline from."))
        return redirect(_workspace(cluster, "section-baseline"))
    done = baseline.recompute(cluster, wave, by=_user(request))
    message = _("%(n)d baseline value(s) computed from %(wave)s.") % {
        "n": done.written,
        "wave": wave.name,
    }
    if done.kept_manual:
        message += " " + _("Values entered by hand were kept for %(codes)s.") % {
            "codes": ", ".join(done.kept_manual)
        }
    messages.success(request, message)
    if chosen:
        return redirect(reverse("surveys", args=[cluster.slug]) + f"#wave-{wave.pk}")
    return redirect(_workspace(cluster, "section-baseline"))


@login_required
def baseline_add(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, rights = get_cluster_for_user(request.user, slug, Action.EDIT)
    return _baseline_form(request, cluster, rights, None)


@login_required
def baseline_edit(request: HttpRequest, pk: int) -> HttpResponse:
    value, rights = get_baseline_value_for_user(request.user, pk)
    return _baseline_form(request, value.cluster, rights, value)


def _baseline_form(request: HttpRequest, cluster: Cluster, rights: Any, value: Any) -> HttpResponse:
    form = BaselineValueForm(request.POST or None, instance=value, cluster=cluster)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.computed = False
        saved.updated_by = _user(request)
        saved.save()
        messages.success(request, _("Baseline value saved."))
        return redirect(_workspace(cluster, "section-baseline"))
    context = {"cluster": cluster, "rights": rights, "form": form, "value": value}
    return render(request, "diagnostics/baseline_edit.html", context)


@login_required
@require_POST
def baseline_delete(request: HttpRequest, pk: int) -> HttpResponse:
    value, _rights = get_baseline_value_for_user(request.user, pk)
    value.delete()
    messages.success(request, _("Baseline value deleted."))
    return redirect(_workspace(value.cluster, "section-baseline"))


# --- Report ------------------------------------------------------------------------------------


@login_required
def report_page(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, rights = get_cluster_for_user(request.user, slug)
    diagnostic = services.diagnostic_of(cluster)
    context = report.study(diagnostic)
    context.update({"rights": rights, "endorsement": services.endorsement(diagnostic)})
    return render(request, "diagnostics/report.html", context)


@login_required
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, _rights = get_cluster_for_user(request.user, slug)
    pdf = report.report_pdf(report.study(services.diagnostic_of(cluster)))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="diagnostic-{cluster.slug}.pdf"'
    return response


@login_required
@require_POST
def report_submit(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, _rights = get_cluster_for_user(request.user, slug, Action.EDIT)
    diagnostic = services.diagnostic_of(cluster)
    context = report.study(diagnostic)
    try:
        version = services.submit_report(
            diagnostic,
            by=_user(request),
            text=report.report_text(context),
            pdf=report.report_pdf(context),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_workspace(cluster, "endorsement"))
    messages.success(
        request,
        _(
            "Version %(number)s of the diagnostic was submitted to the Cluster Commission for "
            "endorsement."
        )
        % {"number": version.number},
    )
    return redirect(_workspace(cluster, "endorsement"))
