"""Baseline indicator values computed from a wave's survey data, each with date, source and
method, and the values of the M&E indicators asked in the surveys."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterdev.surveys import IndicatorQuestion, indicator_question_name
from clusterdev.web.diagnostics.figures import WILLING, SurveyData, _number, _selected, _share
from clusterdev.web.diagnostics.models import BaselineValue, InstrumentKind, SurveyWave, Tie
from clusterdev.web.programmes.models import Cluster

PERCENT = "%"


@dataclass(frozen=True)
class IndicatorValue:
    """One indicator's value in a wave: ``n`` is the number of respondents it rests on."""

    code: str
    label: str
    value: float
    unit: str
    n: int
    source: str
    method: str


Computed = tuple[float, int] | None


def _yes(question: str, yes: Sequence[str] = ("yes",)) -> Callable[[SurveyData], Computed]:
    def compute(data: SurveyData) -> Computed:
        value, n = data.yes_share(InstrumentKind.ENTERPRISE, question, yes)
        return (value, n) if n else None

    return compute


def _employment(data: SurveyData) -> Computed:
    rows = [a for a in data.enterprises if data.employees(a) is not None]
    return (float(sum(data.employees(a) or 0 for a in rows)), len(rows)) if rows else None


def _women_employed(data: SurveyData) -> Computed:
    rows = [a for a in data.enterprises if _number(a.get("employees_women")) is not None]
    women = sum(_number(a.get("employees_women")) or 0 for a in rows)
    total = women + sum(_number(a.get("employees_men")) or 0 for a in rows)
    return (100.0 * women / total, len(rows)) if total else None


def _trust(data: SurveyData) -> Computed:
    scores = data.trust_scores()
    return (statistics.fmean(scores), len(scores)) if scores else None


def _willing_any(data: SurveyData) -> Computed:
    from clusterdev.web.diagnostics.figures import JOINT_ACTIONS

    answered = [a for a in data.enterprises if any(a.get(q) for q in JOINT_ACTIONS)]
    willing = [a for a in answered if any(a.get(q) in WILLING for q in JOINT_ACTIONS)]
    return (_share(len(willing), len(answered)), len(answered)) if answered else None


def _bds(data: SurveyData) -> Computed:
    answered = [a for a in data.enterprises if _selected(a.get("services_used"))]
    using = [a for a in answered if set(_selected(a.get("services_used"))) - {"none"}]
    return (_share(len(using), len(answered)), len(answered)) if answered else None


def _certified(data: SurveyData) -> Computed:
    answered = [a for a in data.enterprises if _selected(a.get("certifications"))]
    certified = [a for a in answered if set(_selected(a.get("certifications"))) - {"none"}]
    return (_share(len(certified), len(answered)), len(answered)) if answered else None


def _exports(data: SurveyData) -> Computed:
    value, n = data.mean(InstrumentKind.ENTERPRISE, "share_export")
    return (value, n) if value is not None else None


def _network_respondents(data: SurveyData) -> list[str]:
    return [str(a["respondent"]) for a in data.network if a.get("respondent") not in (None, "")]


def _ties(data: SurveyData) -> Computed:
    respondents = _network_respondents(data)
    if not respondents or data.wave is None:
        return None
    pairs = {
        (t.respondent_id, t.partner_id or t.other_name)
        for t in Tie.objects.filter(wave=data.wave).only(
            "respondent_id", "partner_id", "other_name"
        )
    }
    return float(len(pairs)), len(respondents)


def _tied_enterprises(data: SurveyData) -> Computed:
    if data.wave is None:
        return None
    enterprises = {
        str(pk)
        for pk in data.wave.cluster.actors.filter(kind="enterprise").values_list("pk", flat=True)
    }
    surveyed = set(_network_respondents(data)) & enterprises
    if not surveyed:
        return None
    linked: set[str] = set()
    for respondent, partner in Tie.objects.filter(wave=data.wave).values_list(
        "respondent_id", "partner_id"
    ):
        linked.add(str(respondent))
        if partner:
            linked.add(str(partner))
    return _share(len(surveyed & linked), len(surveyed)), len(surveyed)


ENTERPRISE_SURVEY = gettext_lazy("enterprise survey")
NETWORK_SURVEY = gettext_lazy("network survey")

