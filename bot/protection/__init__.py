"""Protection and community: red-flag checks, client vetting, reports, digests, own deadlines, settlement.

The modules here are pure logic and data; the command handlers live in bot/service/protection.py and
bot/service/community.py.
"""
