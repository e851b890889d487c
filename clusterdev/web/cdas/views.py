from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import BaseForm
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterdev.web.actors.models import AttendeeSex, StakeholderGroup
from clusterdev.web.cdas import services
from clusterdev.web.cdas.access import (
    get_activity_for_user,
    get_appointment_for_user,
    get_profile_for_user,
    get_report_for_user,
    get_training_for_user,
)
from clusterdev.web.cdas.forms import (
    SEX_ORDER,
    ActivityForm,
    AppointForm,
    AppointmentForm,
    FeedbackForm,
    HandOverForm,
    ProfileForm,
    ReportForm,
    RosterAddForm,
    SelfProfileForm,
    TrainingForm,
)
from clusterdev.web.cdas.models import Activity, ActivityKind, Appointment, CdaReport
from clusterdev.web.governance.models import DocumentVersion
from clusterdev.web.governance.services import pending_versions
from clusterdev.web.lib.export import FORMATS, table_response
from clusterdev.web.lib.files import stored_file_response
from clusterdev.web.lib.history import audit_trail
from clusterdev.web.programmes.access import (
    Action,
    get_cluster_for_user,
    get_programme_for_user,
)
from clusterdev.web.programmes.models import Cluster, Programme

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every view is behind login_required
    return request.user


def _form_error(form: BaseForm, error: services.CdaInputError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error))


# --- Programme: roster and oversight -------------------------------------------------------------


@login_required
def roster(request: HttpRequest, slug: str) -> HttpResponse:
    programme, rights = get_programme_for_user(request.user, slug, Action.VIEW_PERSONAL)
    context = {"programme": programme, "rights": rights, "entries": services.roster(programme)}
    return render(request, "cdas/roster.html", context)


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


@login_required
def roster_add(request: HttpRequest, slug: str) -> HttpResponse:
    programme, _rights = get_programme_for_user(request.user, slug, Action.MANAGE_CDAS)
    form = RosterAddForm(request.POST or None)
    form.programme = programme
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            if data["new_account"]:
                user = User.objects.create_user(
                    data["username"].strip(),
                    data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                )  # no password: a platform administrator gives one
            else:
                user = User.objects.get(username=data["username"].strip())
            profile = services.add_to_roster(
                programme, user, phone=data["phone"], languages=data["languages"]
            )
        messages.success(
            request,
            _("%(name)s is on the roster of %(programme)s.")
            % {"name": profile.name, "programme": programme.name},
        )
        return redirect(_next_url(request, profile.get_absolute_url()))
    context = {"programme": programme, "form": form, "next": _next_url(request, "")}
    return render(request, "cdas/roster_add.html", context, status=400 if form.errors else 200)


def _pending_endorsements(programme: Programme) -> list[DocumentVersion]:
    scopes: list[Programme | Cluster] = [programme, *programme.clusters.order_by("name")]
    return [version for scope in scopes for version in pending_versions(scope)]


@login_required
def oversight(request: HttpRequest, slug: str) -> HttpResponse:
    programme, rights = get_programme_for_user(request.user, slug, Action.MANAGE_CDAS)
    context = {
        "programme": programme,
        "rights": rights,
        "today": services.today(),
        "overviews": services.oversight(programme),
        "awaiting_feedback": services.awaiting_feedback(programme),
        "grace_days": services.REPORT_GRACE_DAYS,
        # Documents of the programme and its clusters whose latest version awaits endorsement.
        "pending_endorsements": _pending_endorsements(programme),
    }
    return render(request, "cdas/oversight.html", context)


# --- Profiles and trainings ----------------------------------------------------------------------


@login_required
def profile(request: HttpRequest, pk: int) -> HttpResponse:
    profile, rights = get_profile_for_user(request.user, pk)
    visible = Cluster.objects.visible_to(request.user)
    appointments = Appointment.objects.filter(cda=profile.user, cluster__in=visible)
    appointments = appointments.select_related("cluster")
    context = {
        "profile": profile,
        "rights": rights,
        "is_self": profile.user_id == request.user.pk,
        "programmes": profile.programmes.filter(
            pk__in=Programme.objects.visible_to(request.user).values("pk")
        ),
        "appointments": appointments,
        "trainings": profile.trainings.all(),
        "trail": audit_trail(profile) if rights.can_view_history else None,
    }
    return render(request, "cdas/profile.html", context)


