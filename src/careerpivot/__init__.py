"""CareerPivot: evidence-based career pivots, local-first.

The public API is listed in ``__all__`` (a test keeps it in step). Importing this package does
no I/O and loads no model.
"""

from careerpivot.errors import (
    CareerPivotError,
    ConfigError,
    DataFormatError,
    DocumentError,
    InputError,
    NetworkError,
    NotFoundError,
    StoreError,
    StoreMissingError,
)
from careerpivot.settings import Settings
from careerpivot.settings import load as load_settings

__version__ = "0.1.0.dev0"

__all__ = [
    "CareerPivotError",
    "ConfigError",
    "DataFormatError",
    "DocumentError",
    "InputError",
    "NetworkError",
    "NotFoundError",
    "Settings",
    "StoreError",
    "StoreMissingError",
    "__version__",
    "load_settings",
]
