"""The starter library of cluster indicators, and the default result chain they measure.

One entry per starter indicator of the design, by level (UNIDO 2013, *The UNIDO approach to
cluster development*, phase 6): inputs (CDA time, budget, training), outputs (diagnostic,
governance meetings and attendance, trust-building, trainings and visits, networks, joint
actions initiated, brokers, institutions, action plans), outcomes (joint actions implemented,
the enterprises' share of their cost, services, finance, upgrading, markets, governance
mechanisms, the network and trust) and impact (sales, exports, employment, wages,
productivity, firm survival and creation, environment).

Where the platform records what an indicator counts, the entry names its
:class:`~.models.Computation` (and survey code), with the cumulative rule that goes with it
(:func:`.computed.cumulative_rule_of`); the others are entered by hand. People are counted by
sex, firms by size or formal status where the pro-poor and gender principles ask for it.

:func:`add_starter_library` builds, in one transaction, the default chain and the indicators a
framework does not have yet, with their baselines from the diagnostic where the records give
one (:func:`.computed.baseline_from_records`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from clusterdev.web.monitoring import computed, services
from clusterdev.web.monitoring.models import (
    Computation,
    CumulativeRule,
    Dimension,
    Direction,
    Frequency,
    Indicator,
    Level,
    Measure,
    ResultNode,
)
from clusterdev.web.programmes.models import Cluster, Programme

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

__all__ = [
    "LIBRARY",
    "NODES",
    "StarterIndicator",
    "StarterNode",
    "StarterResult",
    "add_starter_library",
    "entries_for",
    "refresh_baseline",
    "translations",
]

Scope = Programme | Cluster

# The languages indicator names are stored in besides English, for the survey questions.
OTHER_LANGUAGES = ("fr", "es")


@dataclass(frozen=True)
class StarterNode:
    """A result of the default chain; ``parent`` is the key of the result it contributes to."""

    key: str
    level: str
    title: StrOrPromise
    assumptions: StrOrPromise
    risks: StrOrPromise
    parent: str | None = None


@dataclass(frozen=True, kw_only=True)
class StarterIndicator:
    """One indicator of the starter library; ``node`` is the key of the result it measures."""

    key: str
    level: str
    node: str
    code: str
    name: StrOrPromise
    definition: StrOrPromise
    measure: str = Measure.NUMBER
    unit: StrOrPromise = ""
    direction: str = Direction.INCREASE
    cumulative_rule: str = CumulativeRule.SUM
    disaggregations: tuple[str, ...] = ()
    data_source: StrOrPromise = ""
    method: StrOrPromise = ""
    frequency: str = Frequency.QUARTERLY
    computation: str = ""
    survey_code: str = ""
    scale: tuple[StrOrPromise, ...] = ()

    @property
    def per_cluster(self) -> bool:
        """Read from a cluster's surveys (survey values, the network): no programme value."""
        return self.computation in (
            Computation.SURVEY,
            Computation.NETWORK_DENSITY,
            Computation.COOPERATIVE_SHARE,
            Computation.INSTITUTION_TIES,
        )


