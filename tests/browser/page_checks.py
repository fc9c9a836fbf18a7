"""Checks run inside a real browser page (a Playwright ``Page`` on Chromium).

Each returns one line per problem, naming the element involved, so that the
same functions judge the site's pages and the deliberately broken fixtures.
"""

from __future__ import annotations

from playwright.sync_api import ConsoleMessage, Page, Request, Response

# window.__describe(el): a short description of an element for problem lines.
_DESCRIBE = """
() => { window.__describe = el => {
  const text = (el.innerText || el.getAttribute('aria-label') || el.getAttribute('alt') || '').trim().replace(/\\s+/g, ' ');
  const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + [...el.classList].join('.') : '');
  const href = el.getAttribute('href');
  return name + (href ? `[href="${href}"]` : '') + (text ? ` "${text.slice(0, 40)}"` : '');
}; }
"""

_FOCUSABLE = (
    "a[href], area[href], button:not([disabled]), input:not([disabled]):not([type=hidden]), "
    "select:not([disabled]), textarea:not([disabled]), iframe, summary, "
    '[tabindex]:not([tabindex="-1"]), [contenteditable=""], [contenteditable="true"]'
)


class PageWatch:
    """Records what goes wrong while a page is open: console errors, uncaught
    exceptions, failed or refused requests, and web font downloads (the theme
    uses the reader's own fonts).

    ``document_status`` is the status the page itself should answer with
    (404 for the not-found page); any other status is a problem.
    """

    def __init__(self, page: Page, document_status: int = 200) -> None:
        self.problems: list[str] = []
        self.document_status = document_status
        self._document_url = ""
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught exception: {error}"))
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)
        page.on("request", self._request)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        expected = (
            self.document_status != 200 and url == self._document_url and str(self.document_status) in message.text
        )
        if not expected:
            self.problems.append(f"console error: {message.text} ({url})")

    def _request_failed(self, request: Request) -> None:
        self.problems.append(f"request failed: {request.url}: {request.failure}")

    def _request(self, request: Request) -> None:
        if request.resource_type == "font":
            self.problems.append(f"downloads a web font: {request.url}")

    def _response(self, response: Response) -> None:
        request = response.request
        if request.is_navigation_request() and request.frame.parent_frame is None:
            self._document_url = response.url
            if response.status != self.document_status:
                self.problems.append(f"{response.url}: HTTP {response.status}, expected {self.document_status}")
        elif response.status >= 400:
            self.problems.append(f"{response.url}: HTTP {response.status}")


def overflow_problems(page: Page) -> list[str]:
    """The page must not scroll sideways; names the elements that stick out."""
    page.evaluate(_DESCRIBE)
    return page.evaluate(
        """() => {
      const root = document.documentElement;
      const width = root.clientWidth;
      if (root.scrollWidth <= width) return [];
      const sticksOut = el => el.getBoundingClientRect().right > width + 1
        || (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible');
      const wide = [...document.body.querySelectorAll('*')].filter(sticksOut)
        .filter(el => ![...el.children].some(sticksOut))
        .slice(0, 3).map(__describe);
      return [`the page is ${root.scrollWidth}px wide in a ${width}px window; sticking out: ${wide.join(', ')}`];
    }"""
    )


