"""Discord messages from the core's structures: plain replies, embeds for reminders, files for exports.

One escaping rule for Discord (`shown`), used for every text: what people typed (marked by the core,
bot.i18n.catalog.literal) has its markdown neutralised with backslashes, which Discord hides, so a
title reads exactly as typed (no bold, links, headings, spoilers, emoji codes, timestamps); the
catalog's own `code` spans stay, with commands in their Discord form (forms.py). Mentions are broken
up everywhere and every message leaves with `AllowedMentions.none()`, so nobody is ever pinged.
Drafts to paste go in a code block, unescaped: only a code fence inside one is broken up. A plain
reply unfurls no link previews (as on Slack), so a typed link never brings a stranger's page card.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import discord

from adapters.discord.forms import restate
from adapters.shorten import shortened
from bot.i18n import catalog as i18n
from bot.messages import Kind, Message

NO_MENTIONS = discord.AllowedMentions.none()
CONTENT_MAX = 2000
TITLE_MAX = 256
EMBED_TEXT_MAX = 4096
FIELD_MAX = 1024
_EMBEDDED = frozenset({Kind.REMINDER, Kind.WARNING, Kind.DIGEST, Kind.PLAN})
_COLOURS = {
    Kind.REMINDER: discord.Colour.orange(),
    Kind.WARNING: discord.Colour.red(),
    Kind.DIGEST: discord.Colour.blurple(),
    Kind.PLAN: discord.Colour.green(),
}
_PREFIX = {Kind.WARNING: "⚠️ ", Kind.ERROR: "❌ "}
# Discord markdown, by where it acts: anywhere (emphasis, strike, code, spoilers, masked links,
# mentions, timestamps and custom emoji), and at the start of a line (headings, subtext, quotes,
# lists). Emoji codes (`:smile:`) are escaped at their first colon; links are left whole.
_URL = re.compile(r"https?://[^\s<>]+")
_ANYWHERE = re.compile(r"([\\*_~`|\[\]<])|:(?=[\w+-]+:)")
_LINE_START = re.compile(r"^([ \t]*\d*)([#>+-]|(?<=\d)[.)])", re.M)
_FENCE = re.compile(r"`(?=``)")  # a backtick that would start three in a row, at any run's length
# Where a typed run stands while the catalog's commands are restated: one word, nothing people type.
_HOLE = "\ue000{n}\ue001"
_HOLES = re.compile("\ue000([0-9]+)\ue001")


_MENTION = re.compile(r"<(@!?|@&|#)(\d{15,21})>")
# A link as Discord writes it: masked, words over an address (`[our group](https://…)`, the address in
# angle brackets when its preview is suppressed), or an address in angle brackets alone (`<https://…>`).
_LINK = re.compile(r"\[([^\[\]\n]+)\]\(<?(https?://[^\s<>()]+)>?\)|<(https?://[^\s<>]+)>")


def readable(message: discord.Message) -> str:
    """Someone's message with its mentions as names (`@Tanaka`, `@moderators`, `#jobs`) and its links
    as words and address (`our group (https://…)`), as Discord shows them: the check quotes it, and
    `<@1234…>` or `[our group](https://…)` means nothing to the reader. The names come with the menu's
    message (its resolved mentions) or the server's channels; one not known reads as a neutral `@user`,
    `@role` or `#channel`, never as deleted."""
    people = {m.id: m.display_name for m in message.mentions}
    roles = {r.id: r.name for r in message.role_mentions}

    def name(m: re.Match[str]) -> str:
        kind, ident = m[1], int(m[2])
        if kind == "#":
            channel = message.guild.get_channel_or_thread(ident) if message.guild else None
            return "#" + (channel.name if channel is not None else "channel")
        if kind == "@&":
            return "@" + roles.get(ident, "role")
        return "@" + people.get(ident, "user")

    return unmasked(_MENTION.sub(name, message.content))


def unmasked(text: str) -> str:
    """Discord markdown's links as their reader sees them (`our group (https://…)`), in a message or
    an embed's description."""
    return _LINK.sub(_link, text)


def _link(m: re.Match[str]) -> str:
    """A link in someone's message as its reader saw it: words over an address ("our group") are
    quoted with the address, which is what the check reads; a link shown as its address is that address.
    Words run on after it are set apart by a space, or Discord would link them with the address
    ("(https://t.me/x) に参加", not "(https://t.me/x)に参加")."""
    label, url = m[1], m[2] or m[3]
    shown = url if not label or label in url else f"{label} ({url})"
    after = m.string[m.end() : m.end() + 1]
    return shown + " " if after and not after.isspace() and not after.isascii() else shown


def escape(text: str) -> str:
    """Typed text shown literally in Discord markdown: each markup character behind a backslash."""
    parts: list[str] = []
    last = 0
    for url in _URL.finditer(text):
        parts += [_escape_markup(text[last : url.start()]), url[0]]
        last = url.end()
    parts.append(_escape_markup(text[last:]))
    return "".join(parts)


def _escape_markup(text: str) -> str:
    text = _ANYWHERE.sub(lambda m: "\\" + (m[1] or ":"), text)
    return _LINE_START.sub(lambda m: m[1] + "\\" + m[2], text)


def shown(text: str, lang: str) -> str:
    """A message text as Discord shows it: typed runs escaped (inside a catalog code span only a
    backtick, which would end the span, is replaced), catalog runs with commands in Discord's form."""
    return discord.utils.escape_mentions(
        _restated(text, lang, lambda piece, in_code: piece.replace("`", "ˋ") if in_code else escape(piece))
    )


