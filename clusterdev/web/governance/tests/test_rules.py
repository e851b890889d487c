"""The rules on bodies, milestones, members, meetings, attendance and resolutions."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from clusterdev.web.actors.models import Person
from clusterdev.web.governance import services
from clusterdev.web.governance.models import (
    Attendance,
    Body,
    BodyMilestone,
    Meeting,
    Resolution,
    today,
)
from clusterdev.web.test import make_institution

from .conftest import START, add_member, make_meeting


def _errors(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


# --- Bodies ----------------------------------------------------------------------------------


def test_a_steering_committee_belongs_to_the_programme_not_to_a_cluster(world):
    body = Body(
        programme=world.programme, cluster=world.cluster_a, kind="steering_committee", name="SC"
    )
    with pytest.raises(ValidationError) as error:
        body.full_clean()
    assert "kind" in error.value.error_dict
    assert "governs the whole programme" in _errors(error)


def test_a_cluster_commission_needs_a_cluster(world):
    body = Body(programme=world.programme, kind="cluster_commission", name="Commission")
    with pytest.raises(ValidationError) as error:
        body.full_clean()
    assert "belongs to one cluster" in _errors(error)


def test_the_cluster_must_belong_to_the_programme(world):
    body = Body(
        programme=world.programme,
        cluster=world.other_cluster,
        kind="business_association",
        name="Association",
    )
    with pytest.raises(ValidationError) as error:
        body.full_clean()
    assert "must belong to the body's programme" in _errors(error)


def test_a_cluster_has_one_commission_and_a_programme_one_steering_committee(
    world, commission, steering
):
    second = Body(
        programme=world.programme, cluster=world.cluster_a, kind="cluster_commission", name="Two"
    )
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "already has a Cluster Commission" in _errors(error)
    with pytest.raises(ValidationError) as error:
        Body(programme=world.programme, kind="steering_committee", name="SC 2").full_clean()
    assert "already has a Steering Committee" in _errors(error)
    # Another cluster may have its own Commission.
    Body(
        programme=world.programme, cluster=world.cluster_b, kind="cluster_commission", name="B"
    ).full_clean()


def test_the_organisation_of_a_body_comes_from_the_programme_register(world):
    body = Body(
        programme=world.programme,
        cluster=world.cluster_a,
        kind="business_association",
        name="Asociación",
        actor=world.other_enterprise,
    )
    with pytest.raises(ValidationError) as error:
        body.full_clean()
    assert "actor" in error.value.error_dict


# --- Milestones ------------------------------------------------------------------------------


def _milestone(body, kind, on, note=""):
    milestone = BodyMilestone(body=body, kind=kind, date=on, note=note)
    milestone.full_clean()
    milestone.save()
    return milestone


def test_milestones_are_not_dated_in_the_future(commission):
    with pytest.raises(ValidationError) as error:
        _milestone(commission, "formed", today() + timedelta(days=1))
    assert "future" in _errors(error)
    assert not commission.milestones.exists()


def test_a_milestone_kind_happens_once_but_notes_repeat(commission):
    _milestone(commission, "formed", date(2024, 1, 10))
    with pytest.raises(ValidationError) as error:
        _milestone(commission, "formed", date(2024, 2, 10))
    assert "already has the milestone “Formed”" in _errors(error)
    _milestone(commission, "note", date(2024, 3, 1), note="First joint purchase")
    _milestone(commission, "note", date(2024, 4, 1), note="Second joint purchase")
    assert list(commission.milestones.values_list("kind", flat=True)) == [
        "formed",
        "note",
        "note",
    ]


def test_milestones_cannot_come_before_the_body_was_formed(commission):
    _milestone(commission, "formed", date(2024, 1, 10))
    with pytest.raises(ValidationError) as error:
        _milestone(commission, "registered", date(2023, 12, 1))
    assert "was formed on 2024-01-10" in _errors(error)


def test_a_body_cannot_be_formed_after_a_later_milestone(commission):
    _milestone(commission, "registered", date(2024, 5, 1))
    with pytest.raises(ValidationError) as error:
        _milestone(commission, "formed", date(2024, 6, 1))
    assert "cannot be formed after" in _errors(error)


# --- Members ---------------------------------------------------------------------------------


def test_the_end_of_a_membership_cannot_come_before_its_start(commission, world):
    with pytest.raises(ValidationError) as error:
        add_member(
            commission, actor=world.institution_a, start=date(2024, 5, 1), end=date(2024, 4, 1)
        )
    assert error.value.error_dict.keys() == {"end"}
    assert "cannot come before its start" in _errors(error)


def test_the_same_person_cannot_be_a_member_twice_over_overlapping_dates(commission, world):
    with pytest.raises(ValidationError) as error:
        add_member(commission, person=world.person_a, start=date(2025, 1, 1), role="member")
    assert "Pilar Person (Cámara Alfa) is already a member of this body" in _errors(error)
    assert commission.memberships.count() == 2


def test_an_organisation_without_a_person_cannot_sit_twice(commission, world):
    with pytest.raises(ValidationError) as error:
        add_member(commission, actor=world.enterprise_a, start=date(2024, 6, 1))
    assert "Textiles Alfa is already a member" in _errors(error)


def test_a_member_may_come_back_after_leaving(commission, world):
    first = commission.memberships.get(person=world.person_a)
    first.end = date(2024, 12, 31)
    first.full_clean()
    first.save()
    add_member(commission, person=world.person_a, start=date(2025, 1, 1))
    with pytest.raises(ValidationError):
        add_member(commission, person=world.person_a, start=date(2024, 12, 1), end=date(2025, 2, 1))


def test_two_people_of_one_organisation_may_both_sit(commission, world):
    colleague = Person.objects.create(
        actor=world.institution_a, name="Pablo Colleague", sex="male", position="staff"
    )
    add_member(commission, person=colleague, stakeholder_group="associations")
    add_member(commission, actor=world.institution_a, stakeholder_group="associations")
    assert commission.memberships.filter(actor=world.institution_a).count() == 3


def test_a_person_member_carries_their_organisation(commission, world):
    membership = commission.memberships.get(person=world.person_a)
    assert membership.actor == world.institution_a
    assert membership.label(personal=True) == "Pilar Person (Cámara Alfa)"
    assert membership.label(personal=False) == "Cámara Alfa"


def test_a_person_must_work_for_the_organisation_named(commission, world):
    with pytest.raises(ValidationError) as error:
        add_member(commission, person=world.person_a, actor=world.enterprise_a)
    assert "works for Cámara Alfa" in _errors(error)


def test_a_member_is_an_organisation_or_a_person(commission):
    with pytest.raises(ValidationError) as error:
        add_member(commission)
    assert "Choose the member organisation, the person, or both." in _errors(error)


def test_members_come_from_the_programme_register(commission, world):
    with pytest.raises(ValidationError):
        add_member(commission, actor=world.other_enterprise)


# --- Meetings and attendance -----------------------------------------------------------------


def test_a_meeting_cannot_be_held_in_the_future(commission):
    meeting = Meeting(body=commission, date=today() + timedelta(days=3), status="held")
    with pytest.raises(ValidationError) as error:
        meeting.full_clean()
    assert "cannot have been held in the future" in _errors(error)
    planned = make_meeting(commission, on=today() + timedelta(days=3), status="planned")
    with pytest.raises(ValidationError):
        services.hold_meeting(planned, on=planned.date)
    planned.refresh_from_db()
    assert planned.status == "planned"


def test_holding_a_meeting_records_its_actual_date(commission, yesterday):
    planned = make_meeting(commission, on=today() + timedelta(days=3), status="planned")
    services.hold_meeting(planned, on=yesterday)
    planned.refresh_from_db()
    assert (planned.status, planned.date) == ("held", yesterday)


def _rows(commission, **overrides):
    pilar, textiles = commission.memberships.order_by("id")
    rows = [
        services.AttendeeRow(membership=pilar, stakeholder_group="associations", sex="female"),
        services.AttendeeRow(membership=textiles, stakeholder_group="enterprises", sex="male"),
        services.AttendeeRow(
            membership=None,
            name="Rosa Guest",
            organisation="Municipio",
            stakeholder_group="public",
            sex="female",
        ),
    ]
    return rows


def test_attendance_is_counted_by_group_and_sex(meeting, commission):
    rows = _rows(commission)
    rows[1] = services.AttendeeRow(
        membership=rows[1].membership, stakeholder_group="enterprises", sex="male", present=False
    )
    services.record_attendance(meeting, rows)
    table = services.attendance_table(meeting.attendance.all())
    assert [(r.group, r.by_sex, r.total) for r in table.rows] == [
        ("associations", {"female": 1, "male": 0, "not_stated": 0}, 1),
        ("public", {"female": 1, "male": 0, "not_stated": 0}, 1),
    ]
    assert table.total == 2 and table.women_share == 1.0


def test_the_same_member_twice_in_a_meeting_is_refused_and_nothing_written(meeting, commission):
    services.record_attendance(meeting, _rows(commission)[:1])
    rows = _rows(commission)
    rows.append(rows[0])
    with pytest.raises(ValidationError) as error:
        services.record_attendance(meeting, rows)
    assert "Pilar Person (Cámara Alfa) is listed twice" in _errors(error)
    assert meeting.attendance.count() == 1  # the earlier record is kept as it was


def test_a_member_entered_as_another_attendee_is_refused(meeting, commission):
    rows = [
        services.AttendeeRow(
            membership=None, name=" pilar person ", stakeholder_group="associations", sex="female"
        )
    ]
    with pytest.raises(ValidationError) as error:
        services.record_attendance(meeting, rows)
    assert "is a member of this body: tick them" in _errors(error)
    assert not Attendance.objects.exists()


def test_attendance_needs_a_held_meeting_and_current_members(commission, world):
    planned = make_meeting(commission, status="planned")
    with pytest.raises(ValidationError) as error:
        services.record_attendance(planned, _rows(commission))
    assert "Record the meeting as held" in _errors(error)
    early = make_meeting(commission, on=START - timedelta(days=30))
    with pytest.raises(ValidationError) as error:
        services.record_attendance(early, _rows(commission)[:1])
    assert "was not a member on the day of the meeting" in _errors(error)


def test_attendance_of_a_member_of_another_body_is_refused(meeting, world, steering):
    outsider = add_member(steering, actor=world.institution_a, stakeholder_group="associations")
    row = services.AttendeeRow(membership=outsider, stakeholder_group="associations", sex="male")
    with pytest.raises(ValidationError) as error:
        services.record_attendance(meeting, [row])
    assert "is not a member of this body" in _errors(error)


# --- Resolutions -----------------------------------------------------------------------------


def test_a_resolution_is_not_due_before_its_meeting(meeting):
    resolution = Resolution(meeting=meeting, text="Joint stand", due=meeting.date - timedelta(1))
    with pytest.raises(ValidationError) as error:
        resolution.full_clean()
    assert error.value.error_dict.keys() == {"due"}


def test_a_resolution_has_one_owner(meeting, commission, world):
    resolution = Resolution(
        meeting=meeting,
        text="Joint stand",
        owner_membership=commission.memberships.first(),
        owner_text="Someone",
    )
    with pytest.raises(ValidationError) as error:
        resolution.full_clean()
    assert "Give one owner" in _errors(error)


def test_the_owner_member_sits_in_the_meeting_body(meeting, steering, world):
    member = add_member(steering, actor=world.institution_a, stakeholder_group="associations")
    resolution = Resolution(meeting=meeting, text="Joint stand", owner_membership=member)
    with pytest.raises(ValidationError) as error:
        resolution.full_clean()
    assert "must be a member of this body" in _errors(error)


def test_follow_up_marks_a_resolution_done_on_its_date(meeting, world):
    resolution = Resolution.objects.create(meeting=meeting, text="Book the fair", due=today())
    services.follow_up(
        resolution, on=today(), text="Stand booked", status="done", by=world.users["cindy"]
    )
    resolution.refresh_from_db()
    assert (resolution.status, resolution.done_on, resolution.on_time) == ("done", today(), True)
    assert resolution.updates.get().text == "Stand booked"


def test_follow_up_cannot_be_dated_in_the_future_or_before_the_meeting(meeting, world):
    resolution = Resolution.objects.create(meeting=meeting, text="Book the fair")
    for on in (today() + timedelta(days=1), meeting.date - timedelta(days=1)):
        with pytest.raises(ValidationError):
            services.follow_up(resolution, on=on, text="x", status="done", by=None)
    resolution.refresh_from_db()
    assert resolution.status == "open" and not resolution.updates.exists()


def test_an_open_resolution_past_its_due_date_is_overdue(commission):
    meeting = make_meeting(commission, on=today() - timedelta(days=30))
    late = Resolution.objects.create(meeting=meeting, text="a", due=today() - timedelta(days=1))
    fine = Resolution.objects.create(meeting=meeting, text="b", due=today())
    assert late.is_overdue and not fine.is_overdue


def test_a_meeting_cannot_move_after_a_resolution_due_date(commission):
    meeting = make_meeting(commission, on=today() - timedelta(days=30), status="planned")
    Resolution.objects.create(meeting=meeting, text="a", due=today() - timedelta(days=20))
    with pytest.raises(ValidationError) as error:
        services.hold_meeting(meeting, on=today() - timedelta(days=10))
    assert "due on" in _errors(error)


def test_an_institution_of_the_programme_may_join_a_cluster_body(commission, world):
    ministry = make_institution(
        world.programme, name="Ministerio", institution_type="public_authority"
    )
    membership = add_member(commission, actor=ministry, stakeholder_group="public")
    assert membership.label(personal=False) == "Ministerio"
