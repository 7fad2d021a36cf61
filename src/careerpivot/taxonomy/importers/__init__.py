"""Importers for the official data releases: one module per source.

Each module offers ``parse(path, progress) -> Data`` (reads and checks files; touches no
store) and ``write(conn, data)`` (replaces that source's tables inside the caller's
transaction). :mod:`careerpivot.taxonomy.build` composes them atomically.
"""
