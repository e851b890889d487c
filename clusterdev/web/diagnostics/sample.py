"""Synthetic exports for demonstrations and training: what ODK Central would give for a wave's
forms if the cluster's actors had answered.

The answers are invented (drawn with an explicit ``seed``) but shaped by the register where it
knows something — employees by sex, owner's sex, year founded, coordinates — and they respect
the forms' rules (required answers, skips, choice lists, ranges), so that they import without
error. The files follow ODK Central's CSV layout: group paths joined with ``-``, one CSV per
repeat group with ``PARENT_KEY``, both in the ZIP Central downloads. Never mix them with real
data: every instance id starts with ``uuid:`` followed by a seeded, recognisable UUID.
"""

from __future__ import annotations

import csv
import io
import random
import uuid
import zipfile
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from clusterdev.surveys import Form
from clusterdev.web.actors.models import Actor
from clusterdev.web.diagnostics import instruments
from clusterdev.web.diagnostics.models import Instrument, SurveyWave

Answers = dict[str, str]
CENTRAL_TAIL = ["meta-instanceID", "KEY", "SubmitterID", "SubmitterName", "ReviewState"]
GEO = ("Latitude", "Longitude", "Altitude", "Accuracy")
LIKERT_WEIGHTS = (1, 2, 3, 3, 2)
SKIPPED_TYPES = ("note", "calculate", "start", "end", "today")
# Answers set from others, or only asked after an answer the sample never gives ('other').
SET_ELSEWHERE = {"respondent_other", "constraint_other", "partner_other", "partner", "frequency"}


def sample_export(wave: SurveyWave, kind: str, folder: Path, *, seed: int = 0) -> Path:
    """Write a synthetic ODK Central export of ``wave``'s ``kind`` survey into ``folder``: the
    CSV (enterprise, institution) or the ZIP of the main and partners CSVs (network). The form
    is the wave's latest of that kind, generated now if there is none."""
    instrument = instruments.latest_instrument(wave, kind) or instruments.generate_instrument(
        wave, kind, by=None
    )
    form = instruments.form_of(instrument)
    rng = random.Random(f"{seed}-{wave.pk}-{kind}")
    actors = Actor.objects.in_bulk([a["id"] for a in instrument.actors])
    writer = _Writer(form, instrument, wave, rng, actors)
    folder.mkdir(parents=True, exist_ok=True)
    main, partners = writer.tables()
    if kind != "network":
        path = folder / f"{form.form_id}.csv"
        path.write_text(_csv(main), encoding="utf-8")
        return path
    path = folder / f"{form.form_id}.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{form.form_id}.csv", _csv(main))
        archive.writestr(f"{form.form_id}-partners.csv", _csv(partners))
    return path


