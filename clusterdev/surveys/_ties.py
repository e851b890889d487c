"""Network ties from the submissions of the name generator."""

from __future__ import annotations

from dataclasses import dataclass

from clusterdev.surveys._export import ExportData, tie_problems
from clusterdev.surveys._form import OTHER, FormError

__all__ = ["TieRow", "ties_from"]


@dataclass(frozen=True)
class TieRow:
    """One tie named by a respondent: from the respondent's organisation to a partner of the
    register (``partner_actor_id``) or to one outside it (``partner_actor_id`` is ``None`` and
    ``other_name`` holds the name typed). ``types`` are among ``information``, ``business``,
    ``joint_action`` and ``trust``; ``frequency`` is ``weekly``, ``monthly``, ``quarterly`` or
    ``yearly``; ``formal`` says whether a written agreement exists (``None`` if unanswered).
    ``instance_id`` and ``position`` (1 for the first partner named) locate the answer."""

    respondent_actor_id: int
    partner_actor_id: int | None
    other_name: str
    types: tuple[str, ...]
    frequency: str | None
    formal: bool | None
    instance_id: str
    position: int
    wave: str | None = None


def ties_from(export: ExportData, *, wave: str | None = None) -> list[TieRow]:
    """The ties named in a network survey export read with its form (:func:`network_form`).

    One row per partner named, in the order of the submissions and of the partners. Rows the
    report flags (no partner, the respondent naming itself, *Other* without a name, no type of
    relationship) are left out, as are submissions without a respondent from the register and
    a partner named twice by the same respondent (the first mention is kept). Respondents who
    named no partner give no row: their submissions still say they answered.

    >>> from clusterdev.surveys import ExportData, Report, network_form, ClusterInfo
    >>> form = network_form(ClusterInfo("atuntaqui-garment", "Atuntaqui garment"), [])
    >>> ties_from(ExportData([], Report(), form, "unknown"), wave="baseline")
    []
    """
    form = export.form
    if form is None or form.kind != "network":
        raise FormError("ties_from needs an export read with the network form (network_form)")
    ties: list[TieRow] = []
    for submission in export.submissions:
        respondent = submission.respondent_actor_id
        if respondent is None:
            continue
        named: set[int] = set()
        for position, row in enumerate(submission.repeats.get("partners", []), start=1):
            if tie_problems(submission, row, position):
                continue
            partner = row.get("partner")
            partner_id = int(partner) if isinstance(partner, str) and partner.isdecimal() else None
            if partner != OTHER and partner_id is None:
                continue
            if partner_id is not None:
                if partner_id in named:
                    continue
                named.add(partner_id)
            types = row.get("tie_types")
            frequency = row.get("frequency")
            formal = row.get("formal")
            other = row.get("partner_other") if partner_id is None else None
            ties.append(
                TieRow(
                    respondent_actor_id=respondent,
                    partner_actor_id=partner_id,
                    other_name=str(other).strip() if other else "",
                    types=tuple(types) if isinstance(types, tuple) else (),
                    frequency=frequency if isinstance(frequency, str) else None,
                    formal={"yes": True, "no": False}.get(formal)
                    if isinstance(formal, str)
                    else None,
                    instance_id=submission.instance_id,
                    position=position,
                    wave=wave,
                )
            )
    return ties
