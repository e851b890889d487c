from django import forms
from django.utils.translation import gettext_lazy as _

from clusterdev.web.programmes.models import Phase


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("New phase"), choices=Phase.choices)
    note = forms.CharField(
        label=_("Reason or decision reference"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: object, current: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.current = current
        self.fields["phase"].initial = current

    def clean_phase(self) -> str:
        phase: str = self.cleaned_data["phase"]
        if phase == self.current:
            raise forms.ValidationError(_("The cluster is already in this phase."))
        return phase
