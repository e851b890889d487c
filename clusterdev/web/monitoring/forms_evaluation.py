"""The choices of the evaluation page: the cluster's baseline and follow-up waves, the
comparison clusters and, for each, the waves it is compared at. Read from the query string;
missing waves take :func:`~clusterdev.web.monitoring.evaluation.default_waves`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterdev.web.diagnostics.models import SurveyWave
from clusterdev.web.monitoring import evaluation
from clusterdev.web.programmes.access import User
from clusterdev.web.programmes.models import Cluster


class WaveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: SurveyWave) -> str:
        return f"{obj.name} ({obj.get_kind_display()}, {obj.start_date:%Y-%m-%d})"


def _wave_field(
    label: Any, cluster: Cluster, *, required: bool, empty: Any = None
) -> WaveChoiceField:
    field = WaveChoiceField(
        label=label,
        queryset=evaluation.waves_with_values(cluster),
        required=required,
        empty_label=empty,
    )
    # The cluster's name may hold "%", which the message's own formatting would read.
    name = cluster.name.replace("%", "%%")
    field.error_messages["invalid_choice"] = _(
        "No survey wave of %(cluster)s with values has this id; choose one from the list."
    ) % {"cluster": name}
    return field


class EvaluationForm(forms.Form):
    """What the evaluation compares. Only clusters of the same programme that the user may view
    and that have two waves with values are offered as comparison clusters; any other id in
    the query string is refused as an invalid choice."""

    comparison = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Comparison clusters"),
        queryset=Cluster.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": gettext_lazy("%(value)s is not one of the clusters offered.")
        },
    )

    def __init__(self, data: Any, *, cluster: Cluster, user: User) -> None:
        self.cluster = cluster
        self.candidates = evaluation.comparison_candidates(cluster, user)
        merged = data.copy()
        pair = evaluation.default_waves(cluster)
        if pair is not None:
            for name, wave in zip(("baseline", "follow_up"), pair, strict=True):
                if not merged.get(name):
                    merged[name] = wave.pk
        super().__init__(merged)
        self.fields["baseline"] = _wave_field(gettext_lazy("Baseline wave"), cluster, required=True)
        self.fields["follow_up"] = _wave_field(
            gettext_lazy("Follow-up wave"), cluster, required=True
        )
        field = self.fields["comparison"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Cluster.objects.filter(pk__in=[c.pk for c in self.candidates]).order_by(
            "name", "pk"
        )
        for other in self.candidates:
            self.fields[f"baseline_{other.pk}"] = _wave_field(
                _("Baseline wave of %(cluster)s") % {"cluster": other.name},
                other,
                required=False,
                empty=gettext_lazy("Earliest with values"),
            )
            self.fields[f"follow_up_{other.pk}"] = _wave_field(
                _("Follow-up wave of %(cluster)s") % {"cluster": other.name},
                other,
                required=False,
                empty=gettext_lazy("Latest with values"),
            )

    def comparison_rows(self) -> list[dict[str, Any]]:
        """For the page: each cluster offered with its check box and its two wave choices."""
        boxes = {str(box.data["value"]): box for box in self["comparison"]}
        return [
            {
                "cluster": other,
                "box": boxes[str(other.pk)],
                "baseline": self[f"baseline_{other.pk}"],
                "follow_up": self[f"follow_up_{other.pk}"],
            }
            for other in self.candidates
        ]

    def result(self) -> evaluation.Evaluation | None:
        """The evaluation chosen (the form being valid); ``None`` with the reason added to the
        form's errors when the waves cannot be compared."""
        data = self.cleaned_data
        chosen: dict[Cluster, tuple[SurveyWave, SurveyWave]] = {}
        for other in data["comparison"]:
            base, follow = data.get(f"baseline_{other.pk}"), data.get(f"follow_up_{other.pk}")
            if base is None and follow is None:
                continue
            pair = evaluation.default_waves(other)
            assert pair is not None  # only clusters with two waves with values are offered
            chosen[other] = (base or pair[0], follow or pair[1])
        try:
            return evaluation.comparison(
                self.cluster,
                baseline_wave=data["baseline"],
                follow_up_wave=data["follow_up"],
                comparison_clusters=data["comparison"],
                comparison_waves=chosen,
            )
        except evaluation.EvaluationError as error:
            self.add_error(None, error.message)
            return None

    def error_text(self) -> str:
        """The errors in one line, each after its field's label."""
        parts: list[str] = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            parts.extend(f"{label}: {error}" if label else str(error) for error in errors)
        return " ".join(parts)