NODES: tuple[StarterNode, ...] = (
    StarterNode(
        "impact",
        Level.IMPACT,
        _(
            "The cluster's enterprises grow and compete, creating more and better jobs for "
            "women and men"
        ),
        _(
            "Demand in the cluster's markets holds up, and the economy and policies stay stable "
            "enough for firms to invest."
        ),
        _(
            "A market shock or a sharp rise in input costs wipes out the gains; the benefits go "
            "to a few larger firms only."
        ),
    ),
    StarterNode(
        "cooperation",
        Level.OUTCOME,
        _("Enterprises and institutions cooperate, trust each other and govern the cluster"),
        _("Firms see joint action pay off soon enough to keep giving their time and money."),
        _(
            "Free riding and conflicts among firms; the Cluster Commission depends on the CDA "
            "and fades when the programme ends."
        ),
        parent="impact",
    ),
    StarterNode(
        "upgrading",
        Level.OUTCOME,
        _("Enterprises upgrade their technology, quality and markets with better services"),
        _("Support institutions and lenders are willing to adapt their services to small firms."),
        _(
            "Services stay too costly or unsuited to micro and women-led firms; finance stays "
            "out of reach."
        ),
        parent="impact",
    ),
    StarterNode(
        "governance",
        Level.OUTPUT,
        _(
            "The cluster has an endorsed diagnostic and action plan and a working Cluster "
            "Commission"
        ),
        _("Enterprises, institutions and the public sector send representatives who can decide."),
        _("The same few attend the meetings; women and micro enterprises are not heard."),
        parent="cooperation",
    ),
    StarterNode(
        "joint_actions",
        Level.OUTPUT,
        _("Trust-building events, trainings and joint actions are carried out with the firms"),
        _("Enough firms take part in the joint actions and pay their share of the cost."),
        _(
            "The actions are driven by the programme rather than the firms; co-financing comes "
            "late."
        ),
        parent="cooperation",
    ),
    StarterNode(
        "services",
        Level.OUTPUT,
        _("Support institutions and local brokers are strengthened to serve the cluster"),
        _("Trained brokers and assisted institutions stay active in the cluster."),
        _("Staff turnover in the institutions; brokers leave for other work."),
        parent="upgrading",
    ),
    StarterNode(
        "facilitation",
        Level.ACTIVITY,
        _(
            "The cluster development agent facilitates the cluster and the action plan is carried out"
        ),
        _("The CDA is trusted by firms and institutions and stays for the whole programme."),
        _("The CDA leaves; the action plan is endorsed late."),
        parent="joint_actions",
    ),
    StarterNode(
        "resources",
        Level.INPUT,
        _("The CDA's time, the budget and the trainers"),
        _("Funds are disbursed on time."),
        _("Budget cuts or late disbursements."),
        parent="facilitation",
    ),
)

_SURVEY_FREQUENCY = Frequency.ANNUAL
_ENTERPRISE_SURVEY = _("Enterprise survey (diagnostic and follow-up waves)")
_NETWORK_SURVEY = _("Network survey (diagnostic and follow-up waves)")
_SURVEY_METHOD = _(
    "Computed from the survey values of the cluster's latest wave in the period; the baseline "
    "is the diagnostic's value."
)

