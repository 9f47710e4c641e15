"""The exceptions `tm` raises, all below one root so callers can catch them together.

    TMError
    ├── InputError        bad input from a user or a file; names where it is
    │   ├── FormatError   a file or text that does not parse as its format
    │   └── LanguageError an unknown or unsupported language code
    ├── StoreError        the translation memory cannot be opened, read or written
    └── AccessError       the acting user's role does not allow the operation

An `InputError` carries the file (or other source) name, the 1-based line and the field
when they are known, and puts them at the front of its message, so that a person can go
straight to the spot.
"""

from __future__ import annotations

import errno
import os

# What a full disk (or quota) looks like, also when a writer (polars, the table library)
# reports it in its own exception with the system's words inside.
NO_SPACE_ERRNOS = (errno.ENOSPC, errno.EDQUOT)
_NO_SPACE_WORDS = tuple(os.strerror(code).lower() for code in NO_SPACE_ERRNOS)


def out_of_space(error: BaseException) -> bool:
    """Whether `error` says the disk (or the user's quota) is full."""
    if getattr(error, "errno", None) in NO_SPACE_ERRNOS:
        return True
    message = str(error).lower()
    return any(words in message for words in _NO_SPACE_WORDS)


class TMError(Exception):
    """Root of every error raised on purpose by `tm`."""


class InputError(TMError):
    """Input that cannot be used as given; nothing has been written because of it."""

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.field = field
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.source is not None:
            where.append(self.source)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class FormatError(InputError):
    """A file or text does not parse as the format it claims to be."""


class LanguageError(InputError):
    """A language code that the workbench does not know."""


class StoreError(TMError):
    """The translation memory cannot be opened, read or written."""


class AccessError(TMError):
    """The acting user may not do this to this TM (see `tm.access`); nothing was written."""

    def __init__(self, message: str, *, user: str, operation: str) -> None:
        self.user = user
        self.operation = operation
        super().__init__(message)
