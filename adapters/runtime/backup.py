"""`gigwatch backup PATH`: a consistent copy of the SQLite database while the bot runs.

SQLite's online backup reads one snapshot of the database (a read transaction: in WAL mode the bot
keeps writing meanwhile), including what is still in the WAL file, which copying the file would
miss. The copy is written beside PATH and renamed into place once it has passed SQLite's
integrity check, so PATH is never a half-written file. PostgreSQL is backed up with its own tools.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from storage.database import BUSY_TIMEOUT_MS, is_sqlite, sqlite_path


class BackupError(Exception):
    """Why no backup was written: a catalog key (runtime.toml [backup]) and its parameters."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    pages: int
    size: int  # bytes


def backup(database_url: str, target: Path) -> Backup:
    """Copy the SQLite database at `database_url` to `target`, which must not exist yet."""
    if not is_sqlite(database_url):
        raise BackupError("backup.postgresql")
    source = sqlite_path(database_url)
    if source is None or not source.exists():
        raise BackupError("backup.no_database", path=str(source or database_url))
    if target.exists():
        raise BackupError("backup.exists", path=str(target))
    partial = target.with_name(f".{target.name}.partial")
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)  # all pages in one step: one consistent snapshot
                (check,) = dst.execute("PRAGMA integrity_check").fetchone()
                (pages,) = dst.execute("PRAGMA page_count").fetchone()
            finally:
                dst.close()
        finally:
            src.close()
        if check != "ok":
            raise BackupError("backup.corrupt", detail=str(check)[:200])
        os.replace(partial, target)
    except sqlite3.Error as exc:
        raise BackupError("backup.failed", detail=str(exc)[:200]) from exc
    except OSError as exc:
        raise BackupError("backup.failed", detail=f"{exc.strerror or exc}: {exc.filename or target}") from exc
    finally:
        partial.unlink(missing_ok=True)
    return Backup(target, int(pages), target.stat().st_size)
