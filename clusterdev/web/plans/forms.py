from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from clusterdev.web.actors.models import Actor
from clusterdev.web.diagnostics.models import Finding
from clusterdev.web.governance.forms import DateInput, check_upload
from clusterdev.web.plans.models import (
    SOURCES,
    ActionType,
    JointAction,
    Nature,
    Objective,
    Source,
    Status,
    Vision,
    today,
)
from clusterdev.web.plans.services import CDA_LEAD, ActionData, lead_candidates
from clusterdev.web.programmes.models import Cluster

MAX_FILES = 10


def _amount(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        initial=Decimal(0),
        required=False,
    )


class VisionForm(forms.Form):
    statement = forms.CharField(
        label=_("Vision statement"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Where the cluster's stakeholders want the cluster to be in some years."),
    )
    objectives = forms.CharField(
        label=_("Strategic objectives"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One objective a line; joint actions say which objective they serve."),
    )
    proposed_by = forms.CharField(
        label=_("Proposed by"),
        max_length=300,
        help_text=_("The organisations, meeting or workshop that proposed this version."),
    )
    date = forms.DateField(label=_("Date"), widget=DateInput(), initial=today)

    def objective_lines(self) -> list[str]:
        return [line for line in self.cleaned_data["objectives"].splitlines() if line.strip()]

    @classmethod
    def initial_from(cls, vision: Vision | None) -> dict[str, Any]:
        if vision is None:
            return {"date": today()}
        return {
            "statement": vision.statement,
            "objectives": "\n".join(o.text for o in vision.objectives.all()),
            "proposed_by": vision.proposed_by,
            "date": today(),
        }


class RevisionForm(forms.Form):
    vision = forms.ModelChoiceField(
        label=_("Vision version served"), queryset=Vision.objects.none(), required=False
    )
    note = forms.CharField(
        label=_("What this revision is about"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, cluster: Cluster, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "revision-%s")
        super().__init__(*args, **kwargs)
        field = self.fields["vision"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Vision.objects.filter(cluster=cluster).order_by("-number")
        field.initial = field.queryset.first()


class ActorChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class ObjectiveChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"v{obj.vision.number} · {obj.text}"


class UserChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class FindingChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()}: {obj.text}"


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    objective = ObjectiveChoice(
        label=_("Strategic objective served"), queryset=Objective.objects.none(), required=False
    )
    type = forms.ChoiceField(label=_("Type"), choices=[("", "—"), *ActionType.choices])
    type_other = forms.CharField(
        label=_("Other type"),
        max_length=100,
        required=False,
        help_text=_("Name the type when none of the list fits (type “Other”)."),
    )
    nature = forms.ChoiceField(label=_("Soft or hard"), choices=Nature.choices)
    findings = FindingChoice(
        label=_("Diagnostic findings answered"),
        queryset=Finding.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The weaknesses, opportunities or leverage points this action answers."),
    )
    lead = forms.ChoiceField(
        label=_("Lead actor"),
        help_text=_(
            "An existing organisation leads the action — an enterprise network or association "
            "(recorded as a governance body) or a support institution — never the CDA or the "
            "project: the CDA facilitates, local organisations lead, so that joint action goes "
            "on after the programme."
        ),
    )
    participants = ActorChoice(
        label=_("Participating enterprises and institutions"),
        queryset=Actor.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    start = forms.DateField(label=_("Start"), widget=DateInput())
    end = forms.DateField(label=_("End"), widget=DateInput())
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    budget_total = forms.DecimalField(
        label=_("Total budget agreed"),
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text=_(
            "Optional. Enter the amount each source brings below; the total and the shares "
            "follow from them. When you give the agreed total too, the amounts must add up to it."
        ),
    )
    budget_enterprises = _amount(Source.ENTERPRISES.label)
    budget_institutions = _amount(Source.INSTITUTIONS.label)
    budget_government = _amount(Source.GOVERNMENT.label)
    budget_donor = _amount(Source.DONOR.label)
    budget_other = _amount(Source.OTHER.label)
    expected_outputs = forms.CharField(
        label=_("Expected outputs"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    indicators = forms.CharField(
        label=_("Indicators"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=JointAction._meta.get_field("indicators").help_text,
    )
    means_of_verification = forms.CharField(
        label=_("Means of verification"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    assumptions_risks = forms.CharField(
        label=_("Assumptions and risks"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, cluster: Cluster, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "action-%s")
        super().__init__(*args, **kwargs)
        self.cluster = cluster
        self._field("objective").queryset = Objective.objects.filter(
            vision__cluster=cluster
        ).select_related("vision")
        self._field("findings").queryset = Finding.objects.filter(cluster=cluster)
        self._field("participants").queryset = (
            Actor.objects.filter(programme_id=cluster.programme_id)
            .filter(Q(memberships__cluster=cluster) | Q(kind=Actor.Kind.INSTITUTION))
            .distinct()
            .order_by("kind", "name")
        )
        self.leads = {str(a.pk): a for a in lead_candidates(cluster)}
        lead = self.fields["lead"]
        assert isinstance(lead, forms.ChoiceField)
        lead.choices = [
            ("", "—"),
            (CDA_LEAD, _("The CDA / project team")),
            *[(pk, a.name) for pk, a in self.leads.items()],
        ]

    def _field(self, name: str) -> Any:
        return self.fields[name]

    def data_for_service(self, milestones: list[tuple[str, Any]]) -> ActionData:
        data = self.cleaned_data
        lead_value = data["lead"]
        lead: Actor | str | None = self.leads.get(lead_value, lead_value or None)
        return ActionData(
            title=data["title"],
            type=data["type"],
            type_other=data.get("type_other", ""),
            nature=data["nature"],
            lead=lead,
            start=data["start"],
            end=data["end"],
            objective=data.get("objective"),
            findings=list(data.get("findings") or []),
            participants=list(data.get("participants") or []),
            milestones=milestones,
            currency=data["currency"],
            budget={source: data.get(f"budget_{source}") or Decimal(0) for source in SOURCES},
            budget_total=data.get("budget_total"),
            expected_outputs=data.get("expected_outputs", ""),
            indicators=data.get("indicators", ""),
            means_of_verification=data.get("means_of_verification", ""),
            assumptions_risks=data.get("assumptions_risks", ""),
        )

    @staticmethod
    def initial_from(action: JointAction) -> dict[str, Any]:
        return {
            "title": action.title,
            "objective": action.objective_id,
            "type": action.type,
            "type_other": action.type_other,
            "nature": action.nature,
            "findings": list(action.findings.values_list("pk", flat=True)),
            "lead": str(action.lead_actor_id),
            "participants": list(action.participants.values_list("pk", flat=True)),
            "start": action.start,
            "end": action.end,
            "currency": action.currency,
            **{f"budget_{s}": amount for s, amount in action.budget().items()},
            "expected_outputs": action.expected_outputs,
            "indicators": action.indicators,
            "means_of_verification": action.means_of_verification,
            "assumptions_risks": action.assumptions_risks,
        }


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200, required=False)
    date = forms.DateField(label=_("Date"), widget=DateInput(), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("title", "").strip()) != bool(data.get("date")):
            raise forms.ValidationError(_("Give each milestone a title and a date."))
        return data


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=3, max_num=30)


def milestones_of(formset: Any) -> list[tuple[str, Any]]:
    return [
        (form.cleaned_data["title"], form.cleaned_data["date"])
        for form in formset.forms
        if form.cleaned_data.get("title", "").strip()
    ]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files in one input; each checked like governance uploads."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,.pdf,.doc,.docx"}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else [data] if data else []
        if len(items) > MAX_FILES:
            raise forms.ValidationError(_("Attach at most %(n)s files at once.") % {"n": MAX_FILES})
        files = [super(EvidenceField, self).clean(item, initial) for item in items]
        return [f for f in (check_upload(f) for f in files) if f]


class ProgressForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput(), initial=today)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    progress = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100, required=False
    )
    text = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(
        label=_("Reason (when delayed or dropped)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    issues = forms.CharField(
        label=_("Issues"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    resolution = forms.CharField(
        label=_("How the issues were resolved"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    participants = ActorChoice(
        label=_("Actual participants"),
        queryset=Actor.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    actual_enterprises = _amount(Source.ENTERPRISES.label)
    actual_institutions = _amount(Source.INSTITUTIONS.label)
    actual_government = _amount(Source.GOVERNMENT.label)
    actual_donor = _amount(Source.DONOR.label)
    actual_other = _amount(Source.OTHER.label)
    evidence = EvidenceField(label=_("Evidence (files, photos)"), required=False)

    def __init__(self, *args: Any, action: JointAction, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "progress-%s")
        super().__init__(*args, **kwargs)
        cluster = action.revision.plan.cluster
        field = self.fields["participants"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = (
            Actor.objects.filter(programme_id=cluster.programme_id)
            .filter(Q(memberships__cluster=cluster) | Q(kind=Actor.Kind.INSTITUTION))
            .distinct()
            .order_by("kind", "name")
        )
        field.initial = list(action.participants.values_list("pk", flat=True))


class EditorsForm(forms.Form):
    editors = UserChoice(
        label=_("Designated editors"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "People (e.g. of the lead organisation) who may record this action's progress, "
            "status, participants, co-financing and evidence — nothing else."
        ),
    )

    def __init__(self, *args: Any, users: QuerySet[User], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "editors-%s")
        super().__init__(*args, **kwargs)
        field = self.fields["editors"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = users


class DropForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it dropped?"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class FilterForm(forms.Form):
    type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All types")), *ActionType.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *Status.choices], required=False
    )
    lead = forms.ChoiceField(label=_("Lead actor"), required=False)

    def __init__(self, *args: Any, leads: list[tuple[int, str]], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(*args, **kwargs)
        lead = self.fields["lead"]
        assert isinstance(lead, forms.ChoiceField)
        lead.choices = [("", _("All lead actors")), *[(str(pk), name) for pk, name in leads]]

    def values(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"type": "", "status": "", "lead": None}
        lead = self.cleaned_data.get("lead")
        return {
            "type": self.cleaned_data.get("type") or "",
            "status": self.cleaned_data.get("status") or "",
            "lead": int(lead) if lead else None,
        }
