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


def event_record(r: Sequence[Any]) -> EventRecord:
    """An event from a row of EVENT_COLUMNS."""
    return EventRecord(r[0], r[1], utc_from_epoch(r[2]), EventKind(r[3]), r[4], json.loads(r[5]), r[6])
