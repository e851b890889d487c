from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterdev.web.governance.access import visible_clusters
from clusterdev.web.governance.models import Meeting
from clusterdev.web.lib.files import stored_file_response
from clusterdev.web.lib.history import audit_trail
from clusterdev.web.plans import services
from clusterdev.web.plans.access import (
    designatable_users,
    get_action_for_user,
    get_action_to_update,
    get_evidence_for_user,
    get_revision_for_user,
    get_vision_for_user,
    may_update,
)
from clusterdev.web.plans.exports import revision_pdf, revision_xlsx
from clusterdev.web.plans.forms import (
    ActionForm,
    DropForm,
    EditorsForm,
    FilterForm,
    MilestoneFormSet,
    ProgressForm,
    RevisionForm,
    VisionForm,
    milestones_of,
)
from clusterdev.web.plans.models import (
    SOURCES,
    JointAction,
    PlanRevision,
    Source,
    Vision,
)
from clusterdev.web.programmes.access import (
    Action,
    Rights,
    get_cluster_for_user,
    get_programme_for_user,
)
from clusterdev.web.programmes.models import Cluster


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every view is behind login_required
    return request.user


def _add_errors(form: Any, error: ValidationError) -> None:
    """Put a service ``ValidationError`` on ``form``, by field where the form has it."""
    for name, errors in services.error_fields(error).items():
        form.add_error(name if name in form.fields else None, errors)


def _locked(request: HttpRequest, record: Vision | PlanRevision) -> HttpResponse | None:
    """A redirect with the reason when ``record`` may not change now (None when it may)."""
    reason = record.lock_reason()
    if reason is None:
        return None
    if isinstance(record, Vision):  # a revision's page states the reason itself
        messages.error(request, reason)
    return redirect(record)


def _commission_meetings(cluster: Cluster) -> Any:
    """The Cluster Commission's latest held meetings, where an endorsement is recorded."""
    commission = services.commission_of(cluster)
    if commission is None:
        return []
    return Meeting.objects.filter(body=commission, status=Meeting.Status.HELD).order_by("-date")[:5]


def _sources() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Source.choices]


# --- Cluster page ------------------------------------------------------------------------------