def keyboard_problems(page: Page) -> list[str]:
    """Tab must reach every link and control in reading order, starting with a
    skip link that moves focus to the main content, and show where focus is."""
    page.evaluate(_DESCRIBE)
    expected = page.evaluate(
        """selector => {
      window.__focusables = [...document.querySelectorAll(selector)].filter(el => {
        const style = getComputedStyle(el);
        return style.visibility !== 'hidden' && style.display !== 'none' && el.getClientRects().length > 0;
      });
      return window.__focusables.map(__describe);
    }""",
        _FOCUSABLE,
    )
    problems: list[str] = []
    reached: list[int] = []
    for _ in range(len(expected) + 2):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => {
          const el = document.activeElement;
          if (!el || el === document.body || el === document.documentElement) return null;
          const r = el.getBoundingClientRect();
          const style = getComputedStyle(el);
          return {
            index: window.__focusables.indexOf(el),
            name: __describe(el),
            onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0
              && r.top < innerHeight && r.left < innerWidth,
            indicator: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
              || style.boxShadow !== 'none',
          };
        }"""
        )
        if state is None or (reached and state["index"] == reached[0]):
            break
        if state["index"] < 0:
            problems.append(f"focus went to {state['name']}, which is not a link or control")
            continue
        reached.append(state["index"])
        if not state["onScreen"]:
            problems.append(f"{state['name']} is off-screen when it has focus")
        if not state["indicator"]:
            problems.append(f"{state['name']} shows no focus outline")
    missing = [expected[i] for i in range(len(expected)) if i not in reached]
    if missing:
        problems.append(f"Tab never reaches {len(missing)} of {len(expected)}: {', '.join(missing[:5])}")
    elif reached != sorted(reached):
        problems.append("Tab moves through the page out of reading order")
    return problems + _skip_link_problems(page)


def _skip_link_problems(page: Page) -> list[str]:
    page.reload()
    page.keyboard.press("Tab")
    first = page.evaluate(
        """() => {
      const el = document.activeElement, main = document.querySelector('main');
      return {
        isLink: el && el.tagName === 'A',
        text: el ? el.innerText.trim() : '',
        target: el && el.getAttribute('href'),
        main: main ? '#' + main.id : null,
      };
    }"""
    )
    if not first["isLink"] or first["main"] is None or first["target"] != first["main"]:
        return [f"the first Tab stop is not a skip link to the main content ({first['text']!r} -> {first['target']})"]
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    inside = page.evaluate("() => !!document.activeElement.closest('main')")
    return [] if inside else ["after the skip link, the next Tab stop is not inside the main content"]


def fragment_problems(page: Page) -> list[str]:
    """Every link to a place on the same page (skip link, comment permalinks,
    footnotes) must name an element, and following it must bring that element
    into view."""
    fragments = page.evaluate(
        """() => [...new Set([...document.querySelectorAll('a[href]')]
        .filter(a => a.hash && a.origin + a.pathname + a.search === location.origin + location.pathname + location.search)
        .map(a => a.getAttribute('href')))]"""
    )
    problems = []
    for href in fragments:
        outcome = page.evaluate(
            """async href => {
          const link = [...document.querySelectorAll('a[href]')].find(a => a.getAttribute('href') === href);
          const id = decodeURIComponent(link.hash.slice(1));
          const target = document.getElementById(id) || document.getElementsByName(id)[0];
          if (!target) return 'no element has that id';
          // Start from where the target is out of sight, when the page is long enough.
          const top = target.getBoundingClientRect().top + scrollY;
          scrollTo(0, top > innerHeight / 2 ? 0 : document.documentElement.scrollHeight);
          link.click();
          await new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(resolve)));
          const r = target.getBoundingClientRect();
          if (document.querySelector(':target') !== target) return 'following the link does not target the element';
          return r.top >= -1 && r.top < innerHeight ? '' : `the element stays out of view (top at ${Math.round(r.top)}px)`;
        }""",
            href,
        )
        if outcome:
            problems.append(f"link to {href}: {outcome}")
    return problems


def axe_problems(page: Page, axe_source: str) -> list[str]:
    """Every axe-core violation, of any impact, with up to three offending elements."""
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
        targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
      }))"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']}: {v['count']} element(s): {', '.join(v['targets'])}"
        for v in violations
    ]


def landmark_problems(page: Page) -> list[str]:
    """One banner, one main and one contentinfo landmark, and navigation, as screen reader users expect."""
    problems = []
    for role, allowed in (("banner", {1}), ("main", {1}), ("contentinfo", {1}), ("navigation", range(1, 100))):
        count = page.get_by_role(role).count()
        if count not in allowed:
            problems.append(f"{count} {role} landmark(s)")
    return problems


def print_problems(page: Page) -> list[str]:
    """Printed, a page is black on white (even for readers in dark mode), without
    the site navigation or the skip link, and shows where content links go."""
    page.emulate_media(media="print")
    return page.evaluate(
        """() => {
      const problems = [];
      const body = getComputedStyle(document.body);
      if (body.color !== 'rgb(0, 0, 0)') problems.push(`text prints in ${body.color}`);
      const background = getComputedStyle(document.documentElement).backgroundColor;
      if (!['rgba(0, 0, 0, 0)', 'rgb(255, 255, 255)'].includes(body.backgroundColor)
          || !['rgba(0, 0, 0, 0)', 'rgb(255, 255, 255)'].includes(background))
        problems.push(`the page prints on ${body.backgroundColor}`);
      for (const el of document.querySelectorAll('header nav, .skip-link'))
        if (getComputedStyle(el).display !== 'none') problems.push(`${el.tagName.toLowerCase()}.${el.className} is printed`);
      for (const a of document.querySelectorAll('main a[href^="http"]:not([href^="' + location.origin + '"])')) {
        if (!a.closest('.post-content')) continue;
        if (!getComputedStyle(a, '::after').content.includes(a.getAttribute('href')))
          problems.push(`the link to ${a.getAttribute('href')} prints without its address`);
      }
      return problems;
    }"""
    )


def characters_per_line(page: Page, selector: str) -> float:
    """How many characters fit on a line of the longest element matching ``selector``, in its own font."""
    return page.evaluate(
        """selector => {
      const el = [...document.querySelectorAll(selector)].sort((a, b) => b.textContent.length - a.textContent.length)[0];
      const style = getComputedStyle(el);
      const context = document.createElement('canvas').getContext('2d');
      context.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const text = el.textContent.replace(/\\s+/g, ' ').trim();
      const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
      return (el.clientWidth - padding) / (context.measureText(text).width / text.length);
    }""",
        selector,
    )
