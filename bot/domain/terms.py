"""The written terms of a gig: what the Freelance Act (Art. 3) asks a business client to state.

The fee and the payment date are the gig's own facts (`amount`, `pay_by`); the other items are kept
together in `Terms`, stored as one JSON column. `missing` names what is not yet recorded, in the order
the request to the client lists them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from datetime import date
from enum import StrEnum
from typing import Any


class TermItem(StrEnum):
    """The items of written terms, in the order they are asked for."""

    WORK = "work"  # what the work is
    FEE = "fee"  # the amount
    PAY_BY = "pay_by"  # the payment date
    DELIVER_BY = "deliver_by"  # the delivery date
    INSPECT_BY = "inspect_by"  # the inspection date, when the work is inspected
    METHOD = "method"  # how the fee is paid
    PLACE = "place"  # where (or how) the work is delivered


@dataclass(frozen=True, slots=True)
class Terms:
    """The items of the terms that are not facts of their own; None: not recorded."""

    work: str | None = None
    deliver_by: date | None = None
    inspect_by: date | None = None
    method: str | None = None
    place: str | None = None

    def updated(self, values: dict[str, Any]) -> Terms:
        """These terms with `values` (item name -> text or date) written over them."""
        known = {f.name for f in fields(self)}
        return replace(self, **{k: v for k, v in values.items() if k in known})

    def to_json(self) -> str:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        return json.dumps(
            {k: v.isoformat() if isinstance(v, date) else v for k, v in data.items() if v is not None},
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> Terms:
        if not text or text == "{}":  # most gigs have no written terms: spare the parser, and the
            return _NO_TERMS  # building (frozen: one instance serves them all, as a tick reads thousands)
        data = json.loads(text)
        for key in ("deliver_by", "inspect_by"):
            if data.get(key):
                data[key] = date.fromisoformat(data[key])
        return cls(**data)


_NO_TERMS = Terms()
