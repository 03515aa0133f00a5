"""The simulator's readable transcript: one block a message, for people rather than programs."""

from __future__ import annotations

import textwrap
from typing import Any


def render(record: dict[str, Any]) -> str:
    labels = [record["kind"]]
    if record.get("step"):
        labels.append(record["step"])
    if record.get("gig"):
        labels.append(f"#{record['gig']}")
    if record.get("flags"):
        labels.append("flags: " + ",".join(record["flags"]))
    head = f"[{record['at']}] -> {record['to']} ({' '.join(labels)})"
    return head + "\n" + textwrap.indent(record["text"], "    ") + "\n"
