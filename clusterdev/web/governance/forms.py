from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from clusterdev.web.actors.models import Actor, AttendeeSex, Person, StakeholderGroup
from clusterdev.web.governance.models import (
    Body,
    BodyMilestone,
    Document,
    Meeting,
    MeetingFile,
    Membership,
    Resolution,
    today,
)
from clusterdev.web.programmes.models import Cluster, Programme
from clusterdev.web.selection.models import Decision

MAX_UPLOAD_MB = 20
UPLOAD_SUFFIXES = frozenset(
    {
        *(".pdf", ".doc", ".docx", ".odt", ".rtf", ".txt", ".md"),
        *(".xls", ".xlsx", ".ods", ".csv", ".ppt", ".pptx", ".odp"),
        *(".jpg", ".jpeg", ".png"),
    }
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def check_upload(file: UploadedFile | None) -> UploadedFile | None:
    """Documents, spreadsheets, presentations and pictures, not empty, at most 20 MB."""
    if not file:
        return file
    name = Path(file.name or "").name
    if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
        raise forms.ValidationError(
            _("%(name)s: use a PDF, office document, spreadsheet, text or picture file.")
            % {"name": name}
        )
    if not file.size:
        raise forms.ValidationError(_("%(name)s is empty.") % {"name": name})
    if file.size > MAX_UPLOAD_MB * 1024 * 1024:
        raise forms.ValidationError(
            _("%(name)s is larger than %(mb)s MB.") % {"name": name, "mb": MAX_UPLOAD_MB}
        )
    return file


def stakeholder_group_of(actor: Actor) -> str:
    """The stakeholder group an organisation of the register usually belongs to."""
    if actor.is_enterprise:
        return StakeholderGroup.ENTERPRISES
    return {
        "business_association": StakeholderGroup.BUSINESS_ASSOCIATIONS,
        "bds_provider": StakeholderGroup.SUPPORT_INSTITUTIONS,
        "training_research": StakeholderGroup.SUPPORT_INSTITUTIONS,
        "financial": StakeholderGroup.FINANCE,
        "public_authority": StakeholderGroup.PUBLIC_SECTOR,
        "ngo": StakeholderGroup.CIVIL_SOCIETY,
    }.get(actor.institution_type, StakeholderGroup.OTHER)


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = ["kind", "name", "actor", "terms_of_reference", "terms_file", "notes"]
        widgets = {
            "terms_of_reference": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, actors: QuerySet[Actor], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "body-%s")
        super().__init__(*args, **kwargs)
        body: Body = self.instance
        excluded = Body.Kind.STEERING_COMMITTEE if body.cluster_id else Body.Kind.CLUSTER_COMMISSION
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Body.Kind.choices if value != excluded
        ]
        self.fields["actor"].queryset = actors  # type: ignore[attr-defined]

    def clean_terms_file(self) -> Any:
        return check_upload(self.cleaned_data.get("terms_file"))


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = BodyMilestone
        fields = ["kind", "date", "note", "evidence"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "milestone-%s")
        super().__init__(*args, **kwargs)

    def clean_evidence(self) -> Any:
        return check_upload(self.cleaned_data.get("evidence"))


class MembershipForm(forms.ModelForm):
    stakeholder_group = forms.ChoiceField(
        label=_("Stakeholder group"),
        choices=[("", _("From the organisation")), *StakeholderGroup.choices],
        required=False,
        help_text=_("Left empty, it follows the organisation's kind and type."),
    )

    class Meta:
        model = Membership
        fields = ["actor", "person", "stakeholder_group", "role", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args: Any, actors: QuerySet[Actor], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "member-%s")
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors  # type: ignore[attr-defined]
        people = Person.objects.filter(actor__in=actors).select_related("actor")
        self.fields["person"].queryset = people.order_by("name", "id")  # type: ignore[attr-defined]
        self.fields["person"].label_from_instance = lambda p: f"{p.name} — {p.actor.name}"  # type: ignore[attr-defined]
        if not self.instance.pk and not self.initial.get("start"):
            self.initial["start"] = today()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        actor = data.get("actor") or (data["person"].actor if data.get("person") else None)
        if not data.get("stakeholder_group") and actor is not None:
            data["stakeholder_group"] = stakeholder_group_of(actor)
            self.instance.stakeholder_group = data["stakeholder_group"]
        return data


class MembershipEditForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["stakeholder_group", "role", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}


class MeetingForm(forms.ModelForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (Meeting.Status.PLANNED, _("Planned")),
            (Meeting.Status.HELD, _("Already held")),
        ],
        initial=Meeting.Status.PLANNED,
    )

    class Meta:
        model = Meeting
        fields = ["date", "place", "agenda", "status"]
        widgets = {"date": DateInput(), "agenda": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "meeting-%s")
        super().__init__(*args, **kwargs)


class MeetingEditForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "place", "agenda"]
        widgets = {"date": DateInput(), "agenda": forms.Textarea(attrs={"rows": 4})}


class HoldForm(forms.Form):
    date = forms.DateField(label=_("Held on"), widget=DateInput())


class MinutesForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 8})}


class MeetingFileForm(forms.ModelForm):
    class Meta:
        model = MeetingFile
        fields = ["kind", "title", "file"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "file-%s")
        super().__init__(*args, **kwargs)

    def clean_file(self) -> Any:
        return check_upload(self.cleaned_data.get("file"))


GROUP_CHOICES = [("", "—"), *StakeholderGroup.choices]


class MemberAttendanceForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)
    present = forms.BooleanField(required=False)
    stakeholder_group = forms.ChoiceField(label=_("Stakeholder group"), choices=GROUP_CHOICES)
    sex = forms.ChoiceField(label=_("Sex"), choices=AttendeeSex.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].label = self.initial.get("label", "")


class ExtraAttendeeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    stakeholder_group = forms.ChoiceField(
        label=_("Stakeholder group"), choices=GROUP_CHOICES, required=False
    )
    sex = forms.ChoiceField(
        label=_("Sex"), choices=AttendeeSex.choices, initial=AttendeeSex.NOT_STATED
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("name", "").strip():
            if data.get("organisation") or data.get("stakeholder_group"):
                self.add_error("name", _("Give the attendee's name."))
        elif not data.get("stakeholder_group"):
            self.add_error("stakeholder_group", _("Choose the attendee's stakeholder group."))
        return data


MemberAttendanceFormSet = forms.formset_factory(MemberAttendanceForm, extra=0)
ExtraAttendeeFormSet = forms.formset_factory(ExtraAttendeeForm, extra=3, can_delete=True)


class ResolutionForm(forms.ModelForm):
    class Meta:
        model = Resolution
        fields = ["text", "owner_membership", "owner_actor", "owner_text", "due"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "due": DateInput()}
        help_texts = {"owner_text": _("Someone who is neither a member nor in the register.")}

    def __init__(self, *args: Any, actors: QuerySet[Actor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meeting: Meeting = self.instance.meeting
        members = meeting.body.memberships.select_related("actor", "person")
        self.fields["owner_membership"].queryset = members  # type: ignore[attr-defined]
        self.fields["owner_membership"].label_from_instance = lambda m: m.label(personal=True)  # type: ignore[attr-defined]
        self.fields["owner_actor"].queryset = actors  # type: ignore[attr-defined]


class FollowUpForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput(), initial=today)
    text = forms.CharField(label=_("Follow-up"), widget=forms.Textarea(attrs={"rows": 2}))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Unchanged")), *Resolution.Status.choices],
        required=False,
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    content = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    file = forms.FileField(label=_("File"), required=False)
    selection_decision = forms.ModelChoiceField(
        label=_("Or a recorded selection decision"),
        queryset=Decision.objects.none(),
        required=False,
        help_text=_("The version's text is written from the decision."),
    )

    def __init__(self, *args: Any, scope: Programme | Cluster, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "document-%s")
        super().__init__(*args, **kwargs)
        if isinstance(scope, Programme):
            decisions = Decision.objects.filter(exercise__programme=scope).select_related(
                "exercise"
            )
            self.fields["selection_decision"].queryset = decisions  # type: ignore[attr-defined]
        else:
            del self.fields["selection_decision"]

    def clean_file(self) -> Any:
        return check_upload(self.cleaned_data.get("file"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("selection_decision"):
            if data.get("kind") != Document.Kind.SELECTION_DECISION:
                self.add_error(
                    "kind", _("A selection decision is a document of kind “Selection decision”.")
                )
        elif (
            not data.get("content", "").strip()
            and not data.get("file")
            and "file" not in self.errors
        ):
            self.add_error("content", _("Give the text of the document, a file, or both."))
        return data


class VersionForm(forms.Form):
    content = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    file = forms.FileField(label=_("File"), required=False)

    def clean_file(self) -> Any:
        return check_upload(self.cleaned_data.get("file"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("content", "").strip()
            and not data.get("file")
            and "file" not in self.errors
        ):
            self.add_error("content", _("Give the text of the version, a file, or both."))
        return data


class VersionEditForm(forms.Form):
    content = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )
    file = forms.FileField(label=_("Replace the file"), required=False)
    remove_file = forms.BooleanField(label=_("Remove the file"), required=False)
    digest = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, has_file: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_file = has_file
        if not has_file:
            del self.fields["remove_file"]

    def clean_file(self) -> Any:
        return check_upload(self.cleaned_data.get("file"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        keeps_file = data.get("file") or (self.has_file and not data.get("remove_file"))
        if not data.get("content", "").strip() and not keeps_file and "file" not in self.errors:
            self.add_error("content", _("Give the text of the version, a file, or both."))
        return data


class EndorseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    digest = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
