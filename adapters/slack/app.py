"""The bolt app wired to the core: `/gig`, text typed in the app's Messages tab, reminder buttons,
the add modal, the message shortcut "Check for scam signs" and the App Home tab.

Slack wants an answer within 3 seconds. Each listener acknowledges before anything that can be slow
(a Web API call such as users.info, a database read) and hands the work to a tracked background
task. Bolt runs with `process_before_response=True`, so it answers as soon as the listener returns
(right after the ack), a modal's validation errors can still travel in the ack, and `idle()` can
wait for the work itself (a graceful stop; tests). What the ack needs to say (the form, its errors)
is in the person's language as the adapter already knows it: the language the form was opened in,
else the person's as last seen, else the workspace's usual one.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web
from cachetools import TTLCache
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.base import Core, Deliver
from adapters.slack.files import upload
from adapters.slack.render import (
    ACTION_PREFIX,
    ADD_CALLBACK,
    ADD_FIELDS,
    POSTED_TEXT,
    REPLY_TEXT,
    add_modal,
    as_file,
    clip,
    escape,
    fallback,
    home_view,
    message_blocks,
    settled,
    split_file,
    submitted,
    unescape,
)
from bot import compose
from bot.commands.grammar import command
from bot.commands.parser import ParsedCommand, Token, bind
from bot.commands.values import normalize
from bot.errors import CommandError
from bot.i18n import catalog as i18n
from bot.inputs import clean_values
from bot.messages import Kind, Message
from bot.ports import UserRecord, language
from bot.service import Actor

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
DEDUPE_SECONDS = 900  # Slack retries an event after about 0 s, 1 min and 5 min
PEOPLE_SECONDS = 600  # how long a users.info answer (locale, admin flags) is trusted
LANGS_SECONDS = 7 * 86_400  # how long a person's language, as last seen, is remembered
NETWORK_ERRORS = (SlackApiError, aiohttp.ClientError, TimeoutError)
CHECK_CALLBACK = "gigwatch_check"  # the message shortcut "Check for scam signs"
CHECK = "check"  # the grammar command it runs
DEFAULT_PLATFORM = UserRecord(0, "", "").platform  # what a new person's form starts with
# Links and mailto addresses in typed messages arrive as <url|label>: the url is what was typed.
_LINK = re.compile(r"<((?:https?|mailto):[^|>]+)(?:\|([^>]*))?>")
# Mentions in a posted message's text: <@U123> (a person), <#C123|name> (a channel), <!here>,
# <!subteam^S123|@team>, <!date^...|fallback>. Quoted back, they read as names, never as markup.
_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
_SPECIAL = re.compile(r"<([#!])([^|>]*)(?:\|([^>]*))?>")


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a command came from, hence where its replies go."""

    team: str
    user: str
    channel: str | None = None
    response_url: str | None = None


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    locale: str | None
    admin: bool


def typed(text: str) -> str:
    """A message's text (the Messages tab, a shortcut's message) as the person typed it."""
    return unescape(_LINK.sub(lambda m: m[2] if m[1].startswith("mailto:") and m[2] else m[1], text))


def _special(m: re.Match[str]) -> str:
    """A channel, group or broadcast mention as a person reads it: #name, @team, @here."""
    kind, target, label = m[1], m[2], m[3]
    if kind == "#":
        return "#" + (label or "channel")
    if label:
        return label if label.startswith("@") or target.startswith("date^") else "@" + label
    return "@" + target.split("^", 1)[0]


def _masked(m: re.Match[str]) -> str:
    """A link in someone's message as its reader saw it: words over an address ("our group") are
    quoted with the address, which is what the check reads; a link shown as its address stays one."""
    url, label = m[1], m[2]
    if not label or label in url:
        return m[0]
    return f"{label} ({url.removeprefix('mailto:')})"


def _metadata(view: dict[str, Any]) -> dict[str, Any]:
    """What the add form carries in private_metadata: where to answer, and its language."""
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


class ResponseUrlError(Exception):
    """Slack refused a response_url post (expired, used up); the outbox sends the reply later."""


