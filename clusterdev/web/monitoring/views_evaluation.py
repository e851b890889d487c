"""The evaluation page: a cluster's baseline and follow-up waves compared, with comparison
clusters where the programme has them (see :mod:`clusterdev.web.monitoring.evaluation`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clusterdev.web.lib.export import FORMATS, table_response
from clusterdev.web.monitoring import evaluation
from clusterdev.web.monitoring.forms_evaluation import EvaluationForm
from clusterdev.web.programmes.access import Action, get_cluster_for_user


@login_required
def evaluation_page(request: HttpRequest, slug: str) -> HttpResponse:
    fmt = request.GET.get("format", "")
    action = Action.EXPORT if fmt in FORMATS else Action.VIEW
    cluster, rights = get_cluster_for_user(request.user, slug, action)
    context: dict[str, Any] = {"cluster": cluster, "rights": rights}
    if evaluation.default_waves(cluster) is None:
        context["waves"] = list(evaluation.waves_with_values(cluster))
        context["wave_count"] = cluster.survey_waves.count()
        return render(request, "monitoring/evaluation/missing.html", context)
    form = EvaluationForm(request.GET, cluster=cluster, user=request.user)
    result = form.result() if form.is_valid() else None
    if result is None:
        context["form"] = form
        return render(request, "monitoring/evaluation/evaluation.html", context, status=400)
    if fmt in FORMATS:
        header, rows = evaluation.table(result)
        return table_response(f"{cluster.slug}-evaluation", header, rows, fmt)
    query = request.GET.copy()
    query.pop("format", None)
    context |= {"form": form, "evaluation": result, "query": query.urlencode()}
    return render(request, "monitoring/evaluation/evaluation.html", context)
