"""Row-to-record mappers shared by the repository's modules."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from bot.clock import utc_from_epoch
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


def event_record(r: Sequence[Any]) -> EventRecord:
    """An event from a row of EVENT_COLUMNS."""
    data = {} if r[5] == "{}" else json_value(r[5])
    return EventRecord(r[0], r[1], utc_from_epoch(r[2]), EVENT_KINDS[r[3]], r[4], data, r[6])
