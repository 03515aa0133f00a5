"""A fair partial fee for work already done, proposed before a contract ends early (domain.md, problem 3).

The value of the work is the logged hours at the hourly rate; the proposal never asks for more than the
contract amount, since the client agreed to that for the whole work.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Proposal:
    hours: float
    rate: float | None
    amount: float | None
    value: float | None  # hours x rate; None without a rate or hours
    fee: float | None  # what to propose: the value, capped at the amount

    @property
    def capped(self) -> bool:
        return self.value is not None and self.fee is not None and self.fee < self.value

    @property
    def share(self) -> float | None:
        """The fee as a share of the contract amount (0..1), when both are known."""
        if self.fee is None or not self.amount:
            return None
        return self.fee / self.amount


def propose(hours: float, rate: float | None, amount: float | None) -> Proposal:
    value = round(hours * rate) if rate and hours > 0 else None
    fee = None if value is None else (min(value, round(amount)) if amount else value)
    return Proposal(hours, rate, amount, value, fee)


def covered(worth: float | None, received: float) -> bool:
    """Whether what was received already pays for the work (`worth`): then there is no balance to claim."""
    return received > 0 and worth is not None and worth <= received
