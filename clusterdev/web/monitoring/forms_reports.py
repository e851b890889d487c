"""Forms of the progress reports: choosing the period of a new report, writing its text."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from clusterdev.web.monitoring.models import ProgressReport, ReportingPeriod
from clusterdev.web.monitoring.report import NARRATIVE_FIELDS, field_label
from clusterdev.web.programmes.models import Programme


class ReportStartForm(forms.Form):
    period = forms.ModelChoiceField(
        label=_("Reporting period"),
        queryset=ReportingPeriod.objects.none(),
        help_text=_("The figures are those approved as they stood at the end of the period."),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["period"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ReportingPeriod.objects.filter(programme=programme).order_by("-start")


def _text_field(name: str, rows: int) -> forms.CharField:
    return forms.CharField(
        label=capfirst(field_label(name)),  # stays lazy: translated per request
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ReportForm(forms.Form):
    """The report's own text; the figures are not entered here."""

    summary = _text_field("summary", 4)
    achievements = _text_field("achievements", 6)
    challenges = _text_field("challenges", 6)
    next_steps = _text_field("next_steps", 4)

    @classmethod
    def initial_from(cls, report: ProgressReport) -> dict[str, str]:
        return {name: getattr(report, name) for name in NARRATIVE_FIELDS}

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in NARRATIVE_FIELDS}
