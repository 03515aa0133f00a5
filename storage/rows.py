"""Row-to-record mappers shared by the repository's modules."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from bot.ports import EventKind, EventRecord
from storage.schema import events

# Selected in this order and read by position: a timeline reads thousands, and a row read by
# position costs a fraction of one read by column name.
EVENT_COLUMNS = (
    events.c.gig_id,
    events.c.user_id,
    events.c.at,
    events.c.kind,
    events.c.step,
    events.c.data,
    events.c.id,
)
# A kind by its stored value: a dict lookup costs a tenth of calling the enum.
EVENT_KINDS = {kind.value: kind for kind in EventKind}
# json.loads strips whitespace around the document with two regular expressions, which cost twice the
# parse of a short object; what the repository writes has none, so a row is parsed with raw_decode.
_DECODER = json.JSONDecoder()


def json_value(text: str) -> Any:
    """A JSON column's value, as json.loads reads it."""
    try:
        value, end = _DECODER.raw_decode(text)
    except json.JSONDecodeError:
        return json.loads(text)  # leading whitespace, or the error json.loads would raise
    return value if end == len(text) else json.loads(text)


def event_records(rows: Iterable[Sequence[Any]]) -> list[EventRecord]:
    """Events from rows of EVENT_COLUMNS, the data read as json_value reads it and the instant as
    bot.clock.utc_from_epoch makes it, in one loop with its names bound locally: a timeline reads
    thousands, and three calls a row cost more than the row."""
    out: list[EventRecord] = []
    append, decode, kinds, from_epoch = out.append, _DECODER.raw_decode, EVENT_KINDS, datetime.fromtimestamp
    for gig_id, user_id, at, kind, step, text, event_id in rows:
        data: dict[str, Any]
        if text == "{}":
            data = {}
        else:
            try:
                data, end = decode(text)
            except json.JSONDecodeError:
                end = -1
            if end != len(text):
                data = json.loads(text)  # leading or trailing whitespace, or the error json.loads raises
        append(EventRecord(gig_id, user_id, from_epoch(at, UTC), kinds[kind], step, data, event_id))
    return out
