from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from clusterdev.web.actors.models import Actor, InstitutionType, OwnerSex, SizeClass
from clusterdev.web.geo.models import AdminArea, Sector
from clusterdev.web.programmes.models import Cluster, Programme

ANY = [("", _("Any"))]


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ANY + Actor.Kind.choices, required=False)
    size_class = forms.ChoiceField(
        label=_("Size class"), choices=ANY + SizeClass.choices, required=False
    )
    institution_type = forms.ChoiceField(
        label=_("Institution type"), choices=ANY + InstitutionType.choices, required=False
    )
    owner_sex = forms.ChoiceField(
        label=_("Owner's sex"), choices=ANY + OwnerSex.choices, required=False
    )
    formal = forms.ChoiceField(
        label=_("Formal status"),
        choices=[*ANY, ("yes", _("Formal")), ("no", _("Informal"))],
        required=False,
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=AdminArea.objects.none(), required=False, empty_label=_("Any")
    )
    section = forms.ModelChoiceField(
        label=_("ISIC section"),
        queryset=Sector.objects.filter(level=Sector.Level.SECTION),
        required=False,
        empty_label=_("Any"),
    )
    cluster = forms.ModelChoiceField(
        label=_("Cluster"), queryset=Cluster.objects.none(), required=False, empty_label=_("Any")
    )

    def __init__(
        self, *args: object, programme: Programme, clusters: QuerySet[Cluster], **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        areas = AdminArea.objects.filter(country=programme.country_id, level=1)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        self.fields["cluster"].queryset = clusters  # type: ignore[attr-defined]

    def apply(self, actors: QuerySet[Actor]) -> QuerySet[Actor]:
        data = self.cleaned_data
        actors = actors.search(data.get("q") or "")  # type: ignore[attr-defined]
        for name in ("kind", "size_class", "institution_type", "owner_sex"):
            if data.get(name):
                actors = actors.filter(**{name: data[name]})
        if data.get("formal"):
            actors = actors.filter(formal=data["formal"] == "yes")
        if data.get("area"):
            actors = actors.filter(area__in=data["area"].subtree_ids())
        if data.get("section"):
            actors = actors.filter(isic__code__in=_class_codes(data["section"]))
        if data.get("cluster"):
            actors = actors.filter(memberships__cluster=data["cluster"])
        return actors


def _class_codes(section: Sector) -> QuerySet[Sector]:
    return Sector.objects.filter(
        level=Sector.Level.CLASS, parent__parent__parent=section
    ).values_list("code", flat=True)  # type: ignore[return-value]


class ActorForm(forms.ModelForm):
    class Meta:
        model = Actor
        fields = [
            "name",
            "tax_id",
            "area",
            "town",
            "address",
            "latitude",
            "longitude",
            "isic",
            "formal",
            "founded",
            "size_class",
            "employees_female",
            "employees_male",
            "owner_sex",
            "owner_name",
            "institution_type",
            "services",
            "contact_phone",
            "contact_email",
        ]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        actor: Actor = self.instance
        self.fields["area"].queryset = AdminArea.objects.filter(country=actor.programme.country_id)  # type: ignore[attr-defined]
        self.fields["isic"].queryset = Sector.objects.filter(level=Sector.Level.CLASS)  # type: ignore[attr-defined]
        unused = (
            ("institution_type", "services")
            if actor.is_enterprise
            else ("size_class", "employees_female", "employees_male", "owner_sex", "owner_name")
        )
        for name in unused:
            del self.fields[name]
