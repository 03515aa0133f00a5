"""Documents as files in Slack (files.getUploadURLExternal, the upload, files.completeUploadExternal):
the evidence pack and the CSV of every gig arrive as files, as on Discord (bot.messages.Message.document).
"""

from __future__ import annotations

import aiohttp
from slack_sdk.errors import SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from bot.i18n import catalog as i18n
from bot.messages import Message


async def upload(
    client: AsyncWebClient, channel: str, message: Message, *, thread_ts: str | None = None
) -> str:
    """Share the message's body as a file in `channel` (a person's id opens their DM with the app);
    returns the file's id. A failed upload is an aiohttp.ClientError, as a failed post would be."""
    name = message.filename()
    assert name is not None, "only an export is a file"
    if channel.startswith(("U", "W")):
        channel = str((await client.conversations_open(users=channel))["channel"]["id"])
    try:
        response = await client.files_upload_v2(
            channel=channel,
            filename=name,
            title=name,
            content=i18n.plain(message.body),
            thread_ts=thread_ts,
        )
    except SlackRequestError as exc:
        raise aiohttp.ClientError(str(exc)) from exc
    shared = response.get("file")
    return str(shared["id"]) if isinstance(shared, dict) else ""
