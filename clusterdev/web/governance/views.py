from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, ProtectedError, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from clusterdev.web.governance import services
from clusterdev.web.governance.access import (
    bodies_for_user,
    body_rights,
    candidate_actors,
    get_body_for_user,
    get_document_for_user,
    get_meeting_file_for_user,
    get_meeting_for_user,
    get_membership_for_user,
    get_milestone_for_user,
    get_resolution_for_user,
    get_version_for_user,
    may_edit_version,
    may_read_records,
    visible_clusters,
)
from clusterdev.web.governance.forms import (
    BodyForm,
    DocumentForm,
    EndorseForm,
    ExtraAttendeeFormSet,
    FollowUpForm,
    HoldForm,
    MeetingEditForm,
    MeetingFileForm,
    MeetingForm,
    MemberAttendanceFormSet,
    MembershipEditForm,
    MembershipForm,
    MilestoneForm,
    MinutesForm,
    ResolutionForm,
    VersionEditForm,
    VersionForm,
)
from clusterdev.web.governance.models import (
    Body,
    BodyMilestone,
    Document,
    DocumentVersion,
    Meeting,
    Membership,
    Resolution,
    today,
)
from clusterdev.web.lib.export import FORMATS, table_response
from clusterdev.web.lib.files import stored_file_response
from clusterdev.web.lib.history import audit_trail
from clusterdev.web.programmes.access import (
    Action,
    Rights,
    get_cluster_for_user,
    get_programme_for_user,
)
from clusterdev.web.programmes.models import Cluster, Programme


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # every view is behind login_required
    return request.user


