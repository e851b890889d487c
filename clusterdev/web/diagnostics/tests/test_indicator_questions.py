"""The M&E indicators marked "ask in the surveys" become questions of the cluster's enterprise
and institution forms, labelled in English, French and Spanish."""

from __future__ import annotations

from clusterdev.surveys import IndicatorQuestion, indicator_question_name
from clusterdev.web.diagnostics.instruments import current_form, indicator_questions
from clusterdev.web.monitoring.models import Indicator
from clusterdev.web.monitoring.starter import add_starter_library
from clusterdev.web.test import World


def make_indicator(world: World, code: str, *, asked: bool = True, cluster=None, **fields):
    defaults = {"name": f"Indicator {code}", "level": "outcome", "measure": "number"}
    return Indicator.objects.create(
        programme=world.programme,
        cluster=cluster or world.cluster_a,
        code=code,
        ask_in_survey=asked,
        **(defaults | fields),
    )


def test_the_asked_indicators_are_questions_in_three_languages(world) -> None:
    make_indicator(
        world,
        "OC-7",
        name="Enterprises applying CSR practices",
        labels={
            "fr": "Entreprises appliquant des pratiques RSE",
            "es": "Empresas con prácticas RSE",
        },
        measure="percentage",
        unit="%",
        position=2,
    )
    add_starter_library(world.cluster_a, by=world.users["cindy"], keys=["trust_index"])
    Indicator.objects.filter(starter_key="trust_index").update(ask_in_survey=True, position=1)
    make_indicator(world, "IM-1", asked=False)
    make_indicator(world, "OC-1", cluster=world.cluster_b)

    questions = indicator_questions(world.cluster_a)

    assert questions == [
        IndicatorQuestion(
            code="OC-14",
            label_en="Trust index (1–5)",
            label_fr="Indice de confiance (1–5)",
            label_es="Índice de confianza (1–5)",
            measure="number",
            unit="1–5",
        ),
        IndicatorQuestion(
            code="OC-7",
            label_en="Enterprises applying CSR practices",
            label_fr="Entreprises appliquant des pratiques RSE",
            label_es="Empresas con prácticas RSE",
            measure="percentage",
            unit="%",
        ),
    ]
    assert indicator_questions(world.cluster_b)[0].code == "OC-1"


def test_the_enterprise_form_asks_them(world) -> None:
    make_indicator(world, "OC-7", labels={"fr": "Pratiques RSE", "es": "Prácticas RSE"})
    form = current_form(world.cluster_a, "enterprise")
    assert [i.code for i in form.indicators] == ["OC-7"]
    field = form.field(indicator_question_name("OC-7"))
    assert field is not None and field.question.label is not None
    assert "Pratiques RSE" in field.question.label.fr
    assert current_form(world.cluster_a, "network").indicators == ()
