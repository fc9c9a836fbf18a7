"""The shipped site built and served on 127.0.0.1, a headless Chromium, and the checkers.

The site is built with the publishing settings, with ``SITEURL`` set to the
local server's address so every absolute link stays on the local server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from plugins.publisher import build_site
from plugins.publisher.preview import SiteServer
from tests.browser import tools
from tests.browser.page_checks import PageWatch
from tests.browser.pages import VIEWPORT_HEIGHT
from tests.conftest import ROOT

ARTIFACTS = ROOT / "test-artifacts" / "browser"
FAULTS = Path(__file__).parent / "data" / "faults"


@dataclass(frozen=True)
class ServedSite:
    root: Path  # the built files
    url: str  # where the local server serves them, without a trailing slash


@pytest.fixture(scope="session")
def served_site(tmp_path_factory) -> Iterator[ServedSite]:
    root = tmp_path_factory.mktemp("served") / "output"
    with SiteServer(root) as server:
        build_site(ROOT / "publishconf.py", root, SITEURL=server.url, FEED_DOMAIN=server.url)
        yield ServedSite(root, server.url)


@pytest.fixture(scope="session")
def fault_site() -> Iterator[ServedSite]:
    """The deliberately broken pages, each with one kind of fault, served as they are."""
    with SiteServer(FAULTS) as server:
        yield ServedSite(FAULTS, server.url)


@pytest.fixture(scope="session")
def checker_modules() -> Path:
    return tools.checkers()


@pytest.fixture(scope="session")
def axe(checker_modules: Path) -> str:
    return tools.axe_source(checker_modules)


@pytest.fixture(scope="session")
def vnu(checker_modules: Path) -> list[str]:
    return tools.vnu_command(checker_modules)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = tools.chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=tools.CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[..., tuple[Page, PageWatch]]]:
    """open_page(url, width, status=200, scheme="light") -> (page, watch), in a fresh browser context."""
    contexts = []

    def open_(url: str, width: int, status: int = 200, scheme: str = "light") -> tuple[Page, PageWatch]:
        context = browser.new_context(viewport={"width": width, "height": VIEWPORT_HEIGHT}, color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        watch = PageWatch(page, status)
        page.goto(url, wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")  # fonts found in layout are requested by now
        return page, watch

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/browser/: screenshots and printouts kept after the run (git-ignored; CI can upload them)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