def _add_errors(form: Any, error: ValidationError) -> None:
    """Put a model or service ``ValidationError`` on ``form``, by field where it names one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _period(request: HttpRequest) -> tuple[date | None, date | None]:
    """The optional period of the indicators (``?start=…&end=…``, ISO dates); bad dates count as
    not given."""
    dates = []
    for name in ("start", "end"):
        try:
            dates.append(parse_date(request.GET.get(name, "")))
        except ValueError:
            dates.append(None)
    return dates[0], dates[1]


# --- The governance page of a programme or a cluster -------------------------------------------


def _scope_page(
    request: HttpRequest,
    scope: Programme | Cluster,
    rights: Rights,
    *,
    body_form: BodyForm | None = None,
    document_form: DocumentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    cluster = scope if isinstance(scope, Cluster) else None
    programme = cluster.programme if cluster else scope
    assert isinstance(programme, Programme)
    seen = services.scope_bodies(cluster) if cluster else bodies_for_user(user, programme)
    if cluster is not None:
        bodies = Body.objects.filter(cluster=cluster)
        documents = Document.objects.filter(cluster=cluster)
    else:
        bodies = Body.objects.filter(programme=programme, cluster__isnull=True)
        documents = Document.objects.filter(programme=programme, cluster__isnull=True)
    bodies = bodies.select_related("cluster").annotate(
        members=Count(
            "memberships",
            filter=Q(memberships__end__isnull=True) | Q(memberships__end__gte=today()),
        )
    )
    meetings = Meeting.objects.filter(body__in=bodies).select_related("body")
    start, end = _period(request)
    actors = candidate_actors(user, programme, cluster)
    if rights.can_edit and body_form is None:
        body_form = BodyForm(instance=Body(programme=programme, cluster=cluster), actors=actors)
    if rights.can_edit and document_form is None:
        document_form = DocumentForm(scope=scope)
    context = {
        "programme": programme,
        "cluster": cluster,
        "scope": scope,
        "rights": rights,
        "bodies": bodies,
        "upcoming": meetings.filter(status=Meeting.Status.PLANNED, date__gte=today()).order_by(
            "date"
        )[:10],
        "recent": meetings.exclude(status=Meeting.Status.PLANNED, date__gte=today())[:10],
        "documents": [(d, d.latest_version()) for d in documents],
        "body_form": body_form if rights.can_edit else None,
        "document_form": document_form if rights.can_edit else None,
        "period": {"start": start, "end": end},
        # On a programme's page, only the bodies of the clusters the user may open count.
        "meetings_held": services.meetings_held(seen, start=start, end=end),
        "attendance": services.attendance_by_group_and_sex(seen, start=start, end=end),
        "resolutions": services.resolutions_on_time(seen, start=start, end=end),
        "formed": [row for row in services.mechanisms_formed(seen, start=start, end=end) if row[2]],
        "clusters": (
            [services.cluster_governance(c) for c in visible_clusters(user, programme)]
            if cluster is None
            else None
        ),
    }
    return render(request, "governance/scope.html", context, status=status)


@login_required
def programme_page(request: HttpRequest, slug: str) -> HttpResponse:
    programme, rights = get_programme_for_user(request.user, slug)
    return _scope_page(request, programme, rights)


@login_required
def cluster_page(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, rights = get_cluster_for_user(request.user, slug)
    return _scope_page(request, cluster, rights)


def _add_body(request: HttpRequest, scope: Programme | Cluster, rights: Rights) -> HttpResponse:
    cluster = scope if isinstance(scope, Cluster) else None
    programme = cluster.programme if cluster else scope
    assert isinstance(programme, Programme)
    form = BodyForm(
        request.POST,
        request.FILES,
        instance=Body(programme=programme, cluster=cluster),
        actors=candidate_actors(_user(request), programme, cluster),
    )
    if not form.is_valid():
        return _scope_page(request, scope, rights, body_form=form, status=400)
    with transaction.atomic():
        body = form.save()
    messages.success(request, _("%(name)s created; now add its members.") % {"name": body.name})
    return redirect(body)


@login_required
@require_POST
def programme_body_add(request: HttpRequest, slug: str) -> HttpResponse:
    programme, rights = get_programme_for_user(request.user, slug, Action.EDIT)
    return _add_body(request, programme, rights)


@login_required
@require_POST
def cluster_body_add(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, rights = get_cluster_for_user(request.user, slug, Action.EDIT)
    return _add_body(request, cluster, rights)


def _add_document(request: HttpRequest, scope: Programme | Cluster, rights: Rights) -> HttpResponse:
    form = DocumentForm(request.POST, request.FILES, scope=scope)
    if not form.is_valid():
        return _scope_page(request, scope, rights, document_form=form, status=400)
    data = form.cleaned_data
    decision = data.get("selection_decision")
    with transaction.atomic():
        document = Document.objects.create(
            programme=scope.programme if isinstance(scope, Cluster) else scope,
            cluster=scope if isinstance(scope, Cluster) else None,
            kind=data["kind"],
            title=data["title"],
            created_by=_user(request),
        )
        services.submit_version(
            document=document,
            author=_user(request),
            content=services.selection_decision_text(decision) if decision else data["content"],
            file=data.get("file"),
            source=decision,
        )
    messages.success(request, _("Document created with its first version."))
    return redirect(document)


@login_required
@require_POST
def programme_document_add(request: HttpRequest, slug: str) -> HttpResponse:
    programme, rights = get_programme_for_user(request.user, slug, Action.EDIT)
    return _add_document(request, programme, rights)


@login_required
@require_POST
def cluster_document_add(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, rights = get_cluster_for_user(request.user, slug, Action.EDIT)
    return _add_document(request, cluster, rights)


@login_required
def resolutions(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme's open resolutions across its clusters, overdue first."""
    programme, rights = get_programme_for_user(request.user, slug)
    show = request.GET.get("show", "open")
    items = (
        Resolution.objects.filter(meeting__body__in=bodies_for_user(request.user, programme))
        .select_related(
            "meeting__body__cluster",
            "meeting__body__programme",
            "owner_membership__actor",
            "owner_membership__person",
            "owner_actor",
        )
        .order_by(F("due").asc(nulls_last=True), "meeting__date", "id")
    )
    if show == "overdue":
        items = items.filter(status=Resolution.Status.OPEN, due__lt=today())
    elif show != "all":
        show = "open"
        items = items.filter(status=Resolution.Status.OPEN)
    personal: dict[int | None, bool] = {}
    rows = []
    for item in items:
        body = item.meeting.body
        if body.cluster_id not in personal:
            personal[body.cluster_id] = body_rights(request.user, body).can_view_personal
        rows.append((item, item.owner_label(personal=personal[body.cluster_id])))
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        if not rights.can_export:
            raise PermissionDenied
        return _export_resolutions(programme, rows, fmt)
    context = {"programme": programme, "rights": rights, "rows": rows, "show": show}
    return render(request, "governance/resolutions.html", context)


