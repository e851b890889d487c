"""Forms of the M&E framework: results, indicators, targets, periods and actual values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusterdev.web.monitoring.models import (
    CATEGORIES,
    Dimension,
    Frequency,
    Indicator,
    Level,
    Measure,
    ReportingPeriod,
    ResultNode,
)
from clusterdev.web.monitoring.services import AmountInput, Scope, nodes_of, scope_parts
from clusterdev.web.programmes.models import Cluster, Role


def scope_users(scope: Scope) -> Any:
    """Users who may be responsible for an indicator: those holding a role in the scope."""
    programme, cluster = scope_parts(scope)
    where = Q(role_assignments__programme=programme) & ~Q(role_assignments__role=Role.DONOR)
    if cluster is not None:
        where |= Q(role_assignments__cluster=cluster)
    else:
        where |= Q(role_assignments__cluster__programme=programme)
    return User.objects.filter(where).distinct().order_by("username")


def _joint_actions(cluster: Cluster | None) -> list[tuple[str, str]]:
    if cluster is None:
        return []
    from clusterdev.web.plans import services as plans

    plan = getattr(cluster, "action_plan", None)
    revision = plans.in_force(plan)
    if revision is None:
        return []
    return [(a.key, a.title) for a in revision.actions.order_by("position", "id")]


class NodeForm(forms.ModelForm):
    action_keys = forms.MultipleChoiceField(
        label=_("Joint actions"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For an activity: the joint actions of the action plan it stands for."),
    )

    class Meta:
        model = ResultNode
        fields = ["level", "parent", "title", "description", "assumptions", "risks", "action_keys"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "assumptions": forms.Textarea(attrs={"rows": 2}),
            "risks": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme, cluster = scope_parts(scope)
        self.instance.programme, self.instance.cluster = programme, cluster
        parents = nodes_of(scope).exclude(level__in=[Level.INPUT])
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        parent_field = self.fields["parent"]
        assert isinstance(parent_field, forms.ModelChoiceField)
        parent_field.queryset = parents
        actions = _joint_actions(cluster)
        keys = self.fields["action_keys"]
        assert isinstance(keys, forms.MultipleChoiceField)
        known = {k for k, _title in actions}
        # Keep links to actions no longer in the plan in force, so that saving does not drop them.
        extra = [(k, k) for k in (self.instance.action_keys or []) if k not in known]
        keys.choices = actions + extra
        if not keys.choices:
            del self.fields["action_keys"]


def _scale_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class IndicatorForm(forms.ModelForm):
    scale_text = forms.CharField(
        label=_("Levels of the scale"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For an ordinal indicator: one level per line, lowest first."),
    )
    disaggregations = forms.MultipleChoiceField(
        label=_("Disaggregations"),
        required=False,
        choices=Dimension.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Indicator
        fields = [
            "node",
            "level",
            "code",
            "name",
            "definition",
            "measure",
            "unit",
            "direction",
            "cumulative_rule",
            "disaggregations",
            "data_source",
            "method",
            "responsible",
            "frequency",
            "computation",
            "survey_code",
            "ask_in_survey",
            "baseline_value",
            "baseline_numerator",
            "baseline_denominator",
            "baseline_text",
            "baseline_date",
            "baseline_source",
        ]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 2}),
            "method": forms.Textarea(attrs={"rows": 2}),
            "baseline_text": forms.Textarea(attrs={"rows": 2}),
            "baseline_date": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme, cluster = scope_parts(scope)
        self.instance.programme, self.instance.cluster = programme, cluster
        node = self.fields["node"]
        assert isinstance(node, forms.ModelChoiceField)
        node.queryset = nodes_of(scope)
        responsible = self.fields["responsible"]
        assert isinstance(responsible, forms.ModelChoiceField)
        responsible.queryset = scope_users(scope)
        self.fields["scale_text"].initial = "\n".join(map(str, self.instance.scale or []))
        self.fields["level"].required = False
        self.fields["level"].help_text = _("Taken from the result measured when left empty.")
        self.order_fields(["node", "level", "code", "name", "definition", "measure", "unit"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        node = data.get("node")
        if node is not None and not data.get("level"):
            data["level"] = node.level
        elif not data.get("level"):
            self.add_error("level", _("Choose the level, or the result the indicator measures."))
        self.instance.scale = _scale_lines(data.get("scale_text") or "")
        if data.get("measure") != Measure.ORDINAL:
            self.instance.scale = []
        if self.instance.pk is not None:
            self._keep_what_values_use(data)
        numerator, denominator = data.get("baseline_numerator"), data.get("baseline_denominator")
        if (numerator is None) != (denominator is None):
            self.add_error(
                "baseline_denominator",
                _("Give both the numerator and the denominator of the baseline, or neither."),
            )
        return data

    def _keep_what_values_use(self, data: dict[str, Any]) -> None:
        """Refuse changes that would leave reported values, targets or the baseline meaningless:
        another measure once values exist, dropping a disaggregation they use, removing a level
        of the scale that they use."""
        stored = Indicator.objects.get(pk=self.instance.pk)
        reported = stored.actuals.exists()
        if reported and data.get("measure") and data["measure"] != stored.measure:
            self.add_error(
                "measure",
                _("Values are already reported in this measure: it can no longer change."),
            )
        dropped = set(stored.disaggregations or []) - set(data.get("disaggregations") or [])
        if dropped and stored.actuals.exclude(disaggregation={}).exists():
            self.add_error(
                "disaggregations",
                _("Values are already reported with these disaggregations: keep them."),
            )
        if stored.measure == Measure.ORDINAL and data.get("measure") == Measure.ORDINAL:
            used = set(stored.actuals.exclude(text="").values_list("text", flat=True))
            used |= set(stored.targets.exclude(text="").values_list("text", flat=True))
            if stored.baseline_text:
                used.add(stored.baseline_text)
            missing = sorted(used - set(self.instance.scale))
            if missing:
                self.add_error(
                    "scale_text",
                    _("Levels used by the baseline, targets or values must stay: %(levels)s.")
                    % {"levels": ", ".join(missing)},
                )


class TargetForm(forms.Form):
    period = forms.ModelChoiceField(queryset=ReportingPeriod.objects.none(), label=_("Period"))
    value = forms.FloatField(label=_("Value"), required=False)
    numerator = forms.FloatField(label=_("Numerator"), required=False)
    denominator = forms.FloatField(label=_("Denominator"), required=False)
    text = forms.CharField(label=_("Level or statement"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=255)

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        period = self.fields["period"]
        assert isinstance(period, forms.ModelChoiceField)
        period.queryset = ReportingPeriod.objects.filter(programme_id=indicator.programme_id)
        _keep_amount_fields(self, indicator)

    def amount(self) -> AmountInput:
        data = self.cleaned_data
        return AmountInput(
            data.get("value"),
            data.get("numerator"),
            data.get("denominator"),
            data.get("text") or "",
        )


def _keep_amount_fields(form: forms.Form, indicator: Indicator) -> None:
    """Only the amount fields that fit the indicator's measure."""
    if indicator.measure in (Measure.ORDINAL, Measure.QUALITATIVE):
        for name in ("value", "numerator", "denominator"):
            del form.fields[name]
        if indicator.measure == Measure.ORDINAL:
            form.fields["text"] = forms.ChoiceField(
                label=_("Level"), choices=[(x, x) for x in map(str, indicator.scale)]
            )
    else:
        del form.fields["text"]
        if indicator.measure != Measure.PERCENTAGE:
            del form.fields["numerator"], form.fields["denominator"]
        else:
            form.fields["value"].label = _("Percentage (when the counts are not known)")


