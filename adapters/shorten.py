"""Texts that must fit a platform's field (a Slack header, a Discord embed title) are shortened in
what people typed, not at their end: a title of 200 characters would otherwise cut off the sentence
the catalog wraps around it, the part that says what happened and what to do now."""

from __future__ import annotations

from collections.abc import Callable

from bot.i18n import catalog as i18n

ELLIPSIS = "…"


def shortened(text: str, limit: int, size: Callable[[str], int]) -> str:
    """`text` (a composed text, typed runs marked) within `limit` as `size` counts it on the platform:
    the longest typed run is cut, with an ellipsis, as little as makes the whole fit. When no typed
    run is left to cut, the text is returned as it then is, and the caller cuts its end."""
    segments = i18n.segments(text)
    pieces = [piece for piece, _ in segments]
    typed = [i for i, (_, is_typed) in enumerate(segments) if is_typed]

    def composed() -> str:
        return "".join(i18n.literal(p) if i in typed else p for i, p in enumerate(pieces))

    current = composed()
    while size(current) > limit:
        cuttable = [i for i in typed if len(pieces[i].removesuffix(ELLIPSIS)) > 1]
        if not cuttable:
            break
        i = max(cuttable, key=lambda i: len(pieces[i]))
        whole = pieces[i].removesuffix(ELLIPSIS)
        low, high = 1, len(whole) - 1  # the longest cut of this run that fits, or its shortest
        while low < high:
            keep = (low + high + 1) // 2
            pieces[i] = whole[:keep] + ELLIPSIS
            low, high = (keep, high) if size(composed()) <= limit else (low, keep - 1)
        pieces[i] = whole[:low].rstrip() + ELLIPSIS
        current = composed()
    return current
