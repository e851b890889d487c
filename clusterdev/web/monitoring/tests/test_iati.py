"""The programme's results framework as an IATI 2.03 activity: it validates against the schema,
publishes only approved values, and says what to set when it cannot be published."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError
from lxml import etree

from clusterdev.web.monitoring import iati
from clusterdev.web.monitoring.models import IatiSettings

from .published import Published, make_published

GENERATED = datetime(2025, 9, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def published(world, chain, periods, trained, women_share, draft) -> Published:
    return make_published(world, chain, periods, trained, women_share, draft)


@pytest.fixture
def document(world, published) -> etree._Element:
    return etree.fromstring(iati.activity_xml(world.programme, generated=GENERATED))


def indicator(document, code: str):
    return document.xpath(f"//indicator[reference/@code='{code}']")[0]


def period(indicator_element, start: str):
    return indicator_element.xpath(f"period[period-start/@iso-date='{start}']")[0]


def test_the_framework_validates_against_the_iati_203_schema(world, published):
    xml = iati.activity_xml(world.programme, generated=GENERATED)
    assert iati.validate(xml) == []
    assert iati.valid_activity_xml(world.programme, generated=GENERATED) == xml


def test_a_broken_document_does_not_validate(world, published):
    document = etree.fromstring(iati.activity_xml(world.programme, generated=GENERATED))
    activity = document.find("iati-activity")
    activity.remove(activity.find("reporting-org"))
    problems = iati.validate(etree.tostring(document))
    assert problems and "reporting-org" in problems[0] and problems[0].startswith("line ")
    assert iati.validate(b"<iati-activities version='2.03'>") != []


def test_the_activity_names_the_programme_its_organisations_and_dates(document):
    assert document.get("version") == "2.03"
    assert document.get("generated-datetime") == "2025-09-01T12:00:00+00:00"
    activity = document.find("iati-activity")
    assert activity.findtext("iati-identifier") == "XM-DAC-41123-TL-2025"
    reporting = activity.find("reporting-org")
    assert (reporting.get("ref"), reporting.get("type")) == ("XM-DAC-41123", "40")
    assert activity.findtext("title/narrative") == "Testland"
    organisations = {
        (o.findtext("narrative"), o.get("role")) for o in activity.findall("participating-org")
    }
    assert organisations == {("European Union", "1"), ("UNIDO", "4")}
    assert activity.find("activity-status").get("code") == "2"  # implementation in 2025
    dates = {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")}
    assert dates == {"1": "2025-01-01", "3": "2026-12-31"}
    assert activity.find("recipient-country").get("code") == "TL"


def test_results_follow_the_chain_with_the_cluster_in_their_title(document):
    results = [
        (r.get("type"), r.findtext("title/narrative"))
        for r in document.findall("iati-activity/result")
    ]
    assert results == [
        ("2", "Outcome indicators"),
        ("3", "Garments A: Garment firms grow and employ more women"),
        ("2", "Garments A: Firms cooperate in joint actions"),
        ("1", "Garments A: Firms trained in quality"),
        ("9", "Garments A: Quality training course"),
    ]


def test_a_number_publishes_baseline_target_and_the_approved_actual_by_sex(document):
    element = indicator(document, "cluster-a:OUT-1")
    assert (element.get("measure"), element.get("ascending")) == ("1", "1")
    baseline = element.find("baseline")
    assert (baseline.get("year"), baseline.get("iso-date"), baseline.get("value")) == (
        "2025",
        "2025-01-01",
        "0",
    )
    assert baseline.findtext("comment/narrative") == "Source: No training before the programme"
    first = period(element, "2025-01-01")
    assert first.find("period-end").get("iso-date") == "2025-06-30"
    assert [t.get("value") for t in first.findall("target")] == ["10"]
    actuals = [
        (a.get("value"), [(d.get("name"), d.get("value")) for d in a.findall("dimension")])
        for a in first.findall("actual")
    ]
    assert actuals == [("12", []), ("7", [("sex", "female")]), ("5", [("sex", "male")])]


def test_drafts_and_submitted_values_are_not_published(document, published):
    trained_h2 = period(indicator(document, "cluster-a:OUT-1"), "2025-07-01")
    assert [t.get("value") for t in trained_h2.findall("target")] == ["25"]
    assert trained_h2.findall("actual") == []  # the draft of 20
    share = indicator(document, "cluster-a:IMP-W")
    assert share.get("measure") == "2"
    assert period(share, "2025-01-01").find("actual").get("value") == "35"
    second = period(share, "2025-07-01")
    assert [t.get("value") for t in second.findall("target")] == ["40"]
    assert second.findall("actual") == []  # submitted 38/100, not approved


def test_an_ordinal_level_is_published_as_its_rank_with_its_name(document):
    element = indicator(document, "cluster-a:OC-STAGE")
    assert element.get("measure") == "4"
    baseline = element.find("baseline")
    assert baseline.get("value") == "1"
    assert baseline.findtext("comment/narrative") == "none — Source: Diagnostic study"
    actual = period(element, "2025-01-01").find("actual")
    assert (actual.get("value"), actual.findtext("comment/narrative")) == ("2", "informal group")
    target = period(element, "2025-07-01").find("target")
    assert (target.get("value"), target.findtext("comment/narrative")) == (
        "3",
        "association formed",
    )


def test_a_qualitative_statement_is_a_comment_without_a_value(document):
    element = indicator(document, "cluster-a:OC-CLIMATE")
    assert element.get("measure") == "5" and element.get("ascending") is None
    assert element.find("baseline").get("value") is None
    actual = period(element, "2025-01-01").find("actual")
    assert actual.get("value") is None
    assert actual.findtext("comment/narrative") == "Firms share large orders"


def test_the_summary_counts_results_indicators_and_periods(world, published):
    xml = iati.activity_xml(world.programme, generated=GENERATED)
    # Periods: trained 2, women 2, stage 2, climate 1, courses 1, plans 1.
    assert iati.summary(xml) == iati.Summary(results=5, indicators=6, periods=9)


def test_without_settings_the_message_says_what_to_set(world, published):
    IatiSettings.objects.all().delete()
    with pytest.raises(ValidationError) as error:
        iati.activity_xml(world.programme)
    assert error.value.messages == [
        "Testland has no IATI settings: set the reporting organisation's identifier, name and "
        "type and the activity identifier before publishing it to IATI."
    ]


def test_a_programme_without_description_or_start_cannot_be_published(world, published):
    programme = world.programme
    programme.description = " "
    programme.start_date = None
    programme.save()
    with pytest.raises(ValidationError) as error:
        iati.activity_xml(programme)
    assert [m.split(":")[0] for m in error.value.messages] == [
        "Testland has no description",
        "Testland has no start date",
    ]


def test_a_programme_not_started_is_in_the_pipeline_and_an_ended_one_finalising(world, published):
    def status(day: date) -> str:
        moment = datetime(day.year, day.month, day.day, tzinfo=UTC)
        document = etree.fromstring(iati.activity_xml(world.programme, generated=moment))
        return str(document.find("iati-activity/activity-status").get("code"))

    assert (status(date(2024, 12, 1)), status(date(2027, 1, 5))) == ("1", "3")
