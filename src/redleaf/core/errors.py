"""One error type for everything a member can get wrong. Services raise it; the API turns it into
`{"error": {"code", "message"}}` with its status, and web views show the message in a form."""

from __future__ import annotations

from typing import Any


class RedleafError(Exception):
    status = 400

    def __init__(self, code: str, message: Any, *, status: int | None = None, field: str | None = None):
        super().__init__(code)
        self.code = code
        self.message = message  # usually a lazy translation, rendered in the member's language
        self.field = field
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


class NotFound(RedleafError):
    status = 404


class Forbidden(RedleafError):
    status = 403


class Conflict(RedleafError):
    status = 409


class Unauthenticated(RedleafError):
    status = 401
