"""The database's errors in the core's terms (`bot.faults.Fault`), for SQLite and PostgreSQL alike.

SQLite reports a result code (`sqlite_errorcode`), PostgreSQL an SQLSTATE; SQLAlchemy marks a
broken connection (`connection_invalidated`). Anything that is not a database error is not
classified: a bug in a command must not be mistaken for a busy database.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import exc as sa

from bot.faults import Fault

# SQLite primary result codes (the low byte of an extended code); 14 is CANTOPEN: the file is not there.
_SQLITE = {5: Fault.BUSY, 6: Fault.BUSY, 13: Fault.FULL, 14: Fault.CONNECTION, 19: Fault.CONFLICT}
_SQLITE_UNIQUE = (1555, 2067)  # SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_UNIQUE
# PostgreSQL SQLSTATEs, exact or by class (the first two characters).
_PG_EXACT = {
    "23505": Fault.CONFLICT,  # unique_violation: a concurrent insert of the same key won
    "40001": Fault.CONFLICT,  # serialization_failure
    "40P01": Fault.CONFLICT,  # deadlock_detected
    "55P03": Fault.BUSY,  # lock_not_available
    "57014": Fault.BUSY,  # query_canceled (statement_timeout)
    "57P01": Fault.CONNECTION,  # admin_shutdown (pg_terminate_backend, a restart)
    "57P02": Fault.CONNECTION,  # crash_shutdown
    "57P03": Fault.CONNECTION,  # cannot_connect_now (starting up)
}
_PG_CLASS = {"08": Fault.CONNECTION, "53": Fault.FULL}


def classify(error: BaseException) -> Fault | None:
    """The fault behind a database error, or None when `error` is not one (let it propagate)."""
    if isinstance(error, sa.TimeoutError):  # no pooled connection came free in time
        return Fault.BUSY
    if isinstance(error, sa.DBAPIError):
        if error.connection_invalidated:
            return Fault.CONNECTION
        return _driver(error.orig) or (
            Fault.CONNECTION if isinstance(error, sa.InterfaceError) else Fault.FAILED
        )
    if isinstance(error, sqlite3.Error):
        return _driver(error) or Fault.FAILED
    if isinstance(error, ConnectionError | TimeoutError) or (
        isinstance(error, OSError) and not isinstance(error, FileNotFoundError | PermissionError)
    ):
        return Fault.CONNECTION  # the server cannot be reached (refused, reset, timed out)
    return None


def _driver(orig: BaseException | None) -> Fault | None:
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        if code & 0xFF == 19:
            return Fault.CONFLICT if code in _SQLITE_UNIQUE else Fault.FAILED
        return _SQLITE.get(code & 0xFF)
    state = getattr(orig, "sqlstate", None)
    if isinstance(state, str):
        return _PG_EXACT.get(state) or _PG_CLASS.get(state[:2])
    cause = getattr(orig, "__cause__", None)
    if isinstance(cause, ConnectionError | OSError):
        return Fault.CONNECTION
    return None
