"""Alembic migrations of the provenance store, shipped with the package so that
the installed tool can upgrade its own database (see provenance.store.database)."""
