"""Participatory cluster selection: criteria, AHP, TOPSIS, sensitivity. Django-free; filled in by
the selection issue."""

__all__: list[str] = []
