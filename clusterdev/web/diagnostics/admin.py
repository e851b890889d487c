from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from clusterdev.web.diagnostics.models import (
    BaselineValue,
    Diagnostic,
    DiagnosticSection,
    Finding,
    ImportBatch,
    Instrument,
    Submission,
    SurveyWave,
    Tie,
)


@admin.register(SurveyWave)
class SurveyWaveAdmin(SimpleHistoryAdmin):
    list_display = ["name", "cluster", "kind", "start_date", "end_date"]
    list_filter = ["kind", "cluster"]


@admin.register(Instrument)
class InstrumentAdmin(SimpleHistoryAdmin):
    list_display = ["form_id", "version", "wave", "kind", "generated_at"]
    list_filter = ["kind"]
    readonly_fields = ["actors", "indicators"]


@admin.register(ImportBatch)
class ImportBatchAdmin(SimpleHistoryAdmin):
    list_display = ["wave", "kind", "imported_at", "imported_by", "new_count", "unchanged_count"]
    list_filter = ["kind"]


@admin.register(Submission)
class SubmissionAdmin(SimpleHistoryAdmin):
    list_display = ["instance_id", "wave", "kind", "respondent", "submitted_at"]
    list_filter = ["kind", "wave"]
    search_fields = ["instance_id"]
    raw_id_fields = ["respondent", "batch"]


@admin.register(Tie)
class TieAdmin(SimpleHistoryAdmin):
    list_display = ["respondent", "partner", "other_name", "type", "wave"]
    list_filter = ["type", "wave"]
    raw_id_fields = ["respondent", "partner", "submission"]


@admin.register(DiagnosticSection)
class DiagnosticSectionAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "key", "updated_at", "updated_by"]


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "kind", "position", "text"]
    list_filter = ["kind"]


@admin.register(BaselineValue)
class BaselineValueAdmin(SimpleHistoryAdmin):
    list_display = ["cluster", "code", "value", "unit", "date", "computed"]
    list_filter = ["computed"]


@admin.register(Diagnostic)
class DiagnosticAdmin(SimpleHistoryAdmin):
    list_display = ["title", "cluster", "wave"]
