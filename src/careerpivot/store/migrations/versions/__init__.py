"""Alembic revisions of the user database, oldest first (``0001_…``, ``0002_…``)."""
