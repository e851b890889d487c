"""Cluster mapping: concentrations of enterprises in registers (location quotients, CMP flags,
hotspots). Django-free; filled in by the mapping issue."""

__all__: list[str] = []
