"""Social network analysis of clusters: ties between actors, measures, wave comparison.
Django-free; filled in by the network issue."""

__all__: list[str] = []
