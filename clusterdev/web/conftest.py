import pytest
from django.test import Client

from clusterdev.web.test import World, make_world


@pytest.fixture
def world(db: None) -> World:
    return make_world()


@pytest.fixture
def client_for(world: World):
    """A logged-in test client for one of the personas."""

    def login(name: str) -> Client:
        client = Client()
        client.force_login(world.users[name])
        return client

    return login


@pytest.fixture(autouse=True)
def _english_unless_asked():
    """Each test starts in the default language: a request in French must not leak into the next."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()
