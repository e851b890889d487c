"""The audit trail of a record, read from django-simple-history, as rows a template can show."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

KINDS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


@dataclass
class Change:
    field: str
    old: Any
    new: Any


@dataclass
class Entry:
    when: datetime
    who: str
    kind: str
    changes: list[Change] = field(default_factory=list)


def _field(model: type[models.Model], name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _shown(field: Any, value: Any) -> Any:
    """A stored value as people read it: the label of a choice, the name of a related record."""
    if field is None or value in (None, ""):
        return value
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.ForeignKey):
        return field.related_model._default_manager.filter(pk=value).first() or value
    if isinstance(field, models.ManyToManyField) and isinstance(value, list):
        # simple-history gives the rows of the through table, e.g. {"cluster": 1, "sector": 7}
        target = field.m2m_reverse_field_name()
        ids = [row[target] for row in value if isinstance(row, dict) and target in row]
        related = field.related_model._default_manager.filter(pk__in=ids)
        return ", ".join(sorted(str(r) for r in related))
    return value


def audit_trail(obj: models.Model, *, limit: int = 50) -> list[Entry]:
    """Newest first: who changed what on ``obj``, with the old and new value of each field."""
    history = obj.history  # type: ignore[attr-defined]
    newest_first = history.select_related("history_user").order_by("-history_date", "-history_id")
    records = list(newest_first[: limit + 1])
    entries: list[Entry] = []
    for record, older in zip(records, [*records[1:], None], strict=False):
        if len(entries) == limit:
            break
        changes: list[Change] = []
        if older is not None and record.history_type == "~":
            delta = record.diff_against(older)
            for c in delta.changes:
                f = _field(type(obj), c.field)
                label = str(getattr(f, "verbose_name", c.field))
                changes.append(Change(label, _shown(f, c.old), _shown(f, c.new)))
        user = record.history_user
        entries.append(
            Entry(
                when=record.history_date,
                who=user.get_username() if user else str(_("system")),
                kind=str(KINDS.get(record.history_type, record.history_type)),
                changes=changes,
            )
        )
    return entries