class _ClientGivenNotice(logging.Filter):
    """Bolt also reads SLACK_BOT_TOKEN from the environment and then warns that the given client wins.
    That client carries the very same token (with the configured API URL): the warning only misleads."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("As you gave `client`")


BOLT_LOG = logging.getLogger("adapters.slack.bolt")
BOLT_LOG.addFilter(_ClientGivenNotice())


def add_command(values: dict[str, str]) -> ParsedCommand:
    """The add modal's fields as a grammar command: each value one quoted token, so no quoting
    rules apply to what the person typed."""
    spec = command("add")
    assert spec is not None
    tokens = [Token(v, None if k == "title" else k, quoted=True) for k, v in values.items()]
    return ParsedCommand("add", bind(spec, tokens))


class SlackApp:
    """One bolt AsyncApp bound to the core. `handle` serves HTTP mode; Socket Mode wraps `bolt`."""

    def __init__(self, core: Core, client: AsyncWebClient, signing_secret: str) -> None:
        self.core = core
        self.client = client
        self.bolt = AsyncApp(
            client=client,
            signing_secret=signing_secret,
            process_before_response=True,
            name="gigwatch",
            logger=BOLT_LOG,
        )
        # HTTP mode only (Socket Mode has no signing secret: Slack's own connection vouches for it)
        self.verifier = SignatureVerifier(signing_secret) if signing_secret else None
        self._seen: TTLCache[str, bool] = TTLCache(maxsize=100_000, ttl=DEDUPE_SECONDS)
        self._people: TTLCache[tuple[str, str], Person] = TTLCache(maxsize=20_000, ttl=PEOPLE_SECONDS)
        self._dms: TTLCache[tuple[str, str], str] = TTLCache(maxsize=20_000, ttl=86_400)
        # What the adapter knows without asking anyone, for what must travel in an ack.
        self._langs: TTLCache[tuple[str, str], str] = TTLCache(maxsize=100_000, ttl=LANGS_SECONDS)
        self._team_langs: TTLCache[str, str] = TTLCache(maxsize=10_000, ttl=LANGS_SECONDS)
        self._platforms: TTLCache[tuple[str, str], str] = TTLCache(maxsize=100_000, ttl=LANGS_SECONDS)
        self._tasks: set[asyncio.Task[None]] = set()
        self.bolt.use(self._once)
        self.bolt.command("/gig")(self._on_command)
        self.bolt.action(re.compile(f"^{re.escape(ACTION_PREFIX)}"))(self._on_button)
        self.bolt.action(ADD_CALLBACK)(self._on_add_button)
        self.bolt.view(ADD_CALLBACK)(self._on_add_submission)
        self.bolt.event("app_home_opened")(self._on_home_opened)
        self.bolt.event("message")(self._on_message)
        self.bolt.shortcut(CHECK_CALLBACK)(self._on_check_shortcut)

    # serving ----------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.Response:
        """POST /slack/events. The signature and its timestamp are checked on the raw bytes before
        anything in the body is read (401 otherwise); a signed body that is not what Slack sends is
        a 400. Either is one INFO line: no traceback, nothing run. Bolt then checks again."""
        raw = await request.read()
        stamp = request.headers.get("X-Slack-Request-Timestamp")
        signature = request.headers.get("X-Slack-Signature")
        if not stamp or not signature or self.verifier is None:
            return _refused(401, "unsigned")
        if not stamp.isascii() or not stamp.isdigit() or len(stamp) > 12:
            return _refused(400, "bad timestamp header")
        if not self.verifier.is_valid(raw, stamp, signature):
            return _refused(401, "bad or stale signature")
        try:
            bolt_request = AsyncBoltRequest(
                body=raw.decode("utf-8"), query=request.query_string, headers=dict(request.headers)
            )
        except (ValueError, TypeError, AttributeError, KeyError):  # not JSON or form, or not of that shape
            return _refused(400, "body Slack would not send")
        if not _slack_shaped(bolt_request.body):
            return _refused(400, "body Slack would not send")
        response = await self.bolt.async_dispatch(bolt_request)
        return await to_aiohttp_response(response)

    async def idle(self) -> None:
        """Wait until every acknowledged request has been fully handled."""
        while self._tasks:
            await asyncio.wait(set(self._tasks))

    async def close(self, grace: float = 5.0) -> None:
        """Let work in progress finish for `grace` seconds, then cancel what is left."""
        if not self._tasks:
            return
        _, pending = await asyncio.wait(set(self._tasks), timeout=grace)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    def _spawn(self, work: Coroutine[Any, Any, None], what: str) -> None:
        task = asyncio.create_task(self._guard(work, what), name=f"slack-{what}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    @staticmethod
    async def _guard(work: Coroutine[Any, Any, None], what: str) -> None:
        try:
            await work
        except Exception:
            log.exception("slack work failed", extra={"work": what})

    # middleware -------------------------------------------------------------
    async def _once(
        self, body: dict[str, Any], request: AsyncBoltRequest, next_: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        """Slack retries what it thinks was not answered (X-Slack-Retry-Num); each event and each
        interaction (a trigger_id is unique per invocation) is handled once. Runs after bolt's
        signature check, so forged requests cannot fill the memory of what was seen."""
        key = body.get("event_id") or body.get("trigger_id")
        if isinstance(key, str):
            if key in self._seen:
                retry = request.headers.get("x-slack-retry-num", [""])
                log.info("duplicate slack delivery ignored", extra={"key": key, "retry": retry[0]})
                return BoltResponse(status=200, body="")
            self._seen[key] = True
        await next_()
        return None

    # listeners: each acknowledges before anything slow (a Web API call, a database read) ---------
    async def _on_command(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        self._spawn(self._command(body), "command")

    async def _on_button(self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        self._spawn(self._button(body, action), "button")

    async def _on_add_button(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        origin = Origin(_team(body), body["user"]["id"])
        self._spawn(self._open_add(origin, body["trigger_id"], body["user"].get("name", "")), "add-form")

    async def _on_add_submission(self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        """Bad fields are answered in the form itself (response_action=errors); nothing is run. The
        answer must travel in the ack, so its language is what the adapter already holds: the one the
        form was opened in."""
        try:
            parsed = add_command(submitted(view["state"]["values"]))
        except CommandError as exc:
            lang = _metadata(view).get("lang") or self._lang(_team(body), body["user"]["id"])
            field = exc.params.get("arg") or exc.params.get("what")
            # cleaned as the core cleans what any refusal echoes (bot.inputs), without a read or a call
            params = {**clean_values(exc.params), "command": "add"}
            text = i18n.plain(compose.error(lang, exc.key, params).body)
            block = field if field in ADD_FIELDS else "title"
            await ack(response_action="errors", errors={block: clip(text, 2000)})
            return
        await ack()
        self._spawn(self._submitted(body, view, parsed), "add")

    async def _on_check_shortcut(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        self._spawn(self._check(body), "check")

    async def _on_home_opened(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("tab") == "home":
            self._spawn(self._home(_team(body), event["user"]), "home")

    async def _on_message(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        """Text typed to the app in its Messages tab runs as a command (people's messages only: not the
        app's own, nor edits and other subtypes)."""
        if (
            event.get("channel_type") != "im"
            or event.get("bot_id")
            or event.get("subtype")
            or not event.get("user")
        ):
            return
        self._spawn(self._typed(_team(body), event), "message")

    # work -------------------------------------------------------------------
    async def _command(self, body: dict[str, Any]) -> None:
        origin = Origin(body["team_id"], body["user_id"], body.get("channel_id"), body.get("response_url"))
        text = unescape(body.get("text") or "")
        if normalize(text).lower().split() == ["add"]:
            await self._open_add(origin, body["trigger_id"], body.get("user_name", ""))
            return
        actor = await self._actor(origin.team, origin.user, body.get("user_name", ""))
        await self._run(actor, text, await self._replier(origin))

    async def _typed(self, team: str, event: dict[str, Any]) -> None:
        """A message in the app's DM: run it, and answer there."""
        channel, user = str(event["channel"]), str(event["user"])
        self._dms[(team, user)] = channel
        actor = await self._actor(team, user)

        async def deliver(message: Message) -> str | None:
            return await self._post(channel, message)

        text = await self._named(team, event.get("text") or "", channels=False)
        await self._run(actor, typed(text), deliver)

    async def _check(self, body: dict[str, Any]) -> None:
        """The message shortcut "Check for scam signs": `check` on that message, answered privately."""
        team, user = _team(body), body["user"]["id"]
        origin = Origin(team, user, (body.get("channel") or {}).get("id"), body.get("response_url"))
        actor = await self._actor(team, user, body["user"].get("name", ""))
        deliver = await self._replier(origin)
        text = typed(await self._readable(team, (body.get("message") or {}).get("text") or ""))
        spec = command(CHECK)
        assert spec is not None
        try:
            if not text.strip():
                raise CommandError("slack.no_text")
            parsed = ParsedCommand(CHECK, bind(spec, [Token(text, quoted=True)]))
        except CommandError as exc:
            await self.core.refuse(actor, exc, CHECK, deliver)
            return
        await self._run(actor, parsed, deliver)

    async def _readable(self, team: str, text: str) -> str:
        """Someone's message (as Slack sends it, escaped) with its mentions as names and its links as
        their reader saw them: the check quotes it, and a raw `<@U123>` means nothing to the reader."""
        return _LINK.sub(_masked, await self._named(team, text))

    async def _named(self, team: str, text: str, *, channels: bool = True) -> str:
        """A message's text (as Slack sends it, escaped) with its mentions as names (`@person-name`,
        `#general`, `@here`), as the person who wrote it typed them: Slack's markup for them would
        otherwise be kept in titles and notes, and shown in every reply and draft. The names are plain
        text in replies, which Slack shows literally, so nobody is pinged. `channels=False` keeps a
        channel's markup: in a command it names the channel (`digest <#C123|jobs>`)."""
        names = {uid: (await self._actor(team, uid)).name for uid, label in _USER.findall(text) if not label}
        text = _USER.sub(lambda m: "@" + (m[2] or escape(names.get(m[1]) or "") or "user"), text)
        return _SPECIAL.sub(lambda m: m[0] if m[1] == "#" and not channels else _special(m), text)

    async def _submitted(self, body: dict[str, Any], view: dict[str, Any], parsed: ParsedCommand) -> None:
        where = _metadata(view)
        origin = Origin(_team(body), body["user"]["id"], where.get("channel"), where.get("response_url"))
        actor = await self._actor(origin.team, origin.user, body["user"].get("name", ""))
        await self._run(actor, parsed, await self._replier(origin))

    async def _run(self, actor: Actor, text: str | ParsedCommand, deliver: Deliver) -> None:
        try:
            outcome = await self.core.command(actor, text, deliver)
            if outcome.replies:
                self._learn(actor, outcome.replies[0].message.lang)
        except (*NETWORK_ERRORS, ResponseUrlError) as exc:
            # The command is done; its stored replies stay in the outbox and come as a DM shortly.
            log.warning("reply not delivered in the interaction", extra={"error": type(exc).__name__})
        except Exception:
            log.exception("slack command failed", extra={"workspace": actor.workspace})
            try:
                lang = (await self._user(actor)).language
                await deliver(Message(Kind.ERROR, lang, i18n.t(lang, "slack.failed")))
            except Exception as exc:
                log.warning("could not tell the user", extra={"error": type(exc).__name__})
        await self.publish_home(actor)

    async def _button(self, body: dict[str, Any], action: dict[str, Any]) -> None:
        clicker = body["user"]["id"]
        actor = await self._actor(_team(body), clicker, body["user"].get("name", ""))
        response_url: str | None = body.get("response_url")
        owner = str(action.get("block_id", "")).partition(":")[2]
        if owner and owner != clicker:
            log.info("button of another user's message refused", extra={"workspace": actor.workspace})
            if response_url:
                lang = (await self._user(actor)).language
                await self._respond(response_url, Message(Kind.ERROR, lang, i18n.t(lang, "slack.not_yours")))
            return
        key = str(action["action_id"]).removeprefix(ACTION_PREFIX)
        channel, message = body["channel"]["id"], body["message"]
        shown: list[Message] = []

        async def deliver(reply: Message) -> str | None:
            """Errors go to the presser alone; `open` answers in the thread; anything else replaces
            the buttons with what was done, so the reminder shows its outcome."""
            if reply.kind is Kind.ERROR and response_url:
                await self._respond(response_url, reply)
                return None
            if key == "open" or reply.kind is Kind.ERROR:
                return await self._post(channel, reply, thread_ts=message["ts"])
            shown.append(reply)
            response = await self.client.chat_update(
                channel=channel,
                ts=message["ts"],
                text=message.get("text") or fallback(reply),
                blocks=settled(message.get("blocks") or [], shown),
            )
            return str(response["ts"])

        await self._run(actor, str(action.get("value", "")), deliver)

    async def _open_add(self, origin: Origin, trigger_id: str, name: str) -> None:
        """The add form, opened at once (Slack's trigger_id lasts 3 seconds) in the language and with
        the platform the adapter already knows for the person; corrected once the stored settings
        are read, if they differ."""
        team, user = origin.team, origin.user
        lang, platform = self._lang(team, user), self._platforms.get((team, user), DEFAULT_PLATFORM)
        where: dict[str, str | None] = {"channel": origin.channel, "response_url": origin.response_url}
        opened = await self.client.views_open(
            trigger_id=trigger_id, view=add_modal(lang, platform, {**where, "lang": lang})
        )
        stored = await self._user(await self._actor(team, user, name))
        if (stored.language, stored.platform) == (lang, platform):
            return
        view = opened.get("view") or {}
        try:
            await self.client.views_update(
                view_id=view.get("id"),
                hash=view.get("hash"),
                view=add_modal(stored.language, stored.platform, {**where, "lang": stored.language}),
            )
        except NETWORK_ERRORS as exc:  # the person already changed the form, or it was closed
            log.info("add form not updated", extra={"error": type(exc).__name__})

    async def _home(self, team: str, user: str) -> None:
        await self.publish_home(await self._actor(team, user))

    async def publish_home(self, actor: Actor) -> None:
        """Show the person's open gigs and settings on the Home tab (best effort)."""
        view = await self.core.overview(actor)
        lang = view.user.language if view.user else UserRecord(0, "", "", locale=actor.locale).language
        try:
            await self.client.views_publish(user_id=actor.external_id, view=home_view(view, lang))
        except NETWORK_ERRORS as exc:
            log.warning("home tab not published", extra={"error": type(exc).__name__})

    # replies ----------------------------------------------------------------
    async def _replier(self, origin: Origin) -> Deliver:
        """Replies are ephemeral where the command was typed, and ordinary messages in the DM with
        the app (or when Slack gave no response_url, as after a form opened from the Home tab)."""
        app_dm = await self._app_dm(origin)
        in_app_dm = app_dm is not None and app_dm == origin.channel

        async def deliver(message: Message) -> str | None:
            if (parts := split_file(message)) is not None:  # the note where it was asked, then the file
                note, file = parts
                shown = await deliver(note)
                await deliver(file)
                return shown
            if in_app_dm or not origin.response_url:
                return await self._post(app_dm if in_app_dm and app_dm else origin.user, message)
            if as_file(
                message, REPLY_TEXT
            ):  # a file cannot be ephemeral: it goes to the DM, and the reply says so
                shared = await self._post(origin.user, message)
                notice = i18n.t(message.lang, "slack.file_sent", name=message.filename() or "")
                try:
                    await self._respond(origin.response_url, Message(Kind.REPLY, message.lang, notice))
                except (*NETWORK_ERRORS, ResponseUrlError) as exc:  # the file is there: never send it twice
                    log.warning("file notice not delivered", extra={"error": type(exc).__name__})
                return shared
            await self._respond(origin.response_url, message)
            return None

        return deliver

    async def _app_dm(self, origin: Origin) -> str | None:
        """The id of the app's own DM with the user (cached); only a D... channel can be it."""
        if not (origin.channel or "").startswith("D"):
            return None
        key = (origin.team, origin.user)
        if key not in self._dms:
            try:
                response = await self.client.conversations_open(users=origin.user)
            except NETWORK_ERRORS as exc:
                log.warning("conversations.open failed", extra={"error": type(exc).__name__})
                return None
            self._dms[key] = str(response["channel"]["id"])
        return self._dms[key]

    async def _post(self, channel: str, message: Message, *, thread_ts: str | None = None) -> str:
        if (parts := split_file(message)) is not None:
            note, file = parts
            posted = await self._post(channel, note, thread_ts=thread_ts)
            await self._post(channel, file, thread_ts=thread_ts)
            return posted
        if as_file(message):
            return await upload(self.client, channel, message, thread_ts=thread_ts)
        response = await self.client.chat_postMessage(
            channel=channel,
            text=fallback(message),
            blocks=message_blocks(message, budget=POSTED_TEXT),
            thread_ts=thread_ts,
            unfurl_links=False,
            unfurl_media=False,
        )
        return str(response["ts"])

    async def _respond(self, url: str, message: Message) -> None:
        response = await AsyncWebhookClient(url, timeout=10).send(
            text=fallback(message),
            blocks=message_blocks(message),
            response_type="ephemeral",
            replace_original=False,
        )
        if response.status_code != 200:
            raise ResponseUrlError(f"response_url answered {response.status_code}")

    # people -----------------------------------------------------------------
    async def _actor(self, team: str, user: str, name: str = "") -> Actor:
        """The person as the core sees them: locale and admin flags from users.info, cached."""
        key = (team, user)
        person = self._people.get(key)
        if person is None:
            try:
                info = (await self.client.users_info(user=user, include_locale=True)).get("user")
            except NETWORK_ERRORS as exc:
                log.warning("users.info failed", extra={"error": type(exc).__name__})
                return Actor(f"slack:{team}", user, name)
            if not isinstance(info, dict):  # an answer without the user: go on without what it would say
                log.info("users.info answered without a user", extra={"workspace": f"slack:{team}"})
                return Actor(f"slack:{team}", user, name)
            profile = info.get("profile") or {}
            person = Person(
                name=profile.get("display_name") or info.get("real_name") or info.get("name") or name,
                locale=info.get("locale"),
                admin=bool(info.get("is_admin") or info.get("is_owner")),
            )
            self._people[key] = person
        return Actor(f"slack:{team}", user, person.name, person.locale, person.admin)

    async def _user(self, actor: Actor) -> UserRecord:
        """The stored user, or how a new one would start (for the language of Slack-only texts)."""
        user = await self.core.user(actor)
        if user is None:
            user = UserRecord(0, actor.workspace, actor.external_id, locale=actor.locale)
        user.locale = actor.locale or user.locale
        self._learn(actor, user.language, user.platform)
        return user

    # what is known without asking --------------------------------------------
    def _lang(self, team: str, user: str) -> str:
        """A person's language without a call or a read: as last seen, else the workspace's usual one."""
        return self._langs.get((team, user)) or self._team_langs.get(team) or language(None, None)

    def _learn(self, actor: Actor, lang: str, platform: str | None = None) -> None:
        team = actor.workspace.removeprefix("slack:")
        self._langs[(team, actor.external_id)] = lang
        self._team_langs[team] = lang
        if platform is not None:
            self._platforms[(team, actor.external_id)] = platform


def _refused(status: int, why: str) -> web.Response:
    log.info("slack request refused", extra={"status": status, "reason": why})
    return web.Response(status=status)


def _slack_shaped(body: object) -> bool:
    """A slash command, an interaction (its `payload` parsed to an object), or an event callback."""
    return isinstance(body, dict) and (
        isinstance(body.get("command"), str)
        or isinstance(body.get("type"), str)
        or body.get("ssl_check") is not None
    )


def _team(body: dict[str, Any]) -> str:
    """The workspace of an interaction or event payload."""
    team = body.get("team")
    if isinstance(team, dict) and team.get("id"):
        return str(team["id"])
    return str(body.get("team_id") or body.get("user", {}).get("team_id", ""))
