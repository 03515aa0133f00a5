"""Block Kit from the core's structures: messages, the App Home tab and the add modal.

One escaping rule for Slack: texts are laid out as rich text, where what people typed (marked by the
core, bot.i18n.catalog.literal) is a plain run that Slack shows literally: no bold, italics, strike,
code, emoji codes, links or mentions can come from it. The catalog's own markup is built as rich-text
styles: `code` spans, `*bold*` in Slack's own texts, and channel mentions (<#C123>). Drafts and
exports are preformatted rich text, shown exactly as they will be pasted. The few mrkdwn and plain
texts left (labels, the notification fallback) escape &, < and > as entities.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from adapters.shorten import shortened
from bot.commands.grammar import command
from bot.commands.vocab import Vocab, codes, label
from bot.domain.stages import Stage
from bot.domain.tracks import PLATFORMS
from bot.i18n import catalog as i18n
from bot.messages import Kind, Message
from bot.service.account import settings_params
from bot.service.overview import Overview

Block = dict[str, Any]
Run = dict[str, Any]  # a rich-text element: text (with its style), emoji or channel

SECTION_LIMIT = 3000  # characters of a section's or context element's text
RICH_LIMIT = 3000  # characters of text per rich-text block, kept like a section's
HEADER_LIMIT = 150
BUTTON_LIMIT = 75
FALLBACK_LIMIT = 3000  # the notification text; Slack allows more, a notification shows far less
MESSAGE_BLOCKS = 50
# Characters of text, over all blocks, that a posted message keeps to: chat.postMessage and
# chat.update refuse about 12,000 (msg_blocks_too_long, block containers counted; not in Slack's
# reference), where a response_url takes more. A longer export is posted as its file instead.
POSTED_TEXT = 10_000
UPLOAD = "slack_upload"  # marks the file half of split_file
REPLY_TEXT = (MESSAGE_BLOCKS - 1) * RICH_LIMIT  # an export a response_url shows whole
HOME_BLOCKS = 100
HOME_GIGS = 40
ACTIONS_BLOCK = "gigwatch_actions"  # block_id prefix; `gigwatch_actions:U123` names the recipient
ACTION_PREFIX = "gigwatch:"  # action_id prefix of reminder buttons; the rest is Action.key
ADD_CALLBACK = "gigwatch_add"  # the add modal's callback_id, and the Home tab button that opens it
ADD_FIELDS = ("title", "client", "platform", "stage", "amount", "url", "currency", "lang")
_EMOJI = {Kind.WARNING: "warning", Kind.ERROR: "x"}
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_CHARS = {v: k for k, v in _ENTITIES.items()}
_ENTITY = re.compile("&amp;|&lt;|&gt;")
# The catalog's markup: `code` and *bold* (each mark opens or closes its style, also around a typed
# run), and channel mentions; the rest of a catalog run is text.
_STYLES = {"`": "code", "*": "bold"}
_MARKUP = re.compile(r"([`*])|<#([A-Z0-9]+)>")


def escape(text: str) -> str:
    """The three characters Slack parses as control characters, as entities."""
    return "".join(_ENTITIES.get(c, c) for c in text)


def unescape(text: str) -> str:
    """What Slack sends (slash command text arrives escaped) back to what the person typed.

    One pass, so a typed `&amp;lt;` stays `&lt;` instead of becoming `<`."""
    return _ENTITY.sub(lambda m: _CHARS[m[0]], text)


def _pieces(line: str, limit: int) -> Iterator[str]:
    """An escaped line cut into pieces of at most `limit` characters, never inside an entity."""
    piece = ""
    for char in line:
        e = _ENTITIES.get(char, char)
        if len(piece) + len(e) > limit:
            yield piece
            piece = ""
        piece += e
    yield piece


def chunks(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Escaped text in pieces that fit one block, split at line ends where possible."""
    out: list[str] = []
    current: str | None = None
    for line in text.split("\n"):
        for piece in _pieces(line, limit):
            if current is not None and len(current) + 1 + len(piece) <= limit:
                current += "\n" + piece
            else:
                if current is not None:
                    out.append(current)
                current = piece
    if current is not None:
        out.append(current)
    return out


def clip(text: str, limit: int) -> str:
    """Escaped text cut to `limit` characters, with an ellipsis when cut."""
    first = next(_pieces(text, limit))
    if len(first) == len(escape(text)):
        return first
    return next(_pieces(text, limit - 1)) + "…"


