"""The submissions the fixtures should read back to, typed as the form says."""

from __future__ import annotations

from datetime import date, datetime

from clusterdev.surveys import Form, GeoPoint
from clusterdev.surveys._export import Answer
from clusterdev.surveys.tests.atuntaqui import Answers, Submission


def typed(form: Form, answers: Answers) -> dict[str, Answer]:
    """``answers`` (text as the field teams entered it) as :func:`read_export` types them."""
    result: dict[str, Answer] = {}
    for name, text in answers.items():
        place = form.field(name)
        assert place is not None, name
        kind = place.question.type
        value: Answer
        if kind == "integer":
            value = int(text)
        elif kind == "decimal":
            value = float(text)
        elif kind in ("date", "today"):
            value = date.fromisoformat(text)
        elif kind in ("start", "end"):
            value = datetime.fromisoformat(text)
        elif kind == "geopoint":
            latitude, longitude, altitude, accuracy = (float(p) for p in text.split())
            value = GeoPoint(latitude, longitude, altitude, accuracy)
        elif place.question.is_multiple:
            value = tuple(text.split())
        else:
            value = text
        result[name] = value
    return result


def submission_answers(form: Form, submission: Submission) -> dict[str, Answer]:
    answers = typed(form, submission[3])
    return {"form_id": form.form_id, "form_version": form.version, **answers}


def submission_repeats(form: Form, submission: Submission) -> dict[str, list[dict[str, Answer]]]:
    return {name: [typed(form, row) for row in rows] for name, rows in submission[4].items()}