# code, label, unit, survey, method, computation
INDICATORS: list[tuple[str, Any, Any, Any, Any, Callable[[SurveyData], Computed]]] = [
    (
        "DX-EMP",
        gettext_lazy("Persons employed in the enterprises surveyed"),
        gettext_lazy("persons"),
        ENTERPRISE_SURVEY,
        gettext_lazy("Sum of women and men employed, owners included, over the firms surveyed."),
        _employment,
    ),
    (
        "DX-EMP-W",
        gettext_lazy("Women among persons employed"),
        PERCENT,
        ENTERPRISE_SURVEY,
        gettext_lazy("Women employed ÷ persons employed, summed over the firms surveyed."),
        _women_employed,
    ),
    (
        "DX-OWN-W",
        gettext_lazy("Enterprises owned by women"),
        PERCENT,
        ENTERPRISE_SURVEY,
        gettext_lazy("Share of firms owned by a woman or women (joint ownership not counted)."),
        _yes("owner_sex", ("female",)),
    ),
    (
        "DX-TRUST",
        gettext_lazy("Trust index (1–5)"),
        gettext_lazy("1–5"),
        ENTERPRISE_SURVEY,
        gettext_lazy(
            "Mean over the firms of each firm's mean agreement (1–5) with the six trust statements."
        ),
        _trust,
    ),
    (
        "DX-COOP",
        gettext_lazy("Enterprises that cooperated in the last three years"),
        PERCENT,
        ENTERPRISE_SURVEY,
        gettext_lazy("Share answering yes to joint activities with other firms of the cluster."),
        _yes("coop_past"),
    ),
    (
        "DX-WILL",
        gettext_lazy("Enterprises willing to join at least one joint action"),
        PERCENT,
        ENTERPRISE_SURVEY,
        gettext_lazy(
            "Share answering 'already does it' or 'yes' for joint purchasing, marketing, "
            "equipment or training."
        ),
        _willing_any,
    ),
    (
        "DX-BDS",
        gettext_lazy("Enterprises using business development services"),
        PERCENT,
        ENTERPRISE_SURVEY,
        gettext_lazy("Share of firms naming at least one service used in the last year."),
        _bds,
    ),
    (
        "DX-FIN",
        gettext_lazy("Enterprises that applied for finance"),
        PERCENT,
        ENTERPRISE_SURVEY,
        gettext_lazy("Share answering yes to having applied for credit or finance."),
        _yes("finance_applied"),
    ),
    (
        "DX-TECH",
        gettext_lazy("Enterprises that adopted new technology"),
        PERCENT,
        ENTERPRISE_SURVEY,
        gettext_lazy("Share answering yes to new machinery or technology."),
        _yes("new_technology"),
    ),
    (
        "DX-CERT",
        gettext_lazy("Enterprises with a quality certification"),
        PERCENT,
        ENTERPRISE_SURVEY,
        gettext_lazy("Share of firms naming at least one certification."),
        _certified,
    ),
    (
        "DX-MKT",
        gettext_lazy("Enterprises that reached new markets"),
        PERCENT,
        ENTERPRISE_SURVEY,
        gettext_lazy("Share answering yes to new markets or buyers."),
        _yes("new_markets"),
    ),
    (
        "DX-EXP",
        gettext_lazy("Exports in sales (mean share)"),
        PERCENT,
        ENTERPRISE_SURVEY,
        gettext_lazy("Unweighted mean of the export share of each firm's sales."),
        _exports,
    ),
    (
        "DX-ASSOC",
        gettext_lazy("Enterprises in a business association"),
        PERCENT,
        ENTERPRISE_SURVEY,
        gettext_lazy("Share answering yes to membership of a business association."),
        _yes("association_member"),
    ),
    (
        "DX-TIES",
        gettext_lazy("Relationships named in the network survey"),
        gettext_lazy("relationships"),
        NETWORK_SURVEY,
        gettext_lazy("Distinct respondent–partner pairs, whatever their types."),
        _ties,
    ),
    (
        "DX-TIED",
        gettext_lazy("Enterprises with at least one cooperative relationship"),
        PERCENT,
        NETWORK_SURVEY,
        gettext_lazy(
            "Enterprises interviewed that named or were named in at least one relationship ÷ "
            "enterprises interviewed."
        ),
        _tied_enterprises,
    ),
]