def _export_resolutions(
    programme: Programme, rows: list[tuple[Resolution, str]], fmt: str
) -> HttpResponse:
    header = ["cluster", "body", "meeting", "decision", "owner", "due", "status", "done_on"]
    table = [
        [
            r.meeting.body.cluster.name if r.meeting.body.cluster else "",
            r.meeting.body.name,
            r.meeting.date,
            r.text,
            owner,
            r.due or "",
            r.get_status_display(),
            r.done_on or "",
        ]
        for r, owner in rows
    ]
    return table_response(f"resolutions-{programme.slug}", header, table, fmt)


# --- Bodies, members, milestones ---------------------------------------------------------------


def _body_page(
    request: HttpRequest, body: Body, rights: Rights, *, status: int = 200, **forms: Any
) -> HttpResponse:
    actors = candidate_actors(_user(request), body.programme, body.cluster)
    if rights.can_edit:
        forms.setdefault(
            "member_form", MembershipForm(instance=Membership(body=body), actors=actors)
        )
        forms.setdefault("milestone_form", MilestoneForm(instance=BodyMilestone(body=body)))
        forms.setdefault("meeting_form", MeetingForm(instance=Meeting(body=body)))
    on = today()
    members = list(body.memberships.select_related("actor", "person"))
    meetings = body.meetings.annotate(
        present=Count("attendance", filter=Q(attendance__present=True))
    )
    context = {
        "body": body,
        "rights": rights,
        "personal": rights.can_view_personal,
        "current": [m for m in members if m.active_on(on) or m.start > on],
        "former": [m for m in members if m.end is not None and m.end < on],
        "milestones": body.milestones.all(),
        "upcoming": meetings.filter(status=Meeting.Status.PLANNED).order_by("date"),
        "past": meetings.exclude(status=Meeting.Status.PLANNED),
        "endorsements": body.endorsements.select_related("version__document", "meeting"),
        "trail": audit_trail(body) if rights.can_view_history else None,
        **forms,
    }
    return render(request, "governance/body.html", context, status=status)


@login_required
def body(request: HttpRequest, pk: int) -> HttpResponse:
    body, rights = get_body_for_user(request.user, pk)
    return _body_page(request, body, rights)


@login_required
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body, _rights = get_body_for_user(request.user, pk, Action.EDIT)
    # The form changes its instance while validating; the page shows the record as stored.
    shown, _rights = get_body_for_user(request.user, pk, Action.EDIT)
    actors = candidate_actors(_user(request), body.programme, body.cluster)
    form = BodyForm(request.POST or None, request.FILES or None, instance=body, actors=actors)
    context = {"body": shown, "form": form}
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, _("Saved."))
            return redirect(body)
        return render(request, "governance/body_edit.html", context, status=400)
    return render(request, "governance/body_edit.html", context)


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    body, rights = get_body_for_user(request.user, pk, Action.EDIT)
    actors = candidate_actors(_user(request), body.programme, body.cluster)
    form = MembershipForm(request.POST, instance=Membership(body=body), actors=actors)
    if not form.is_valid():
        return _body_page(request, body, rights, member_form=form, status=400)
    with transaction.atomic():
        membership = form.save()
    messages.success(request, _("%(member)s added.") % {"member": membership.label(personal=True)})
    return redirect(body)


@login_required
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership, _rights = get_membership_for_user(request.user, pk, Action.EDIT)
    shown, _rights = get_membership_for_user(request.user, pk, Action.EDIT)
    form = MembershipEditForm(request.POST or None, instance=membership)
    context = {"membership": shown, "body": shown.body, "form": form}
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, _("Saved."))
            return redirect(membership.body)
        return render(request, "governance/member_edit.html", context, status=400)
    return render(request, "governance/member_edit.html", context)


