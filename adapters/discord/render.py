"""Discord messages from the core's structures: plain replies, embeds for reminders, files for exports.

Every text leaves with mentions escaped and `AllowedMentions.none()`, so a title such as
`@everyone <@&123>` reaches Discord as harmless characters and pings nobody.
"""

from __future__ import annotations

import io
from typing import Any

import discord

from bot.i18n import catalog as i18n
from bot.messages import Kind, Message

NO_MENTIONS = discord.AllowedMentions.none()
CONTENT_MAX = 2000
TITLE_MAX = 256
EMBED_TEXT_MAX = 4096
FIELD_MAX = 1024
_EMBEDDED = frozenset({Kind.REMINDER, Kind.WARNING, Kind.DIGEST})
_COLOURS = {
    Kind.REMINDER: discord.Colour.orange(),
    Kind.WARNING: discord.Colour.red(),
    Kind.DIGEST: discord.Colour.blurple(),
}
_PREFIX = {Kind.WARNING: "⚠️ ", Kind.ERROR: "❌ "}


def safe(text: str) -> str:
    """Mentions shown as text: `@everyone`, `@here`, `<@123>` and `<@&123>` cannot render as pings."""
    return discord.utils.escape_mentions(text)


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fence(text: str, limit: int) -> str:
    """A code block to copy from, at most `limit` characters; a fence inside cannot close it early."""
    return "```\n" + clip(text.replace("```", "`\u200b``"), limit - 8) + "\n```"


def document(text: str, filename: str) -> discord.File:
    return discord.File(io.BytesIO(text.encode("utf-8")), filename=filename)


def embed(message: Message, text: str) -> discord.Embed:
    """Title, what happened and what to do now, and the draft in a code block to copy."""
    card = discord.Embed(
        title=clip(safe(message.title), TITLE_MAX) if message.title else None,
        description=clip(safe(text), EMBED_TEXT_MAX) if text else None,
        colour=_COLOURS.get(message.kind),
    )
    if message.draft:
        label = clip(i18n.t(message.lang, "draft.label"), TITLE_MAX)
        card.add_field(name=label, value=fence(safe(message.draft), FIELD_MAX), inline=False)
    return card


def render(message: Message) -> dict[str, Any]:
    """Keyword arguments for a send: `content` for short replies, an `embed` for reminders, warnings,
    digests and long text, `files` for exports (a body with `extra["format"]`) and for whatever is
    too long to show whole."""
    out: dict[str, Any] = {"allowed_mentions": NO_MENTIONS}
    stem = f"gig-{message.gig}" if message.gig is not None else "gigwatch"
    files: list[discord.File] = []
    body = message.body
    fmt = message.extra.get("format")
    if isinstance(fmt, str) and fmt.isalnum():
        files.append(document(body, f"{stem}.{fmt}"))
        body = ""
    if message.attachment:
        files.append(document(message.attachment, f"{stem}.txt"))
    text = _PREFIX.get(message.kind, "") + body if body else ""
    if message.kind in _EMBEDDED or message.title or message.draft or len(text) > CONTENT_MAX:
        out["embed"] = embed(message, text)
        if len(text) > EMBED_TEXT_MAX or len(message.draft or "") > FIELD_MAX - 8:
            files.append(document(message.text(), f"{stem}.txt"))
    elif text:
        out["content"] = safe(text)
    if files:
        out["files"] = files
    return out
