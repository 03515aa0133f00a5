"""`gigwatch import FILE.csv --workspace W --user U`: the operator's import of one user's gigs, as
`/gig export csv` writes them; a file with bad rows is reported line by line and changes nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from adapters.cli import main
from adapters.runtime.exits import ExitCode
from bot.clock import VirtualClock
from bot.service import Actor, Service
from storage import open_store
from tests.conftest import START


async def _export(url: str, actor: Actor) -> str:
    """The user's gigs as `/gig export csv` gives them."""
    store = await open_store(url)
    try:
        outcome = await Service(store, VirtualClock(START)).execute(actor, "/gig export csv")
    finally:
        await store.engine.dispose()
    return outcome.replies[0].message.body


async def _seed(url: str, actor: Actor) -> None:
    store = await open_store(url)
    try:
        service = Service(store, VirtualClock(START))
        for text in (
            '/gig add "LP" client:ACME platform:direct stage:delivered amount:80000',
            '/gig terms 1 work:"Landing page" method:"bank transfer"',
            '/gig add "App" client:Globex platform:upwork stage:funded',
        ):
            assert (await service.execute(actor, text)).ok
    finally:
        await store.engine.dispose()


def test_an_exported_file_imports_for_another_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'gw.db'}"
    monkeypatch.setenv("GIGWATCH_DATABASE_URL", url)
    ken, amy = Actor("console", "ken"), Actor("console", "amy")
    asyncio.run(_seed(url, ken))
    exported = asyncio.run(_export(url, ken))
    path = tmp_path / "gigs.csv"
    path.write_text(exported, "utf-8")

    assert main(["import", str(path), "--workspace", "console", "--user", "amy"]) == ExitCode.OK
    assert "imported 2 gigs for amy in console" in capsys.readouterr().out
    assert asyncio.run(_export(url, amy)) == exported
    # Run twice by mistake: nothing doubles, and the operator is told why nothing was imported.
    assert main(["import", str(path), "--workspace", "console", "--user", "amy"]) == ExitCode.OK
    assert "imported 0 gigs for amy in console (2 already there, left as they are)" in capsys.readouterr().out
    assert asyncio.run(_export(url, amy)) == exported


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'gw.db'}"
    monkeypatch.setenv("GIGWATCH_DATABASE_URL", url)
    ken = Actor("console", "ken")
    asyncio.run(_seed(url, ken))
    header, first, second = asyncio.run(_export(url, ken)).splitlines()
    path = tmp_path / "gigs.csv"
    path.write_text("\n".join([header, first, second.replace(",funded,", ",hired,")]) + "\n", "utf-8")

    assert main(["import", str(path), "--workspace", "console", "--user", "amy"]) == ExitCode.CONFIG
    err = capsys.readouterr().err
    assert f"{path}:3: stage 'hired' is not valid" in err
    assert "nothing imported (1 bad rows)" in err
    assert asyncio.run(_export(url, Actor("console", "amy"))).splitlines() == [header]
    assert main(["import", str(tmp_path / "absent.csv"), "--workspace", "console", "--user", "amy"]) == 2
