"""Contract stages and what entering each one means for the client's silence."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    NEGOTIATING = "negotiating"
    CONTRACTED = "contracted"
    FUNDED = "funded"
    DELIVERED = "delivered"
    ACCEPTED = "accepted"
    PAID = "paid"
    TERMINATED = "terminated"
    WITHDRAWN = "withdrawn"

    @property
    def starts_waiting(self) -> bool:
        """Entering these stages means we now wait for the client (a fresh start of silence)."""
        return self in WAITING_STAGES

    @property
    def final(self) -> bool:
        """Stages that always close a gig; `accepted` closes one only where a funded escrow pays out
        (see bot.domain.situation.closes)."""
        return self in FINAL_STAGES

    @property
    def contract(self) -> bool:
        """A contract exists (or existed): the client can send requests, fees can be settled."""
        return self not in (Stage.NEGOTIATING, Stage.WITHDRAWN)


FINAL_STAGES = frozenset({Stage.PAID, Stage.TERMINATED, Stage.WITHDRAWN})
WAITING_STAGES = frozenset({Stage.NEGOTIATING, Stage.CONTRACTED, Stage.DELIVERED})
