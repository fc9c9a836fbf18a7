"""The pages every browser check opens: one of each kind the site has.

Adding a kind of page to all the checks (load, overflow, keyboard, fragments,
axe, print) is one line here.
"""

from __future__ import annotations

from typing import NamedTuple


class Page(NamedTuple):
    name: str  # names the test and the screenshot
    path: str  # on the local server
    status: int = 200  # what the server answers for the page itself


PAGES = [
    Page("home", "/"),
    Page("article", "/2011/10/25/what-your-bathroom-says-about-your-brand/"),
    Page("tag-archive", "/tag/customer-service/"),
    Page("tags-index", "/tags/"),
    Page("tags-by-count", "/tags/by-count/"),
    Page("archives", "/archives/"),
    Page("period-archive", "/2011/10/"),
    Page("blogfest", "/blogfests/bathroom-blogfest-2011/"),
    Page("blogfests-index", "/blogfests/"),
    Page("not-found", "/no-such-page/", status=404),
]

# Phone and desktop widths; the narrowest supported width gets its own overflow check.
WIDTHS = (375, 1280)
NARROWEST = 320
VIEWPORT_HEIGHT = 800
