"""The tables. Instants are epoch seconds (UTC) in BIGINT columns: portable, compact, and
cheap to index on SQLite and PostgreSQL alike."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("workspace", String(80), nullable=False),
    Column("external_id", String(80), nullable=False),
    Column("name", String(200), nullable=False, default=""),
    Column("tz", String(64), nullable=False),
    Column("lang", String(8)),
    Column("locale", String(16)),
    Column("active_start", Integer, nullable=False),
    Column("active_end", Integer, nullable=False),
    Column("working_days", Integer, nullable=False),
    Column("holiday_country", String(10)),
    Column("platform", String(20), nullable=False),
    Column("offsets", Text, nullable=False, default="{}"),
    Column("next_number", Integer, nullable=False, default=1),
    Column("created_at", BigInteger, nullable=False),
    # The next weekly plan (NULL: turned off); indexed because the engine wakes for it like for a due step.
    Column("plan_at", BigInteger),
    # SHA-256 of the calendar feed's token (NULL: no feed); the token itself is never stored.
    Column("feed_hash", String(64)),
    # Outbox rows of the user's that failed for good and were not told yet: a command reads the outbox
    # for them only when this is above zero, so the check costs no statement of its own.
    Column("unseen_failures", Integer, nullable=False, default=0, server_default="0"),
    UniqueConstraint("workspace", "external_id"),
    UniqueConstraint("feed_hash"),
    Index(None, "plan_at"),
)

gigs = Table(
    "gigs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("title", String(200), nullable=False),
    Column("client", String(100), nullable=False),
    Column("platform", String(20), nullable=False),
    Column("stage", String(20), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("stage_since", BigInteger, nullable=False),
    Column("waiting_since", BigInteger),
    Column("shift_seconds", BigInteger, nullable=False, default=0),
    Column("ladder_from", BigInteger),  # where the ladder counts from after a catch-up
    Column("amount", Float),
    Column("rate", Float),
    Column("url", String(500)),
    Column("lang", String(5)),  # drafts to the client are written in it; NULL: the owner's language
    Column("closed_at", BigInteger),
    # Facts that advice depends on (spec section 1); see bot.ports.GigRecord.
    Column("funded_at", BigInteger),
    Column("delivered_at", BigInteger),
    Column("delivered_on", String(10)),  # YYYY-MM-DD in the owner's zone when recorded; NULL: older rows
    Column("redelivered_at", BigInteger),  # the latest delivery after a redo; NULL: delivered once
    Column("pay_by", String(10)),  # YYYY-MM-DD, or "none" when the terms set no date
    Column("paid_amount", Float, nullable=False, default=0),
    Column("requests", Text, nullable=False, default="{}"),  # open client requests: name -> received
    Column("asked", Text, nullable=False, default="[]", server_default="[]"),  # every request made, in order
    Column("progress", Text, nullable=False, default="{}"),  # track -> last order delivered or skipped
    Column("currency", String(3)),  # ISO 4217; NULL: the platform's currency
    Column("terms", Text, nullable=False, default="{}"),  # written terms besides fee and payment date
    UniqueConstraint("user_id", "number"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("gig_id", Integer, ForeignKey("gigs.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("at", BigInteger, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("step", String(40)),
    Column("data", Text, nullable=False, default="{}"),
    Index(None, "gig_id", "id"),
)

# Clustered by gig (SQLite: WITHOUT ROWID, keyed by gig, track and order): a gig's steps share a page or
# two, so the engine's claim reads them in order without a sort, and delivering a step changes that
# page and the due index, not a row table and a separate gig index as well. A track has one step of
# each order, so the key is the step's identity.
pending_steps = Table(
    "pending_steps",
    metadata,
    Column(
        "gig_id", Integer, ForeignKey("gigs.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    ),
    Column("track", String(40), primary_key=True),  # ladder, payment, funded, request:<name>
    Column("ord", Integer, primary_key=True, autoincrement=False),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("step", String(40), nullable=False),
    Column("nominal_at", BigInteger, nullable=False),
    Column("due_at", BigInteger, nullable=False),
    Column("deadline_at", BigInteger),  # the time the step's text names as a deadline
    Index(None, "due_at"),
    sqlite_with_rowid=False,
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE")),
    Column("workspace", String(80), nullable=False),
    Column("address", String(80), nullable=False),
    Column("kind", String(16), nullable=False),
    # A reminder note refers to its gig and is rendered when sent; any other row holds its rendered
    # message (bot.ports.OutboxRecord). A gig that goes takes its notes with it.
    Column("gig_id", Integer, ForeignKey("gigs.id", ondelete="CASCADE")),
    Column("payload", Text, nullable=False),
    Column("reply_to", Text),
    Column("status", String(10), nullable=False),  # pending, sending, sent, failed
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", BigInteger, nullable=False),
    Column("lease_until", BigInteger),
    Column("platform_id", String(120)),
    Column("error", Text),
    Column("failure_seen", Boolean, nullable=False, default=False),
    Column("created_at", BigInteger, nullable=False),
    Column("sent_at", BigInteger),
    Index(None, "status", "next_attempt_at"),
    Index(None, "user_id", "status"),
    Index(None, "gig_id"),
    Index(None, "sent_at"),  # the prune finds what aged out without reading the rest
)

# Community reports about clients, one per reporter, client and reason; the reporter is never shown.
reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("workspace", String(80), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("client_key", String(120), nullable=False),
    Column("client_label", String(100), nullable=False),
    Column("reason", String(20), nullable=False),
    Column("gig_id", Integer, ForeignKey("gigs.id", ondelete="SET NULL")),
    Column("created_at", BigInteger, nullable=False),
    UniqueConstraint("user_id", "client_key", "reason"),
    Index(None, "workspace", "client_key"),
    Index(None, "user_id", "created_at"),
)

# Weekly community digests; `next_at` is indexed because the engine wakes for it like for a due step.
digests = Table(
    "digests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("workspace", String(80), nullable=False),
    Column("channel", String(80), nullable=False),
    Column("tz", String(64), nullable=False),
    Column("lang", String(8), nullable=False),
    Column("next_at", BigInteger, nullable=False),
    # The admin who set it up, told when it cannot be posted; it goes with them when they are forgotten.
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE")),
    UniqueConstraint("workspace", "channel"),
    Index(None, "next_at"),
)

# Send rate limits shared by every instance (bot.pacing): one token bucket per outlet and per address.
# `stamp` and `full_at` are epoch seconds with a fraction: pacing works below the second.
send_limits = Table(
    "send_limits",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("tokens", Float, nullable=False),
    Column("stamp", Float, nullable=False),
    Column("full_at", Float, nullable=False),  # from then on the bucket is as good as unused: prunable
    Index(None, "full_at"),
)
