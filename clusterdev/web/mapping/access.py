"""Mapping runs belong to a programme: whoever may see the programme sees its runs; whoever may
edit the programme (coordinators, admins) runs the mapping and promotes candidates."""

from __future__ import annotations

from django.http import Http404

from clusterdev.web.mapping.models import MappingRun
from clusterdev.web.programmes.access import Action, Rights, User, programme_rights, require


def get_run_for_user(
    user: User, pk: int, action: Action = Action.VIEW
) -> tuple[MappingRun, Rights]:
    run = MappingRun.objects.select_related("programme__country").filter(pk=pk).first()
    if run is None:
        raise Http404
    return run, require(programme_rights(user, run.programme), action)