@login_required
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    profile, rights = get_profile_for_user(request.user, pk, Action.EDIT)
    form_class = ProfileForm if rights.can_manage_cdas else SelfProfileForm
    form = form_class(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("Profile saved."))
        return redirect(profile)
    context = {"profile": profile, "form": form, "full": rights.can_manage_cdas}
    return render(request, "cdas/profile_edit.html", context, status=400 if form.errors else 200)


@login_required
def training_add(request: HttpRequest, pk: int) -> HttpResponse:
    profile, _rights = get_profile_for_user(request.user, pk, Action.EDIT)
    form = TrainingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        training = form.save(commit=False)
        training.profile = profile
        training.save()
        messages.success(request, _("Training added."))
        return redirect(profile)
    context = {"profile": profile, "form": form}
    return render(request, "cdas/training_add.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def training_delete(request: HttpRequest, pk: int) -> HttpResponse:
    training, _rights = get_training_for_user(request.user, pk, Action.EDIT)
    profile = training.profile
    training.delete()
    messages.success(request, _("Training removed."))
    return redirect(profile)


@login_required
def training_certificate(request: HttpRequest, pk: int) -> FileResponse:
    training, _rights = get_training_for_user(request.user, pk)
    return stored_file_response(training.certificate)


# --- Appointments --------------------------------------------------------------------------------


@login_required
def cluster_cda(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, rights = get_cluster_for_user(request.user, slug)
    current = services.cluster_cdas(cluster)
    reports = CdaReport.objects.filter(cluster=cluster).select_related("cda")
    if not rights.can_edit:
        reports = reports.filter(status=CdaReport.Status.SUBMITTED)
    context = {
        "cluster": cluster,
        "rights": rights,
        "current": current,
        "schedules": [
            (c, services.report_schedule(c.appointment)) for c in current if c.appointment
        ],
        "appointments": Appointment.objects.filter(cluster=cluster).select_related(
            "cda", "appointed_by"
        ),
        "reports": reports,
        "can_have_cda": services.can_have_cda(cluster),
        "grace_days": services.REPORT_GRACE_DAYS,
    }
    return render(request, "cdas/cluster_cda.html", context)


@login_required
def appoint(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, _rights = get_cluster_for_user(request.user, slug, Action.MANAGE_CDAS)
    form = AppointForm(request.POST or None, request.FILES or None, cluster=cluster)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = services.appoint(
                cluster,
                cda=data["cda"],
                start=data["start"],
                by=_user(request),
                terms_of_reference=data["terms_of_reference"],
                terms_file=data["terms_file"],
                reporting_frequency=data["reporting_frequency"],
                start_diagnostic=data.get("start_diagnostic", False),
            )
        except services.CdaInputError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("%(cda)s is the CDA of %(cluster)s from %(start)s.")
                % {
                    "cda": appointment.cda_name,
                    "cluster": cluster.name,
                    "start": appointment.start.isoformat(),
                },
            )
            if data.get("start_diagnostic"):
                messages.success(request, _("The cluster's diagnostic has started."))
            return redirect("cluster-cda", cluster.slug)
    context = {
        "cluster": cluster,
        "form": form,
        "can_have_cda": services.can_have_cda(cluster),
        "current": services.current_cda(cluster),
    }
    return render(request, "cdas/appoint.html", context, status=400 if form.errors else 200)


@login_required
def hand_over(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, _rights = get_cluster_for_user(request.user, slug, Action.MANAGE_CDAS)
    outgoing = services.current_cda(cluster)
    if outgoing is None:
        messages.error(request, _("The cluster has no CDA yet: appoint one."))
        return redirect("cda-appoint", cluster.slug)
    form = HandOverForm(
        request.POST or None, request.FILES or None, cluster=cluster, outgoing=outgoing
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appointment = services.hand_over(
                cluster,
                incoming=data["incoming"],
                on=data["on"],
                note=data["note"],
                by=_user(request),
                outgoing_start=data.get("outgoing_start"),
                terms_of_reference=data["terms_of_reference"],
                terms_file=data["terms_file"],
                reporting_frequency=data["reporting_frequency"],
            )
        except services.CdaInputError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("%(outgoing)s handed %(cluster)s over to %(incoming)s on %(on)s.")
                % {
                    "outgoing": outgoing.name,
                    "cluster": cluster.name,
                    "incoming": appointment.cda_name,
                    "on": appointment.start.isoformat(),
                },
            )
            return redirect("cluster-cda", cluster.slug)
    context = {"cluster": cluster, "form": form, "outgoing": outgoing}
    return render(request, "cdas/hand_over.html", context, status=400 if form.errors else 200)


@login_required
def appointment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    appointment, _rights = get_appointment_for_user(request.user, pk, Action.MANAGE_CDAS)
    form = AppointmentForm(request.POST or None, request.FILES or None, instance=appointment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_appointment(
                appointment,
                start=data["start"],
                terms_of_reference=data["terms_of_reference"],
                reporting_frequency=data["reporting_frequency"],
                terms_file=request.FILES.get("terms_file"),
            )
        except services.CdaInputError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Appointment saved."))
            return redirect("cluster-cda", appointment.cluster.slug)
    context = {"appointment": appointment, "cluster": appointment.cluster, "form": form}
    return render(
        request, "cdas/appointment_edit.html", context, status=400 if form.errors else 200
    )


@login_required
def appointment_terms(request: HttpRequest, pk: int) -> FileResponse:
    appointment, _rights = get_appointment_for_user(request.user, pk)
    return stored_file_response(appointment.terms_file)


# --- Activities ----------------------------------------------------------------------------------

EXPORT_COLUMNS = ["id", "date", "kind", "place", "purpose", "outcome", "follow_up", "actors"]


def _export(cluster: Cluster, activities: Any, fmt: str) -> HttpResponse:
    cells = [(g, s) for g in StakeholderGroup.values for s in SEX_ORDER]
    header = [*EXPORT_COLUMNS, *(f"participants_{g}_{s}" for g, s in cells), "participants"]
    rows = []
    for a in activities.prefetch_related("actors", "participants"):
        counts = {(p.group, p.sex): p.count for p in a.participants.all()}
        rows.append(
            [
                a.pk,
                a.date.isoformat(),
                a.kind,
                a.place,
                a.purpose,
                a.outcome,
                a.follow_up,
                "; ".join(actor.name for actor in a.actors.all()),
                *(counts.get(cell, 0) for cell in cells),
                sum(counts.values()),
            ]
        )
    return table_response(f"activities-{cluster.slug}", header, rows, fmt)


@login_required
def activities(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, rights = get_cluster_for_user(request.user, slug)
    log = Activity.objects.filter(cluster=cluster).select_related("cda")
    log = log.prefetch_related("participants")
    kind = request.GET.get("kind", "")
    if kind in ActivityKind.values:
        log = log.filter(kind=kind)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        if not rights.can_export:
            raise PermissionDenied
        return _export(cluster, log, fmt)
    context = {
        "cluster": cluster,
        "rights": rights,
        "page": Paginator(log, PAGE_SIZE).get_page(request.GET.get("page")),
        "kind": kind,
        "kinds": ActivityKind.choices,
        "summary": services.summarise(log),
        "sexes": AttendeeSex.choices,
        "months": services.monthly_counts(log, until=services.today()),
    }
    return render(request, "cdas/activities.html", context)


def _save_activity(form: ActivityForm, *, cda: User, with_people: bool) -> Activity | None:
    activity: Activity = form.instance
    if not activity.pk:
        activity.cda = cda
    try:
        return services.save_activity(
            activity,
            actors=form.cleaned_data["actors"],
            people=form.cleaned_data.get("people") if with_people else None,
            participants=form.participant_counts(),
        )
    except services.CdaInputError as error:
        _form_error(form, error)
        return None


@login_required
def activity_log(request: HttpRequest, slug: str) -> HttpResponse:
    """The quick entry page: light, usable on a phone and without JavaScript."""
    cluster, rights = get_cluster_for_user(request.user, slug, Action.EDIT)
    form = ActivityForm(request.POST or None, cluster=cluster)
    if request.method == "POST" and form.is_valid():
        activity = _save_activity(form, cda=_user(request), with_people=False)
        if activity is not None:
            return redirect(
                f"{reverse('cda-activity-log', args=[cluster.slug])}?saved={activity.pk}"
            )
    saved = None
    if request.method == "GET" and request.GET.get("saved", "").isdecimal():
        saved = Activity.objects.filter(cluster=cluster, pk=int(request.GET["saved"])).first()
    context = {
        "cluster": cluster,
        "rights": rights,
        "form": form,
        "saved": saved,
        "rows": form.participant_rows(),
        "sexes": [AttendeeSex(s).label for s in SEX_ORDER],
    }
    return render(request, "cdas/activity_log.html", context, status=400 if form.errors else 200)


@login_required
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    activity, rights = get_activity_for_user(request.user, pk)
    context = {
        "activity": activity,
        "cluster": activity.cluster,
        "rights": rights,
        "actors": activity.actors.all(),
        "people": activity.people.select_related("actor") if rights.can_view_personal else None,
        "by_group": services.participants_by_group(Activity.objects.filter(pk=activity.pk)),
        "by_sex": services.participants_by_sex(Activity.objects.filter(pk=activity.pk)),
        "trail": audit_trail(activity) if rights.can_view_history else None,
    }
    return render(request, "cdas/activity.html", context)


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity, rights = get_activity_for_user(request.user, pk, Action.EDIT)
    with_people = rights.can_view_personal
    form = ActivityForm(
        request.POST or None, instance=activity, cluster=activity.cluster, with_people=with_people
    )
    if request.method == "POST" and form.is_valid():
        saved = _save_activity(form, cda=activity.cda, with_people=with_people)
        if saved is not None:
            messages.success(request, _("Activity saved."))
            return redirect(saved)
    context = {
        "activity": activity,
        "cluster": activity.cluster,
        "form": form,
        "rows": form.participant_rows(),
        "sexes": [AttendeeSex(s).label for s in SEX_ORDER],
    }
    return render(request, "cdas/activity_edit.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity, _rights = get_activity_for_user(request.user, pk, Action.EDIT)
    cluster = activity.cluster
    activity.delete()
    messages.success(request, _("Activity deleted."))
    return redirect("cda-activities", cluster.slug)


# --- Reports -------------------------------------------------------------------------------------


def _period_from_query(request: HttpRequest) -> dict[str, date]:
    initial = {}
    for name in ("period_start", "period_end"):
        try:
            initial[name] = date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            continue
    return initial


def _save_report_form(request: HttpRequest, form: ReportForm) -> CdaReport | None:
    try:
        return services.save_report(form.instance, submit="submit" in request.POST)
    except services.CdaInputError as error:
        _form_error(form, error)
        return None


def _report_saved_message(request: HttpRequest, report: CdaReport) -> None:
    if report.is_submitted:
        messages.success(request, _("Report submitted to the coordinator."))
    else:
        messages.success(request, _("Draft saved."))


@login_required
def report_new(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, _rights = get_cluster_for_user(request.user, slug, Action.EDIT)
    try:
        cda = services.report_cda(cluster, _user(request))
    except services.CdaInputError as error:
        messages.error(request, str(error))
        return redirect("cluster-cda", cluster.slug)
    report = CdaReport(cluster=cluster, cda=cda)
    form = ReportForm(request.POST or None, instance=report, initial=_period_from_query(request))
    if request.method == "POST" and form.is_valid():
        saved = _save_report_form(request, form)
        if saved is not None:
            _report_saved_message(request, saved)
            return redirect(saved)
    context = {"cluster": cluster, "form": form, "cda": cda, "report": None}
    return render(request, "cdas/report_edit.html", context, status=400 if form.errors else 200)


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    report, rights = get_report_for_user(request.user, pk)
    period = services.activities_between(
        cluster=report.cluster, start=report.period_start, end=report.period_end
    )
    context = {
        "report": report,
        "cluster": report.cluster,
        "rights": rights,
        "summary": services.summarise(period),
        "activities": period.order_by("date", "id"),
        "feedback_form": FeedbackForm(initial={"feedback": report.feedback})
        if rights.can_manage_cdas and report.is_submitted
        else None,
        "trail": audit_trail(report) if rights.can_view_history else None,
    }
    return render(request, "cdas/report.html", context)


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report, _rights = get_report_for_user(request.user, pk, Action.EDIT)
    if report.is_submitted:
        messages.error(request, _("This report was submitted; it can no longer be changed."))
        return redirect(report)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        saved = _save_report_form(request, form)
        if saved is not None:
            _report_saved_message(request, saved)
            return redirect(saved)
    context = {"cluster": report.cluster, "form": form, "cda": report.cda, "report": report}
    return render(request, "cdas/report_edit.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report, _rights = get_report_for_user(request.user, pk, Action.EDIT)
    try:
        services.submit_report(report)
    except services.CdaInputError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Report submitted to the coordinator."))
    return redirect(report)


@login_required
@require_POST
def report_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    report, _rights = get_report_for_user(request.user, pk, Action.MANAGE_CDAS)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the feedback."))
        return redirect(report)
    try:
        services.give_feedback(report, text=form.cleaned_data["feedback"], by=_user(request))
    except services.CdaInputError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Feedback saved."))
    return redirect(report)


@login_required
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report, _rights = get_report_for_user(request.user, pk, Action.MANAGE_CDAS)
    try:
        services.return_report(report)
    except services.CdaInputError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Report returned to the CDA as a draft."))
    return redirect(report)
