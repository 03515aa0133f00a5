"""Which platform a pasted client message names, so that `/gig check` advises for that platform and not
the user's default one (a CrowdWorks user pasting an Upwork message hears what to do on Upwork)."""

from __future__ import annotations

import re
from functools import cache

from bot.domain.tracks import elsewhere, profiles
from bot.protection.text import fold, fold_pattern


def _compiled(names: dict[str, tuple[str, ...]]) -> dict[str, re.Pattern[str]]:
    """Each name's spellings, folded like the text: a Latin one as a whole word, so "freelancers" never
    names Lancers, and with any spacing inside ("up work")."""
    out = {}
    for name, spellings in names.items():
        words = []
        for word in spellings:
            body = r"\s*".join(re.escape(part) for part in fold_pattern(word).casefold().split())
            words.append(rf"(?<![a-z0-9]){body}(?![a-z0-9])" if body.isascii() else body)
        if words:
            out[name] = re.compile("|".join(words))
    return out


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    """Each platform's names (profiles.toml `named`)."""
    return _compiled({name: prof.named for name, prof in profiles().items()})


@cache
def _elsewhere() -> dict[str, re.Pattern[str]]:
    """The names of marketplaces without a profile (profiles.toml `[elsewhere]`)."""
    return _compiled(dict(elsewhere()))


def _one(patterns: dict[str, re.Pattern[str]], folded: str) -> str | None:
    """The one name whose pattern the folded text holds; None when none, or several (then none is sure)."""
    named = [name for name, pattern in patterns.items() if pattern.search(folded)]
    return named[0] if len(named) == 1 else None


def named_marketplace(text: str) -> tuple[str | None, str | None]:
    """The one platform with a profile the text names, else the one marketplace without one that it
    names, as profiles.toml writes its name ("Fiverr"): (platform, None), (None, name) or (None, None).
    The text is folded once for both."""
    folded = fold(text).text
    if platform := _one(_patterns(), folded):
        return platform, None
    return None, _one(_elsewhere(), folded)