def _csv(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


class _Writer:
    def __init__(
        self,
        form: Form,
        instrument: Instrument,
        wave: SurveyWave,
        rng: random.Random,
        actors: dict[int, Actor],
    ) -> None:
        self.form, self.instrument, self.wave, self.rng = form, instrument, wave, rng
        self.actors = actors
        listed = {a["id"]: a["kind"] for a in instrument.actors}
        self.enterprises = sorted(i for i, k in listed.items() if k == "enterprise")
        self.institutions = sorted(i for i, k in listed.items() if k == "institution")

    def respondents(self) -> list[int]:
        kind = self.form.kind
        pool = self.institutions if kind == "institution" else self.enterprises
        if kind == "network":
            pool = self.enterprises + self.institutions
        # Most of the register is interviewed, as in a diagnostic's census of the cluster.
        return sorted(self.rng.sample(pool, max(1, round(len(pool) * 0.8)))) if pool else []

    def tables(self) -> tuple[list[list[Any]], list[list[Any]]]:
        main_fields = [f for f in self.form.fields() if f.repeat is None]
        partner_fields = [f for f in self.form.fields() if f.repeat == "partners"]
        main: list[list[Any]] = [
            ["SubmissionDate", *self._header(main_fields, None), *CENTRAL_TAIL]
        ]
        partners: list[list[Any]] = [
            [*self._header(partner_fields, "partners"), "PARENT_KEY", "KEY"]
        ]
        start = self.wave.start_date
        for number, actor_id in enumerate(self.respondents()):
            day = start + timedelta(days=number // 4)
            began = datetime.combine(day, time(9 + 2 * (number % 4), 5), tzinfo=UTC)
            instance = f"uuid:{uuid.UUID(int=self.rng.getrandbits(128), version=4)}"
            answers = self._answers(actor_id, began)
            row: list[Any] = [(began + timedelta(hours=6)).isoformat().replace("+00:00", "Z")]
            row += self._values(main_fields, answers)
            row += [instance, instance, 10 + number % 3, f"Enumerator {1 + number % 3}", "approved"]
            main.append(row)
            if self.form.kind == "network" and answers.get("consent") == "yes":
                for position, tie in enumerate(self._ties(actor_id), start=1):
                    partners.append(
                        [
                            *self._values(partner_fields, tie),
                            instance,
                            f"{instance}/partners[{position}]",
                        ]
                    )
        return main, partners

    def _header(self, fields: list[Any], repeat: str | None) -> list[str]:
        header = []
        for place in fields:
            path = list(place.path[place.path.index(repeat) + 1 :] if repeat else place.path)
            name = "-".join([*path, place.question.name])
            if place.question.type == "geopoint":
                header += [f"{name}-{part}" for part in GEO]
            else:
                header.append(name)
        return header

    def _values(self, fields: list[Any], answers: Answers) -> list[Any]:
        row: list[Any] = []
        for place in fields:
            value = answers.get(place.question.name, "")
            if place.question.type == "geopoint":
                row += [*value.split(), "", "", "", ""][:4]
            else:
                row.append(value)
        return row

    # -- answers ---------------------------------------------------------------------------

    def _choices(self, name: str) -> list[str]:
        place = self.form.field(name)
        assert place is not None
        return [c for c in self.form.choice_list(place.question.choices).names() if c != "other"]

    def _pick(self, name: str) -> str:
        return self.rng.choice(self._choices(name))

    def _several(self, name: str, most: int = 3) -> list[str]:
        options = [c for c in self._choices(name) if c != "none"]
        return self.rng.sample(options, self.rng.randint(1, min(most, len(options))))

    def _answers(self, actor_id: int, began: datetime) -> Answers:
        rng = self.rng
        answers: Answers = {
            "start": began.isoformat(),
            "end": (began + timedelta(minutes=rng.randint(20, 55))).isoformat(),
            "today": began.date().isoformat(),
            "form_id": self.form.form_id,
            "form_version": self.form.version,
            "interviewer": f"Enumerator {1 + actor_id % 3}",
            "consent": "no" if rng.random() < 0.05 else "yes",
        }
        if answers["consent"] == "no":
            return answers
        actor = self.actors.get(actor_id)
        answers["respondent"] = str(actor_id)
        for place in self.form.fields():
            question = place.question
            name = question.name
            if (
                place.repeat is not None
                or name in answers
                or name in SET_ELSEWHERE
                or question.type in SKIPPED_TYPES
                or name.startswith("ind_")
            ):
                continue
            value = self._answer(name, question.type, question.choices, actor)
            if value:
                answers[name] = value
        self._consistent(answers, actor)
        return answers

    def _answer(self, name: str, kind: str, choices: str, actor: Actor | None) -> str:
        rng = self.rng
        if kind == "select_one" and choices == "likert":
            return str(rng.choices(range(1, 6), LIKERT_WEIGHTS)[0])
        if kind == "select_one":
            return self._pick(name)
        if kind == "select_multiple":
            return " ".join(self._several(name))
        if kind == "select_multiple_from_file":
            pool = [i for i in self.institutions if actor is None or i != actor.pk]
            chosen = rng.sample(pool, min(len(pool), rng.randint(0, 2)))
            return " ".join(str(i) for i in chosen)
        if kind == "geopoint":
            if actor is not None and actor.latitude is not None and actor.longitude is not None:
                return f"{actor.latitude:.5f} {actor.longitude:.5f} 2400 5"
            return ""
        if kind == "integer":
            return str(rng.randint(0, 12))
        if kind == "decimal":
            return str(rng.randint(300, 650)) if name.startswith("wage") else ""
        return ""

    def _consistent(self, answers: Answers, actor: Actor | None) -> None:
        """The answers the forms' rules tie together, and those the register knows."""
        rng = self.rng
        if self.form.kind == "enterprise":
            women = actor.employees_female if actor and actor.employees else rng.randint(1, 12)
            men = actor.employees_male if actor and actor.employees else rng.randint(0, 10)
            total = women + men or 1
            women = women or (1 if not men else 0)
            answers.update(
                employees_women=str(women),
                employees_men=str(men),
                employees_total=str(women + men),
                employees_family=str(rng.randint(0, min(2, total))),
                employees_youth=str(rng.randint(0, total // 3)),
                employees_seasonal=str(rng.randint(0, total)),
                sales_last_year=str(rng.randint(8, 400) * 1000),
            )
            if actor is not None and actor.owner_sex in ("female", "male", "mixed"):
                answers["owner_sex"] = actor.owner_sex
            local = rng.randint(20, 90)
            national = rng.randint(0, 100 - local)
            answers.update(
                share_local=str(local),
                share_national=str(national),
                share_export=str(100 - local - national),
            )
            constraints = self._several("main_constraints", 4)
            answers["main_constraints"] = " ".join(constraints)
            for place, value in enumerate(constraints[:3], start=1):
                answers[f"constraint_{place}"] = value
            if answers.get("coop_past") != "yes":
                answers.pop("coop_past_activities", None)
            if answers.get("finance_applied") != "yes":
                answers.pop("finance_sources", None)
                answers.pop("finance_refused", None)
        year = actor.founded if actor and actor.founded else rng.randint(1965, 2020)
        answers["year_founded"] = str(year)
        if self.form.kind == "institution" and actor is not None and actor.institution_type:
            answers["institution_type"] = actor.institution_type
        if self.form.kind == "institution":
            staff = rng.randint(3, 40)
            answers.update(
                staff_total=str(staff),
                staff_women=str(rng.randint(0, staff)),
                staff_advisers=str(rng.randint(0, staff)),
                clients_cluster=str(rng.randint(5, 150)),
            )
            answers["clients_women_owned"] = str(rng.randint(0, int(answers["clients_cluster"])))

    def _ties(self, actor_id: int) -> list[Answers]:
        rng = self.rng
        others = [i for i in self.enterprises + self.institutions if i != actor_id]
        partners = rng.sample(others, min(len(others), rng.randint(0, 4)))
        return [
            {
                "partner": str(partner),
                "tie_types": " ".join(self._several("tie_types", 2)),
                "frequency": self._pick("frequency"),
                "formal": rng.choice(("yes", "no", "no")),
            }
            for partner in partners
        ]
