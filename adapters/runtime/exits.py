"""How the `gigwatch` process ends, for a supervisor to act on (docs/operations.md, deploy/).

Only a fatal condition ends a running bot: a failed command, a busy or lost database, a platform's
bad moment are all survived inside the process. A fatal condition is told in one line on stderr.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # stopped on request (SIGTERM, SIGINT), or the console's input ended
    INTERNAL = 1  # an unexpected error stopped the runtime (a bug): restarting is right
    CONFIG = 2  # bad configuration, usage, or credentials a platform refused: fix them, then start
    DATABASE = 3  # the database could not be reached at start: restart after a pause
    SCHEMA = 4  # the migrations cannot run (a failed migration, a schema newer than this gigwatch)

    @property
    def restart(self) -> bool:
        """Whether a supervisor should start the process again by itself."""
        return self in (ExitCode.INTERNAL, ExitCode.DATABASE)
