"""The instruments: content a diagnostic needs, three languages, names the readers rely on."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from clusterdev.surveys import (
    ActorRow,
    Form,
    FormError,
    IndicatorQuestion,
    actors_csv,
    enterprise_form,
    indicator_question_name,
    institution_form,
    network_form,
    write_attachments,
    write_xlsform,
    xlsform_bytes,
)
from clusterdev.surveys._form import Group, Question
from clusterdev.surveys.tests.atuntaqui import ACTORS, CLUSTER, INDICATORS

LANGUAGE_COLUMNS = ["label::English (en)", "label::French (fr)", "label::Spanish (es)"]
ANSWERED = ("note", "calculate", "start", "end", "today")


def questions(form: Form) -> list[Question]:
    return [f.question for f in form.fields() if f.question.type not in ANSWERED]


def sheet(form: Form, name: str) -> list[dict[str, object]]:
    book = openpyxl.load_workbook(io.BytesIO(xlsform_bytes(form)))
    rows = list(book[name].iter_rows(values_only=True))
    header = [str(cell) for cell in rows[0]]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_the_enterprise_survey_covers_the_diagnostic_topics(enterprise: Form) -> None:
    groups = [item.name for item in enterprise.children if isinstance(item, Group)]
    assert groups == [
        "intro", "profile", "employment", "production", "markets", "inputs", "quality",
        "finance", "services", "constraints", "cooperation", "trust", "indicators", "closing",
    ]  # fmt: skip
    assert 40 <= len(questions(enterprise_form(CLUSTER))) <= 72
    for name in ("employees_women", "employees_men", "employees_family", "employees_seasonal",
                 "owner_sex", "owner_age", "legal_status", "year_founded", "share_export",
                 "finance_refused", "constraint_1", "constraint_3", "coop_purchasing",
                 "coop_marketing", "coop_equipment", "coop_training"):  # fmt: skip
        assert enterprise.field(name) is not None, name


def test_the_trust_battery_is_a_five_point_likert_scale(enterprise: Form) -> None:
    trust = [f.question for f in enterprise.fields() if f.path == ("trust",)]
    items = [q for q in trust if q.type == "select_one"]
    assert 5 <= len(items) <= 6
    assert {q.choices for q in items} == {"likert"}
    assert enterprise.choice_list("likert").names() == ["1", "2", "3", "4", "5"]


def test_the_top_three_constraints_are_ranked_among_those_chosen(enterprise: Form) -> None:
    third = enterprise.field("constraint_3")
    assert third is not None
    assert third.question.choice_filter == (
        "selected(${main_constraints}, name) and name != ${constraint_1} "
        "and name != ${constraint_2}"
    )
    assert third.question.relevant == "count-selected(${main_constraints}) >= 3"


def test_the_institution_survey_asks_services_clients_capacity_and_gaps(
    institution: Form,
) -> None:
    paths = {f.question.name: f.path for f in institution.fields()}
    assert paths["services_offered"] == ("offer",)
    assert paths["clients_cluster"] == ("clients",)
    assert paths["staff_advisers"] == ("capacity",)
    assert paths["capacity_gaps"] == ("gaps",)
    types = institution.choice_list("institution_type").names()
    assert types == ["business_association", "bds_provider", "financial", "public_authority",
                     "training_research", "ngo", "other"]  # fmt: skip


def test_the_name_generator_picks_partners_from_the_register_excluding_self_and_named(
    network: Form,
) -> None:
    respondent = network.field("respondent")
    partner = network.field("partner")
    assert respondent is not None and partner is not None
    assert respondent.question.xlsform_type == "select_one_from_file actors.csv"
    assert partner.question.xlsform_type == "select_one_from_file actors.csv"
    assert partner.repeat == "partners"
    assert "name != ${respondent}" in partner.question.choice_filter
    assert "not(selected(${named_partners}, name))" in partner.question.choice_filter
    assert "name = 'other'" in partner.question.choice_filter
    other = network.field("partner_other")
    assert other is not None and other.question.relevant == "${partner} = 'other'"
    assert network.choice_list("tie_types").names() == [
        "information", "business", "joint_action", "trust"
    ]  # fmt: skip
    for name in ("tie_types", "frequency", "formal"):
        place = network.field(name)
        assert place is not None and place.repeat == "partners" and place.question.required


def test_every_label_hint_and_choice_is_in_english_french_and_spanish(
    enterprise: Form, institution: Form, network: Form
) -> None:
    for form in (enterprise, institution, network):
        for row in sheet(form, "survey"):
            if row["type"] in ("calculate", "start", "end", "today") or str(row["type"]).startswith(
                "end_"
            ):
                continue
            texts = [row[column] for column in LANGUAGE_COLUMNS]
            assert all(texts), (form.form_id, row["name"], texts)
            if row.get("hint::English (en)"):
                assert row["hint::French (fr)"] and row["hint::Spanish (es)"], row["name"]
        for row in sheet(form, "choices"):
            assert all(row[column] for column in LANGUAGE_COLUMNS), row
    french = {row["name"]: row["label::French (fr)"] for row in sheet(enterprise, "survey")}
    assert french["consent"] == (
        "La personne accepte-t-elle de répondre ? La participation est volontaire et les "
        "réponses confidentielles."
    )


def test_the_settings_name_the_cluster_version_and_default_language(enterprise: Form) -> None:
    [settings] = sheet(enterprise, "settings")
    assert settings["form_id"] == "atuntaqui-garment-enterprise"
    assert settings["version"] == enterprise.version
    assert settings["default_language"] == "English (en)"
    assert settings["form_title"] == "Enterprise survey – Atuntaqui garment cluster"


def test_the_version_changes_with_the_content_and_only_then() -> None:
    first = enterprise_form(CLUSTER, actors=ACTORS)
    assert enterprise_form(CLUSTER, actors=ACTORS).version == first.version
    assert enterprise_form(CLUSTER, actors=ACTORS[:-1]).version != first.version
    assert enterprise_form(CLUSTER, INDICATORS, actors=ACTORS).version != first.version
    assert enterprise_form(CLUSTER, version="2024-03").version == "2024-03"


def test_the_form_records_its_id_and_version_in_each_submission(network: Form) -> None:
    calculations = {f.question.name: f.question.calculation for f in network.fields()}
    assert calculations["form_id"] == "'atuntaqui-garment-network'"
    assert calculations["form_version"] == f"'{network.version}'"


def test_indicators_become_typed_questions_named_after_their_codes() -> None:
    indicators = [
        IndicatorQuestion("OC-5", "Workers trained", "Employés formés", "", "percentage", "%"),
        IndicatorQuestion("IM 1.2", "Sales", measure="number", unit="USD"),
        IndicatorQuestion("T", "Trust", measure="ordinal"),
        IndicatorQuestion("Q", "Most important change", measure="qualitative"),
    ]
    form = enterprise_form(CLUSTER, indicators)
    placed = [f for f in form.fields() if f.path == ("indicators",)]
    assert [(f.question.name, f.question.type) for f in placed] == [
        ("ind_oc_5", "decimal"),
        ("ind_im_1_2", "decimal"),
        ("ind_t", "select_one"),
        ("ind_q", "text"),
    ]
    trained = placed[0].question
    assert (trained.minimum, trained.maximum) == (0, 100)
    assert trained.label is not None and trained.label.es == "Workers trained"
    assert trained.hint is not None and trained.hint.fr == "Unité : %"
    assert form.indicators == tuple(indicators)
    assert enterprise_form(CLUSTER).field("ind_oc_5") is None


def test_the_percentage_constraint_is_written_for_odk(enterprise: Form) -> None:
    row = next(r for r in sheet(enterprise, "survey") if r["name"] == "ind_oc_5")
    assert row["constraint"] == ". >= 0 and . <= 100"
    assert row["constraint_message::Spanish (es)"] == "Ingrese un número de 0 a 100."


@pytest.mark.parametrize(
    ("indicators", "words"),
    [
        ([IndicatorQuestion("OC-1", "A"), IndicatorQuestion("oc 1", "B")], "'OC-1' and 'oc 1'"),
        ([IndicatorQuestion("--", "A")], "no letter or digit"),
        ([IndicatorQuestion("X", "  ")], "no English label"),
        ([IndicatorQuestion("X", "A", measure="ratio")], "measure 'ratio'"),  # type: ignore[arg-type]
    ],
)
def test_unusable_indicators_are_refused_by_name(
    indicators: list[IndicatorQuestion], words: str
) -> None:
    with pytest.raises(FormError, match=words):
        enterprise_form(CLUSTER, indicators)


def test_indicator_question_name_matches_the_form() -> None:
    assert indicator_question_name("OC-9") == "ind_oc_9"


@pytest.mark.parametrize(
    ("actors", "words"),
    [
        ([ActorRow(1, "A", "enterprise"), ActorRow(1, "B", "institution")], "actor id 1"),
        ([ActorRow(2, " ", "enterprise")], "actor 2 has no name"),
        ([ActorRow(3, "C", "bank")], "kind 'bank'"),  # type: ignore[arg-type]
    ],
)
def test_an_unusable_register_is_refused(actors: list[ActorRow], words: str) -> None:
    with pytest.raises(FormError, match=words):
        network_form(CLUSTER, actors)


def test_a_form_refuses_a_name_used_twice() -> None:
    with pytest.raises(FormError, match="'x' names two elements"):
        Form("enterprise", "f", "F", "1", (Question("text", "x"), Question("integer", "x")), ())


def test_actors_csv_lists_the_register_for_odk_with_accents_and_commas(network: Form) -> None:
    rows = list(csv.DictReader(io.StringIO(actors_csv(network))))
    assert list(rows[0]) == [
        "name", "label", *LANGUAGE_COLUMNS, "kind", "town",
    ]  # fmt: skip
    by_id = {row["name"]: row for row in rows}
    assert by_id["1"]["label"] == "Textiles Andrade, Hijos (Atuntaqui)"
    assert by_id["2"]["label"] == "Confecciones Ñusta (Andrade Marín)"
    assert (by_id["20"]["kind"], by_id["20"]["town"]) == ("institution", "Atuntaqui")
    assert rows[-1]["name"] == "other"
    assert rows[-1]["label::French (fr)"] == "Autre (absent de la liste)"
    names = [row["label"] for row in rows[:-1]]
    assert names.index("Cámara de Comercio de Antonio Ante (Atuntaqui)") < names.index(
        "Confecciones Ñusta (Andrade Marín)"
    )
    assert len(rows) == len(ACTORS) + 1


def test_the_files_are_written_where_asked(tmp_path: Path, network: Form) -> None:
    workbook = write_xlsform(network, tmp_path / "network.xlsx")
    assert openpyxl.load_workbook(workbook).sheetnames == ["survey", "choices", "settings"]
    [attachment] = write_attachments(network, tmp_path / "media")
    assert attachment == tmp_path / "media" / "actors.csv"
    assert attachment.read_bytes().decode("utf-8") == actors_csv(network)


def test_building_a_form_leaves_the_callers_lists_alone() -> None:
    actors = list(ACTORS)
    indicators = list(INDICATORS)
    institution_form(CLUSTER, indicators, actors=actors)
    assert actors == ACTORS and indicators == INDICATORS
