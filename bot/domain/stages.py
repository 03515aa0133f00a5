"""Contract stages and what entering each one means for the client's silence."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    NEGOTIATING = "negotiating"
    CONTRACTED = "contracted"
    FUNDED = "funded"
    DELIVERED = "delivered"
    ACCEPTED = "accepted"
    TERMINATED = "terminated"
    WITHDRAWN = "withdrawn"

    @property
    def closed(self) -> bool:
        return self in CLOSED_STAGES

    @property
    def starts_waiting(self) -> bool:
        """Entering these stages means we now wait for the client (a fresh start of silence)."""
        return self in WAITING_STAGES

    @property
    def ladder(self) -> str:
        """The ladder that runs while waiting in this stage (funded shares the contract ladder)."""
        return LADDER_OF_STAGE.get(self, "")


CLOSED_STAGES = frozenset({Stage.ACCEPTED, Stage.TERMINATED, Stage.WITHDRAWN})
WAITING_STAGES = frozenset({Stage.NEGOTIATING, Stage.CONTRACTED, Stage.DELIVERED})
LADDER_OF_STAGE = {
    Stage.NEGOTIATING: "negotiating",
    Stage.CONTRACTED: "contract",
    Stage.FUNDED: "contract",
    Stage.DELIVERED: "delivered",
}
