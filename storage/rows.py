"""Row-to-record mappers shared by the repository's modules."""

from __future__ import annotations

import json

from sqlalchemy.engine import RowMapping

from bot.clock import utc_from_epoch
from bot.ports import EventKind, EventRecord


def event_record(r: RowMapping) -> EventRecord:
    return EventRecord(
        r["gig_id"],
        r["user_id"],
        utc_from_epoch(r["at"]),
        EventKind(r["kind"]),
        r["step"],
        json.loads(r["data"]),
        r["id"],
    )