LIBRARY: tuple[StarterIndicator, ...] = (
    # --- Inputs ---------------------------------------------------------------------------------
    StarterIndicator(
        key="cda_days",
        level=Level.INPUT,
        node="resources",
        code="IN-1",
        name=_("CDA person-days in the field"),
        definition=_(
            "Days the cluster development agents spent in the field with the cluster's actors."
        ),
        unit=_("person-days"),
        data_source=_("CDA activity log"),
        method=_("Distinct pairs of CDA and day among the activities logged in the period."),
        computation=Computation.CDA_FIELD_DAYS,
    ),
    StarterIndicator(
        key="budget_disbursed",
        level=Level.INPUT,
        node="resources",
        code="IN-2",
        name=_("Budget disbursed"),
        definition=_("Programme funds paid out in the period, in the programme's currency."),
        unit=_("currency"),
        data_source=_("Programme financial reports"),
        method=_("Payments recorded in the accounts for the period."),
    ),
    StarterIndicator(
        key="training_days",
        level=Level.INPUT,
        node="resources",
        code="IN-3",
        name=_("Training days delivered"),
        definition=_(
            "Days of training delivered to enterprises, brokers and institutions (a three-day "
            "course counts three)."
        ),
        unit=_("days"),
        data_source=_("Training records and attendance lists"),
        method=_("Sum of the days of each course held in the period."),
    ),
    # --- Outputs --------------------------------------------------------------------------------
    StarterIndicator(
        key="diagnostic_endorsed",
        level=Level.OUTPUT,
        node="governance",
        code="OP-1",
        name=_("Diagnostic study completed and endorsed"),
        definition=_("The stage the cluster's diagnostic study has reached."),
        measure=Measure.ORDINAL,
        scale=(
            _("Not started"),
            _("Under way"),
            _("Completed"),
            _("Endorsed by the Cluster Commission"),
        ),
        cumulative_rule=CumulativeRule.MAXIMUM,
        data_source=_("Diagnostic report and governance records (endorsements)"),
        method=_("The stage reached at the end of the period."),
    ),
    StarterIndicator(
        key="meetings_held",
        level=Level.OUTPUT,
        node="governance",
        code="OP-2",
        name=_("Governance meetings held"),
        definition=_(
            "Meetings of the Cluster Commission and the other governance bodies recorded as "
            "held, by meeting date."
        ),
        unit=_("meetings"),
        data_source=_("Governance records (meetings)"),
        method=_("Count of the meetings recorded as held in the period."),
        computation=Computation.MEETINGS_HELD,
    ),
    StarterIndicator(
        key="attendance",
        level=Level.OUTPUT,
        node="governance",
        code="OP-3",
        name=_("Attendance at governance meetings"),
        definition=_(
            "People present at the governance meetings held, each counted once per meeting, by "
            "sex; the source gives them by stakeholder group."
        ),
        unit=_("people"),
        disaggregations=(Dimension.SEX,),
        data_source=_("Attendance lists of the meetings"),
        method=_("Sum of the people present at the meetings held in the period."),
        computation=Computation.ATTENDANCE,
    ),
    StarterIndicator(
        key="trust_events",
        level=Level.OUTPUT,
        node="joint_actions",
        code="OP-4",
        name=_("Trust-building events held"),
        definition=_(
            "Events held to build trust among the cluster's firms and institutions (informal "
            "meetings, visits, pilot actions)."
        ),
        unit=_("events"),
        data_source=_("CDA activity log and reports"),
        method=_("Count of the events held in the period."),
    ),
    StarterIndicator(
        key="trainings_visits",
        level=Level.OUTPUT,
        node="joint_actions",
        code="OP-5",
        name=_("Trainings, exposure visits and twinning events held"),
        definition=_(
            "Training courses, exposure visits and twinning events with other clusters held "
            "for the cluster's firms and institutions."
        ),
        unit=_("events"),
        data_source=_("CDA reports, training records"),
        method=_("Count of the events held in the period."),
    ),
    StarterIndicator(
        key="networks_formed",
        level=Level.OUTPUT,
        node="joint_actions",
        code="OP-6",
        name=_("Enterprise networks or consortia formed"),
        definition=_(
            "Groups of enterprises that agreed to work together on a joint business project; "
            "the means of verification lists their member firms."
        ),
        unit=_("networks"),
        data_source=_("Network agreements and member lists"),
        method=_("Count of the networks formed in the period."),
    ),
    StarterIndicator(
        key="actions_initiated",
        level=Level.OUTPUT,
        node="joint_actions",
        code="OP-7",
        name=_("Joint actions initiated"),
        definition=_(
            "Joint actions of the action plan first reported under way (or already completed) "
            "in the period; the source gives them by type."
        ),
        unit=_("joint actions"),
        data_source=_("Progress updates of the action plan"),
        method=_(
            "Count of the actions whose first progress update of that status is dated in the period."
        ),
        computation=Computation.ACTIONS_INITIATED,
    ),
    StarterIndicator(
        key="brokers_trained",
        level=Level.OUTPUT,
        node="services",
        code="OP-8",
        name=_("Brokers trained"),
        definition=_(
            "People from local institutions trained to facilitate networks and clusters, by sex."
        ),
        unit=_("people"),
        disaggregations=(Dimension.SEX,),
        data_source=_("Training records and certificates"),
        method=_("Count of the people who completed the training in the period."),
    ),
    StarterIndicator(
        key="institutions_assisted",
        level=Level.OUTPUT,
        node="services",
        code="OP-9",
        name=_("Support institutions assisted"),
        definition=_(
            "Business associations, service providers, training and research centres and "
            "public agencies that received the programme's assistance."
        ),
        unit=_("institutions"),
        data_source=_("CDA reports and agreements"),
        method=_("Count of the institutions first assisted in the period."),
    ),
    StarterIndicator(
        key="plans_endorsed",
        level=Level.OUTPUT,
        node="governance",
        code="OP-10",
        name=_("Action plans endorsed"),
        definition=_("Action plans (and revisions) endorsed by the Cluster Commission."),
        unit=_("plans"),
        data_source=_("Governance records (endorsements)"),
        method=_("Count of the plan revisions endorsed in the period."),
    ),
    # --- Outcomes -------------------------------------------------------------------------------
    StarterIndicator(
        key="actions_implemented",
        level=Level.OUTCOME,
        node="cooperation",
        code="OC-1",
        name=_("Joint actions implemented"),
        definition=_(
            "Joint actions of the action plan first reported completed in the period; the "
            "source gives them by type."
        ),
        unit=_("joint actions"),
        data_source=_("Progress updates of the action plan"),
        method=_("Count of the actions first reported completed in the period."),
        computation=Computation.ACTIONS_IMPLEMENTED,
    ),
    StarterIndicator(
        key="enterprise_cost_share",
        level=Level.OUTCOME,
        node="cooperation",
        code="OC-2",
        name=_("Share of joint-action cost borne by enterprises"),
        definition=_(
            "Co-financing paid by the enterprises ÷ all co-financing of the joint actions, as "
            "recorded in their progress updates: the sign of ownership the approach looks for."
        ),
        measure=Measure.PERCENTAGE,
        unit="%",
        data_source=_("Progress updates of the action plan (actual co-financing)"),
        method=_(
            "Amounts, not percentages, are added: the share to date is the enterprises' "
            "amounts over all amounts so far."
        ),
        computation=Computation.ENTERPRISE_COST_SHARE,
    ),
    StarterIndicator(
        key="firms_bds",
        level=Level.OUTCOME,
        node="upgrading",
        code="OC-3",
        name=_("Enterprises using business development services"),
        definition=_(
            "Share of the firms surveyed naming at least one service used in the last year."
        ),
        measure=Measure.PERCENTAGE,
        unit="%",
        cumulative_rule=CumulativeRule.LATEST,
        data_source=_ENTERPRISE_SURVEY,
        method=_SURVEY_METHOD,
        frequency=_SURVEY_FREQUENCY,
        computation=Computation.SURVEY,
        survey_code="DX-BDS",
    ),
    StarterIndicator(
        key="credit_mobilised",
        level=Level.OUTCOME,
        node="upgrading",
        code="OC-4",
        name=_("Credit mobilised for the cluster's enterprises"),
        definition=_(
            "Loans and other finance obtained by the cluster's firms with the programme's "
            "support, by the owner's sex and the firm's size."
        ),
        unit=_("currency"),
        disaggregations=(Dimension.SEX, Dimension.SIZE),
        data_source=_("Lenders' reports and the firms"),
        method=_("Sum of the amounts granted in the period."),
    ),
    StarterIndicator(
        key="firms_technology",
        level=Level.OUTCOME,
        node="upgrading",
        code="OC-5",
        name=_("Enterprises that adopted new technology"),
        definition=_("Share of the firms surveyed that introduced new machinery or technology."),
        measure=Measure.PERCENTAGE,
        unit="%",
        cumulative_rule=CumulativeRule.LATEST,
        data_source=_ENTERPRISE_SURVEY,
        method=_SURVEY_METHOD,
        frequency=_SURVEY_FREQUENCY,
        computation=Computation.SURVEY,
        survey_code="DX-TECH",
    ),
    StarterIndicator(
        key="firms_quality",
        level=Level.OUTCOME,
        node="upgrading",
        code="OC-6",
        name=_("Enterprises with a quality certification"),
        definition=_("Share of the firms surveyed holding at least one quality certification."),
        measure=Measure.PERCENTAGE,
        unit="%",
        cumulative_rule=CumulativeRule.LATEST,
        data_source=_ENTERPRISE_SURVEY,
        method=_SURVEY_METHOD,
        frequency=_SURVEY_FREQUENCY,
        computation=Computation.SURVEY,
        survey_code="DX-CERT",
    ),
    StarterIndicator(
        key="firms_csr",
        level=Level.OUTCOME,
        node="upgrading",
        code="OC-7",
        name=_("Enterprises applying social and environmental (CSR) practices"),
        definition=_(
            "Share of the cluster's firms applying at least one agreed practice of corporate "
            "social responsibility (working conditions, waste, energy)."
        ),
        measure=Measure.PERCENTAGE,
        unit="%",
        cumulative_rule=CumulativeRule.LATEST,
        data_source=_("Follow-up survey or CDA checklist"),
        method=_("Firms applying a practice ÷ firms checked."),
        frequency=Frequency.ANNUAL,
    ),
    StarterIndicator(
        key="new_markets",
        level=Level.OUTCOME,
        node="upgrading",
        code="OC-8",
        name=_("Enterprises that reached new markets"),
        definition=_("Share of the firms surveyed that found new buyers or markets."),
        measure=Measure.PERCENTAGE,
        unit="%",
        cumulative_rule=CumulativeRule.LATEST,
        data_source=_ENTERPRISE_SURVEY,
        method=_SURVEY_METHOD,
        frequency=_SURVEY_FREQUENCY,
        computation=Computation.SURVEY,
        survey_code="DX-MKT",
    ),
    StarterIndicator(
        key="institution_services",
        level=Level.OUTCOME,
        node="upgrading",
        code="OC-9",
        name=_("Institutions offering new or adapted services"),
        definition=_(
            "Support institutions that started a service for the cluster's firms or adapted one "
            "to their needs."
        ),
        unit=_("institutions"),
        data_source=_("Institution survey and CDA reports"),
        method=_("Count of the institutions with a new or adapted service in the period."),
    ),
    StarterIndicator(
        key="mechanisms_formed",
        level=Level.OUTCOME,
        node="cooperation",
        code="OC-10",
        name=_("Governance mechanisms formed"),
        definition=_(
            "Associations, enterprise networks, public–private platforms and other governance "
            "bodies recorded as formed; their registration and self-financing are recorded as "
            "further milestones."
        ),
        unit=_("mechanisms"),
        data_source=_("Governance records (milestones of the bodies)"),
        method=_("Count of the bodies whose “formed” milestone is dated in the period."),
        computation=Computation.MECHANISMS_FORMED,
    ),
    StarterIndicator(
        key="network_density",
        level=Level.OUTCOME,
        node="cooperation",
        code="OC-11",
        name=_("Network density"),
        definition=_("Ties among the cluster's registered actors ÷ the ties possible, n(n − 1)/2."),
        unit=_("ratio"),
        cumulative_rule=CumulativeRule.LATEST,
        data_source=_NETWORK_SURVEY,
        method=_("The density of the latest wave's network in the period."),
        frequency=_SURVEY_FREQUENCY,
        computation=Computation.NETWORK_DENSITY,
    ),
    StarterIndicator(
        key="cooperative_share",
        level=Level.OUTCOME,
        node="cooperation",
        code="OC-12",
        name=_("Share of firms with at least one cooperative tie"),
        definition=_(
            "The cluster's enterprises with at least one information, business or joint-action "
            "tie ÷ the cluster's enterprises in the network."
        ),
        measure=Measure.PERCENTAGE,
        unit="%",
        cumulative_rule=CumulativeRule.LATEST,
        data_source=_NETWORK_SURVEY,
        method=_("Counted in the latest wave's network in the period."),
        frequency=_SURVEY_FREQUENCY,
        computation=Computation.COOPERATIVE_SHARE,
    ),
    StarterIndicator(
        key="institution_ties",
        level=Level.OUTCOME,
        node="cooperation",
        code="OC-13",
        name=_("Ties between enterprises and support institutions"),
        definition=_("Pairs of an enterprise and a support institution tied, whatever the tie."),
        unit=_("ties"),
        cumulative_rule=CumulativeRule.LATEST,
        data_source=_NETWORK_SURVEY,
        method=_("Counted in the latest wave's network in the period."),
        frequency=_SURVEY_FREQUENCY,
        computation=Computation.INSTITUTION_TIES,
    ),
    StarterIndicator(
        key="trust_index",
        level=Level.OUTCOME,
        node="cooperation",
        code="OC-14",
        name=_("Trust index (1–5)"),
        definition=_(
            "Mean over the firms surveyed of each firm's mean agreement (1–5) with the six "
            "trust statements."
        ),
        unit=_("1–5"),
        cumulative_rule=CumulativeRule.LATEST,
        data_source=_ENTERPRISE_SURVEY,
        method=_SURVEY_METHOD,
        frequency=_SURVEY_FREQUENCY,
        computation=Computation.SURVEY,
        survey_code="DX-TRUST",
    ),
    # --- Impact ---------------------------------------------------------------------------------
    StarterIndicator(
        key="sales",
        level=Level.IMPACT,
        node="impact",
        code="IM-1",
        name=_("Sales of the cluster's enterprises"),
        definition=_("Yearly sales of the cluster's enterprises, by firm size."),
        unit=_("currency"),
        cumulative_rule=CumulativeRule.LATEST,
        disaggregations=(Dimension.SIZE,),
        data_source=_("Follow-up survey or the firms' accounts"),
        method=_("Sum of the firms' sales over the last twelve months."),
        frequency=Frequency.ANNUAL,
    ),
    StarterIndicator(
        key="exports",
        level=Level.IMPACT,
        node="impact",
        code="IM-2",
        name=_("Exports in sales (mean share)"),
        definition=_("Unweighted mean of the export share of each surveyed firm's sales."),
        measure=Measure.PERCENTAGE,
        unit="%",
        cumulative_rule=CumulativeRule.LATEST,
        data_source=_ENTERPRISE_SURVEY,
        method=_SURVEY_METHOD,
        frequency=_SURVEY_FREQUENCY,
        computation=Computation.SURVEY,
        survey_code="DX-EXP",
    ),
    StarterIndicator(
        key="employment",
        level=Level.IMPACT,
        node="impact",
        code="IM-3",
        name=_("Persons employed in the enterprises surveyed"),
        definition=_(
            "Women and men employed, owners included, summed over the firms surveyed; by sex and "
            "youth where the parts are known."
        ),
        unit=_("persons"),
        cumulative_rule=CumulativeRule.LATEST,
        disaggregations=(Dimension.SEX, Dimension.YOUTH),
        data_source=_ENTERPRISE_SURVEY,
        method=_SURVEY_METHOD,
        frequency=_SURVEY_FREQUENCY,
        computation=Computation.SURVEY,
        survey_code="DX-EMP",
    ),
    StarterIndicator(
        key="women_employed",
        level=Level.IMPACT,
        node="impact",
        code="IM-4",
        name=_("Women among persons employed"),
        definition=_("Women employed ÷ persons employed, summed over the firms surveyed."),
        measure=Measure.PERCENTAGE,
        unit="%",
        cumulative_rule=CumulativeRule.LATEST,
        data_source=_ENTERPRISE_SURVEY,
        method=_SURVEY_METHOD,
        frequency=_SURVEY_FREQUENCY,
        computation=Computation.SURVEY,
        survey_code="DX-EMP-W",
    ),
    StarterIndicator(
        key="wages",
        level=Level.IMPACT,
        node="impact",
        code="IM-5",
        name=_("Average monthly wage in the cluster's enterprises"),
        definition=_(
            "Wage bill ÷ employees, per month; record the women's and men's averages in the "
            "comment to follow the gap."
        ),
        unit=_("currency"),
        cumulative_rule=CumulativeRule.LATEST,
        data_source=_("Follow-up survey"),
        method=_("Sum of the monthly wage bills ÷ sum of the employees of the firms surveyed."),
        frequency=Frequency.ANNUAL,
    ),
    StarterIndicator(
        key="productivity",
        level=Level.IMPACT,
        node="impact",
        code="IM-6",
        name=_("Sales per person employed"),
        definition=_("Yearly sales ÷ persons employed, over the firms surveyed."),
        unit=_("currency"),
        cumulative_rule=CumulativeRule.LATEST,
        data_source=_("Follow-up survey"),
        method=_("Sum of the firms' sales ÷ sum of their persons employed."),
        frequency=Frequency.ANNUAL,
    ),
    StarterIndicator(
        key="firm_survival",
        level=Level.IMPACT,
        node="impact",
        code="IM-7",
        name=_("Enterprises still operating since the baseline"),
        definition=_(
            "Firms of the baseline register still operating ÷ firms of the baseline register."
        ),
        measure=Measure.PERCENTAGE,
        unit="%",
        cumulative_rule=CumulativeRule.LATEST,
        data_source=_("Actor register, checked at each follow-up"),
        method=_("Firms found operating ÷ firms of the baseline register."),
        frequency=Frequency.ANNUAL,
    ),
    StarterIndicator(
        key="firms_created",
        level=Level.IMPACT,
        node="impact",
        code="IM-8",
        name=_("New enterprises created in the cluster"),
        definition=_(
            "Enterprises started in the cluster in the period, by the owner's sex and formal "
            "status."
        ),
        unit=_("enterprises"),
        disaggregations=(Dimension.SEX, Dimension.FORMAL),
        data_source=_("Actor register and local business registry"),
        method=_("Count of the enterprises started in the period."),
        frequency=Frequency.ANNUAL,
    ),
    StarterIndicator(
        key="environment",
        level=Level.IMPACT,
        node="impact",
        code="IM-9",
        name=_("Enterprises that improved their environmental performance"),
        definition=_(
            "Share of the cluster's firms that reduced their waste, emissions, water or energy "
            "use per unit produced."
        ),
        measure=Measure.PERCENTAGE,
        unit="%",
        cumulative_rule=CumulativeRule.LATEST,
        data_source=_("Follow-up survey or environmental audits"),
        method=_("Firms with an improvement ÷ firms checked."),
        frequency=Frequency.ANNUAL,
    ),
)

