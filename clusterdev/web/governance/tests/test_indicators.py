"""The governance indicators M&E reads from the records: meetings held, attendance by group and
sex, resolutions done on time, governance mechanisms formed."""

from datetime import date, timedelta

from clusterdev.web.governance import services
from clusterdev.web.governance.models import Attendance, Body, BodyMilestone, Resolution, today

from .conftest import make_meeting


def _attend(meeting, group, sex, present=True, name="Guest"):
    return Attendance.objects.create(
        meeting=meeting, name=name, stakeholder_group=group, sex=sex, present=present
    )


def test_meetings_held_per_body_in_a_period(world, commission, steering):
    make_meeting(commission, on=date(2025, 3, 1))
    make_meeting(commission, on=date(2025, 6, 1))
    make_meeting(commission, on=date(2025, 7, 1), status="cancelled")
    make_meeting(commission, on=today() + timedelta(days=5), status="planned")
    make_meeting(steering, on=date(2025, 4, 1))
    association = Body.objects.create(
        programme=world.programme,
        cluster=world.cluster_b,
        kind="business_association",
        name="Asociación B",
    )
    held = {row.body.name: row.held for row in services.meetings_held(world.programme)}
    assert held == {"Comisión Garments A": 2, "Steering Committee": 1, "Asociación B": 0}
    in_cluster = services.meetings_held(world.cluster_a, start=date(2025, 4, 1))
    assert [(row.body, row.held) for row in in_cluster] == [(commission, 1)]
    assert association not in [row.body for row in in_cluster]


def test_attendance_by_group_and_sex_counts_people_present(world, commission):
    first = make_meeting(commission, on=date(2025, 3, 1))
    second = make_meeting(commission, on=date(2025, 6, 1))
    for meeting in (first, second):
        _attend(meeting, "enterprises", "female")
        _attend(meeting, "enterprises", "male")
    _attend(first, "public", "not_stated")
    _attend(second, "enterprises", "female", present=False)  # sent apologies
    planned = make_meeting(commission, on=today() + timedelta(days=3), status="planned")
    _attend(planned, "enterprises", "female")  # not held: not counted

    table = services.attendance_by_group_and_sex(world.cluster_a)
    assert [(row.group, row.by_sex, row.total) for row in table.rows] == [
        ("enterprises", {"female": 2, "male": 2, "not_stated": 0}, 4),
        ("public", {"female": 0, "male": 0, "not_stated": 1}, 1),
    ]
    assert table.by_sex == {"female": 2, "male": 2, "not_stated": 1} and table.total == 5
    assert table.women_share == 0.5
    later = services.attendance_by_group_and_sex(world.programme, start=date(2025, 5, 1))
    assert later.total == 2
    assert services.attendance_by_group_and_sex(world.cluster_b).total == 0
    assert services.attendance_by_group_and_sex(world.cluster_b).women_share is None


def test_share_of_resolutions_done_on_time_and_overdue(world, commission):
    meeting = make_meeting(commission, on=date(2025, 1, 10))
    on = date(2025, 6, 30)

    def resolution(due, status="open", done_on=None):
        return Resolution.objects.create(
            meeting=meeting, text="r", due=due, status=status, done_on=done_on
        )

    resolution(date(2025, 3, 1), "done", date(2025, 2, 20))  # on time
    resolution(date(2025, 3, 1), "done", date(2025, 3, 1))  # on time (on the day)
    resolution(date(2025, 3, 1), "done", date(2025, 4, 2))  # late
    resolution(date(2025, 5, 1))  # open and overdue
    resolution(date(2025, 9, 1))  # open, not due yet: timeliness unknown
    resolution(date(2025, 3, 1), "dropped")
    resolution(None, "done", date(2025, 2, 1))  # no due date: not counted for timeliness

    figures = services.resolutions_on_time(world.cluster_a, on=on)
    assert (figures.total, figures.open, figures.done, figures.dropped) == (7, 2, 4, 1)
    assert (figures.done_on_time, figures.timeliness_known, figures.overdue) == (2, 4, 1)
    assert figures.share_on_time == 0.5
    other = services.resolutions_on_time(world.cluster_b, on=on)
    assert other.total == 0 and other.share_on_time is None
    before = services.resolutions_on_time(world.cluster_a, end=date(2025, 1, 1), on=on)
    assert before.total == 0


def test_mechanisms_formed_by_kind(world, commission):
    network = Body.objects.create(
        programme=world.programme,
        cluster=world.cluster_a,
        kind="enterprise_network",
        name="Red de confeccionistas",
    )
    Body.objects.create(  # not formed yet: not counted
        programme=world.programme,
        cluster=world.cluster_b,
        kind="enterprise_network",
        name="Consorcio exportador",
    )
    BodyMilestone.objects.create(body=commission, kind="formed", date=date(2024, 2, 1))
    BodyMilestone.objects.create(body=network, kind="formed", date=date(2025, 2, 1))
    BodyMilestone.objects.create(body=network, kind="registered", date=date(2025, 5, 1))

    formed = {kind: n for kind, _label, n in services.mechanisms_formed(world.programme)}
    assert formed["cluster_commission"] == 1 and formed["enterprise_network"] == 1
    assert formed["business_association"] == 0
    in_2025 = services.mechanisms_formed(world.cluster_a, start=date(2025, 1, 1))
    assert [(kind, n) for kind, _label, n in in_2025 if n] == [("enterprise_network", 1)]


def test_cluster_governance_overview(world, commission, version):
    held = make_meeting(commission, on=date(2025, 1, 10))
    upcoming = make_meeting(commission, on=today() + timedelta(days=7), status="planned")
    Resolution.objects.create(meeting=held, text="late", due=date(2025, 2, 1))
    overview = services.cluster_governance(world.cluster_a)
    assert overview.commission == commission
    assert (overview.meetings_held, overview.last_meeting, overview.next_meeting) == (
        1,
        held,
        upcoming,
    )
    assert (overview.open_resolutions, overview.overdue_resolutions) == (1, 1)
    assert overview.pending == [version]
