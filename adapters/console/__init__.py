"""The console adapter: `gigwatch console`, and `gigwatch run` when no platform is configured."""

from adapters.console.adapter import ConsoleAdapter, ConsoleOptions, default_user, terminal_language

__all__ = ["ConsoleAdapter", "ConsoleOptions", "default_user", "terminal_language"]
