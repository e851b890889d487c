import pytest

from clusterdev.web.test import World

from .fixtures import Ties, make_ties


@pytest.fixture
def ties(world: World) -> Ties:
    return make_ties(world)
