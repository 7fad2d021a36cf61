"""The store handle shared by every operation: an engine, one transaction per operation.

:class:`StoreBase` owns the engine and hands out sessions inside a transaction:
``with self._write() as s:`` commits when the block ends and rolls back on any error;
``with self._read() as s:`` is a read-only transaction. Helpers here validate inputs and
raise the store's coded errors, so the operation modules stay short.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from careerpivot.errors import RecordInputError, RecordNotFoundError
from careerpivot.store.engine import reader, safe_url

T = TypeVar("T")


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def new_id() -> str:
    """A new random UUID as text (ids of people, profiles, analyses and plans)."""
    import uuid

    return str(uuid.uuid4())


def invalid(message: str, hint: str = "") -> RecordInputError:
    """A CP-USR002 error: a record handed to the store is invalid."""
    return RecordInputError("CP-USR002", message, hint)


def not_found(kind: str, record_id: str) -> RecordNotFoundError:
    """A CP-USR001 error: no stored ``kind`` has ``record_id``."""
    return RecordNotFoundError(
        "CP-USR001",
        f"no stored {kind} has id {record_id!r}",
        f"list the stored {kind}s first; ids are UUIDs printed when the record was saved",
    )


def found(row: T | None, kind: str, record_id: str) -> T:
    """``row`` when it exists, else CP-USR001."""
    if row is None:
        raise not_found(kind, record_id)
    return row


def json_body(body: Mapping[str, Any], what: str) -> dict[str, Any]:
    """A copy of ``body`` that is plain JSON (raises CP-USR002 when it is not)."""
    if not isinstance(body, Mapping):
        raise invalid(f"the {what} body must be a JSON object, got {type(body).__name__}")
    try:
        result: dict[str, Any] = json.loads(json.dumps(dict(body), allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise invalid(f"the {what} body is not plain JSON ({exc})") from exc
    return result


def aware(at: datetime | None) -> datetime:
    """``at`` (default: now) as an aware datetime; a naive one is CP-USR002."""
    if at is None:
        return utcnow()
    if at.tzinfo is None or at.utcoffset() is None:
        raise invalid("times must be timezone-aware", "pass e.g. datetime.now(UTC)")
    return at.astimezone(UTC)


def text_field(value: str, name: str, limit: int, *, empty_ok: bool = False) -> str:
    """``value`` stripped, checked to be a string of 1..``limit`` characters (CP-USR002)."""
    if not isinstance(value, str):
        raise invalid(f"{name} must be text")
    value = value.strip()
    if (not value and not empty_ok) or len(value) > limit:
        raise invalid(f"{name} must have 1 to {limit} characters")
    return value


def score(value: float) -> float:
    """A readiness value checked to be a finite number in 0..100 (CP-USR002)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise invalid("readiness must be a number from 0 to 100")
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise invalid(f"readiness must be from 0 to 100, got {value}")
    return float(value)


class StoreBase:
    """Owns the engine; every public operation runs in exactly one transaction."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = sessionmaker(bind=engine, expire_on_commit=False)
        view = reader(engine)
        if engine.dialect.name == "postgresql":
            # Every statement of a read (e.g. an export) sees the same snapshot.
            view = view.execution_options(isolation_level="REPEATABLE READ")
        self._reader = sessionmaker(bind=view, expire_on_commit=False)

    @property
    def url(self) -> str:
        """The database URL with any password masked."""
        return safe_url(self.engine.url)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with self._writer() as session, session.begin():
            yield session

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            yield session

    def close(self) -> None:
        """Release every connection (the store cannot be used afterwards)."""
        self.engine.dispose()