class PeriodForm(forms.ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["name", "start", "end"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}),
            "end": forms.DateInput(attrs={"type": "date"}),
        }


class PeriodsForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Periods"),
        choices=[
            (f.value, f.label)
            for f in (
                Frequency.QUARTERLY,
                Frequency.SEMIANNUAL,
                Frequency.ANNUAL,
                Frequency.MONTHLY,
            )
        ],
    )


class ActualForm(forms.Form):
    """A period's value with its disaggregation (one field per category of each dimension the
    indicator asks for: a count, or numerator and denominator for a percentage kept as a ratio)
    and its means of verification."""

    value = forms.FloatField(label=_("Value"), required=False)
    numerator = forms.FloatField(label=_("Numerator"), required=False)
    denominator = forms.FloatField(label=_("Denominator"), required=False)
    text = forms.CharField(
        label=_("Level or statement"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.CharField(
        label=_("Means of verification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where the value can be checked: lists, minutes, invoices, survey files."),
    )
    evidence_file = forms.FileField(label=_("Evidence file"), required=False)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        _keep_amount_fields(self, indicator)
        self.part_fields: list[tuple[str, str, list[tuple[str, str, list[str]]]]] = []
        if indicator.measure in (Measure.NUMBER, Measure.PERCENTAGE):
            ratio = indicator.measure == Measure.PERCENTAGE
            for dimension in indicator.disaggregations or []:
                rows = []
                for category, label in CATEGORIES[dimension]:
                    names = []
                    for suffix in ("n", "d") if ratio else ("v",):
                        name = f"part-{dimension}-{category}-{suffix}".replace(" ", "_")
                        self.fields[name] = forms.FloatField(required=False, label=str(label))
                        names.append(name)
                    rows.append((category, str(label), names))
                self.part_fields.append((dimension, str(Dimension(dimension).label), rows))

    def parts_table(self) -> list[tuple[str, list[tuple[str, list[Any]]]]]:
        """The disaggregation fields as rows for the template: (dimension label, [(category
        label, [bound fields])])."""
        return [
            (
                label,
                [(category_label, [self[n] for n in names]) for _c, category_label, names in rows],
            )
            for _d, label, rows in self.part_fields
        ]

    def amount(self) -> AmountInput:
        data = self.cleaned_data
        parts: dict[str, dict[str, Any]] = {}
        for dimension, _label, rows in self.part_fields:
            for category, _category_label, names in rows:
                values = [data.get(n) for n in names]
                if all(v is None for v in values):
                    continue
                if len(values) == 2:
                    parts.setdefault(dimension, {})[category] = [
                        values[0] or 0.0,
                        values[1] or 0.0,
                    ]
                else:
                    parts.setdefault(dimension, {})[category] = values[0]
        numerator, denominator = data.get("numerator"), data.get("denominator")
        return AmountInput(
            data.get("value"),
            numerator,
            denominator,
            data.get("text") or "",
            parts,
        )

    @classmethod
    def initial_for(cls, actual: Any) -> dict[str, Any]:
        if actual is None:
            return {}
        initial: dict[str, Any] = {
            "value": actual.value,
            "numerator": actual.numerator,
            "denominator": actual.denominator,
            "text": actual.text,
            "evidence": actual.evidence,
            "comment": actual.comment,
        }
        for dimension, parts in (actual.disaggregation or {}).items():
            for category, part in parts.items():
                stem = f"part-{dimension}-{category}".replace(" ", "_")
                if isinstance(part, list):
                    initial[f"{stem}-n"], initial[f"{stem}-d"] = part
                else:
                    initial[f"{stem}-v"] = part
        return initial


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
