"""Errors a user can cause and understand: each carries one plain, translated sentence."""

from __future__ import annotations


class KbppError(Exception):
    """Base of every error shown to a user as a message instead of a traceback."""


class DatabaseError(KbppError):
    """The database cannot be opened or used as asked."""


class NotFoundError(KbppError):
    """Something the user named (a year, a directorate, an indicator) does not exist."""


class ValidationError(KbppError):
    """Input was refused; `problems` lists every reason, each a plain sentence."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []
