"""Serving stored files (uploads, generated forms) through views that have checked the rights."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def stored_file_response(
    file: FieldFile | None, *, filename: str = "", as_attachment: bool = True
) -> FileResponse:
    """The stored ``file`` as a download (``filename``, else its stored name); 404 when there is
    none or it was removed from the media folder by hand. The caller checks the rights first."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    name = filename or (file.name or "").rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=as_attachment, filename=name)


def static_text(name: str) -> str:
    """The text of a static file (a report's stylesheet, inlined into its PDF); empty when
    the finders do not know it."""
    from django.contrib.staticfiles import finders

    path = finders.find(name)
    if not path or isinstance(path, list):
        return ""
    with open(path, encoding="utf-8") as handle:
        return handle.read()
