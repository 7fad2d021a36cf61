"""Alembic environment and revisions of the user database.

Run by :mod:`careerpivot.store.migrate`; there is no ``alembic.ini``.
"""