_BY_KEY = {entry.key: entry for entry in LIBRARY}
_NODE_BY_KEY = {node.key: node for node in NODES}


def entries_for(scope: Scope) -> list[StarterIndicator]:
    """The starter indicators a framework of ``scope`` can take: a programme's leaves out
    those read from a cluster's surveys."""
    if isinstance(scope, Cluster):
        return list(LIBRARY)
    return [entry for entry in LIBRARY if not entry.per_cluster]


def translations(entry: StarterIndicator) -> dict[str, str]:
    """The indicator's name in French and Spanish, as stored in :attr:`Indicator.labels` for
    the survey questions (the English name where no translation exists yet)."""
    names = {}
    for language in OTHER_LANGUAGES:
        with override(language):
            names[language] = str(entry.name)
    return names


@dataclass
class StarterResult:
    """What :func:`add_starter_library` did."""

    created: list[Indicator] = field(default_factory=list)
    nodes: list[ResultNode] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # keys already in the framework
    left_out: list[str] = field(default_factory=list)  # per-cluster keys, for a programme
    baselines: list[str] = field(default_factory=list)  # codes with a baseline from the records

    @property
    def skipped_count(self) -> int:
        return len(self.skipped)


class _Chain:
    """The default chain's results in one framework: found again when they exist (through the
    starter indicators that measure them, or their title in any language), else created."""

    def __init__(self, scope: Scope, by: User, result: StarterResult) -> None:
        self.scope = scope
        self.by = by
        self.result = result
        self.programme, self.cluster = services.scope_parts(scope)
        self.found: dict[str, ResultNode] = {}
        self.position = (services.nodes_of(scope).aggregate(m=Max("position"))["m"] or 0) + 1

    def _existing(self, spec: StarterNode) -> ResultNode | None:
        nodes = services.nodes_of(self.scope).filter(level=spec.level)
        if spec.level == Level.IMPACT:
            return nodes.order_by("position", "id").first()
        keys = [entry.key for entry in LIBRARY if entry.node == spec.key]
        measured = (
            services.indicators_of(self.scope)
            .filter(starter_key__in=keys, node__level=spec.level)
            .order_by("position", "id")
            .first()
        )
        if measured is not None:
            return measured.node
        titles = set()
        for language in ("en", *OTHER_LANGUAGES):
            with override(language):
                titles.add(str(spec.title))
        return nodes.filter(title__in=titles).order_by("position", "id").first()

    def node(self, key: str) -> ResultNode:
        if key in self.found:
            return self.found[key]
        spec = _NODE_BY_KEY[key]
        node = self._existing(spec)
        if node is None:
            node = ResultNode(
                programme=self.programme,
                cluster=self.cluster,
                parent=self.node(spec.parent) if spec.parent else None,
                level=spec.level,
                title=str(spec.title),
                assumptions=str(spec.assumptions),
                risks=str(spec.risks),
                position=self.position,
            )
            self.position += 1
            node.full_clean()
            node._history_user = self.by  # type: ignore[attr-defined]
            node.save()
            self.result.nodes.append(node)
        self.found[key] = node
        return node


