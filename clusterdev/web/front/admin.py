from django.contrib import admin
from django.http import HttpRequest


def _platform_admins_only(request: HttpRequest) -> bool:
    # Django admin sees every record, so only platform admins (who may see everything) get in;
    # everyone else works through the views, which ask the access helpers.
    return bool(request.user.is_active and request.user.is_superuser)


admin.site.has_permission = _platform_admins_only  # type: ignore[method-assign]
