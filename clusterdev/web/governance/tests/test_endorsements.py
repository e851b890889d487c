"""Document versions, their digests, endorsements, and the API other apps call."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from clusterdev.web.governance import services
from clusterdev.web.governance.models import (
    Document,
    DocumentVersion,
    EndorsedVersionError,
    Endorsement,
    compute_digest,
    today,
)
from clusterdev.web.selection.models import Decision, SelectionExercise

from .conftest import make_meeting


def _endorse(meeting, version, by, digest=None):
    return services.endorse(
        body=meeting.body,
        meeting=meeting,
        version=version,
        digest=version.digest if digest is None else digest,
        by=by,
    )


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


def test_versions_are_numbered_and_digested(world, version):
    assert version.number == 1
    assert version.digest == compute_digest(version.content, None)
    second = services.submit_version(
        document=version.document, author=world.users["alice"], content="Findings, revised."
    )
    assert second.number == 2 and second.digest != version.digest
    assert version.document.latest_version() == second


def test_the_digest_covers_the_file_bytes(world, media):
    first = services.submit_version(
        author=world.users["cindy"],
        kind="progress_report",
        cluster=world.cluster_a,
        title="Progress report 2025",
        file=ContentFile(b"%PDF-1.4 first", name="report.pdf"),
    )
    second = services.submit_version(
        document=first.document,
        author=world.users["cindy"],
        file=ContentFile(b"%PDF-1.4 second", name="report.pdf"),
    )
    assert first.digest != second.digest
    assert first.file_name == "report.pdf"
    with first.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 first"
    assert first.compute_digest() == first.digest  # recomputed from the stored file


def test_moving_text_between_content_and_file_changes_the_digest():
    assert compute_digest("ab", None) != compute_digest("a", ContentFile(b"b", name="b.txt"))


def test_a_version_needs_text_or_a_file(world):
    with pytest.raises(ValidationError):
        services.submit_version(
            author=world.users["cindy"],
            kind="diagnostic",
            cluster=world.cluster_a,
            title="Empty",
            content="   ",
        )
    assert not DocumentVersion.objects.exists()


def test_a_commission_endorses_a_version_which_becomes_immutable(world, meeting, version):
    endorsement = _endorse(meeting, version, world.users["colin"])
    version.refresh_from_db()
    assert version.is_endorsed and services.is_endorsed(version)
    assert endorsement.digest == version.digest
    version.content = "Quietly changed"
    with pytest.raises(EndorsedVersionError):
        version.save()
    with pytest.raises(EndorsedVersionError):
        version.delete()
    version.refresh_from_db()
    assert version.content.startswith("Findings")


def test_the_author_cannot_record_the_endorsement_alone(world, meeting, version):
    with pytest.raises(ValidationError) as error:
        _endorse(meeting, version, world.users["cindy"])
    assert "The author of a document cannot record its endorsement alone" in _messages(error)
    assert not Endorsement.objects.exists()
    version.refresh_from_db()
    assert not version.is_endorsed


def test_endorsing_a_draft_that_changed_since_is_refused(world, meeting, version):
    seen = version.digest
    version.content += " Added after the meeting."
    version.save()
    with pytest.raises(ValidationError) as error:
        _endorse(meeting, version, world.users["colin"], digest=seen)
    assert "This version changed since you opened it; read it again before endorsing." in _messages(
        error
    )
    assert not Endorsement.objects.exists()


def test_a_stored_file_replaced_behind_the_platform_is_caught(world, meeting, media):
    version = services.submit_version(
        author=world.users["cindy"],
        kind="progress_report",
        cluster=world.cluster_a,
        title="Progress report",
        file=ContentFile(b"original", name="report.pdf"),
    )
    (media / version.file.name).write_bytes(b"tampered")
    with pytest.raises(ValidationError) as error:
        _endorse(meeting, version, world.users["colin"])
    assert "changed since you opened it" in _messages(error)


def test_a_commission_endorses_documents_of_its_own_cluster_only(world, meeting):
    elsewhere = services.submit_version(
        author=world.users["alice"],
        kind="diagnostic",
        cluster=world.cluster_b,
        title="Diagnostic B",
        content="B",
    )
    programme_level = services.submit_version(
        author=world.users["alice"],
        kind="progress_report",
        programme=world.programme,
        title="Programme report",
        content="P",
    )
    for version in (elsewhere, programme_level):
        with pytest.raises(ValidationError) as error:
            _endorse(meeting, version, world.users["colin"])
        assert "endorses the documents of its own cluster only" in _messages(error)
    assert not Endorsement.objects.exists()


def test_the_steering_committee_endorses_programme_documents(world, steering):
    meeting = make_meeting(steering)
    version = services.submit_version(
        author=world.users["alice"],
        kind="progress_report",
        programme=world.programme,
        title="Programme report",
        content="P",
    )
    _endorse(meeting, version, world.users["steve"])
    version.refresh_from_db()
    assert version.is_endorsed
    cluster_document = services.submit_version(
        author=world.users["alice"],
        kind="action_plan",
        cluster=world.cluster_a,
        title="Action plan A",
        content="A",
    )
    with pytest.raises(ValidationError) as error:
        _endorse(meeting, cluster_document, world.users["steve"])
    assert "a cluster's documents are endorsed by that cluster's bodies" in _messages(error)


def test_the_recorder_needs_the_right_to_endorse(world, meeting, version):
    with pytest.raises(ValidationError) as error:
        _endorse(meeting, version, world.users["dora"])
    assert "You may not record endorsements" in _messages(error)
    with pytest.raises(ValidationError):
        _endorse(meeting, version, world.users["oscar"])
    assert not Endorsement.objects.exists()


def test_the_meeting_is_held_and_not_before_the_version(world, commission, version):
    planned = make_meeting(commission, status="planned")
    with pytest.raises(ValidationError) as error:
        _endorse(planned, version, world.users["colin"])
    assert "Record the meeting as held" in _messages(error)
    earlier = make_meeting(commission, on=today() - timedelta(days=7))
    with pytest.raises(ValidationError) as error:
        _endorse(earlier, version, world.users["colin"])
    assert "took place before this version was written" in _messages(error)


def test_a_body_endorses_a_version_once(world, meeting, version):
    _endorse(meeting, version, world.users["colin"])
    version.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        _endorse(meeting, version, world.users["steve"])
    assert "has already endorsed this version" in _messages(error)
    assert Endorsement.objects.count() == 1


def test_every_broken_rule_is_reported_at_once(world, commission, version):
    planned = make_meeting(commission, status="planned")
    with pytest.raises(ValidationError) as error:
        _endorse(planned, version, world.users["cindy"], digest="0" * 64)
    assert len(error.value.messages) == 3


def test_endorsements_are_audited(world, meeting, version):
    _endorse(meeting, version, world.users["colin"])
    assert Endorsement.history.count() == 1
    assert [r.history_type for r in version.history.order_by("history_id")] == ["+", "~"]


# --- The API for other apps ------------------------------------------------------------------


def _decision(world) -> Decision:
    exercise = SelectionExercise.objects.create(programme=world.programme, title="Selection 2026")
    decision = Decision.objects.create(
        exercise=exercise,
        decided_by=world.users["steve"],
        rationale="Strongest pro-poor case",
        result={
            "ranking": {"alternatives": [{"rank": 1, "alternative": "Garments A", "score": 0.7}]}
        },
    )
    decision.selected.set([world.cluster_a])
    return decision


def test_another_app_submits_its_record_and_reads_the_endorsement(world, steering):
    decision = _decision(world)
    text = services.selection_decision_text(decision)
    assert "Selection 2026" in text and "- Garments A" in text and "Strongest pro-poor" in text
    first = services.submit_version(
        author=world.users["alice"],
        kind="selection_decision",
        programme=world.programme,
        title="Selection of clusters",
        content=text,
        source=decision,
    )
    again = services.submit_version(
        author=world.users["alice"],
        kind="selection_decision",
        programme=world.programme,
        title="Selection of clusters",
        content=text,
        source=decision,
    )
    assert again == first and Document.objects.count() == 1
    assert services.endorsement_of(decision) is None
    assert list(services.versions_of(decision)) == [first]
    meeting = make_meeting(steering)
    endorsement = _endorse(meeting, first, world.users["steve"])
    assert services.endorsement_of(decision) == endorsement
    # Submitting after the endorsement starts a new version instead of touching the endorsed one.
    later = services.submit_version(
        document=first.document, author=world.users["alice"], content=text, source=decision
    )
    assert later.number == 2 and not later.is_endorsed


def test_submit_version_needs_a_document_or_its_kind_title_and_scope(world):
    with pytest.raises(ValueError):
        services.submit_version(author=world.users["alice"], content="x", kind="diagnostic")
    with pytest.raises(ValidationError):
        services.submit_version(
            author=world.users["alice"],
            content="x",
            kind="diagnostic",
            title="D",
            programme=world.other_programme,
            cluster=world.cluster_a,
        )


def test_endorsable_and_pending_versions(world, meeting, version, commission):
    assert services.endorsable_versions(commission) == [version]
    assert services.pending_versions(world.cluster_a) == [version]
    _endorse(meeting, version, world.users["colin"])
    assert services.endorsable_versions(commission) == []
    assert services.pending_versions(world.cluster_a) == []
    assert isinstance(world.users["colin"], User)


def test_a_version_generated_from_another_record_is_changed_only_there(world, client_for):
    # Another record (here a selection exercise, as a stand-in for a diagnostic report or a
    # plan revision) generated the version: editing it in governance would let what is
    # endorsed drift from that record.
    exercise = SelectionExercise.objects.create(programme=world.programme, title="Selection")
    version = services.submit_version(
        author=world.users["alice"],
        kind="other",
        title="Generated",
        programme=world.programme,
        content="Text from the record.",
        source=exercise,
    )
    client = client_for("alice")
    assert "Edit this version" not in client.get(version.get_absolute_url()).content.decode()
    response = client.post(
        f"/governance/versions/{version.pk}/edit/",
        {"content": "Changed here.", "digest": version.digest},
        follow=True,
    )
    assert "generated from another record" in response.content.decode()
    version.refresh_from_db()
    assert version.content == "Text from the record."
