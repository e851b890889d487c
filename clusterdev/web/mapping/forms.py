from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterdev.web.mapping.models import MappingRun
from clusterdev.web.mapping.services import SUFFIXES

ROLE_LABELS = {
    "region": _("Region"),
    "sector": _("Sector"),
    "employment": _("Employment"),
    "establishments": _("Establishments (when rows are already totals)"),
    "category": _("Category (e.g. traded or local)"),
    "year": _("Year (to measure growth)"),
    "latitude": _("Latitude"),
    "longitude": _("Longitude"),
}
REQUIRED = ("region", "sector", "employment")


class UploadForm(forms.Form):
    register = forms.FileField(
        label=_("Register or census table"),
        allow_empty_file=True,  # refused later with a message naming the file
        help_text=_("CSV, Parquet or XLSX: one row per establishment, or region × sector totals."),
    )

    def clean_register(self) -> Any:
        upload = self.cleaned_data["register"]
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(_("Use a CSV, Parquet or XLSX file."))
        return upload


class ConfigureForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    engine = forms.ChoiceField(label=_("Engine"), choices=MappingRun.Engine.choices)
    seed = forms.IntegerField(
        label=_("Random seed (for hotspot permutations)"), min_value=0, initial=0
    )
    use_country_areas = forms.BooleanField(
        label=_("Region values are the codes of the country's first-level areas"), required=False
    )
    reference = forms.FileField(
        label=_("Reference economy (optional)"),
        required=False,
        help_text=_(
            "A table with the same sector and employment column names: national employment per sector."
        ),
    )

    def __init__(self, *args: Any, run: MappingRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *[(name, name) for name in run.header]]
        for role, label in ROLE_LABELS.items():
            self.fields[role] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=role in REQUIRED,
                initial=run.columns.get(role, ""),
            )
        self.initial.setdefault("title", run.title)
        self.initial.setdefault("engine", run.engine)
        self.initial.setdefault("seed", run.seed)
        self.initial.setdefault("use_country_areas", run.use_country_areas)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        used = [data.get(role) for role in REQUIRED if data.get(role)]
        if len(used) != len(set(used)):
            raise forms.ValidationError(
                _("Region, sector and employment must be different columns.")
            )
        if bool(data.get("latitude")) != bool(data.get("longitude")):
            raise forms.ValidationError(_("Choose both latitude and longitude, or neither."))
        return data

    def columns(self) -> dict[str, str]:
        return {role: self.cleaned_data.get(role) or "" for role in ROLE_LABELS}
