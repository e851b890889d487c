"""The diagnostic's figures, computed from a wave's imported submissions.

Every figure is aggregated (counts, shares, means with their number of respondents ``n``), so
that readers without the right to see personal data (donors, the Commission) may see it.
Submissions where consent was refused are left out. Labels come from the forms' own choice
lists, in the reader's language.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterdev.surveys import ClusterInfo, Form
from clusterdev.web.actors.models import SizeClass, size_class_for
from clusterdev.web.diagnostics.instruments import build_form
from clusterdev.web.diagnostics.models import InstrumentKind, SectionKey, SurveyWave, Tie

ENTERPRISE_TRUST = (
    "trust_firms",
    "trust_word",
    "trust_share",
    "trust_benefit",
    "trust_institutions",
    "trust_authorities",
)
JOINT_ACTIONS = ("coop_purchasing", "coop_marketing", "coop_equipment", "coop_training")
WILLING = ("already", "yes")
RANK_POINTS = {"constraint_1": 3, "constraint_2": 2, "constraint_3": 1}

Answers = dict[str, Any]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str


@dataclass
class Figure:
    """A chart (``bars`` against ``scale``) and/or a few key figures (``rows``), with the
    number of respondents it rests on and how it was computed."""

    key: str
    title: str
    n: int
    note: str = ""
    bars: list[Bar] = field(default_factory=list)
    scale: float = 100.0
    rows: list[tuple[str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.n == 0 or (not self.bars and not self.rows)


# number_format cuts the decimals it does not show; round first.
def _percent(value: float) -> str:
    return f"{number_format(round(value), 0)} %"


def _mean_text(value: float) -> str:
    return number_format(round(value, 1), 1)


def _share(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _selected(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str) and value:
        return value.split()
    return []


class SurveyData:
    """The consented submissions of a wave, by survey, and the figures made of them."""

    def __init__(self, wave: SurveyWave | None) -> None:
        self.wave = wave
        self.by_kind: dict[str, list[Answers]] = {kind: [] for kind in InstrumentKind.values}
        if wave is not None:
            for kind, answers in wave.submissions.consented().values_list("kind", "answers"):
                self.by_kind[kind].append(answers)
        self.language = (translation.get_language() or "en")[:2]
        if self.language not in ("en", "fr", "es"):
            self.language = "en"

    @property
    def enterprises(self) -> list[Answers]:
        return self.by_kind[InstrumentKind.ENTERPRISE]

    @property
    def institutions(self) -> list[Answers]:
        return self.by_kind[InstrumentKind.INSTITUTION]

    @property
    def network(self) -> list[Answers]:
        return self.by_kind[InstrumentKind.NETWORK]

    @cached_property
    def forms(self) -> dict[str, Form]:
        info = ClusterInfo(self.wave.cluster.slug if self.wave else "cluster", "")
        return {kind: build_form(info, kind, actors=[]) for kind in InstrumentKind.values}

    # -- labels ----------------------------------------------------------------------------

    def choice_label(self, kind: str, question: str, value: str) -> str:
        form = self.forms[kind]
        place = form.field(question)
        if place is None or not place.question.choices or place.question.choices.endswith(".csv"):
            return value
        for choice in form.choice_list(place.question.choices).choices:
            if choice.name == value:
                return choice.label.get(self.language)
        return value

    def question_label(self, kind: str, question: str) -> str:
        place = self.forms[kind].field(question)
        if place is None or place.question.label is None:
            return question
        return place.question.label.get(self.language)

    def choices(self, kind: str, question: str) -> list[str]:
        form = self.forms[kind]
        place = form.field(question)
        assert place is not None, question
        return form.choice_list(place.question.choices).names()

    # -- generic figures -------------------------------------------------------------------

    def distribution(
        self, key: str, title: str, kind: str, question: str, *, multiple: bool = False
    ) -> Figure:
        """Share of respondents choosing each option (of those who answered)."""
        answered = [a for a in self.by_kind[kind] if a.get(question) not in (None, "", [])]
        counts: Counter[str] = Counter()
        for answers in answered:
            values = _selected(answers[question]) if multiple else [str(answers[question])]
            counts.update(set(values))
        n = len(answered)
        order = self.choices(kind, question)

        def rank(value: str) -> tuple[int, int]:
            place = order.index(value) if value in order else len(order)
            # Several answers: the most chosen first; one answer: the list's own (ordinal) order.
            return (-counts[value], place) if multiple else (0, place)

        bars = [
            Bar(
                self.choice_label(kind, question, value),
                _share(counts[value], n),
                _percent(_share(counts[value], n)),
            )
            for value in sorted(counts, key=rank)
        ]
        note = (
            _("Share of respondents choosing each answer (several answers possible).")
            if multiple
            else _("Share of respondents giving each answer.")
        )
        return Figure(key, title, n, note, bars)

    def yes_share(
        self, kind: str, question: str, yes: Iterable[str] = ("yes",)
    ) -> tuple[float, int]:
        answered = [a[question] for a in self.by_kind[kind] if a.get(question) not in (None, "")]
        accepted = set(yes)
        return _share(sum(1 for v in answered if v in accepted), len(answered)), len(answered)

    def mean(self, kind: str, question: str) -> tuple[float | None, int]:
        values = [v for a in self.by_kind[kind] if (v := _number(a.get(question))) is not None]
        return (statistics.fmean(values) if values else None), len(values)

    # -- the figures of the outline --------------------------------------------------------

    def employees(self, answers: Answers) -> int | None:
        total = _number(answers.get("employees_total"))
        if total is None:
            women = _number(answers.get("employees_women"))
            men = _number(answers.get("employees_men"))
            if women is None and men is None:
                return None
            total = (women or 0) + (men or 0)
        return int(total)

    def size_classes(self) -> Figure:
        sizes = [e for a in self.enterprises if (e := self.employees(a)) is not None and e > 0]
        counts = Counter(size_class_for(e) for e in sizes)
        n = len(sizes)
        bars = [
            Bar(
                str(label),
                _share(counts[value], n),
                f"{counts[value]} ({_percent(_share(counts[value], n))})",
            )
            for value, label in SizeClass.choices
        ]
        return Figure(
            "size_classes",
            _("Enterprises surveyed by size class"),
            n,
            _("Persons employed, owners included (women and men reported in the survey)."),
            bars,
        )

    def employment(self) -> Figure:
        rows = [a for a in self.enterprises if _number(a.get("employees_women")) is not None]
        women = sum(_number(a.get("employees_women")) or 0 for a in rows)
        men = sum(_number(a.get("employees_men")) or 0 for a in rows)
        total = women + men
        youth = sum(_number(a.get("employees_youth")) or 0 for a in rows)
        family = sum(_number(a.get("employees_family")) or 0 for a in rows)
        seasonal = sum(_number(a.get("employees_seasonal")) or 0 for a in rows)
        bars = [
            Bar(
                _("Women"),
                _share(int(women), int(total)),
                f"{int(women)} ({_percent(_share(int(women), int(total)))})",
            ),
            Bar(
                _("Men"),
                _share(int(men), int(total)),
                f"{int(men)} ({_percent(_share(int(men), int(total)))})",
            ),
        ]
        table = [
            (_("Persons employed in the firms surveyed"), f"{int(total)}"),
            (_("of whom young people (under 25)"), _percent(_share(int(youth), int(total)))),
            (_("of whom unpaid family members"), _percent(_share(int(family), int(total)))),
            (_("Seasonal workers (additional)"), f"{int(seasonal)}"),
        ]
        return Figure(
            "employment",
            _("Employment by sex"),
            len(rows),
            _("Sum over the enterprises surveyed; shares of all persons employed."),
            bars if total else [],
            rows=table if total else [],
        )

    def market_shares(self) -> Figure:
        parts = (
            ("share_local", _("Local market")),
            ("share_national", _("Rest of the country")),
            ("share_export", _("Exports")),
        )
        answered = [
            a for a in self.enterprises if any(_number(a.get(q)) is not None for q, _l in parts)
        ]
        bars = []
        for question, label in parts:
            value = (
                statistics.fmean(_number(a.get(question)) or 0 for a in answered) if answered else 0
            )
            bars.append(Bar(str(label), value, _percent(value)))
        return Figure(
            "markets",
            _("Where sales go (mean share of sales)"),
            len(answered),
            _("Unweighted mean over the enterprises that answered."),
            bars,
        )

    def constraints(self) -> Figure:
        points: Counter[str] = Counter()
        mentions: Counter[str] = Counter()
        answered = [a for a in self.enterprises if _selected(a.get("main_constraints"))]
        for answers in answered:
            mentions.update(set(_selected(answers.get("main_constraints"))))
            for question, weight in RANK_POINTS.items():
                value = answers.get(question)
                if isinstance(value, str) and value:
                    points[value] += weight
        top = max(points.values(), default=0)
        ranked = sorted(mentions, key=lambda c: (-points[c], -mentions[c], c))
        bars = [
            Bar(
                self.choice_label("enterprise", "main_constraints", name),
                _share(points[name], top) if top else 0.0,
                ngettext(
                    "%(points)d point · %(share)s of firms",
                    "%(points)d points · %(share)s of firms",
                    points[name],
                )
                % {
                    "points": points[name],
                    "share": _percent(_share(mentions[name], len(answered))),
                },
            )
            for name in ranked
        ]
        return Figure(
            "constraints",
            _("Main constraints, ranked"),
            len(answered),
            _(
                "Ranked by points: 3 for a firm's most important constraint, 2 for the second, "
                "1 for the third; then the share of firms naming it at all."
            ),
            bars,
        )

    def trust_scores(self) -> list[float]:
        """Each enterprise's mean agreement (1–5) with the trust statements it answered."""
        scores = []
        for answers in self.enterprises:
            values = [v for q in ENTERPRISE_TRUST if (v := _number(answers.get(q))) is not None]
            if values:
                scores.append(statistics.fmean(values))
        return scores

    def trust(self) -> Figure:
        scores = self.trust_scores()
        bars = []
        for question in ENTERPRISE_TRUST:
            value, n = self.mean("enterprise", question)
            if value is not None:
                bars.append(
                    Bar(
                        self.question_label("enterprise", question),
                        value,
                        f"{_mean_text(value)} (n={n})",
                    )
                )
        rows = []
        if scores:
            rows.append(
                (
                    _("Trust index (1–5)"),
                    f"{_mean_text(statistics.fmean(scores))} (n={len(scores)})",
                )
            )
        return Figure(
            "trust",
            _("Trust among enterprises"),
            len(scores),
            _(
                "Agreement from 1 (strongly disagree) to 5 (strongly agree). The index is the mean, "
                "over the enterprises, of each one's mean agreement with the six statements."
            ),
            bars,
            scale=5.0,
            rows=rows,
        )

    def willingness(self) -> Figure:
        bars = []
        n = 0
        for question in JOINT_ACTIONS:
            value, answered = self.yes_share("enterprise", question, WILLING)
            n = max(n, answered)
            if answered:
                # The joint activity's own name reads better in a chart than the question.
                label = self.choice_label("enterprise", "coop_past_activities", question[5:])
                bars.append(Bar(label, value, _percent(value)))
        cooperated, answered = self.yes_share("enterprise", "coop_past")
        rows = (
            [(_("Firms that did something jointly in the last three years"), _percent(cooperated))]
            if answered
            else []
        )
        return Figure(
            "willingness",
            _("Firms willing to cooperate, by joint action"),
            n,
            _("Share answering 'already does it' or 'yes', of the firms that answered."),
            bars,
            rows=rows,
        )

    def network_figure(self) -> Figure:
        if self.wave is None:
            return Figure("network", _("Network of relationships"), 0)
        ties = Tie.objects.filter(wave=self.wave)
        pairs = {
            (t.respondent_id, t.partner_id or t.other_name)
            for t in ties.only("respondent_id", "partner_id", "other_name")
        }
        by_type = Counter(ties.values_list("type", flat=True))
        respondents = [a for a in self.network if a.get("respondent") not in (None, "", "other")]
        respondent_ids = {str(a["respondent"]) for a in respondents}
        enterprise_ids = {
            str(pk)
            for pk in self.wave.cluster.actors.filter(kind="enterprise").values_list(
                "pk", flat=True
            )
        }
        surveyed = respondent_ids & enterprise_ids
        linked = {str(t.respondent_id) for t in ties} | {
            str(t.partner_id) for t in ties if t.partner_id
        }
        with_tie = surveyed & linked
        to_institutions = {
            (t.respondent_id, t.partner_id)
            for t in ties.filter(partner__kind="institution").only("respondent_id", "partner_id")
        }
        rows = [
            (_("Organisations interviewed"), str(len(respondents))),
            (_("Relationships named"), str(len(pairs))),
            (_("Relationships with support institutions"), str(len(to_institutions))),
            (
                _("Enterprises interviewed with at least one relationship"),
                f"{_percent(_share(len(with_tie), len(surveyed)))} ({len(with_tie)}/{len(surveyed)})",
            ),
        ]
        top = max(by_type.values(), default=0)
        bars = [
            Bar(str(Tie.Type(value).label), _share(by_type[value], top), str(by_type[value]))
            for value in Tie.Type.values
            if by_type[value]
        ]
        return Figure(
            "network",
            _("Network of relationships"),
            len(respondents),
            _(
                "From the network survey: a relationship is a respondent–partner pair, whatever "
                "its types; bars count the relationships of each type."
            ),
            bars,
            rows=rows if respondents else [],
        )

    def institutions_offer(self) -> Figure:
        figure = self.distribution(
            "institution_services",
            _("Services offered by the support institutions interviewed"),
            "institution",
            "services_offered",
            multiple=True,
        )
        users = [a for a in self.enterprises if _selected(a.get("services_used"))]
        using = [a for a in users if set(_selected(a.get("services_used"))) - {"none"}]
        satisfaction, rated = self.mean("enterprise", "services_satisfaction")
        if users:
            figure.rows.append(
                (_("Enterprises using business services"), _percent(_share(len(using), len(users))))
            )
        if satisfaction is not None:
            figure.rows.append(
                (
                    _("Satisfaction with the services (1–5)"),
                    f"{_mean_text(satisfaction)} (n={rated})",
                )
            )
        member, answered = self.yes_share("enterprise", "association_member")
        if answered:
            figure.rows.append((_("Enterprises in a business association"), _percent(member)))
        return figure

    def gender(self) -> Figure:
        owners = self.distribution(
            "owners", _("Who owns the enterprises"), "enterprise", "owner_sex"
        )
        employment = self.employment()
        rows = []
        if employment.bars:
            rows.append((_("Women among persons employed"), employment.bars[0].text))
        social, n = self.yes_share("enterprise", "social_security")
        if n:
            rows.append((_("Firms enrolling their workers in social security"), _percent(social)))
        registered, n = self.yes_share("enterprise", "tax_registered")
        if n:
            rows.append((_("Firms registered with the tax authority"), _percent(registered)))
        wage, n = self.mean("enterprise", "wage_worker")
        if wage is not None:
            rows.append(
                (_("Mean monthly wage of a worker"), f"{number_format(round(wage), 0)} (n={n})")
            )
        owners.rows = rows
        return owners

    def fieldwork(self) -> Figure:
        rows = [
            (str(InstrumentKind(kind).label), str(len(self.by_kind[kind])))
            for kind in InstrumentKind.values
        ]
        refused = 0
        if self.wave is not None:
            refused = self.wave.submissions.filter(answers__consent="no").count()
        rows.append((_("Interviews refused"), str(refused)))
        n = sum(len(v) for v in self.by_kind.values())
        return Figure(
            "fieldwork",
            _("Interviews by survey"),
            n,
            _("Submissions imported for the wave, with consent."),
            rows=rows,
        )

    def figures_for(self, section: str) -> list[Figure]:
        makers: dict[str, list[Callable[[], Figure]]] = {
            SectionKey.METHODOLOGY: [self.fieldwork],
            SectionKey.MAP_SIZE: [self.size_classes, self.employment],
            SectionKey.PRODUCTION: [
                lambda: self.distribution(
                    "technology", _("Level of technology"), "enterprise", "technology"
                ),
                lambda: self.distribution(
                    "equipment", _("Age of the main equipment"), "enterprise", "equipment_age"
                ),
                lambda: self.distribution(
                    "capacity", _("Use of production capacity"), "enterprise", "capacity_use"
                ),
                lambda: self.distribution(
                    "sales_trend", _("Sales over the last year"), "enterprise", "sales_trend"
                ),
            ],
            SectionKey.MARKETS: [
                self.market_shares,
                lambda: self.distribution(
                    "buyers", _("Main buyers"), "enterprise", "main_buyers", multiple=True
                ),
                lambda: self.distribution(
                    "inputs",
                    _("Where inputs come from"),
                    "enterprise",
                    "input_sources",
                    multiple=True,
                ),
            ],
            SectionKey.LINKAGES: [self.trust, self.willingness, self.network_figure],
            SectionKey.INSTITUTIONS: [
                self.institutions_offer,
                lambda: self.distribution(
                    "gaps",
                    _("Capacity gaps of the institutions"),
                    "institution",
                    "capacity_gaps",
                    multiple=True,
                ),
                lambda: self.distribution(
                    "finance",
                    _("Obstacles to finance"),
                    "enterprise",
                    "finance_obstacles",
                    multiple=True,
                ),
            ],
            SectionKey.PRO_POOR_GENDER: [self.gender],
            SectionKey.SWOT: [self.constraints],
        }
        return [make() for make in makers.get(section, [])]
