"""The live runtime: APScheduler wake-ups, the dispatcher and its outlets, health and metrics, logs.

Adapters that answer HTTP add their routes to `Core.web`, the runtime's one aiohttp app, in `start()`.
"""
