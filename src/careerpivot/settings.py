"""Every setting of CareerPivot, declared once.

A setting has a name, an environment variable, a default and help text. The CLI, the docs
(``docs/settings.md``) and the web app read them from :data:`SETTINGS`; a test checks that the
docs list every setting with its help text, so the two cannot drift apart.

Values are read from the environment each time :func:`load` is called (nothing happens at
import time).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from careerpivot.errors import ConfigError


@dataclass(frozen=True)
class Setting:
    """One setting: ``env`` is the variable name, ``default`` a callable giving the default."""

    name: str
    env: str
    help: str
    default: Callable[[Mapping[str, str]], str]


def _default_home(env: Mapping[str, str]) -> str:
    from platformdirs import user_data_dir

    return user_data_dir("careerpivot", appauthor=False)


def _default_database_url(env: Mapping[str, str]) -> str:
    home = Path(env.get("CAREERPIVOT_HOME") or _default_home(env))
    return f"sqlite:///{home / 'careerpivot.db'}"


SETTINGS: tuple[Setting, ...] = (
    Setting(
        name="home",
        env="CAREERPIVOT_HOME",
        help=(
            "Directory holding the compiled taxonomy store, caches and user data. "
            "Default: the platform's user data directory (e.g. ~/.local/share/careerpivot)."
        ),
        default=_default_home,
    ),
    Setting(
        name="database_url",
        env="CAREERPIVOT_DATABASE_URL",
        help=(
            "SQLAlchemy URL of the database for user data (profiles, analyses, plans). "
            "Default: a SQLite file careerpivot.db inside the home directory; "
            "set postgresql+psycopg://user@host/db to use PostgreSQL."
        ),
        default=_default_database_url,
    ),
    Setting(
        name="download_mirror",
        env="CAREERPIVOT_DOWNLOAD_MIRROR",
        help=(
            "Base URL of a mirror that serves the official data releases under the same file "
            "names; used by `careerpivot data download` instead of the publishers' sites."
        ),
        default=lambda env: "",
    ),
    Setting(
        name="max_upload_mb",
        env="CAREERPIVOT_MAX_UPLOAD_MB",
        help="Largest CV or document accepted, in megabytes. Default: 10.",
        default=lambda env: "10",
    ),
    Setting(
        name="encoder",
        env="CAREERPIVOT_ENCODER",
        help=(
            "How the sentence-embedding model (minilm.v1) runs: `auto` (default) uses "
            "onnxruntime when it is installed and NumPy otherwise; `onnx` or `numpy` force one. "
            "Both give the same vectors; onnxruntime is faster and caches its graph in "
            "the home directory (models/)."
        ),
        default=lambda env: "auto",
    ),
)


#: Values of ``CAREERPIVOT_ENCODER``.
ENCODERS = ("auto", "onnx", "numpy")


@dataclass(frozen=True)
class Settings:
    """Resolved settings. Build with :func:`load`."""

    home: Path
    database_url: str
    download_mirror: str
    max_upload_mb: float
    encoder: str = "auto"

    @property
    def store_path(self) -> Path:
        """Path of the compiled taxonomy store (SQLite) inside the home directory."""
        return self.home / "taxonomy.sqlite"

    def ensure_home(self) -> Path:
        """Create the home directory if needed and check it is writable.

        Raises:
            ConfigError: CP-CFG001 when it cannot be created or written.
        """
        try:
            self.home.mkdir(parents=True, exist_ok=True)
            probe = self.home / ".write-test"
            probe.write_text("ok")
            probe.unlink()
        except OSError as exc:
            raise ConfigError(
                "CP-CFG001",
                f"home directory {self.home} is not writable ({exc.strerror or exc})",
                "set CAREERPIVOT_HOME to a directory you can write to",
            ) from exc
        return self.home


def load(env: Mapping[str, str] | None = None) -> Settings:
    """Resolve every setting from ``env`` (default: ``os.environ``)."""
    env = os.environ if env is None else env
    values = {s.name: (env.get(s.env) or s.default(env)) for s in SETTINGS}
    try:
        max_mb = float(values["max_upload_mb"])
    except ValueError as exc:
        raise ConfigError(
            "CP-CFG002",
            f"CAREERPIVOT_MAX_UPLOAD_MB must be a number, got {values['max_upload_mb']!r}",
            "use e.g. CAREERPIVOT_MAX_UPLOAD_MB=10",
        ) from exc
    encoder = values["encoder"].strip().lower()
    if encoder not in ENCODERS:
        raise ConfigError(
            "CP-CFG002",
            f"CAREERPIVOT_ENCODER must be one of {', '.join(ENCODERS)}, got {values['encoder']!r}",
            "use CAREERPIVOT_ENCODER=auto",
        )
    return Settings(
        home=Path(values["home"]).expanduser(),
        database_url=values["database_url"],
        download_mirror=values["download_mirror"],
        max_upload_mb=max_mb,
        encoder=encoder,
    )
