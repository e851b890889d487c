"""Indicator arithmetic for monitoring and evaluation. Django-free; filled in by the M&E issue."""

__all__: list[str] = []
