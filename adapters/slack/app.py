"""The bolt app wired to the core: `/gig`, reminder buttons, the add modal and the App Home tab.

Slack wants an answer within 3 seconds. Each listener acknowledges and hands the work to a tracked
background task. Bolt runs with `process_before_response=True`, so it answers as soon as the
listener returns (right after the ack), a modal's validation errors can still travel in the ack,
and `idle()` can wait for the work itself (a graceful stop; tests).
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
from adapters.slack.render import (
    ACTION_PREFIX,
    ADD_CALLBACK,
    ADD_FIELDS,
    add_modal,
    clip,
    fallback,
    home_view,
    message_blocks,
    settled,
    submitted,
    unescape,
)
from bot.commands.grammar import command
from bot.commands.parser import ParsedCommand, Token, bind
from bot.commands.values import normalize
from bot.errors import CommandError
from bot.i18n import catalog as i18n
from bot.messages import Kind, Message
from bot.ports import UserRecord
from bot.service import Actor
from bot.service.overview import overview

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
DEDUPE_SECONDS = 900  # Slack retries an event after about 0 s, 1 min and 5 min
PEOPLE_SECONDS = 600  # how long a users.info answer (locale, admin flags) is trusted
NETWORK_ERRORS = (SlackApiError, aiohttp.ClientError, TimeoutError)


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
        self._tasks: set[asyncio.Task[None]] = set()
        self.bolt.use(self._once)
        self.bolt.command("/gig")(self._on_command)
        self.bolt.action(re.compile(f"^{re.escape(ACTION_PREFIX)}"))(self._on_button)
        self.bolt.action(ADD_CALLBACK)(self._on_add_button)
        self.bolt.view(ADD_CALLBACK)(self._on_add_submission)
        self.bolt.event("app_home_opened")(self._on_home_opened)

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

    # listeners --------------------------------------------------------------
    async def _on_command(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        self._spawn(self._command(body), "command")

    async def _on_button(self, ack: AsyncAck, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        self._spawn(self._button(body, action), "button")

    async def _on_add_button(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        self._spawn(self._add_form(body), "add-form")

    async def _on_add_submission(self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        """Bad fields are answered in the form itself (response_action=errors); nothing is run."""
        try:
            parsed = add_command(submitted(view["state"]["values"]))
        except CommandError as exc:
            actor = await self._actor(_team(body), body["user"]["id"], body["user"].get("name", ""))
            field = exc.params.get("arg") or exc.params.get("what")
            # worded by the core, which cleans what it echoes of the field, as for any refusal
            (refusal,) = (await self.core.service.refuse(actor, exc, "add")).replies
            text = refusal.message.body
            block = field if field in ADD_FIELDS else "title"
            await ack(response_action="errors", errors={block: clip(text, 2000)})
            return
        await ack()
        self._spawn(self._submitted(body, view, parsed), "add")

    async def _on_home_opened(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("tab") == "home":
            self._spawn(self._home(_team(body), event["user"]), "home")

    # work -------------------------------------------------------------------
    async def _command(self, body: dict[str, Any]) -> None:
        origin = Origin(body["team_id"], body["user_id"], body.get("channel_id"), body.get("response_url"))
        actor = await self._actor(origin.team, origin.user, body.get("user_name", ""))
        text = unescape(body.get("text") or "")
        if normalize(text).lower().split() == ["add"]:
            await self._open_add(actor, body["trigger_id"], origin)
            return
        await self._run(actor, text, await self._replier(origin))

    async def _add_form(self, body: dict[str, Any]) -> None:
        """The Home tab's button: the same form, answered in the DM (there is no response_url)."""
        origin = Origin(_team(body), body["user"]["id"])
        actor = await self._actor(origin.team, origin.user, body["user"].get("name", ""))
        await self._open_add(actor, body["trigger_id"], origin)

    async def _submitted(self, body: dict[str, Any], view: dict[str, Any], parsed: ParsedCommand) -> None:
        try:
            where = json.loads(view.get("private_metadata") or "{}")
        except ValueError:
            where = {}
        origin = Origin(_team(body), body["user"]["id"], where.get("channel"), where.get("response_url"))
        actor = await self._actor(origin.team, origin.user, body["user"].get("name", ""))
        await self._run(actor, parsed, await self._replier(origin))

    async def _run(self, actor: Actor, text: str | ParsedCommand, deliver: Deliver) -> None:
        try:
            await self.core.command(actor, text, deliver)
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

    async def _open_add(self, actor: Actor, trigger_id: str, origin: Origin) -> None:
        user = await self._user(actor)
        where = {"channel": origin.channel, "response_url": origin.response_url}
        view = add_modal(user.language, user.platform, where)
        await self.client.views_open(trigger_id=trigger_id, view=view)

    async def _home(self, team: str, user: str) -> None:
        await self.publish_home(await self._actor(team, user))

    async def publish_home(self, actor: Actor) -> None:
        """Show the person's open gigs and settings on the Home tab (best effort)."""
        view = await overview(self.core.service.store, actor, self.core.clock.now())
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
            if in_app_dm or not origin.response_url:
                return await self._post(app_dm if in_app_dm and app_dm else origin.user, message)
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
        response = await self.client.chat_postMessage(
            channel=channel,
            text=fallback(message),
            blocks=message_blocks(message),
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
        async with self.core.service.store.transaction() as tx:
            user = await tx.user(actor.workspace, actor.external_id)
        if user is None:
            return UserRecord(0, actor.workspace, actor.external_id, locale=actor.locale)
        user.locale = actor.locale or user.locale
        return user


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