@login_required
@require_POST
def member_delete(request: HttpRequest, pk: int) -> HttpResponse:
    membership, _rights = get_membership_for_user(request.user, pk, Action.EDIT)
    body = membership.body
    try:
        with transaction.atomic():
            membership.delete()
    except ProtectedError:
        messages.error(
            request,
            _(
                "%(member)s attended meetings or owns resolutions: give the membership an end "
                "date instead of removing it."
            )
            % {"member": membership.label(personal=True)},
        )
    else:
        messages.success(request, _("Member removed."))
    return redirect(body)


@login_required
@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    body, rights = get_body_for_user(request.user, pk, Action.EDIT)
    form = MilestoneForm(request.POST, request.FILES, instance=BodyMilestone(body=body))
    if not form.is_valid():
        return _body_page(request, body, rights, milestone_form=form, status=400)
    with transaction.atomic():
        form.save()
    messages.success(request, _("Milestone recorded."))
    return redirect(body)


@login_required
@require_POST
def milestone_delete(request: HttpRequest, pk: int) -> HttpResponse:
    milestone, _rights = get_milestone_for_user(request.user, pk, Action.EDIT)
    with transaction.atomic():
        milestone.delete()
    messages.success(request, _("Milestone removed."))
    return redirect(milestone.body)


@login_required
@require_POST
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    body, rights = get_body_for_user(request.user, pk, Action.EDIT)
    form = MeetingForm(request.POST, instance=Meeting(body=body, created_by=_user(request)))
    if not form.is_valid():
        return _body_page(request, body, rights, meeting_form=form, status=400)
    with transaction.atomic():
        meeting = form.save()
    messages.success(request, _("Meeting recorded."))
    return redirect(meeting)


# --- Meetings ----------------------------------------------------------------------------------


def _attendance_forms(meeting: Meeting, data: Any = None) -> tuple[Any, Any]:
    existing = {a.membership_id: a for a in meeting.attendance.all()}
    members = []
    for membership in meeting.body.members_on(meeting.date):
        row = existing.get(membership.pk)
        person_sex = membership.person.sex if membership.person_id else ""  # type: ignore[union-attr]
        members.append(
            {
                "membership": membership.pk,
                "label": membership.label(personal=True),
                "present": row.present if row else False,
                "stakeholder_group": row.stakeholder_group if row else membership.stakeholder_group,
                "sex": row.sex if row else (person_sex or "not_stated"),
            }
        )
    extras = [
        {
            "name": a.name,
            "organisation": a.organisation,
            "stakeholder_group": a.stakeholder_group,
            "sex": a.sex,
        }
        for a in existing.values()
        if a.membership_id is None
    ]
    return (
        MemberAttendanceFormSet(data, initial=members, prefix="m"),
        ExtraAttendeeFormSet(data, initial=extras, prefix="x"),
    )


