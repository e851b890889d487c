import pytest

from clusterdev.web.test import World

from .fixtures import Atuntaqui, make_atuntaqui, make_world_with_survey_actors


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def survey_world(db: None) -> tuple[World, dict]:
    return make_world_with_survey_actors()


@pytest.fixture
def world(survey_world) -> World:
    world: World = survey_world[0]
    return world


@pytest.fixture
def atuntaqui(survey_world, media) -> Atuntaqui:
    world, actors = survey_world
    return make_atuntaqui(world, actors)
