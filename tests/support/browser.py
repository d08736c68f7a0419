"""Headless Debian chromium for page tests, through playwright; skips with a clear message where absent."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@asynccontextmanager
async def chromium_page(width: int, height: int) -> AsyncIterator[Any]:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed (apt-get install chromium); browser tests skipped")
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        pytest.skip("python playwright is not installed; browser tests skipped")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield await browser.new_page(viewport={"width": width, "height": height})
        finally:
            await browser.close()
