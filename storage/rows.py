"""Row-to-record mappers shared by the repository's modules."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from json import encoder as _json_encoder
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


def json_encoder(
    *, ensure_ascii: bool = True, sort_keys: bool = False, separators: tuple[str, str] = (", ", ": ")
) -> Callable[[Any], str]:
    """json.JSONEncoder(...).encode with the same options and output, for the engine's batches: that
    method builds its C encoder again on every call, which costs about as much as encoding a short
    object, so this one is built once. Without CPython's accelerator, the plain method."""
    plain = json.JSONEncoder(ensure_ascii=ensure_ascii, sort_keys=sort_keys, separators=separators)
    make = getattr(_json_encoder, "c_make_encoder", None)
    if make is None:
        return plain.encode
    strings = _json_encoder.encode_basestring_ascii if ensure_ascii else _json_encoder.encode_basestring
    # markers None: no check for circular references, which rows of plain values cannot hold
    encode = make(None, plain.default, strings, None, separators[1], separators[0], sort_keys, False, True)

    def encoded(value: Any) -> str:
        return "".join(encode(value, 0))

    return encoded
