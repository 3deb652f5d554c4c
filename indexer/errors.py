"""The errors the library raises to its callers, each with its HTTP status.

The CLI prints the message; the web app answers ``status`` with it (one
handler, webapp/errors.py). Messages are in Chinese, as the UI is, and name
what was asked for. Anything else a library function raises is a bug, and
the web app answers it with a plain 500.
"""

from __future__ import annotations


class PolicyKBError(Exception):
    """An error a user can act on: ``status`` and a message saying what."""

    status = 500
    prefix = ""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        if status is not None:
            self.status = status

    @property
    def message(self) -> str:
        return self.prefix + str(self)


class NotFound(PolicyKBError, LookupError):
    """No clause or document with the id given (names it)."""

    status = 404
    prefix = "没有找到："


class BadRequest(PolicyKBError, ValueError):
    """A parameter the library cannot use (names it and what it may be)."""

    status = 400


class QuerySyntaxError(BadRequest):
    """A query that cannot be read; the message says what to fix."""

    prefix = "查询有误："


class DraftError(BadRequest):
    """A draft that cannot be read (names the file and why)."""

    prefix = "文稿无法读取："


class DraftLimit(PolicyKBError, ValueError):
    """A draft over one of the checker's limits (says which): 413 for its
    length, 422 for its number of quotations."""

    status = 413


class NoIndexError(PolicyKBError, RuntimeError):
    """There is no search index in the data directory yet (names it)."""

    status = 503