def _restated(text: str, lang: str, typed: Callable[[str, bool], str]) -> str:
    """`text` with its commands in Discord's form, also those that carry what people typed (`/gig vet
    "<typed name>" ...`): each typed run stands in as a hole while the commands are restated, then
    comes back through `typed(piece, inside a code span)`. A code span that a typed run opens with
    `/gig ` is a command written out whole, and is restated with its words."""
    holes: list[str] = []
    parts: list[str] = []
    for piece, is_typed in i18n.segments(text):
        if is_typed and piece.startswith("/gig ") and parts and parts[-1].endswith("`"):
            # a whole command the core wrote out (the list's next page): restated as the catalog's own
            parts.append(piece.replace("`", "ˋ"))
        elif is_typed:
            parts.append(_HOLE.format(n=len(holes)))
            holes.append(piece)
        else:
            parts.append(piece)
    template = restate("".join(parts), lang)
    out: list[str] = []
    in_code = False
    last = 0
    for m in _HOLES.finditer(template):
        catalog_run = template[last : m.start()]
        in_code ^= catalog_run.count("`") % 2 == 1
        out += [catalog_run, typed(holes[int(m[1])], in_code)]
        last = m.end()
    return "".join([*out, template[last:]])


def unabridged(message: Message) -> str:
    """The whole message for a file when it is too long to show: as `Message.text()`, but with the
    commands in Discord's form (typed text stays as typed)."""
    lang = message.lang
    parts = [_restated(part, lang, lambda piece, _: piece) for part in (message.title, message.body) if part]
    if message.draft:
        parts.append(f"{message.draft_label()}\n{message.draft}")
    return i18n.plain("\n\n".join(parts))


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clip_lines(text: str, limit: int) -> str:
    """A long answer cut after its last whole line that fits, marked on a line of its own (the file
    carries the rest): a sentence, a command or a markup pair is never cut in two. One line longer
    than the limit is cut where it must be."""
    if len(text) <= limit:
        return text
    end = text.rfind("\n", 0, limit - 1)
    return text[:end] + "\n…" if end > 0 else clip(text, limit)


def fence(text: str, limit: int) -> str:
    """A code block to copy from, at most `limit` characters: the text as it is, except that a
    code fence inside (three backticks or more in a row) cannot close the block early."""
    return "```\n" + clip(_FENCE.sub("`\u200b", i18n.plain(text)), limit - 8) + "\n```"


def document(text: str, filename: str) -> discord.File:
    return discord.File(io.BytesIO(i18n.plain(text).encode("utf-8")), filename=filename)


def embed(message: Message, text: str) -> discord.Embed:
    """Title, what happened and what to do now, and the draft in a code block to copy: in a field of
    its own, or, when it outgrows a field, whole under the text (an embed's description holds four
    times as much), so that it is never cut where it would be pasted."""
    lang = message.lang
    draft = _draft_placement(message, text)
    if draft == "description":
        assert message.draft is not None
        text = f"{text}\n\n**{message.draft_label()}**\n{fence(message.draft, EMBED_TEXT_MAX)}"
    card = discord.Embed(
        title=clip(shown(shortened(message.title, TITLE_MAX, lambda t: len(shown(t, lang))), lang), TITLE_MAX)
        if message.title
        else None,
        description=clip_lines(text, EMBED_TEXT_MAX) if text else None,
        colour=_COLOURS.get(message.kind),
    )
    if message.draft and draft != "description":
        label = clip(message.draft_label(), TITLE_MAX)
        card.add_field(name=label, value=fence(message.draft, FIELD_MAX), inline=False)
    return card


def _draft_placement(message: Message, text: str) -> str | None:
    """Where a message's draft goes: a field when it fits one, else the description when it fits there
    whole, else a field cut short (the whole then comes as a file too)."""
    if not message.draft:
        return None
    block = len(fence(message.draft, EMBED_TEXT_MAX))
    if block <= FIELD_MAX:
        return "field"
    room = EMBED_TEXT_MAX - len(text) - len(message.draft_label()) - 8
    return "description" if block <= room else "cut"


def render(message: Message) -> dict[str, Any]:
    """Keyword arguments for a send: `content` for short replies, an `embed` for reminders, warnings,
    digests and long text, `files` for exports (a body named by `Message.filename()`, or its attachment
    when the body introduces it) and for whatever is too long to show whole."""
    out: dict[str, Any] = {"allowed_mentions": NO_MENTIONS}
    stem = f"gig-{message.gig}" if message.gig is not None else "gigwatch"
    files: list[discord.File] = []
    body = message.body
    export = message.filename()
    if export is not None and not message.attachment:
        files.append(document(body, export))
        body = ""
    if message.attachment:  # an export under a note that introduces it, or an aside
        files.append(document(message.attachment, export or f"{stem}.txt"))
    text = _PREFIX.get(message.kind, "") + shown(body, message.lang) if body else ""
    if message.kind in _EMBEDDED or message.title or message.draft or len(text) > CONTENT_MAX:
        out["embed"] = embed(message, text)
        if len(text) > EMBED_TEXT_MAX or _draft_placement(message, text) == "cut":
            files.append(document(unabridged(message), f"{stem}.txt"))
    elif text:
        out["content"] = text
        out["suppress_embeds"] = True  # a link in it (often typed) stays a link: no preview card
    if files:
        out["files"] = files
    return out
