"""Survey instruments of the cluster diagnostic, and readers of the data collected with them.

Phase 3 of the UNIDO approach is a participatory diagnostic study; field teams collect data
offline with ODK Collect or KoboCollect, which read forms written in XLSForm, and export the
submissions from ODK Central or KoboToolbox. This package speaks that ecosystem:

- **Forms.** :func:`enterprise_form`, :func:`institution_form` and :func:`network_form` build
  the three instruments (labels in English, French and Spanish) as plain :class:`Form` records;
  M&E indicators become questions (:class:`IndicatorQuestion`), so collection and monitoring
  line up by construction. :func:`write_xlsform` writes the workbook, :func:`write_attachments`
  the ``actors.csv`` the forms pick organisations from; :func:`convert` runs pyxform and
  :func:`validate` ODK Validate.
- **Exports.** :func:`read_export` reads ODK Central CSV (or its ZIP) and KoboToolbox XLSX or
  CSV into :class:`Submission` records typed and checked against the form, with a
  :class:`Report` of every problem by file, sheet, row and column; it never raises on bad data.
  :func:`plan_import` sorts the submissions against those stored before (new, unchanged,
  conflicting) and :func:`ties_from` turns network answers into :class:`TieRow` records.

Django-free; pyxform and openpyxl are imported only when a function needs them.

>>> from clusterdev.surveys import ActorRow, ClusterInfo, network_form, actors_csv
>>> cluster = ClusterInfo("atuntaqui-garment", "Atuntaqui garment cluster")
>>> form = network_form(cluster, [ActorRow(1, "Textiles Andrade", "enterprise", "Atuntaqui")])
>>> form.form_id, form.attachments
('atuntaqui-garment-network', ('actors.csv',))
>>> print(actors_csv(form).splitlines()[1])
1,Textiles Andrade (Atuntaqui),Textiles Andrade (Atuntaqui),...,enterprise,Atuntaqui
"""

from clusterdev.surveys._export import (
    ExportData,
    GeoPoint,
    ImportPlan,
    Submission,
    plan_import,
    read_export,
)
from clusterdev.surveys._form import (
    ActorRow,
    ClusterInfo,
    Form,
    FormError,
    IndicatorQuestion,
    Text,
)
from clusterdev.surveys._instruments import (
    enterprise_form,
    indicator_question_name,
    institution_form,
    network_form,
)
from clusterdev.surveys._report import Problem, Report, Source
from clusterdev.surveys._ties import TieRow, ties_from
from clusterdev.surveys._xlsform import (
    actors_csv,
    convert,
    validate,
    write_attachments,
    write_xlsform,
    xlsform_bytes,
)

__all__ = [
    "ActorRow",
    "ClusterInfo",
    "ExportData",
    "Form",
    "FormError",
    "GeoPoint",
    "ImportPlan",
    "IndicatorQuestion",
    "Problem",
    "Report",
    "Source",
    "Submission",
    "Text",
    "TieRow",
    "actors_csv",
    "convert",
    "enterprise_form",
    "indicator_question_name",
    "institution_form",
    "network_form",
    "plan_import",
    "read_export",
    "ties_from",
    "validate",
    "write_attachments",
    "write_xlsform",
    "xlsform_bytes",
]

# Tracebacks and reprs show the public home of these classes, not the private module.
for _public in (
    ActorRow,
    ClusterInfo,
    ExportData,
    Form,
    FormError,
    GeoPoint,
    ImportPlan,
    IndicatorQuestion,
    Problem,
    Report,
    Source,
    Submission,
    Text,
    TieRow,
):
    _public.__module__ = __name__
