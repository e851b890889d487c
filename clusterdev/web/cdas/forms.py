from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from clusterdev.web.actors.models import Actor, AttendeeSex, Person, StakeholderGroup
from clusterdev.web.cdas import services
from clusterdev.web.cdas.models import (
    DOCUMENT_EXTENSIONS,
    Activity,
    Appointment,
    CdaProfile,
    CdaReport,
    ReportingFrequency,
    Training,
)
from clusterdev.web.geo.models import Sector
from clusterdev.web.programmes.access import roles_of
from clusterdev.web.programmes.models import Cluster, Phase, Programme, Role


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


def _user_label(user: User) -> str:
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


def cda_candidates(programme: Programme) -> QuerySet[User]:
    """People who can be appointed: the programme's roster and the CDAs of its clusters."""
    return (
        User.objects.filter(
            Q(cda_profile__programmes=programme)
            | Q(role_assignments__role=Role.CDA, role_assignments__cluster__programme=programme)
            | Q(cda_appointments__cluster__programme=programme)
        )
        .filter(is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _user_label(obj)


TERMS_HELP = _("PDF, Word, OpenDocument or text; optional.")


class AppointForm(forms.Form):
    cda = UserChoiceField(label=_("CDA"), queryset=User.objects.none())
    start = forms.DateField(label=_("Start of the appointment"), widget=DateInput())
    reporting_frequency = forms.ChoiceField(
        label=_("Reporting frequency"),
        choices=ReportingFrequency.choices,
        initial=ReportingFrequency.MONTHLY,
    )
    terms_of_reference = forms.CharField(
        label=_("Terms of reference"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    terms_file = forms.FileField(
        label=_("Terms of reference (document)"),
        required=False,
        help_text=TERMS_HELP,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS)],
    )
    start_diagnostic = forms.BooleanField(
        label=_("Start the diagnostic now"),
        required=False,
        help_text=_("Moves the cluster from phase Selected to its diagnostic (phase Diagnosed)."),
    )

    def __init__(self, *args: Any, cluster: Cluster, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start"].initial = services.today()
        unrecorded = [c for c in services.cluster_cdas(cluster) if c.appointment is None]
        if unrecorded:
            # The cluster's CDA holds the role without an appointment record: record its details.
            users = User.objects.filter(pk=unrecorded[0].user.pk)
            self.fields["cda"].initial = unrecorded[0].user.pk
            self.fields["cda"].help_text = _(
                "Already holds the CDA role in this cluster; record the appointment's details."
            )
        else:
            users = cda_candidates(cluster.programme)
        self.fields["cda"].queryset = users  # type: ignore[attr-defined]
        if cluster.phase != Phase.SELECTED:
            del self.fields["start_diagnostic"]


class HandOverForm(forms.Form):
    incoming = UserChoiceField(label=_("Incoming CDA"), queryset=User.objects.none())
    on = forms.DateField(label=_("Hand-over date"), widget=DateInput())
    note = forms.CharField(
        label=_("Hand-over note"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Relationships, commitments, open issues: what the incoming CDA needs."),
    )
    outgoing_start = forms.DateField(
        label=_("Start of the outgoing CDA's appointment"), required=False, widget=DateInput()
    )
    reporting_frequency = forms.ChoiceField(
        label=_("Reporting frequency"),
        choices=ReportingFrequency.choices,
        initial=ReportingFrequency.MONTHLY,
    )
    terms_of_reference = forms.CharField(
        label=_("Terms of reference"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    terms_file = forms.FileField(
        label=_("Terms of reference (document)"),
        required=False,
        help_text=TERMS_HELP,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS)],
    )

    def __init__(
        self, *args: Any, cluster: Cluster, outgoing: services.ClusterCda, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = services.today()
        candidates = cda_candidates(cluster.programme).exclude(pk=outgoing.user.pk)
        self.fields["incoming"].queryset = candidates  # type: ignore[attr-defined]
        if outgoing.appointment is not None:
            del self.fields["outgoing_start"]
        else:
            self.fields["outgoing_start"].required = True
            self.fields["outgoing_start"].help_text = _(
                "Not recorded yet; it is kept with the ended appointment."
            )


class AppointmentForm(forms.ModelForm):
    class Meta:
        model = Appointment
        fields = ["start", "reporting_frequency", "terms_of_reference", "terms_file"]
        widgets = {"start": DateInput(), "terms_of_reference": forms.Textarea(attrs={"rows": 6})}

    def clean_start(self) -> Any:
        start = self.cleaned_data["start"]
        end = self.instance.end
        if end is not None and start > end:
            raise forms.ValidationError(
                _("The start cannot be after the end of the appointment (%(end)s).")
                % {"end": end.isoformat()}
            )
        return start


def _valid_username(username: str) -> bool:
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        return False
    return True


class RosterAddForm(forms.Form):
    programme: Programme | None = None

    username = forms.CharField(label=_("Username"), max_length=150)
    new_account = forms.BooleanField(
        label=_("Create a new account with this username"),
        required=False,
        help_text=_(
            "Leave unticked to add someone who already has an account. A new account has no "
            "password until a platform administrator sets one."
        ),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    languages = forms.CharField(label=_("Languages"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        username = (data.get("username") or "").strip()
        if not username:
            return data
        exists = User.objects.filter(username=username).exists()
        if data.get("new_account"):
            if exists:
                self.add_error(
                    "username",
                    _("An account with this username exists: untick “create a new account”."),
                )
            elif not _valid_username(username):
                self.add_error(
                    "username", _("Use letters, digits and @ . + - _ only in a username.")
                )
            for name in ("first_name", "last_name"):
                if not data.get(name):
                    self.add_error(name, _("A new account needs a first and a last name."))
        elif not (exists and self._may_add(username)):
            # One answer whether the account is missing or belongs elsewhere: a coordinator must
            # not take over (nor probe) accounts outside the programme.
            self.add_error(
                "username",
                _(
                    "No account with this username can be added here: tick “create a new "
                    "account”, or ask a platform administrator to add an account used elsewhere."
                ),
            )
        return data

    def _may_add(self, username: str) -> bool:
        """An existing account may join the roster when all it holds is in this programme."""
        user = User.objects.get(username=username)
        if user.is_superuser or self.programme is None:
            return False
        clusters = set(self.programme.clusters.values_list("pk", flat=True))
        for _role, programme_id, cluster_id in roles_of(user):
            if programme_id not in (None, self.programme.pk) or (
                cluster_id is not None and cluster_id not in clusters
            ):
                return False
        profile = CdaProfile.objects.filter(user=user).first()
        return profile is None or not profile.programmes.exclude(pk=self.programme.pk).exists()


RATING_CHOICES = [
    ("", "—"),
    (1, _("1 – beginner")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, _("5 – expert")),
]
SELF_FIELDS = [
    "phone",
    "languages",
    "sectors",
    "facilitation_experience",
    "background",
    *CdaProfile.RATINGS,
    "competency_note",
]


class SelfProfileForm(forms.ModelForm):
    """What a CDA edits on their own profile: contact, background and competencies."""

    class Meta:
        model = CdaProfile
        fields = SELF_FIELDS
        widgets = {
            "facilitation_experience": forms.Textarea(attrs={"rows": 3}),
            "background": forms.Textarea(attrs={"rows": 3}),
            "competency_note": forms.Textarea(attrs={"rows": 3}),
            "sectors": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sectors"].queryset = Sector.objects.filter(level=Sector.Level.DIVISION)  # type: ignore[attr-defined]
        self.fields["sectors"].help_text = _("ISIC divisions; hold Ctrl (or ⌘) to choose several.")
        for name in CdaProfile.RATINGS:
            model_field = self.fields[name]
            self.fields[name] = forms.TypedChoiceField(
                label=model_field.label,
                choices=RATING_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=model_field.initial,
            )


class ProfileForm(SelfProfileForm):
    """The coordinator's form: everything, certification included."""

    class Meta(SelfProfileForm.Meta):
        fields = [*SELF_FIELDS, "certification", "certified_on", "certified_by"]
        widgets = {**SelfProfileForm.Meta.widgets, "certified_on": DateInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("certified_on") or data.get("certified_by")) and not data.get("certification"):
            self.add_error("certification", _("Name the certification that was issued."))
        return data


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        fields = ["title", "provider", "start", "end", "hours", "certificate"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return data


SEX_ORDER = [AttendeeSex.FEMALE, AttendeeSex.MALE, AttendeeSex.NOT_STATED]


def participant_field_name(group: str, sex: str) -> str:
    return f"p_{group}_{sex}"


class ActivityForm(forms.ModelForm):
    """An activity with its participants counted by stakeholder group and sex.

    Works as a plain POST form (no JavaScript needed); counts left empty mean none.
    """

    class Meta:
        model = Activity
        fields = ["kind", "date", "place", "purpose", "outcome", "follow_up", "actors", "people"]
        widgets = {
            "kind": forms.RadioSelect,
            "date": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
            "actors": forms.CheckboxSelectMultiple,
            "people": forms.CheckboxSelectMultiple,
        }

    def __init__(
        self, *args: Any, cluster: Cluster, with_people: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cluster = cluster
        self.instance.cluster = cluster
        if not self.instance.pk:
            self.fields["date"].initial = services.today()
        self.fields["kind"].choices = list(self.fields["kind"].choices)[1:]  # type: ignore[attr-defined]
        linked = Q(pk__in=self.instance.actors.all()) if self.instance.pk else Q(pk__in=[])
        actors = Actor.objects.filter(programme=cluster.programme_id).filter(
            Q(memberships__cluster=cluster) | linked
        )
        self.fields["actors"].queryset = actors.distinct().order_by("name")  # type: ignore[attr-defined]
        if with_people:
            linked_people = (
                Q(pk__in=self.instance.people.all()) if self.instance.pk else Q(pk__in=[])
            )
            people = Person.objects.filter(actor__programme=cluster.programme_id).filter(
                Q(actor__memberships__cluster=cluster) | linked_people
            )
            self.fields["people"].queryset = people.select_related("actor").distinct()  # type: ignore[attr-defined]
            self.fields["people"].label_from_instance = lambda p: f"{p.name} · {p.actor.name}"  # type: ignore[attr-defined]
        else:
            del self.fields["people"]
        initial = {}
        if self.instance.pk:
            initial = {(p.group, p.sex): p.count for p in self.instance.participants.all()}
        for group in StakeholderGroup.values:
            for sex in SEX_ORDER:
                label = f"{StakeholderGroup(group).label} · {AttendeeSex(sex).label}"
                self.fields[participant_field_name(group, sex)] = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=0,
                    max_value=100_000,
                    initial=initial.get((group, sex)),
                    error_messages={
                        "min_value": _("Participant counts cannot be negative."),
                        "invalid": _("Enter a whole number of participants."),
                    },
                    widget=forms.NumberInput(
                        attrs={
                            "min": 0,
                            "inputmode": "numeric",
                            "class": "count",
                            "aria-label": label,
                        }
                    ),
                )

    def clean_date(self) -> Any:
        day = self.cleaned_data["date"]
        if day > services.today():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def participant_rows(self) -> list[tuple[str, str, list[forms.BoundField], bool]]:
        """(group, label, bound fields for women, men, not stated, shown by default) per group."""
        rows = []
        for group, label in StakeholderGroup.choices:
            fields = [self[participant_field_name(group, sex)] for sex in SEX_ORDER]
            shown = group in services.COMMON_GROUPS or any(f.value() for f in fields)
            rows.append((group, str(label), fields, shown))
        return rows

    def participant_counts(self) -> dict[tuple[str, str], int]:
        return {
            (group, sex): self.cleaned_data.get(participant_field_name(group, sex)) or 0
            for group in StakeholderGroup.values
            for sex in SEX_ORDER
        }

    def participant_errors(self) -> list[str]:
        return [
            f"{self.fields[name].label}: {error}"
            for name, errors in self.errors.items()
            if name.startswith("p_")
            for error in errors
        ]


class ReportForm(forms.ModelForm):
    class Meta:
        model = CdaReport
        fields = [
            "period_start",
            "period_end",
            "summary",
            "difficulties",
            "support_needed",
            "next_steps",
        ]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "difficulties": forms.Textarea(attrs={"rows": 3}),
            "support_needed": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label=_("Feedback to the CDA"), widget=forms.Textarea(attrs={"rows": 4})
    )
