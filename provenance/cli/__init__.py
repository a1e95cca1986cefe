"""The command line: one thin click command per module over :mod:`provenance.api`."""
