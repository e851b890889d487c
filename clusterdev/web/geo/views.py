from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control

from clusterdev.web.geo.models import AdminArea, feature_collection


@login_required
@cache_control(private=True, max_age=86400)
def areas_geojson(request: HttpRequest, iso2: str) -> HttpResponse:
    """The first-level areas of a country with their boundaries (public data, cached a day)."""
    areas = AdminArea.objects.filter(country__iso2=iso2.upper(), level=1, geometry__isnull=False)
    if not areas.exists():
        raise Http404
    body = feature_collection([a.feature() for a in areas])
    return HttpResponse(body, content_type="application/geo+json")