@login_required
def cluster_plan(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, rights = get_cluster_for_user(request.user, slug)
    plan = getattr(cluster, "action_plan", None)
    visions = list(Vision.objects.filter(cluster=cluster).order_by("-number"))
    for vision in visions:
        vision.status = vision.governance_state()  # shown as governance has it; not saved
    current = services.in_force(plan)
    revisions = list(plan.revisions.order_by("-number")) if plan else []
    latest = revisions[0] if revisions else None
    may_start = rights.can_edit and (latest is None or latest.is_endorsed)
    context = {
        "cluster": cluster,
        "programme": cluster.programme,
        "rights": rights,
        "visions": visions,
        "vision": visions[0] if visions else None,
        "revisions": revisions,
        "current": current,
        "dashboard": services.dashboard(cluster),
        "sources": _sources(),
        "revision_form": RevisionForm(cluster=cluster) if may_start else None,
        "latest": latest,
    }
    return render(request, "plans/cluster.html", context)


# --- Vision ------------------------------------------------------------------------------------


def _vision_form_page(
    request: HttpRequest, cluster: Cluster, form: VisionForm, vision: Vision | None, status: int
) -> HttpResponse:
    return render(
        request,
        "plans/vision_edit.html",
        {"cluster": cluster, "programme": cluster.programme, "form": form, "vision": vision},
        status=status,
    )


@login_required
def vision_add(request: HttpRequest, slug: str) -> HttpResponse:
    """A new version of the cluster's vision (starting from the latest one)."""
    cluster, _rights = get_cluster_for_user(request.user, slug, Action.EDIT)
    if request.method != "POST":
        form = VisionForm(initial=VisionForm.initial_from(services.latest_vision(cluster)))
        return _vision_form_page(request, cluster, form, None, 200)
    form = VisionForm(request.POST)
    if form.is_valid():
        try:
            vision = services.save_vision(
                cluster,
                statement=form.cleaned_data["statement"],
                proposed_by=form.cleaned_data["proposed_by"],
                on=form.cleaned_data["date"],
                objectives=form.objective_lines(),
                by=_user(request),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Version %(n)s of the vision saved.") % {"n": vision.number}
            )
            return redirect(vision)
    return _vision_form_page(request, cluster, form, None, 400)


@login_required
def vision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    vision, _rights = get_vision_for_user(request.user, pk, Action.EDIT)
    locked = _locked(request, vision)
    if locked is not None:
        return locked
    if request.method != "POST":
        form = VisionForm(initial=VisionForm.initial_from(vision) | {"date": vision.date})
        return _vision_form_page(request, vision.cluster, form, vision, 200)
    form = VisionForm(request.POST)
    if form.is_valid():
        try:
            services.save_vision(
                vision.cluster,
                statement=form.cleaned_data["statement"],
                proposed_by=form.cleaned_data["proposed_by"],
                on=form.cleaned_data["date"],
                objectives=form.objective_lines(),
                by=_user(request),
                vision=vision,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Vision saved."))
            return redirect(vision)
    return _vision_form_page(request, vision.cluster, form, vision, 400)


@login_required
def vision(request: HttpRequest, pk: int) -> HttpResponse:
    vision, rights = get_vision_for_user(request.user, pk)
    vision.status = vision.governance_state()  # shown as governance has it; not saved
    from clusterdev.web.governance.services import endorsement_of, versions_of

    context = {
        "vision": vision,
        "cluster": vision.cluster,
        "programme": vision.cluster.programme,
        "rights": rights,
        "objectives": vision.objectives.all(),
        "endorsement": endorsement_of(vision),
        "submitted": versions_of(vision).first(),
        "meetings": _commission_meetings(vision.cluster),
        "trail": audit_trail(vision) if rights.can_view_history else None,
    }
    return render(request, "plans/vision.html", context)


def _submit(request: HttpRequest, record: Vision | PlanRevision) -> HttpResponse:
    try:
        version = services.submit(record, by=_user(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(record)
    messages.success(
        request,
        _(
            "Submitted to the Cluster Commission as %(version)s. It can no longer change; a "
            "Commission member records the endorsement at a held meeting."
        )
        % {"version": str(version)},
    )
    return redirect(record)


def _withdraw(request: HttpRequest, record: Vision | PlanRevision) -> HttpResponse:
    try:
        services.withdraw(record)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Withdrawn from endorsement; it can be changed again."))
    return redirect(record)


@login_required
@require_POST
def vision_submit(request: HttpRequest, pk: int) -> HttpResponse:
    vision, _rights = get_vision_for_user(request.user, pk, Action.EDIT)
    return _submit(request, vision)


@login_required
@require_POST
def vision_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    vision, _rights = get_vision_for_user(request.user, pk, Action.EDIT)
    return _withdraw(request, vision)


# --- Plan revisions ----------------------------------------------------------------------------


@login_required
@require_POST
def revision_start(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, _rights = get_cluster_for_user(request.user, slug, Action.EDIT)
    form = RevisionForm(request.POST, cluster=cluster)
    if not form.is_valid():
        messages.error(request, _("Choose a vision version of this cluster."))
        return redirect("plans-cluster", cluster.slug)
    try:
        revision = services.start_revision(
            cluster,
            by=_user(request),
            note=form.cleaned_data["note"],
            vision=form.cleaned_data["vision"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("plans-cluster", cluster.slug)
    if revision.number == 1:
        messages.success(request, _("Revision 1 started: add its joint actions."))
    else:
        messages.success(
            request,
            _("Revision %(n)s started as a copy of revision %(prev)s: change it from here.")
            % {"n": revision.number, "prev": revision.number - 1},
        )
    return redirect(revision)


def _revision_context(
    request: HttpRequest, revision: PlanRevision, rights: Rights
) -> dict[str, Any]:
    from clusterdev.web.governance.services import endorsement_of, versions_of

    revision.status = revision.governance_state()  # shown as governance has it; not saved
    rows = services.revision_rows(revision)
    leads = sorted(
        {(r.action.lead_actor_id, r.action.lead_actor.name) for r in rows}, key=lambda lead: lead[1]
    )
    filters = FilterForm(request.GET or None, leads=leads)
    cluster = revision.plan.cluster
    return {
        "revision": revision,
        "cluster": cluster,
        "programme": cluster.programme,
        "rights": rights,
        "rows": services.filter_rows(rows, **filters.values()),
        "all_rows": rows,
        "filters": filters,
        "lock_reason": revision.lock_reason(),
        "endorsement": endorsement_of(revision),
        "submitted": versions_of(revision).first(),
        "previous": revision.previous(),
        "next": revision.plan.revisions.filter(number=revision.number + 1).first(),
        "meetings": _commission_meetings(cluster),
        "revisions": revision.plan.revisions.order_by("-number"),
        "sources": _sources(),
    }


@login_required
def revision(request: HttpRequest, pk: int) -> HttpResponse:
    revision, rights = get_revision_for_user(request.user, pk)
    context = _revision_context(request, revision, rights)
    context["trail"] = audit_trail(revision) if rights.can_view_history else None
    return render(request, "plans/revision.html", context)


@login_required
def revision_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    revision, rights = get_revision_for_user(request.user, pk)
    context = _revision_context(request, revision, rights)
    context["timeline"] = services.timeline(context["rows"])
    return render(request, "plans/timeline.html", context)


@login_required
def revision_compare(request: HttpRequest, pk: int) -> HttpResponse:
    revision, rights = get_revision_for_user(request.user, pk)
    previous = revision.previous()
    context = {
        "revision": revision,
        "cluster": revision.plan.cluster,
        "programme": revision.plan.cluster.programme,
        "rights": rights,
        "previous": previous,
        "comparison": services.compare(previous, revision) if previous else None,
    }
    return render(request, "plans/compare.html", context)


@login_required
@require_POST
def revision_submit(request: HttpRequest, pk: int) -> HttpResponse:
    revision, _rights = get_revision_for_user(request.user, pk, Action.EDIT)
    return _submit(request, revision)


@login_required
@require_POST
def revision_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    revision, _rights = get_revision_for_user(request.user, pk, Action.EDIT)
    return _withdraw(request, revision)


@login_required
def revision_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    revision, _rights = get_revision_for_user(request.user, pk, Action.EXPORT)
    name = f"action-plan-{revision.plan.cluster.slug}-revision-{revision.number}"
    if fmt == "xlsx":
        response = HttpResponse(
            revision_xlsx(revision),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    elif fmt == "pdf":
        response = HttpResponse(revision_pdf(revision), content_type="application/pdf")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# --- Joint actions -----------------------------------------------------------------------------


def _action_form_page(
    request: HttpRequest,
    revision: PlanRevision,
    form: ActionForm,
    milestones: Any,
    action: JointAction | None,
    status: int,
) -> HttpResponse:
    context = {
        "revision": revision,
        "cluster": revision.plan.cluster,
        "programme": revision.plan.cluster.programme,
        "form": form,
        "milestones": milestones,
        "action": action,
        "budget_fields": [form[f"budget_{s}"] for s in SOURCES],
    }
    return render(request, "plans/action_edit.html", context, status=status)


def _save_action(
    request: HttpRequest, revision: PlanRevision, action: JointAction | None
) -> HttpResponse:
    cluster = revision.plan.cluster
    form = ActionForm(request.POST, cluster=cluster)
    milestones = MilestoneFormSet(request.POST, prefix="milestones")
    if form.is_valid() and milestones.is_valid():
        try:
            saved = services.save_action(
                revision, form.data_for_service(milestones_of(milestones)), action=action
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("%(title)s saved.") % {"title": saved.title})
            return redirect(revision)
    elif not milestones.is_valid():
        form.add_error(None, _("Give each milestone a title and a date."))
    return _action_form_page(request, revision, form, milestones, action, 400)


@login_required
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    revision, _rights = get_revision_for_user(request.user, pk, Action.EDIT)
    locked = _locked(request, revision)
    if locked is not None:
        return locked
    if request.method == "POST":
        return _save_action(request, revision, None)
    form = ActionForm(cluster=revision.plan.cluster)
    milestones = MilestoneFormSet(prefix="milestones")
    return _action_form_page(request, revision, form, milestones, None, 200)


@login_required
def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action, _rights = get_action_for_user(request.user, pk, Action.EDIT)
    revision = action.revision
    locked = _locked(request, revision)
    if locked is not None:
        return locked
    if request.method == "POST":
        return _save_action(request, revision, action)
    form = ActionForm(initial=ActionForm.initial_from(action), cluster=revision.plan.cluster)
    milestones = MilestoneFormSet(
        prefix="milestones",
        initial=[{"title": m.title, "date": m.date} for m in action.milestones.all()],
    )
    return _action_form_page(request, revision, form, milestones, action, 200)


@login_required
@require_POST
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    action, _rights = get_action_for_user(request.user, pk, Action.EDIT)
    revision = action.revision
    form = DropForm(request.POST)
    form.is_valid()
    try:
        services.delete_action(action, reason=form.cleaned_data.get("reason", ""))
    except (ValidationError, ProtectedError) as error:
        text = (
            " ".join(error.messages) if isinstance(error, ValidationError) else _("It is in use.")
        )
        messages.error(request, text)
        return redirect(action)
    messages.success(request, _("%(title)s taken out of this revision.") % {"title": action.title})
    return redirect(revision)


def _action_page(
    request: HttpRequest,
    action: JointAction,
    rights: Rights,
    *,
    progress_form: ProgressForm | None = None,
    editors_form: EditorsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    revision = action.revision
    cluster = revision.plan.cluster
    can_update = may_update(user, action, rights)
    rows = services.revision_rows(revision)
    row = next((r for r in rows if r.action.pk == action.pk), None)
    if can_update and progress_form is None:
        progress_form = ProgressForm(action=action, initial={"status": row.status if row else ""})
    editors = services.editors_of(action)
    if rights.can_edit and editors_form is None:
        editors_form = EditorsForm(
            users=designatable_users(cluster), initial={"editors": list(editors)}
        )
    context = {
        "action": action,
        "row": row,
        "revision": revision,
        "cluster": cluster,
        "programme": cluster.programme,
        "rights": rights,
        "lock_reason": revision.lock_reason(),
        "budget": [
            (label, action.budget()[value], action.shares().get(value), row.actual[value])
            for value, label in _sources()
        ]
        if row
        else [],
        "updates": services.updates_of(action),
        "editors": editors if rights.can_view_personal else None,
        "progress_form": progress_form if can_update else None,
        "editors_form": editors_form if rights.can_edit else None,
        "drop_form": DropForm() if rights.can_edit else None,
        "in_previous": bool(
            revision.previous() and revision.previous().actions.filter(key=action.key).exists()  # type: ignore[union-attr]
        ),
        "trail": audit_trail(action) if rights.can_view_history else None,
    }
    return render(request, "plans/action.html", context, status=status)


@login_required
def action(request: HttpRequest, pk: int) -> HttpResponse:
    action, rights = get_action_for_user(request.user, pk)
    return _action_page(request, action, rights)


@login_required
@require_POST
def action_editors(request: HttpRequest, pk: int) -> HttpResponse:
    action, rights = get_action_for_user(request.user, pk, Action.EDIT)
    form = EditorsForm(request.POST, users=designatable_users(action.revision.plan.cluster))
    if form.is_valid():
        try:
            services.set_editors(action, form.cleaned_data["editors"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Designated editors saved."))
            return redirect(action)
    return _action_page(request, action, rights, editors_form=form, status=400)


@login_required
@require_POST
def progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    action, rights = get_action_to_update(request.user, pk)
    form = ProgressForm(request.POST, request.FILES, action=action)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_progress(
                action,
                on=data["date"],
                status=data["status"],
                text=data["text"],
                by=_user(request),
                progress=data.get("progress"),
                reason=data.get("reason", ""),
                issues=data.get("issues", ""),
                resolution=data.get("resolution", ""),
                participants=list(data.get("participants") or []),
                cofinancing={s: data.get(f"actual_{s}") or Decimal(0) for s in SOURCES},
                files=data.get("evidence") or [],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Progress recorded."))
            return redirect(action)
    return _action_page(request, action, rights, progress_form=form, status=400)


@login_required
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    item, _rights = get_evidence_for_user(request.user, pk)
    return stored_file_response(item.file, filename=item.name, as_attachment=not item.is_image)


# --- Across the programme ----------------------------------------------------------------------


@login_required
def programme_plan(request: HttpRequest, slug: str) -> HttpResponse:
    """The joint actions of every cluster the user sees, as a table or a timeline, filtered."""
    programme, rights = get_programme_for_user(request.user, slug)
    clusters = list(visible_clusters(request.user, programme))
    rows = services.scope_rows(programme, clusters)
    leads = sorted(
        {(r.action.lead_actor_id, r.action.lead_actor.name) for r in rows}, key=lambda lead: lead[1]
    )
    filters = FilterForm(request.GET or None, leads=leads)
    shown = services.filter_rows(rows, **filters.values())
    view = "timeline" if request.GET.get("view") == "timeline" else "table"
    context = {
        "programme": programme,
        "rights": rights,
        "rows": shown,
        "filters": filters,
        "view": view,
        "timeline": services.timeline(shown) if view == "timeline" else None,
        "dashboard": services.dashboard(programme, clusters),
        "sources": _sources(),
    }
    return render(request, "plans/programme.html", context)
