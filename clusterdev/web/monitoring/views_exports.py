"""Downloads of the M&E framework: the programme's IATI activity file and the framework
workbooks of a programme or a cluster; and the programme's IATI settings.

Downloads need the EXPORT right on their scope; the workbooks show people's names only to
those who may see personal data. The IATI file is checked against the IATI 2.03 schema before
it is sent; when the programme cannot be published yet, the programme page says what to set.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from clusterdev.web.monitoring import iati
from clusterdev.web.monitoring.models import IatiSettings
from clusterdev.web.monitoring.xlsx import framework_workbook
from clusterdev.web.programmes.access import Action, get_cluster_for_user, get_programme_for_user
from clusterdev.web.programmes.models import Cluster

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def iati_xml(request: HttpRequest, slug: str) -> HttpResponse:
    programme, _rights = get_programme_for_user(request.user, slug, Action.EXPORT)
    try:
        xml = iati.valid_activity_xml(programme)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(programme)
    return _download(xml, "application/xml", f"{programme.slug}-iati-activity.xml")


@login_required
def programme_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    programme, rights = get_programme_for_user(request.user, slug, Action.EXPORT)
    clusters = Cluster.objects.visible_to(request.user).filter(programme=programme)
    content = framework_workbook(
        programme, clusters=clusters.order_by("name"), personal=rights.can_view_personal
    )
    return _download(content, XLSX, f"{programme.slug}-results-framework.xlsx")


@login_required
def cluster_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    cluster, rights = get_cluster_for_user(request.user, slug, Action.EXPORT)
    content = framework_workbook(cluster, personal=rights.can_view_personal)
    return _download(content, XLSX, f"{cluster.slug}-results-framework.xlsx")


class IatiSettingsForm(forms.ModelForm):
    class Meta:
        model = IatiSettings
        fields = [
            "reporting_org_ref",
            "reporting_org_name",
            "reporting_org_type",
            "activity_identifier",
        ]


@login_required
def iati_settings(request: HttpRequest, slug: str) -> HttpResponse:
    programme, _rights = get_programme_for_user(request.user, slug, Action.EDIT)
    existing = IatiSettings.objects.filter(programme=programme).first()
    instance = existing or IatiSettings(programme=programme)
    form = IatiSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            _("IATI settings of %(programme)s saved.") % {"programme": programme.name},
        )
        return redirect(programme)
    context = {"programme": programme, "form": form, "existing": existing}
    status = 400 if request.method == "POST" else 200
    return render(request, "monitoring/exports/iati_settings.html", context, status=status)
