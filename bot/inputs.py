"""Text from a platform, made safe once, where it enters the service.

JSON from Slack and Discord can carry lone surrogates (`\\ud800`), which no database will store, and
control characters that a terminal obeys and a timeline must not keep. Both are removed here, for
every adapter alike; what is left is stored as typed. Matching (command names, options, choices,
client names) normalises its own copy with NFKC, in the parser and the protection rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, TypeVar

REPLACEMENT = "\ufffd"
_SURROGATES = re.compile("[\ud800-\udfff]")
# Unicode's control characters (C0, DEL, C1) except tab and newline.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
K = TypeVar("K")


def clean(text: str) -> str:
    """Lone surrogates become U+FFFD, line breaks become newlines, other control characters go."""
    if text.isascii() and text.isprintable():
        return text  # the common case costs one scan
    text = _SURROGATES.sub(REPLACEMENT, text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text)


def clean_values(values: Mapping[K, Any]) -> dict[K, Any]:
    """A mapping with every plain string in it cleaned (typed values such as enums stay as they are)."""
    return {key: _value(value) for key, value in values.items()}


def _value(value: Any) -> Any:
    if type(value) is str:
        return clean(value)
    if isinstance(value, tuple | list):
        return type(value)(_value(v) for v in value)
    return value


T = TypeVar("T")


def clean_fields(record: T, *names: str) -> T:
    """A copy of a dataclass with the named string fields cleaned."""
    changes = {n: clean(v) for n in names if isinstance(v := getattr(record, n), str)}
    return replace(record, **changes)  # type: ignore[type-var]
