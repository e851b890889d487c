"""Fixtures for the Playwright browser tests (``@pytest.mark.browser``).

The tests drive Debian's Chromium (there is no Playwright-downloaded browser) against
pytest-django's ``live_server``. Without Chromium they are skipped, except on CI
(``CI=true``), where they must run and so fail loudly.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Request, Response
from pytest_django.live_server_helper import LiveServer

from clusterdev.web.test import World, make_world

# Playwright's sync API keeps an event loop running in the main thread for the whole session,
# so Django would refuse every ORM call made from a test (or a later test) with
# SynchronousOnlyOperation. The test code and the live server do not share a loop, so it is safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, object]:
    """Launch Debian's Chromium instead of a Playwright-downloaded browser."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        message = f"{CHROMIUM} is missing (install Debian's chromium package)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"Browser tests must run on CI, but {message}.", pytrace=False)
        pytest.skip(f"Browser tests need Chromium: {message}.")
    return {"executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture
def live_world(django_db_serialized_rollback: None, transactional_db: None) -> World:
    """``make_world()`` committed for real, so that the live server's thread sees it.

    Transactional tests end by flushing the database; the serialized rollback then restores
    what the migrations put there (the ISIC classification) for the tests that follow.
    """
    return make_world()


@pytest.fixture(scope="session")
def base_url(live_server: LiveServer) -> str:
    """Pages open relative to the live server: ``page.goto("/c/cluster-a/")``.

    Requesting it also brings in ``live_server`` (and, through pytest-django, a transactional
    database). It replaces pytest-playwright's fallback ``base_url``, a session fixture defined as
    an instance method, which pytest 9 deprecates with a warning (an error in this suite).
    """
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, object]) -> dict[str, object]:
    """English pages whatever the machine's locale (the tests assert on English text)."""
    return {**browser_context_args, "locale": "en-GB"}


@pytest.fixture
def broken_static(page: Page) -> list[str]:
    """Static files (CSS, htmx, Leaflet, map.js) the page failed to load: ["404 /static/..."]."""
    broken: list[str] = []

    def record(url: str, why: object) -> None:
        path = urlsplit(url).path
        if path.startswith("/static/") and not any(b.endswith(f" {path}") for b in broken):
            broken.append(f"{why} {path}")

    def on_response(response: Response) -> None:
        # 304 Not Modified is a successful revalidation of a cached file, not a failure.
        if not response.ok and response.status != 304:
            record(response.url, response.status)

    def on_request_failed(request: Request) -> None:
        record(request.url, request.failure)

    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    return broken
