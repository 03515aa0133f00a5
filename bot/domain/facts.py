"""What a gig's advice depends on: its facts as a `Situation`, matched by conditions written in data.

Advice and tracks are chosen by conditions such as `{ stage = ["delivered"], funded = false }` in
profiles.toml and advice.toml; one matcher reads them all, so a new rule is a data change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from bot.domain.stages import Stage

# The Freelance Act (Art. 4): payment within 60 days of receiving the deliverable, that day counting as day 1.
PAYMENT_DAYS = 60


@dataclass(frozen=True, slots=True)
class PayBy:
    """The agreed payment date as recorded: a date, or `None` when the terms set no date."""

    date: date | None

    @classmethod
    def parse(cls, text: str) -> PayBy:
        return cls(None if text == "none" else date.fromisoformat(text))

    def __str__(self) -> str:
        return "none" if self.date is None else self.date.isoformat()


def last_payment_day(delivered: date, pay_by: PayBy | None) -> date:
    """The legal last payment day (spec section 2): the agreed date if within 60 days of receipt, the
    delivery date itself when the terms set no date, otherwise the 60th day counting receipt as day 1."""
    limit = delivered + timedelta(days=PAYMENT_DAYS - 1)
    if pay_by is None:
        return limit
    if pay_by.date is None:
        return delivered
    return min(pay_by.date, limit)


def closes(stage: Stage, *, escrow: bool, funded: bool) -> bool:
    """Whether entering `stage` closes the gig: acceptance does only where a funded escrow pays out."""
    return stage.final or (stage is Stage.ACCEPTED and escrow and funded)


# A situation's fields in their order (platform, stage, escrow, funded, delivered, abroad, pay_by, paid,
# asked, changes, hourly, worked), as a plain tuple: what is worded once per situation is looked up by
# it, cheaper to make and to hash than the dataclass (`list` names the stage and next step of every gig
# on its page).
SituationKey = tuple[str, Stage, bool, bool, bool, bool, str, str, str, bool, bool, bool]


@lru_cache(maxsize=1024)
def situation_of(key: SituationKey) -> Situation:
    """The situation of these fields, made once (it is frozen, so one instance serves every gig). A key
    short of a field would leave it at its default unseen: refused instead."""
    if len(key) != len(fields(Situation)):
        raise TypeError(f"a situation has {len(fields(Situation))} fields, the key {len(key)}")
    return Situation(*key)


@dataclass(frozen=True, slots=True)
class Situation:
    """The facts advice is chosen by: never the stage alone."""

    platform: str
    stage: Stage
    escrow: bool  # the platform holds the fee in escrow
    funded: bool  # the escrow was funded (always False without escrow)
    delivered: bool  # the work was handed over (delivered_at is set)
    abroad: bool = False  # the client is likely abroad (the Act may not bind them)
    # The payment terms: unset, none (no date agreed), date, or capped (agreed later than the Act allows).
    pay_by: str = "unset"
    # What has been received: none, or part (a `paid amount:N` that did not cover the fee). A reminder
    # that says "no payment is recorded" or asks for the whole fee would be false after a part payment.
    paid: str = "none"
    asked: str = "none"  # the latest request the client made with `/gig incoming` (open or answered)
    # The client asked for changes to the work as delivered (`/gig change` while delivered), until the next
    # stage change: on Upwork nothing is released automatically until the work is submitted again.
    changes: bool = False
    # An hourly contract (a rate and no fee, on a platform whose profile has hourly contracts): billed for
    # the hours worked, with no escrow to fund, no submission and no release (`hourly` in profiles.toml).
    hourly: bool = False
    # Hours were logged while nothing was funded (`/gig log` before the escrow): ending the contract then
    # gives up that work, so no text may say there is nothing to lose or settle.
    worked: bool = False

    def facts(self, **context: str | bool) -> dict[str, str]:
        """The situation as condition keys, plus what a text adds (catchup, request...)."""
        values: dict[str, str | bool] = {
            "platform": self.platform,
            "stage": self.stage.value,
            "escrow": self.escrow,
            "funded": self.funded,
            "delivered": self.delivered,
            "abroad": self.abroad,
            "pay_by": self.pay_by,
            "asked": self.asked,
            "paid": self.paid,
            "changes": self.changes,
            "hourly": self.hourly,
            "worked": self.worked,
            **context,
        }
        return {k: _word(v) for k, v in values.items()}


# Every key a condition may test; a condition with another key is an error when the data is read.
# `deadline_passed`: the deadline a reminder names (a platform feature's last day) was already past when
# the reminder came due, so its text must not offer what can no longer be done. `funded_now`: the move that
# a reply answers is the escrow's funding itself (after a handover, it is no redo). `full_fee`: the hours
# logged are worth the whole fee agreed, so a settlement has no lower amount to agree. `covered`: the
# payments received already pay for the hours logged, so a settlement has no balance to claim.
# `unsettled`: the client's latest request asked for the escrow back (a Coconala cancellation...) and no
# outcome is recorded (GigRecord.refund_unsettled), so no text may say the platform's clock paid it.
# `noticed`: the ladder's deadline notice went to the user in this silence, and was not snoozed past (its
# deadline was given, as far as the bot knows), so a later step may say that the deadline given has passed.
# `moves`: the message a check reads asks to move the talk to another tool (`/gig check gig:ID`), so the
# gig's line may say what that move means for it, and says nothing of it otherwise.
# `put_off`: the message a check reads asks for work while it puts the escrow for that work off (a sign the
# gig's funding does not clear), so the gig's line says the recorded escrow pays only the work it was funded
# for, never plainly "the escrow is funded" under that warning.
# `release_ahead`: the platform's own clock from the latest submission (Upwork's automatic release of a
# funded milestone) had not yet run out when the reminder came due, so the client may still approve or ask
# for changes, and its text sends the user to support only if the release does not come by that day.
# `unpaid`: a sign a check raised is work asked for free (a rule marked `unpaid` in redflags.toml matched:
# a free sample, extra work in the same fee), not the agreed work started before its terms or escrow.
CONDITION_KEYS = frozenset(
    {
        "platform",
        "stage",
        "escrow",
        "funded",
        "delivered",
        "abroad",
        "pay_by",
        "asked",
        "paid",
        "changes",
        "hourly",
        "worked",
        "catchup",
        "request",
        "overdue",
        "deadline_passed",
        "deposit",
        "funded_now",
        "full_fee",
        "covered",
        "unsettled",
        "moves",
        "put_off",
        "noticed",
        "release_ahead",
        "unpaid",
    }
)


def _word(value: str | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


@dataclass(frozen=True, slots=True)
class Condition:
    """`key = value` or `key = [values]` for each key; all must hold. An empty condition always holds."""

    terms: tuple[tuple[str, frozenset[str]], ...] = ()

    @classmethod
    def parse(cls, raw: Mapping[str, Any] | None) -> Condition:
        terms = []
        for key, value in (raw or {}).items():
            if key not in CONDITION_KEYS:
                raise ValueError(f"unknown condition key {key!r} (known: {sorted(CONDITION_KEYS)})")
            values = value if isinstance(value, list) else [value]
            terms.append((key, frozenset(_word(v) for v in values)))
        return cls(tuple(terms))

    def holds(self, facts: Mapping[str, str]) -> bool:
        return all(facts.get(key) in allowed for key, allowed in self.terms)

    def keys(self) -> frozenset[str]:
        return frozenset(key for key, _ in self.terms)
