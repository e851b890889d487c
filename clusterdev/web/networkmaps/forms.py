"""The choices of the network page: wave, tie types, size measure, and the waves compared."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterdev.web.diagnostics.models import SurveyWave
from clusterdev.web.networkmaps import services
from clusterdev.web.programmes.models import Cluster


class WaveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: SurveyWave) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class NetworkForm(forms.Form):
    """What the map shows. Read from the query string; missing values take the defaults."""

    wave = WaveChoiceField(label=_("Survey wave"), queryset=SurveyWave.objects.none())
    type = forms.MultipleChoiceField(
        label=_("Tie types"),
        choices=services.TIE_TYPES.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: all types."),
    )
    size = forms.ChoiceField(
        label=_("Size by"), choices=list(services.SIZE_MEASURES.items()), required=False
    )
    # Shown in the comparison section, outside the <form> element, yet submitted with it.
    base = WaveChoiceField(
        label=_("Base wave"),
        queryset=SurveyWave.objects.none(),
        required=False,
        widget=forms.Select(attrs={"form": "network-filters"}),
    )
    follow = WaveChoiceField(
        label=_("Follow-up wave"),
        queryset=SurveyWave.objects.none(),
        required=False,
        widget=forms.Select(attrs={"form": "network-filters"}),
    )

    def __init__(self, data: Any, *, cluster: Cluster) -> None:
        waves = cluster.survey_waves.order_by("start_date", "id")
        latest = services.latest_wave_with_ties(cluster)
        pair = services.default_pair(cluster)
        defaults: dict[str, Any] = {
            "wave": latest.pk if latest else None,
            "size": "degree",
            "base": pair[0].pk if pair else None,
            "follow": pair[1].pk if pair else None,
        }
        merged = data.copy()
        for key, value in defaults.items():
            if not merged.get(key) and value is not None:
                merged[key] = value
        super().__init__(merged)
        for name in ("wave", "base", "follow"):
            self.fields[name].queryset = waves  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        base, follow = data.get("base"), data.get("follow")
        if base and follow and base.pk == follow.pk:
            self.add_error("follow", _("Choose a wave other than the one it is compared with."))
        return data

    def error_text(self) -> str:
        """The errors in one line, each after its field's label."""
        parts: list[str] = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            parts.extend(f"{label}: {error}" if label else str(error) for error in errors)
        return " ".join(parts)
