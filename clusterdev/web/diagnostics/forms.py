from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from clusterdev.web.diagnostics.models import (
    BaselineValue,
    Diagnostic,
    Finding,
    InstrumentKind,
    SurveyWave,
)
from clusterdev.web.programmes.models import Cluster

EXPORT_SUFFIXES = {".csv", ".xlsx", ".zip", ".xls"}
MAX_FILES = 20


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class WaveForm(forms.ModelForm):
    class Meta:
        model = SurveyWave
        fields = ["name", "kind", "start_date", "end_date", "notes"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, cluster: Cluster, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.cluster = cluster

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        waves = SurveyWave.objects.filter(cluster=self.instance.cluster, name__iexact=name)
        if waves.exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                _("This cluster already has a wave called %(name)s."), params={"name": name}
            )
        return name


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class ImportForm(forms.Form):
    wave = forms.ModelChoiceField(queryset=SurveyWave.objects.none(), label=_("Survey wave"))
    kind = forms.ChoiceField(
        label=_("Survey"),
        required=False,
        choices=[("", _("Recognise it from the export")), *InstrumentKind.choices],
    )
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Export files"),
        help_text=_(
            "ODK Central: the CSV files of the export, or its ZIP. KoboToolbox: the XLSX export "
            "(with repeat groups on their own sheets) or a CSV."
        ),
    )
    validate_only = forms.BooleanField(
        label=_("Check only (write nothing)"), required=False, initial=True
    )

    def __init__(self, *args: Any, cluster: Cluster, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        waves = cluster.survey_waves.order_by("-start_date", "-id")
        wave_field = self.fields["wave"]
        assert isinstance(wave_field, forms.ModelChoiceField)
        wave_field.queryset = waves
        wave_field.initial = waves.first()

    def clean_files(self) -> list[Any]:
        files: list[Any] = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise ValidationError(_("Give at most %(n)d files."), params={"n": MAX_FILES})
        for upload in files:
            suffix = Path(upload.name or "").suffix.lower()
            if suffix not in EXPORT_SUFFIXES:
                raise ValidationError(
                    _("%(name)s: an export is a .csv, .xlsx or .zip file."),
                    params={"name": upload.name},
                )
        return files


class SectionForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Separate paragraphs with a blank line."),
    )


class FindingForm(forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["kind", "text", "evidence"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.Textarea(attrs={"rows": 2}),
        }


class BaselineValueForm(forms.ModelForm):
    class Meta:
        model = BaselineValue
        fields = ["wave", "code", "label", "value", "unit", "n", "date", "source", "method"]
        widgets = {"date": DateInput(), "method": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "source": _("Where the value comes from: a census, a register, a study."),
            "n": _("Number of respondents or units, if any."),
        }

    def __init__(self, *args: Any, cluster: Cluster, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.cluster = cluster
        wave_field = self.fields["wave"]
        assert isinstance(wave_field, forms.ModelChoiceField)
        wave_field.queryset = cluster.survey_waves.all()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        code, wave = data.get("code"), data.get("wave")
        if code:
            clash = BaselineValue.objects.filter(
                cluster=self.instance.cluster, code=code, wave=wave, computed=False
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error(
                    "code", _("A value was already entered for this indicator and wave: edit it.")
                )
        return data


class DiagnosticForm(forms.ModelForm):
    class Meta:
        model = Diagnostic
        fields = ["title", "wave"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wave_field = self.fields["wave"]
        assert isinstance(wave_field, forms.ModelChoiceField)
        wave_field.queryset = self.instance.cluster.survey_waves.all()
        wave_field.empty_label = _("The latest wave with submissions")
