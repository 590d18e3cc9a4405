"""Playwright driving Debian's Chromium (`playwright install` cannot download here).

Without /usr/bin/chromium the browser tests are skipped with a loud message — except in CI
(CI=true), where a missing browser is a failure.
"""

import os
import shutil
import sys

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = (
            f"Chromium not found at {CHROMIUM}: BROWSER TESTS ARE SKIPPED (make browser-deps installs it)."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        sys.stderr.write(f"\n!!! {message}\n")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ru-RU", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