def _meeting_page(
    request: HttpRequest,
    meeting: Meeting,
    rights: Rights,
    *,
    status: int = 200,
    follow_up_forms: dict[int, FollowUpForm] | None = None,
    endorse_errors: dict[int, list[str]] | None = None,
    **forms: Any,
) -> HttpResponse:
    user = _user(request)
    body = meeting.body
    held = meeting.is_held
    if rights.can_edit:
        actors = candidate_actors(user, body.programme, body.cluster)
        if meeting.status == Meeting.Status.PLANNED:
            forms.setdefault("hold_form", HoldForm(initial={"date": meeting.date}))
        if held:
            if "member_formset" not in forms:
                forms["member_formset"], forms["extra_formset"] = _attendance_forms(meeting)
            forms.setdefault(
                "resolution_form",
                ResolutionForm(instance=Resolution(meeting=meeting), actors=actors),
            )
        forms.setdefault("minutes_form", MinutesForm(instance=meeting))
        forms.setdefault("file_form", MeetingFileForm())
    follow_up_forms = follow_up_forms or {}
    items = meeting.resolutions.select_related(
        "owner_membership__actor", "owner_membership__person", "owner_actor"
    ).prefetch_related("updates__by")
    resolutions = [
        (
            r,
            (follow_up_forms.get(r.pk) or FollowUpForm(prefix=f"r{r.pk}"))
            if rights.can_edit
            else None,
        )
        for r in items
    ]
    endorsable = []
    if rights.can_endorse and held:
        errors = endorse_errors or {}
        endorsable = [
            (
                v,
                EndorseForm(initial={"version": v.pk, "digest": v.digest}, auto_id=False),
                v.author_id == user.pk,
                errors.get(v.pk, []),
            )
            for v in services.endorsable_versions(body)
        ]
    context = {
        "meeting": meeting,
        "body": body,
        "rights": rights,
        "personal": rights.can_view_personal,
        "records": may_read_records(request.user, body, rights),
        "attendees": meeting.attendance.select_related("membership__actor", "membership__person"),
        "counts": services.attendance_table(meeting.attendance.all()),
        "files": meeting.files.all(),
        "resolutions": resolutions,
        "endorsements": meeting.endorsements.select_related("version__document", "recorded_by"),
        "endorsable": endorsable,
        "trail": audit_trail(meeting) if rights.can_view_history else None,
        **forms,
    }
    return render(request, "governance/meeting.html", context, status=status)


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, rights = get_meeting_for_user(request.user, pk)
    return _meeting_page(request, meeting, rights)


def _check_new_date(meeting: Meeting, form: MeetingEditForm) -> None:
    """A meeting's date may move only where its records stay true: resolutions are not due
    before it, and what it endorsed is not dated after it."""
    new_date = form.cleaned_data["date"]
    stored = Meeting.objects.get(pk=meeting.pk).date
    if new_date != stored and meeting.endorsements.exists():
        form.add_error(
            "date", _("This meeting recorded endorsements; its date can no longer change.")
        )
        return
    late = meeting.resolutions.filter(due__lt=new_date).first()
    if late is not None and late.due is not None:
        form.add_error(
            "date",
            _("A resolution of this meeting is due on %(due)s, before that date.")
            % {"due": late.due.isoformat()},
        )


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _rights = get_meeting_for_user(request.user, pk, Action.EDIT)
    # The form changes its instance while validating; the page shows the record as stored.
    shown, _rights = get_meeting_for_user(request.user, pk, Action.EDIT)
    form = MeetingEditForm(request.POST or None, instance=meeting)
    context = {"meeting": shown, "body": shown.body, "form": form}
    if request.method == "POST":
        if form.is_valid():
            _check_new_date(meeting, form)
        if form.is_valid():
            with transaction.atomic():
                form.save()
            messages.success(request, _("Saved."))
            return redirect(meeting)
        return render(request, "governance/meeting_edit.html", context, status=400)
    return render(request, "governance/meeting_edit.html", context)


