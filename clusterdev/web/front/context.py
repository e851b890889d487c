from typing import Any

from django.conf import settings
from django.http import HttpRequest

import clusterdev


def platform(request: HttpRequest) -> dict[str, Any]:
    return {
        "demo_mode": settings.DEMO_MODE,
        "clusterdev_version": clusterdev.__version__,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