def cut(text: str, limit: int) -> str:
    """Plain text cut to `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(text: str, limit: int = SECTION_LIMIT, *, emoji: bool = True) -> dict[str, Any]:
    """A plain_text object (escaped: Slack decodes the entities for display); `emoji=False` where typed
    text may be inside, so `:smile:` stays as typed."""
    return {"type": "plain_text", "text": clip(i18n.plain(text), limit) or " ", "emoji": emoji}


def context(escaped: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": escaped}]}


def _text(text: str, styles: set[str]) -> Run:
    return {
        "type": "text",
        "text": text,
        **({"style": dict.fromkeys(sorted(styles), True)} if styles else {}),
    }


def runs(text: str) -> list[Run]:
    """A composed text as rich-text elements: the catalog's markup as styles, which a typed run
    inside them takes on; the typed run itself is always plain text."""
    out: list[Run] = []
    styles: set[str] = set()
    for piece, typed in i18n.segments(text):
        if typed:
            out.append(_text(piece, styles))
            continue
        last = 0
        for m in _MARKUP.finditer(piece):
            if "code" in styles and m[1] != "`":  # inside code, only a backtick means something
                continue
            out.append(_text(piece[last : m.start()], styles))
            if m[1]:
                styles ^= {_STYLES[m[1]]}
            else:
                out.append({"type": "channel", "channel_id": m[2]})
            last = m.end()
        out.append(_text(piece[last:], styles))
    return [r for r in out if r.get("text") != ""]


def _lines(elements: list[Run]) -> Iterator[list[Run]]:
    """The elements line by line (a text element split at its line breaks)."""
    line: list[Run] = []
    for element in elements:
        if element["type"] != "text":
            line.append(element)
            continue
        first, *rest = element["text"].split("\n")
        if first:
            line.append({**element, "text": first})
        for part in rest:
            yield line
            line = [{**element, "text": part}] if part else []
    yield line


def rich(text: str, *, emoji: str | None = None, limit: int = RICH_LIMIT) -> list[Block]:
    """A message text as rich-text blocks of at most `limit` characters of text each."""
    blocks: list[list[Run]] = [
        [{"type": "emoji", "name": emoji}, {"type": "text", "text": " "}] if emoji else []
    ]
    size = 0
    for line in _lines(runs(text)):
        for element in _split(line, limit):
            length = len(element.get("text", "")) + 1
            if size + length > limit and any(e.get("text") for e in blocks[-1]):
                blocks.append([])
                size = 0
            blocks[-1].append(element)
            size += length
        if blocks[-1]:
            blocks[-1].append({"type": "text", "text": "\n"})
    return [_section_block(elements) for elements in blocks if _trimmed(elements)]


def _split(line: list[Run], limit: int) -> Iterator[Run]:
    for element in line:
        text = element.get("text")
        if text is None or len(text) <= limit:
            yield element
            continue
        for i in range(0, len(text), limit):
            yield {**element, "text": text[i : i + limit]}


def _trimmed(elements: list[Run]) -> list[Run]:
    while elements and elements[-1] == {"type": "text", "text": "\n"}:
        elements.pop()
    return elements


def _section_block(elements: list[Run]) -> Block:
    return {"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": elements}]}


def preformatted(text: str) -> list[Block]:
    """A draft to copy or an export: shown exactly as it is, markup and all, in rich-text blocks."""
    text = i18n.plain(text)
    return [
        {
            "type": "rich_text",
            "elements": [
                {
                    "type": "rich_text_preformatted",
                    "elements": [{"type": "text", "text": text[i : i + RICH_LIMIT]}],
                }
            ],
        }
        for i in range(0, max(len(text), 1), RICH_LIMIT)
        if text[i : i + RICH_LIMIT]
    ]


def text_size(node: Any) -> int:
    """Characters of text in blocks, as Slack counts them toward a posted message: every `text`."""
    if isinstance(node, dict):
        return sum(len(v) if k == "text" and isinstance(v, str) else text_size(v) for k, v in node.items())
    if isinstance(node, list):
        return sum(text_size(item) for item in node)
    return 0


def split_file(message: Message) -> tuple[Message, Message] | None:
    """An export under the note that introduces it (a timeline too long for a message, which the
    note names as a file): the note as a message, and the export as its file."""
    if not message.attachment or message.filename() is None:
        return None
    note = replace(message, attachment=None, extra={k: v for k, v in message.extra.items() if k != "format"})
    file = replace(message, body=message.attachment, attachment=None, extra={**message.extra, UPLOAD: True})
    return note, file


def as_file(message: Message, limit: int = POSTED_TEXT) -> bool:
    """Sent as a file rather than a message: a whole document, the export a note introduces
    (split_file), or an export (a timeline in CSV, JSON or Markdown) longer than `limit` characters
    (what a posted message takes, or REPLY_TEXT for a response_url)."""
    if message.document or message.extra.get(UPLOAD):
        return True
    export = message.filename() is not None and not message.attachment
    return export and len(i18n.plain(message.body)) > limit


def fallback(message: Message) -> str:
    """The top-level `text`: what notifications and screen readers show."""
    return clip(message.text(), FALLBACK_LIMIT)


def message_blocks(message: Message, *, owner: str | None = None, budget: int | None = None) -> list[Block]:
    """A core message as Block Kit: title, body, the draft to copy, attachment, then buttons.

    `owner` is the Slack user the message is for; it is written into the buttons' block id so a
    press by anyone else is refused (a reminder's buttons act for its recipient only). `budget` caps
    the characters of text in all blocks (POSTED_TEXT for a posted message), cutting with a mark."""
    blocks: list[Block] = []
    if message.title:
        title = shortened(message.title, HEADER_LIMIT, lambda t: len(escape(i18n.plain(t))))
        blocks.append({"type": "header", "text": plain(title, HEADER_LIMIT, emoji=False)})
    if message.extra.get("format") and not message.attachment:  # the export itself
        blocks += preformatted(message.body)
    elif message.body:
        blocks += rich(message.body, emoji=_EMOJI.get(message.kind))
    if message.draft:
        blocks.append(context(escape(message.draft_label())))
        blocks += preformatted(message.draft)
    if message.attachment:
        blocks += preformatted(message.attachment)
    tail: list[Block] = []
    if message.actions:
        tail.append(
            {
                "type": "actions",
                "block_id": f"{ACTIONS_BLOCK}:{owner}" if owner else ACTIONS_BLOCK,
                "elements": [
                    {
                        "type": "button",
                        "action_id": f"{ACTION_PREFIX}{a.key}",
                        "text": plain(a.label, BUTTON_LIMIT),
                        "value": a.command,
                        **({"style": "primary"} if a.key == "heard" else {}),
                    }
                    for a in message.actions
                ],
            }
        )
    if len(blocks) + len(tail) > MESSAGE_BLOCKS:
        blocks = [*blocks[: MESSAGE_BLOCKS - len(tail) - 1], context("…")]
    if budget is not None and text_size(blocks) + text_size(tail) > budget:
        room = budget - text_size(tail) - 1
        kept: list[Block] = []
        for block in blocks:
            room -= text_size(block)
            if room < 0:
                break
            kept.append(block)
        blocks = [*kept, context("…")]
    return blocks + tail


def settled(blocks: Sequence[Block], replies: Sequence[Message]) -> list[Block]:
    """A reminder after a button press: its buttons replaced by what the press did."""
    done = [b for r in replies for b in rich(r.body, emoji="white_check_mark")]
    out: list[Block] = []
    for block in blocks:
        if block.get("type") == "actions" and str(block.get("block_id", "")).startswith(ACTIONS_BLOCK):
            out += done
            done = []
        else:
            out.append(block)
    return (out + done)[:MESSAGE_BLOCKS]


def platform_name(lang: str, platform: str) -> str:
    return i18n.t(lang, f"platform.{platform}") if platform in PLATFORMS else platform


def home_view(view: Overview, lang: str) -> dict[str, Any]:
    """The Home tab: open gigs with stage, silence and the next step, then the user's settings."""
    t = i18n.t
    blocks: list[Block] = [
        {"type": "header", "text": plain(t(lang, "slack.home.header"), HEADER_LIMIT)},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "action_id": ADD_CALLBACK,
                    "style": "primary",
                    "text": plain(t(lang, "slack.home.add_button"), BUTTON_LIMIT),
                }
            ],
        },
    ]
    if not view.gigs:
        blocks += rich(t(lang, "slack.home.empty"))
    user = view.user
    tz = user.tz if user else "UTC"
    for g in view.gigs[:HOME_GIGS]:
        silence = (
            t(lang, i18n.own_key(lang, "reply.silent_days", g.platform), days=g.silent_days)
            if g.silent_days is not None
            else t(lang, "reply.not_waiting")
        )
        nxt = (
            t(lang, "reply.next_step", step=g.next_step_label, when=i18n.when(lang, g.next_at, tz))
            if g.next_step_label and g.next_at
            else t(lang, "reply.no_next_step")
        )
        text = t(
            lang,
            "slack.home.gig",
            gig=g.number,
            title=i18n.literal(g.title),
            client=i18n.literal(g.client),
            platform=platform_name(lang, g.platform),
            stage=g.stage_label,
            silence=silence,
            next=nxt,
        )
        blocks += rich(text)
    if len(view.gigs) > HOME_GIGS:
        blocks.append(context(escape(t(lang, "slack.home.more", count=len(view.gigs) - HOME_GIGS))))
    if user is not None:
        settings = t(lang, "slack.home.settings", **settings_params(user, lang))
        blocks += [
            {"type": "divider"},
            {"type": "header", "text": plain(t(lang, "slack.home.settings_header"), HEADER_LIMIT)},
            *rich(settings),
            context(escape(t(lang, "slack.home.settings_hint"))),
        ]
    blocks += [{"type": "divider"}, context(escape(t(lang, "slack.home.footer")))]
    return {"type": "home", "blocks": blocks[:HOME_BLOCKS]}


