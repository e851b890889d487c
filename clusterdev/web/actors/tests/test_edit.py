"""Editing an actor: bad input gets a clear message and nothing is saved."""


def _form(actor, **changes):
    data = {
        "name": actor.name,
        "town": actor.town,
        "formal": "on",
        "employees_female": 6,
        "employees_male": 2,
        "owner_sex": "female",
        "size_class": "micro",
        "latitude": "0.33",
        "longitude": "-78.22",
    }
    return data | changes


def test_latitude_without_longitude_is_refused(client_for, world):
    actor = world.enterprise_a
    response = client_for("alice").post(
        f"/actors/{actor.pk}/edit/", _form(actor, longitude="", town="X")
    )
    assert response.status_code == 200
    assert "Give both latitude and longitude" in response.content.decode()
    actor.refresh_from_db()
    assert actor.town == "Town"


def test_out_of_range_latitude_is_refused(client_for, world):
    actor = world.enterprise_a
    response = client_for("alice").post(f"/actors/{actor.pk}/edit/", _form(actor, latitude="123"))
    assert response.status_code == 200
    assert 'name="latitude"' in response.content.decode()
    actor.refresh_from_db()
    assert actor.latitude == 0.33


def test_the_form_offers_only_the_fields_of_the_actor_kind(client_for, world):
    enterprise = client_for("alice").get(f"/actors/{world.enterprise_a.pk}/edit/").content.decode()
    assert 'name="owner_sex"' in enterprise and 'name="institution_type"' not in enterprise
    institution = (
        client_for("alice").get(f"/actors/{world.institution_a.pk}/edit/").content.decode()
    )
    assert 'name="institution_type"' in institution and 'name="owner_sex"' not in institution
