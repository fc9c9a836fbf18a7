"""Words and the closing question of a post's HTML."""

from __future__ import annotations

import pytest

from analytics.prose import describe


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>One two.</p><p>What do you think?</p>", (6, True)),
        ("<p>Is this a question? No.</p><p>It ends flat.</p>", (8, False)),
        ("<p>Intro.</p><ul><li>first</li><li>Which one is yours?</li></ul>", (6, True)),
        ("<p>Intro.</p><p>Let me know in the comments.</p>", (7, True)),
        ('<p>Intro.</p><p><em>Have you tried it?</em>"</p>', (6, True)),  # the stray quote counts as a word
        ("<p>Ask? Then stop.</p><p>   </p>", (3, False)),
        ("Plain text ending with a question?", (6, True)),
        ("", (0, False)),
    ],
)
def test_describe(html, expected):
    assert describe(html) == expected