def _free_code(code: str, taken: set[str]) -> str:
    candidate, n = code, 1
    while candidate in taken:
        n += 1
        candidate = f"{code}.{n}"
    taken.add(candidate)
    return candidate


def _indicator(entry: StarterIndicator, scope: Scope, node: ResultNode, code: str) -> Indicator:
    programme, cluster = services.scope_parts(scope)
    return Indicator(
        programme=programme,
        cluster=cluster,
        node=node,
        code=code,
        name=str(entry.name),
        definition=str(entry.definition),
        level=entry.level,
        measure=entry.measure,
        unit=str(entry.unit),
        scale=[str(level) for level in entry.scale],
        direction=entry.direction,
        cumulative_rule=entry.cumulative_rule,
        disaggregations=list(entry.disaggregations),
        data_source=str(entry.data_source),
        method=str(entry.method),
        frequency=entry.frequency,
        computation=entry.computation,
        survey_code=entry.survey_code,
        labels=translations(entry),
        starter_key=entry.key,
    )


def _set_baseline(indicator: Indicator, found: computed.RecordedBaseline) -> None:
    indicator.baseline_value = found.value
    indicator.baseline_numerator = found.numerator
    indicator.baseline_denominator = found.denominator
    if found.numerator is not None and found.denominator is not None:
        indicator.baseline_value = None
    indicator.baseline_text = ""
    indicator.baseline_date = found.on
    indicator.baseline_source = found.source
    indicator.baseline_from = found.from_value