def wave_date(wave: SurveyWave) -> date:
    """The date a wave's values stand for: the end of fieldwork, else the last submission."""
    if wave.end_date:
        return wave.end_date
    last = wave.submissions.exclude(submitted_at=None).order_by("-submitted_at").first()
    if last is not None and last.submitted_at is not None:
        return last.submitted_at.date()
    return wave.start_date


def survey_values(wave: SurveyWave) -> list[IndicatorValue]:
    """The diagnostic's indicators computed from ``wave`` (those without data are left out)."""
    data = SurveyData(wave)
    values = []
    for code, label, unit, survey, method, compute in INDICATORS:
        result = compute(data)
        if result is None:
            continue
        value, n = result
        values.append(
            IndicatorValue(
                code=code,
                label=str(label),
                value=round(value, 4),
                unit=str(unit),
                n=n,
                source=_("%(wave)s, %(survey)s (n=%(n)d)")
                % {"wave": wave.name, "survey": survey, "n": n},
                method=str(method),
            )
        )
    return values + survey_indicator_values(wave, stored_indicators(wave))


def stored_indicators(wave: SurveyWave) -> list[IndicatorQuestion]:
    """The M&E indicators the wave's forms asked (as generated), each once."""
    seen: dict[str, IndicatorQuestion] = {}
    for items in wave.instruments.values_list("indicators", flat=True):
        for item in items:
            seen.setdefault(item["code"], IndicatorQuestion(**item))
    return list(seen.values())


def survey_indicator_values(
    wave: SurveyWave, indicators: Sequence[IndicatorQuestion]
) -> list[IndicatorValue]:
    """The values of M&E indicators asked in the surveys of ``wave``: the mean of the answers
    (``number``, ``percentage`` and ``ordinal`` measures) over the enterprises and institutions
    that answered. Qualitative indicators have no value and are left out. This is what the M&E
    app calls for survey-based indicators."""
    answers = list(
        wave.submissions.consented()
        .filter(kind__in=[InstrumentKind.ENTERPRISE, InstrumentKind.INSTITUTION])
        .values_list("answers", flat=True)
    )
    values = []
    for indicator in indicators:
        if indicator.measure == "qualitative":
            continue
        name = indicator_question_name(indicator.code)
        numbers = [v for a in answers if (v := _number(a.get(name))) is not None]
        if not numbers:
            continue
        values.append(
            IndicatorValue(
                code=indicator.code,
                label=indicator.label_en,
                value=round(statistics.fmean(numbers), 4),
                unit=indicator.unit or (PERCENT if indicator.measure == "percentage" else ""),
                n=len(numbers),
                source=_("%(wave)s, indicator question %(name)s (n=%(n)d)")
                % {"wave": wave.name, "name": name, "n": len(numbers)},
                method=_("Mean of the answers of the respondents who answered."),
            )
        )
    return values


@dataclass(frozen=True)
class Recomputed:
    written: int
    removed: int
    kept_manual: list[str]


@transaction.atomic
def recompute(cluster: Cluster, wave: SurveyWave, *, by: User | None) -> Recomputed:
    """Replace the computed baseline values of ``wave`` by freshly computed ones. A value
    entered by hand for the same indicator and wave is kept, and the computed one is not
    written."""
    values = survey_values(wave)
    on = wave_date(wave)
    manual = set(
        BaselineValue.objects.filter(cluster=cluster, wave=wave, computed=False).values_list(
            "code", flat=True
        )
    )
    computed = {v.code: v for v in values if v.code not in manual}
    stale = BaselineValue.objects.filter(cluster=cluster, wave=wave, computed=True).exclude(
        code__in=computed
    )
    removed = stale.count()
    for row in stale:
        row.delete()
    for value in computed.values():
        BaselineValue.objects.update_or_create(
            cluster=cluster,
            wave=wave,
            code=value.code,
            computed=True,
            defaults={
                "label": value.label,
                "value": value.value,
                "unit": value.unit,
                "n": value.n,
                "date": on,
                "source": value.source,
                "method": value.method,
                "updated_by": by,
            },
        )
    return Recomputed(len(computed), removed, sorted(manual & {v.code for v in values}))
