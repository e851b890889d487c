"""The plain records of a survey instrument: texts in three languages, questions, groups, forms.

A :class:`Form` is what the builders return and what :func:`~clusterdev.surveys.write_xlsform`
writes; the export readers use it to type and check the answers. Question names are unique in
the whole form (not only within their group), so answers can be keyed by name alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Literal

__all__ = [
    "LANGUAGES",
    "ActorRow",
    "Choice",
    "ChoiceList",
    "ClusterInfo",
    "Field",
    "Form",
    "FormError",
    "Group",
    "IndicatorQuestion",
    "Question",
    "Text",
]

# XLSForm language names: "English (en)" is both a column suffix and the default_language.
LANGUAGES = (("en", "English (en)"), ("fr", "French (fr)"), ("es", "Spanish (es)"))

ACTORS_FILE = "actors.csv"
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
SELECTS = ("select_one", "select_multiple")
FILE_SELECTS = ("select_one_from_file", "select_multiple_from_file")
InstrumentKind = Literal["enterprise", "institution", "network"]
ActorKind = Literal["enterprise", "institution"]
Measure = Literal["number", "percentage", "ordinal", "qualitative"]


class FormError(ValueError):
    """A form that cannot be built, converted or validated; the message names the question."""


@dataclass(frozen=True)
class Text:
    """One text in English, French and Spanish (the form's three label languages)."""

    en: str
    fr: str
    es: str

    def get(self, language: str) -> str:
        """The text in ``language`` (``"en"``, ``"fr"`` or ``"es"``)."""
        return {"en": self.en, "fr": self.fr, "es": self.es}[language]


@dataclass(frozen=True)
class ClusterInfo:
    """The cluster a form is made for: its slug goes into the form id, its name into texts."""

    slug: str
    name: str


@dataclass(frozen=True)
class ActorRow:
    """One actor of the cluster's register, as the name generator's ``actors.csv`` lists it."""

    id: int
    name: str
    kind: ActorKind
    town: str = ""


@dataclass(frozen=True)
class IndicatorQuestion:
    """An M&E indicator asked in the survey: one question per indicator, named after its code.

    ``measure`` decides the question type: ``number`` a decimal, ``percentage`` a decimal from
    0 to 100, ``ordinal`` a 1–5 rating, ``qualitative`` free text. French and Spanish labels
    fall back to the English one when empty.
    """

    code: str
    label_en: str
    label_fr: str = ""
    label_es: str = ""
    measure: Measure = "number"
    unit: str = ""


@dataclass(frozen=True)
class Choice:
    """One option of a choice list; ``filters`` are extra columns usable in a choice_filter."""

    name: str
    label: Text
    filters: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ChoiceList:
    name: str
    choices: tuple[Choice, ...]

    def names(self) -> list[str]:
        return [choice.name for choice in self.choices]


@dataclass(frozen=True)
class Question:
    """One row of the XLSForm survey sheet (a question, a note, a calculation or metadata).

    ``type`` is the XLSForm type without its list (``integer``, ``select_one``,
    ``select_one_from_file``, ``geopoint``, ``start`` …); ``choices`` names the choice list, or
    the file for the ``*_from_file`` types. ``minimum`` and ``maximum`` bound numbers: they
    become part of the XLSForm constraint and are checked again when exports are read; any
    other ``constraint`` is left to the data collection app.
    """

    type: str
    name: str
    label: Text | None = None
    hint: Text | None = None
    choices: str = ""
    required: bool = False
    relevant: str = ""
    constraint: str = ""
    constraint_message: Text | None = None
    minimum: float | None = None
    maximum: float | None = None
    choice_filter: str = ""
    appearance: str = ""
    calculation: str = ""
    default: str = ""

    @property
    def xlsform_type(self) -> str:
        return f"{self.type} {self.choices}" if self.choices else self.type

    @property
    def is_select(self) -> bool:
        return self.type in SELECTS or self.type in FILE_SELECTS

    @property
    def is_multiple(self) -> bool:
        return self.type in ("select_multiple", "select_multiple_from_file")


@dataclass(frozen=True)
class Group:
    """A group of questions (shown together, skipped together) or, with ``repeat``, a repeat."""

    name: str
    label: Text | None
    children: tuple[Question | Group, ...]
    repeat: bool = False
    relevant: str = ""
    appearance: str = ""


@dataclass(frozen=True)
class Field:
    """A question of a form with its place: the group path and the innermost repeat, if any."""

    question: Question
    path: tuple[str, ...]
    repeat: str | None


@dataclass(frozen=True)
class Form:
    """A survey instrument ready to be written as an XLSForm workbook.

    ``version`` changes whenever the content (questions, choices, actors) changes, so that ODK
    Central and KoboToolbox accept the new form as a new version. ``actors`` are the rows of the
    ``actors.csv`` attachment that the ``*_from_file`` questions read.
    """

    kind: InstrumentKind
    form_id: str
    title: str
    version: str
    children: tuple[Question | Group, ...]
    choice_lists: tuple[ChoiceList, ...]
    actors: tuple[ActorRow, ...] = ()
    indicators: tuple[IndicatorQuestion, ...] = ()
    instance_name: str = ""
    _fields: dict[str, Field] = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        fields: dict[str, Field] = {}
        groups: set[str] = set()
        for item, path, repeat in _walk(self.children, (), None):
            if not NAME.match(item.name):
                raise FormError(
                    f"{item.name!r}: a name starts with a letter or _, then letters, digits, _ or ."
                )
            if isinstance(item, Group):
                if item.name in fields or item.name in groups:
                    raise FormError(f"{item.name!r} names two elements of the form")
                groups.add(item.name)
                continue
            if item.name in fields or item.name in groups:
                raise FormError(f"{item.name!r} names two elements of the form")
            fields[item.name] = Field(item, path, repeat)
        lists = {choice_list.name for choice_list in self.choice_lists}
        for name, place in fields.items():
            question = place.question
            if question.type in SELECTS and question.choices not in lists:
                raise FormError(f"{name}: no choice list {question.choices!r}")
            if question.type in FILE_SELECTS and question.choices != ACTORS_FILE:
                raise FormError(f"{name}: choices come from {ACTORS_FILE}, not {question.choices}")
        object.__setattr__(self, "_fields", fields)

    def fields(self) -> list[Field]:
        """Every question in form order, with its group path and repeat."""
        return list(self._fields.values())

    def field(self, name: str) -> Field | None:
        """The question called ``name`` with its place, or ``None``."""
        return self._fields.get(name)

    def repeats(self) -> list[str]:
        """The names of the form's repeat groups, outermost first."""
        return [
            item.name
            for item, _, _ in _walk(self.children, (), None)
            if isinstance(item, Group) and item.repeat
        ]

    def choice_list(self, name: str) -> ChoiceList:
        return next(choices for choices in self.choice_lists if choices.name == name)

    def choice_names(self, question: Question) -> set[str] | None:
        """The values ``question`` accepts, or ``None`` when they are not known (a file select
        made without actors)."""
        if question.type in SELECTS:
            return set(self.choice_list(question.choices).names())
        if question.type in FILE_SELECTS and self.actors:
            return {str(actor.id) for actor in self.actors} | {OTHER}
        return None

    @property
    def attachments(self) -> tuple[str, ...]:
        """The media files the form needs beside it (``actors.csv`` for the file selects)."""
        uses = any(place.question.type in FILE_SELECTS for place in self._fields.values())
        return (ACTORS_FILE,) if uses else ()


# The actors.csv row for a partner or respondent missing from the register.
OTHER = "other"


def _walk(
    children: tuple[Question | Group, ...], path: tuple[str, ...], repeat: str | None
) -> Iterator[tuple[Question | Group, tuple[str, ...], str | None]]:
    for item in children:
        yield item, path, repeat
        if isinstance(item, Group):
            inner = item.name if item.repeat else repeat
            yield from _walk(item.children, (*path, item.name), inner)
