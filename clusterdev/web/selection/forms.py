from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from clusterdev.web.programmes.models import Cluster, Phase, Programme
from clusterdev.web.selection.models import Criterion


class ExerciseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    candidates = forms.ModelMultipleChoiceField(
        label=_("Candidate clusters"),
        queryset=Cluster.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    criteria = forms.MultipleChoiceField(label=_("Criteria"), widget=forms.CheckboxSelectMultiple)
    stakeholders = forms.ModelMultipleChoiceField(
        label=_("Stakeholders invited to judge"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        from clusterdev.selection import starter_criteria

        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = programme.clusters.filter(phase=Phase.CANDIDATE)  # type: ignore[attr-defined]
        self.fields["criteria"].choices = [  # type: ignore[attr-defined]
            (c.key, f"{c.name} — {Criterion.Direction(c.direction).label}")
            for c in starter_criteria()
        ]
        people: QuerySet[User] = User.objects.filter(
            role_assignments__programme=programme
        ).distinct()
        self.fields["stakeholders"].queryset = people.order_by("last_name", "username")  # type: ignore[attr-defined]
        self.fields["stakeholders"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]

    def clean_candidates(self) -> Any:
        candidates = self.cleaned_data["candidates"]
        if len(candidates) < 2:
            raise forms.ValidationError(_("Choose at least two candidate clusters to compare."))
        return candidates

    def clean_criteria(self) -> Any:
        criteria = self.cleaned_data["criteria"]
        if len(criteria) < 2:
            raise forms.ValidationError(_("Choose at least two criteria."))
        if len(criteria) > 15:
            raise forms.ValidationError(_("Choose at most fifteen criteria."))
        return criteria


class DecisionForm(forms.Form):
    selected = forms.ModelMultipleChoiceField(
        label=_("Clusters selected"),
        queryset=Cluster.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    body = forms.CharField(label=_("Decided by"), initial=_("Steering Committee"), max_length=200)
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, candidates: QuerySet[Cluster], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["selected"].queryset = candidates  # type: ignore[attr-defined]