def add_modal(lang: str, platform: str, origin: dict[str, str | None]) -> dict[str, Any]:
    """The `/gig add` form; `origin` (where to answer) travels in private_metadata."""
    t = i18n.t
    spec = command("add")
    assert spec is not None

    def limit(name: str) -> int:
        arg = spec.arg(name)
        assert arg is not None
        return arg.max_len

    def option(value: str, label: str) -> dict[str, Any]:
        return {"text": plain(label, BUTTON_LIMIT), "value": value}

    def field(name: str, element: dict[str, Any], *, optional: bool = False) -> Block:
        return {
            "type": "input",
            "block_id": name,
            "optional": optional,
            "label": plain(t(lang, f"slack.modal.{name}_label"), 2000),
            "element": {"action_id": name, **element},
        }

    def choices(vocab: Vocab) -> dict[str, Any]:
        """An optional choice left empty by default: the platform's default applies (bot.domain)."""
        return {
            "type": "static_select",
            "options": [option(code, label(vocab, code, lang)) for code in codes(vocab)],
            "placeholder": plain(t(lang, "slack.modal.platform_default"), 150),
        }

    platforms = [option(p, t(lang, f"platform.{p}")) for p in PLATFORMS]
    stages = [option(s.value, t(lang, f"stage.{s.value}")) for s in Stage if not s.final]
    return {
        "type": "modal",
        "callback_id": ADD_CALLBACK,
        "title": plain(t(lang, "slack.modal.title"), 24),
        "submit": plain(t(lang, "slack.modal.submit"), 24),
        "close": plain(t(lang, "slack.modal.close"), 24),
        "private_metadata": json.dumps(origin),
        "blocks": [
            field(
                "title",
                {
                    "type": "plain_text_input",
                    "max_length": limit("title"),
                    "placeholder": plain(t(lang, "slack.modal.title_placeholder"), 150),
                },
            ),
            field("client", {"type": "plain_text_input", "max_length": limit("client")}),
            field(
                "platform",
                {
                    "type": "static_select",
                    "options": platforms,
                    "initial_option": next((o for o in platforms if o["value"] == platform), platforms[0]),
                },
            ),
            field("stage", {"type": "static_select", "options": stages, "initial_option": stages[0]}),
            field("amount", {"type": "number_input", "is_decimal_allowed": True}, optional=True),
            field("url", {"type": "url_text_input"}, optional=True),
            field("currency", choices(Vocab.CURRENCY), optional=True),
            field("lang", choices(Vocab.LANG), optional=True),
        ],
    }


def submitted(values: dict[str, dict[str, dict[str, Any]]]) -> dict[str, str]:
    """The add modal's state, field by field (empty optional fields left out)."""
    out: dict[str, str] = {}
    for name in ADD_FIELDS:
        state = values.get(name, {}).get(name, {})
        value = (state.get("selected_option") or {}).get("value") if "selected_option" in state else None
        value = value if value is not None else state.get("value")
        if value not in (None, ""):
            out[name] = str(value)
    return out
