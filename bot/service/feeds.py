"""`/gig calendar`: the user's private calendar feed (bot.feed), made, replaced or turned off."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.errors import CommandError
from bot.feed import feed_url, new_token, token_hash
from bot.service.context import Ctx, handles


@handles("calendar")
async def calendar(ctx: Ctx, a: Mapping[str, Any]) -> None:
    """Without an action: a new feed if there is none, else what there is. `reset` replaces the token
    (the old URL stops working), `off` removes the feed. The URL is shown once, when the token is made."""
    if ctx.public_url is None:
        raise CommandError("error.feed_disabled")
    action = a.get("action")
    user = ctx.user
    if action == "off":
        await ctx.tx.save_feed(user.id, None)
        ctx.reply("feed.off" if user.feed_hash else "feed.none")
        return
    if user.feed_hash is not None and action != "reset":
        ctx.reply("feed.active")
        return
    token = new_token()
    await ctx.tx.save_feed(user.id, token_hash(token))
    ctx.secret = True
    ctx.reply("feed.reset" if user.feed_hash else "feed.created", url=feed_url(ctx.public_url, token))
