"""Which wording of an advising text fits a gig's situation, and what advice each wording gives.

Every text that advises (reminders, warnings, replies, stage labels) is a *slot* with variants in
advice.toml: the first variant whose condition holds is the one said. Each variant names the advice it
gives as tags, and [[forbid]] says which tags each situation rules out, so a test can enumerate every
situation and prove that nothing harmful can be said in it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from bot.domain.facts import Condition, SituationKey, situation_of


@dataclass(frozen=True, slots=True)
class Variant:
    """One wording of a slot: catalog keys `<slot>.<key>.<part>` (or `<slot>.<part>` when key is "")."""

    slot: str
    key: str
    when: Condition
    tags: frozenset[str]

    def keys(self, part: str) -> tuple[str, ...]:
        """The catalog keys of one part, most specific first: a variant rewords only what differs."""
        generic = f"{self.slot}.{part}"
        return (f"{self.slot}.{self.key}.{part}", generic) if self.key else (generic,)


@dataclass(frozen=True, slots=True)
class Forbid:
    when: Condition
    tags: frozenset[str]
    why: str


@dataclass(frozen=True, slots=True)
class Advice:
    slots: Mapping[str, tuple[Variant, ...]]
    forbids: tuple[Forbid, ...]
    keywords: Mapping[str, Mapping[str, tuple[str, ...]]]  # tag -> lang -> phrases
    # tag -> the parts of a wording its phrases are looked for in (every part when the tag is absent): the
    # law may be explained to the user in a body while a draft to the client must not cite it
    keyword_parts: Mapping[str, tuple[str, ...]]

    def choose(self, slot: str, facts: Mapping[str, str]) -> Variant:
        """The wording of `slot` for these facts; every slot ends with a variant that always holds."""
        variants = self.slots.get(slot)
        if not variants:
            raise KeyError(f"no advice text {slot!r}")
        for variant in variants:
            if variant.when.holds(facts):
                return variant
        raise LookupError(f"no wording of {slot!r} fits {dict(facts)}")

    def forbidden(self, facts: Mapping[str, str]) -> dict[str, str]:
        """The tags no text may carry in this situation, each with the reason."""
        return {tag: f.why for f in self.forbids if f.when.holds(facts) for tag in f.tags}


@cache
def advice() -> Advice:
    raw = tomllib.loads(resources.files("bot.domain").joinpath("advice.toml").read_text("utf-8"))
    slots: dict[str, list[Variant]] = {}
    for text in raw["text"]:
        slots.setdefault(text["slot"], []).append(
            Variant(
                text["slot"], text.get("key", ""), Condition.parse(text.get("when")), frozenset(text["tags"])
            )
        )
    forbids = tuple(
        Forbid(Condition.parse(f["when"]), frozenset(f["tags"]), f["why"]) for f in raw.get("forbid", [])
    )
    keywords = {
        tag: {lang: tuple(phrases) for lang, phrases in langs.items() if lang != "parts"}
        for tag, langs in raw.get("keywords", {}).items()
    }
    parts = {tag: tuple(langs["parts"]) for tag, langs in raw.get("keywords", {}).items() if "parts" in langs}
    return Advice({k: tuple(v) for k, v in slots.items()}, forbids, keywords, parts)


def choose(slot: str, facts: Mapping[str, str]) -> Variant:
    return advice().choose(slot, facts)


@lru_cache(maxsize=4096)
def step_wording(step: str, situation: SituationKey) -> str | None:
    """Which wording of a step's name a situation calls for (the key of its `label.STEP` variant, "" for
    the generic one), or None where the name never depends on the situation. A reminder records it, so
    that the history names the step as it was said then, not as the gig's later situation would (a direct
    job called off, then started after all)."""
    slot = f"label.{step}"
    if slot not in advice().slots:
        return None
    return advice().choose(slot, situation_of(situation).facts()).key
