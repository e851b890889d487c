"""Survey instruments (XLSForm) and import of ODK/KoboToolbox exports. Django-free; filled in by
the diagnostic issue."""

__all__: list[str] = []
