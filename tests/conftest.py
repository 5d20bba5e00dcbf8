"""Shared fixtures: the bundled plan, LibreOffice availability, a working folder of its own, the office's time zone."""

from __future__ import annotations

import os
import time

import pytest

from reform_xlsx.plan.loading import load_plan
from reform_xlsx.xlsx.libreoffice import find_soffice

SETTINGS = ("REFORM_XLSX_PLAN", "REFORM_XLSX_DB", "REFORM_XLSX_CONFIG")


def pytest_configure(config):
    """The tests never use the plan, ledger or settings file a clerk's shell may name (a test that wants one sets it
    itself): without this, ``REFORM_XLSX_DB=/nonexistent/x.db`` in the shell failed tests that change folder only."""
    for name in SETTINGS:
        os.environ.pop(name, None)


def pytest_collection_modifyitems(items):
    """Tests that run LibreOffice (through the ``soffice`` fixture) carry the ``libreoffice`` marker,
    so that ``pytest -m "not libreoffice"`` is a quick loop (CI runs them all)."""
    for item in items:
        if "soffice" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.libreoffice)


@pytest.fixture(scope="session")
def plan():
    loaded, warnings = load_plan()
    assert warnings == []
    return loaded


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """``tmp_path`` as the current folder (where the commands look for ``reform-xlsx.toml`` and write by default)."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def zone(monkeypatch):
    """Run in the time zone given (this process's clock): the office PC's, Japan's, or a server's UTC; set back
    after the test."""
    if not hasattr(time, "tzset"):
        pytest.skip("time.tzset: POSIX only")

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def in_japan(zone):
    """This process in the office's time zone (Asia/Tokyo: 9999-12-31T23:59:59Z is the year 10000 there), set back
    after the test."""
    zone("Asia/Tokyo")


@pytest.fixture(scope="session")
def soffice() -> str:
    """Path of soffice; skips with a message when missing (fails instead in CI)."""
    path = find_soffice()
    if path is None:
        message = ("LibreOffice (soffice) が見つからないため、このテストを飛ばします。"
                   "apt-get install libreoffice-calc-nogui python3-uno で実行できます。")
        if os.environ.get("REFORM_XLSX_REQUIRE_SOFFICE"):
            pytest.fail(message + " (REFORM_XLSX_REQUIRE_SOFFICE is set: CI must run it)")
        pytest.skip(message)
    return path
