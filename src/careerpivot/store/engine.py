"""Engines for the user database: SQLite by default, PostgreSQL when the URL says so.

SQLite connections are set up for safe concurrent local use:

- WAL journal, ``synchronous=FULL``: a process killed mid-write loses nothing that was
  committed, and readers never block the writer;
- foreign keys on (child rows are deleted with their parent); ``secure_delete`` on, so
  deleted user data is overwritten rather than left in free pages;
- a busy timeout, so a second process waits for the write lock instead of failing;
- every transaction starts with ``BEGIN IMMEDIATE`` (reads through :func:`reader` use a plain
  ``BEGIN``), so a write transaction holds the lock from its first statement and DDL is
  transactional (migrations apply completely or not at all).

Errors: a malformed URL or a missing driver is a :class:`~careerpivot.errors.ConfigError`
(CP-CFG002); a database that cannot be reached is a
:class:`~careerpivot.errors.UserStoreError` (CP-STO005). Messages never show a password.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.engine import URL, Connection
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError
from sqlalchemy.pool import StaticPool

from careerpivot.errors import ConfigError, UserStoreError

#: Seconds a SQLite writer waits for another process's write lock before giving up.
BUSY_TIMEOUT_S = 30
#: Seconds to wait for a PostgreSQL server to accept a connection.
CONNECT_TIMEOUT_S = 5
#: Execution option marking a read-only transaction (SQLite: plain BEGIN).
READ_OPTION = "careerpivot_read"


def safe_url(url: URL | str) -> str:
    """The URL as text with any password masked, for messages."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        return "<unparseable URL>"
    return parsed.render_as_string(hide_password=True)


def parse_url(url: str) -> URL:
    """Parse a SQLAlchemy URL.

    Raises:
        ConfigError: CP-CFG002 when the URL is malformed or names an unsupported backend.
    """
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(
            "CP-CFG002",
            "the database URL (CAREERPIVOT_DATABASE_URL or --url) is not valid",
            "use sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB",
        ) from exc
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise ConfigError(
            "CP-CFG002",
            f"database backend {parsed.get_backend_name()!r} is not supported",
            "use sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB",
        )
    return parsed


def _unreachable(url: URL, detail: str) -> UserStoreError:
    return UserStoreError(
        "CP-STO005",
        f"cannot open the user database {safe_url(url)}: {detail}",
        "check CAREERPIVOT_DATABASE_URL (server running, host, port, database name, "
        "permissions) or unset it to use the SQLite file in CAREERPIVOT_HOME",
    )


def sqlite_path(url: URL) -> Path | None:
    database = url.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def _prepare_sqlite_dir(url: URL) -> None:
    path = sqlite_path(url)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _unreachable(url, f"folder {path.parent} cannot be created") from exc


def _set_wal(cursor: Any, deadline: float) -> None:
    """``PRAGMA journal_mode=WAL``, retried while another process holds the file.

    Switching a fresh database to WAL needs the file to itself. With a second process
    opening the same new database, the pragma raised "database is locked" although the busy
    timeout was set (seen once in CI; SQLite skips the busy handler where waiting could
    deadlock). Retried every 50 ms until ``deadline`` (``time.monotonic()``), then raised.
    """
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's begin event, not the sqlite3 module, decide when transactions start.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        _set_wal(cursor, time.monotonic() + BUSY_TIMEOUT_S)
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")
    finally:
        cursor.close()


def _on_sqlite_begin(conn: Connection) -> None:
    read = conn.get_execution_options().get(READ_OPTION, False)
    conn.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")


def _sqlite_engine(url: URL) -> Engine:
    _prepare_sqlite_dir(url)
    kwargs: dict[str, Any] = {"connect_args": {"timeout": BUSY_TIMEOUT_S}}
    if sqlite_path(url) is None:
        kwargs["poolclass"] = StaticPool
        kwargs["connect_args"]["check_same_thread"] = False
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def _postgres_engine(url: URL) -> Engine:
    return create_engine(
        url, pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_S}
    )


def open_engine(url: str) -> Engine:
    """Create an engine for ``url`` and check that the database answers.

    Args:
        url: a SQLAlchemy URL: ``sqlite:///PATH`` (the folder is created when missing),
            ``sqlite://`` (in memory, for tests) or ``postgresql+psycopg://…``.

    Returns:
        A connected-once engine; dispose it when done.

    Raises:
        ConfigError: CP-CFG002 for a malformed URL, unsupported backend or missing driver.
        UserStoreError: CP-STO005 when the database cannot be reached or opened.
    """
    parsed = parse_url(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = _sqlite_engine(parsed)
        else:
            engine = _postgres_engine(parsed)
    except (NoSuchModuleError, ImportError) as exc:
        raise ConfigError(
            "CP-CFG002",
            f"no database driver for {parsed.drivername!r}",
            "use postgresql+psycopg://… (psycopg 3 is installed with CareerPivot)",
        ) from exc
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except DBAPIError as exc:
        engine.dispose()
        first = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise _unreachable(parsed, first) from exc
    return engine


def reader(engine: Engine) -> Engine:
    """A view of ``engine`` whose transactions are read-only (plain ``BEGIN`` on SQLite)."""
    return engine.execution_options(**{READ_OPTION: True})