@login_required
@require_POST
def meeting_hold(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, rights = get_meeting_for_user(request.user, pk, Action.EDIT)
    form = HoldForm(request.POST)
    if form.is_valid():
        try:
            services.hold_meeting(meeting, on=form.cleaned_data["date"])
        except ValidationError as error:
            meeting.refresh_from_db()
            _add_errors(form, error)
        else:
            messages.success(request, _("The meeting is recorded as held: enter its attendance."))
            return redirect(meeting)
    return _meeting_page(request, meeting, rights, hold_form=form, status=400)


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, _rights = get_meeting_for_user(request.user, pk, Action.EDIT)
    try:
        services.cancel_meeting(meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting is cancelled."))
    return redirect(meeting)


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, rights = get_meeting_for_user(request.user, pk, Action.EDIT)
    if not meeting.is_held:
        messages.error(request, _("Record the meeting as held before entering its attendance."))
        return redirect(meeting)
    members, extras = _attendance_forms(meeting, request.POST)
    if members.is_valid() and extras.is_valid():
        by_pk = {m.pk: m for m in meeting.body.memberships.select_related("actor", "person")}
        rows = []
        for data in members.cleaned_data:
            membership = by_pk.get(data["membership"])
            if membership is None:
                raise Http404  # a membership of another body was posted
            rows.append(
                services.AttendeeRow(
                    membership=membership,
                    stakeholder_group=data["stakeholder_group"],
                    sex=data["sex"],
                    present=data["present"],
                )
            )
        rows += [
            services.AttendeeRow(
                membership=None,
                name=data["name"],
                organisation=data["organisation"],
                stakeholder_group=data["stakeholder_group"],
                sex=data["sex"],
            )
            for form in extras.forms
            if (data := form.cleaned_data).get("name", "").strip() and not data.get("DELETE")
        ]
        try:
            services.record_attendance(meeting, rows)
        except ValidationError as error:
            return _meeting_page(
                request,
                meeting,
                rights,
                member_formset=members,
                extra_formset=extras,
                attendance_errors=error.messages,
                status=400,
            )
        else:
            messages.success(request, _("Attendance saved."))
            return redirect(meeting)
    return _meeting_page(
        request, meeting, rights, member_formset=members, extra_formset=extras, status=400
    )


@login_required
@require_POST
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, rights = get_meeting_for_user(request.user, pk, Action.EDIT)
    form = MinutesForm(request.POST, instance=meeting)
    if not form.is_valid():
        return _meeting_page(request, meeting, rights, minutes_form=form, status=400)
    with transaction.atomic():
        form.save()
    messages.success(request, _("Minutes saved."))
    return redirect(meeting)


@login_required
@require_POST
def meeting_file_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, rights = get_meeting_for_user(request.user, pk, Action.EDIT)
    form = MeetingFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _meeting_page(request, meeting, rights, file_form=form, status=400)
    with transaction.atomic():
        item = form.save(commit=False)
        item.meeting = meeting
        item.uploaded_by = _user(request)
        item.save()
    messages.success(request, _("File added."))
    return redirect(meeting)


@login_required
@require_POST
def resolution_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, rights = get_meeting_for_user(request.user, pk, Action.EDIT)
    actors = candidate_actors(_user(request), meeting.body.programme, meeting.body.cluster)
    instance = Resolution(meeting=meeting, created_by=_user(request))
    form = ResolutionForm(request.POST, instance=instance, actors=actors)
    if not meeting.is_held:
        form.add_error(None, _("Resolutions are recorded once the meeting is held."))
    if not form.is_valid():
        return _meeting_page(request, meeting, rights, resolution_form=form, status=400)
    with transaction.atomic():
        form.save()
    messages.success(request, _("Resolution recorded."))
    return redirect(meeting)


@login_required
@require_POST
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    resolution, rights = get_resolution_for_user(request.user, pk, Action.EDIT)
    form = FollowUpForm(request.POST, prefix=f"r{resolution.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.follow_up(
                resolution,
                on=data["date"],
                text=data["text"],
                status=data["status"],
                by=_user(request),
            )
        except ValidationError as error:
            resolution.refresh_from_db()
            _add_errors(form, error)
        else:
            messages.success(request, _("Follow-up recorded."))
            return redirect(resolution.meeting)
    return _meeting_page(
        request, resolution.meeting, rights, follow_up_forms={resolution.pk: form}, status=400
    )


@login_required
@require_POST
def endorse(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, rights = get_meeting_for_user(request.user, pk, Action.ENDORSE)
    form = EndorseForm(request.POST)
    if not form.is_valid():
        raise Http404
    version = DocumentVersion.objects.filter(
        pk=form.cleaned_data["version"], document__in=services.scope_documents(meeting.body)
    ).first()
    if version is None:
        raise Http404
    try:
        services.endorse(
            body=meeting.body,
            meeting=meeting,
            version=version,
            digest=form.cleaned_data["digest"],
            by=_user(request),
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        return _meeting_page(
            request, meeting, rights, endorse_errors={version.pk: error.messages}, status=400
        )
    messages.success(
        request,
        _("Endorsement of %(version)s recorded; this version can no longer be changed.")
        % {"version": str(version)},
    )
    return redirect(meeting)


# --- Documents and versions --------------------------------------------------------------------


@login_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    """The document's versions; POST adds a new version (EDIT)."""
    document, rights = get_document_for_user(request.user, pk)
    versions = document.versions.select_related("author").prefetch_related(
        "endorsements__body", "endorsements__meeting"
    )
    latest = versions.first()
    form = None
    status = 200
    if rights.can_edit:
        wanted = request.GET.get("from", "")
        start_from = (
            versions.filter(pk=int(wanted)).first() if wanted.isdecimal() else None
        ) or latest
        form = VersionForm(
            request.POST or None,
            request.FILES or None,
            initial={"content": start_from.content if start_from else ""},
        )
        if request.method == "POST":
            if form.is_valid():
                version = services.submit_version(
                    document=document,
                    author=_user(request),
                    content=form.cleaned_data["content"],
                    file=form.cleaned_data.get("file"),
                )
                messages.success(
                    request, _("Version %(number)s saved.") % {"number": version.number}
                )
                return redirect(version)
            status = 400
    elif request.method == "POST":
        get_document_for_user(request.user, pk, Action.EDIT)
    context = {"document": document, "rights": rights, "versions": versions, "form": form}
    return render(request, "governance/document.html", context, status=status)


@login_required
def version(request: HttpRequest, pk: int) -> HttpResponse:
    version, rights = get_version_for_user(request.user, pk)
    context = {
        "version": version,
        "document": version.document,
        "rights": rights,
        "may_edit": may_edit_version(request.user, version, rights),
        "endorsements": version.endorsements.select_related("body", "meeting", "recorded_by"),
        "trail": audit_trail(version) if rights.can_view_history else None,
    }
    return render(request, "governance/version.html", context)


GENERATED_VERSION = gettext_lazy(
    "This version was generated from another record (a diagnostic report, an action plan "
    "revision…): change that record and submit it again."
)


@login_required
def version_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version, rights = get_version_for_user(request.user, pk)
    if not may_edit_version(request.user, version, rights):
        if version.is_endorsed:
            messages.error(
                request,
                _(
                    "Version %(number)s was endorsed and can no longer be changed; start a new version."
                )
                % {"number": version.number},
            )
            return redirect(version)
        if version.source_type_id is not None and Action.VIEW in rights:
            messages.error(request, GENERATED_VERSION)
            return redirect(version)
        raise PermissionDenied
    form = VersionEditForm(
        request.POST or None,
        request.FILES or None,
        initial={"content": version.content, "digest": version.digest},
        has_file=bool(version.file),
    )
    context = {"version": version, "document": version.document, "form": form}
    if request.method != "POST":
        return render(request, "governance/version_edit.html", context)
    if form.is_valid():
        if form.cleaned_data["digest"] != version.digest:
            form.add_error(None, services.CHANGED_SINCE)
        else:
            version.content = form.cleaned_data["content"]
            if form.cleaned_data.get("file"):
                version.file = form.cleaned_data["file"]
                version.file_name = form.cleaned_data["file"].name
            elif form.cleaned_data.get("remove_file"):
                version.file = ""
                version.file_name = ""
            with transaction.atomic():
                version.save()
            messages.success(request, _("Saved."))
            return redirect(version)
    return render(request, "governance/version_edit.html", context, status=400)


# --- Files -------------------------------------------------------------------------------------


@login_required
def download(request: HttpRequest, what: str, pk: int) -> FileResponse:
    """A stored file, after the same access check as the record it belongs to."""
    if what == "terms":
        body, _rights = get_body_for_user(request.user, pk)
        field, name = body.terms_file, ""
    elif what == "milestone":
        milestone, _rights = get_milestone_for_user(request.user, pk)
        field, name = milestone.evidence, ""
    elif what == "meeting":
        item, rights = get_meeting_file_for_user(request.user, pk)
        if not may_read_records(request.user, item.meeting.body, rights):
            raise PermissionDenied
        field, name = item.file, ""
    elif what == "version":
        version, _rights = get_version_for_user(request.user, pk)
        field, name = version.file, version.file_name
    else:
        raise Http404
    return stored_file_response(field, filename=name)