@transaction.atomic
def add_starter_library(
    scope: Scope, *, by: User, keys: Iterable[str] | None = None
) -> StarterResult:
    """Add the starter indicators (all, or those of ``keys``) to the framework of ``scope``,
    with the default result chain they measure, in one transaction.

    Entries already added (same starter key) are skipped; so are, for a programme, those read
    from a cluster's surveys. Codes stay unique in the framework (``OC-1.2`` when ``OC-1`` is
    taken). Each new indicator's baseline is taken from the records where they give one
    (:func:`.computed.baseline_from_records`). Unknown keys are refused, writing nothing."""
    wanted = list(dict.fromkeys(keys)) if keys is not None else [e.key for e in LIBRARY]
    unknown = [key for key in wanted if key not in _BY_KEY]
    if unknown:
        raise ValidationError(
            gettext("Unknown starter indicator: %(keys)s.") % {"keys": ", ".join(unknown)}
        )
    result = StarterResult()
    existing = services.indicators_of(scope)
    present = set(existing.exclude(starter_key="").values_list("starter_key", flat=True))
    taken = set(existing.values_list("code", flat=True))
    position = (existing.aggregate(m=Max("position"))["m"] or 0) + 1
    chain = _Chain(scope, by, result)
    offered = {entry.key for entry in entries_for(scope)}
    for key in wanted:
        entry = _BY_KEY[key]
        if key in present:
            result.skipped.append(key)
            continue
        if key not in offered:
            result.left_out.append(key)
            continue
        indicator = _indicator(entry, scope, chain.node(entry.node), _free_code(entry.code, taken))
        indicator.position = position
        position += 1
        found = computed.baseline_from_records(indicator)
        if found is not None:
            _set_baseline(indicator, found)
            result.baselines.append(indicator.code)
        indicator.full_clean()
        indicator._history_user = by  # type: ignore[attr-defined]
        indicator.save()
        result.created.append(indicator)
    return result


@transaction.atomic
def refresh_baseline(indicator: Indicator) -> bool:
    """Fill ``indicator``'s baseline again from the records (the diagnostic added after the
    indicator, say); False, changing nothing, when they give none. Refused when the targets
    already set would then go the wrong way from the baseline."""
    found = computed.baseline_from_records(indicator)
    if found is None:
        return False
    _set_baseline(indicator, found)
    targets = services.targets_by_period(indicator)
    if targets:
        services.check_indicator_targets(
            indicator, targets, what=indicator.code, field="baseline_value"
        )
    indicator.full_clean()
    indicator.save()
    return True
