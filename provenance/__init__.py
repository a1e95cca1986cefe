"""provenance: tie every quotation to where it really comes from.

The library API lives in :mod:`provenance.api`; the ``provenance`` command is a
thin click shell over it (:mod:`provenance.cli.main`).
"""

__version__ = "0.1.0"
