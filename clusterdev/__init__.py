"""clusterdev: software for industrial cluster development programmes (UNIDO approach).

The analytics modules (:mod:`clusterdev.mapping`, :mod:`clusterdev.selection`,
:mod:`clusterdev.networks`, :mod:`clusterdev.surveys`, :mod:`clusterdev.indicators`)
and the demo data generator (:mod:`clusterdev.demo`) are plain Python and never import
Django; the web platform lives in :mod:`clusterdev.web`.
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
