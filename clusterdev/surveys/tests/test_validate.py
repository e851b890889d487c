"""Every generated form converts with pyxform and passes ODK Validate (Java is required)."""

from __future__ import annotations

import dataclasses

import pytest

from clusterdev.surveys import (
    ActorRow,
    Form,
    FormError,
    convert,
    enterprise_form,
    institution_form,
    network_form,
    validate,
)
from clusterdev.surveys._form import Group, Question
from clusterdev.surveys.tests.atuntaqui import ACTORS, CLUSTER, INDICATORS

# Names that break naive CSV or XML writers: commas, quotes, accents, ampersands.
AWKWARD = [
    *ACTORS,
    ActorRow(30, 'Sastrería "El Dedal", S.A.', "enterprise", "Atuntaqui"),
    ActorRow(31, "Hilos & Botones Peñaherrera", "enterprise", "San José de Chaltura"),
]
FORMS = {
    "enterprise": lambda: enterprise_form(CLUSTER, actors=AWKWARD),
    "enterprise with indicators": lambda: enterprise_form(CLUSTER, INDICATORS, actors=AWKWARD),
    "institution": lambda: institution_form(CLUSTER, actors=AWKWARD),
    "institution with indicators": lambda: institution_form(CLUSTER, INDICATORS),
    "network": lambda: network_form(CLUSTER, AWKWARD),
    "network without actors": lambda: network_form(CLUSTER, []),
}


@pytest.mark.parametrize("name", FORMS)
def test_each_form_passes_odk_validate(name: str) -> None:
    assert validate(FORMS[name]()) == []


def test_the_xform_has_the_three_languages_and_the_actors_file() -> None:
    xml = convert(network_form(CLUSTER, AWKWARD))
    for language in ("English (en)", "French (fr)", "Spanish (es)"):
        assert f'lang="{language}"' in xml
    assert 'src="jr://file-csv/actors.csv"' in xml
    assert "instance('actors')/root/item[name !=  /data/respondent_group/respondent" in xml


def _with_partner(form: Form, *, constraint: str = "", relevant: str = "") -> Form:
    """The network form with the partner question's constraint or relevance changed."""

    def change(item: Question | Group) -> Question | Group:
        if isinstance(item, Group):
            return dataclasses.replace(item, children=tuple(change(c) for c in item.children))
        if item.name != "partner":
            return item
        return dataclasses.replace(item, constraint=constraint, relevant=relevant)

    return dataclasses.replace(form, children=tuple(change(c) for c in form.children))


def test_odk_validate_rejects_an_expression_pyxform_lets_through() -> None:
    broken = _with_partner(network_form(CLUSTER, ACTORS), constraint=". > (1 +")
    convert(broken)  # pyxform alone does not parse XPath
    with pytest.raises(FormError, match="atuntaqui-garment-network: ODK Validate Errors"):
        validate(broken)


def test_pyxform_refusals_name_the_form() -> None:
    broken = _with_partner(network_form(CLUSTER, ACTORS), relevant="${no_such_question} = 1")
    with pytest.raises(FormError, match=r"atuntaqui-garment-network: .*no_such_question"):
        convert(broken)
