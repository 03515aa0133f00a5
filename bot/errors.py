"""Errors that reach the user: a catalog key and its parameters, rendered in the user's language."""

from __future__ import annotations

from typing import Any


class CommandError(Exception):
    """A command the core refuses; nothing was changed."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
