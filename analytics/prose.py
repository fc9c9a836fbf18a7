"""What a post's HTML says to readers: how long it is, and whether it ends by asking them something."""

from __future__ import annotations

from bs4 import BeautifulSoup

# Block elements whose text can be a post's last word to its readers.
_BLOCKS = ("p", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "td")
# Closing lines that invite a reply without a question mark.
INVITATIONS = (
    "let me know",
    "tell me",
    "tell us",
    "leave a comment",
    "in the comments",
    "share your",
    "love to hear",
    "like to hear",
    "your thoughts",
    "join the conversation",
    "comment below",
    "drop a comment",
)


def describe(html: str) -> tuple[int, bool]:
    """Words and whether the post asks a question, from one parse."""
    soup = BeautifulSoup(html or "", "html.parser")
    words = len(soup.get_text(" ").split())
    closing = ""
    for block in reversed(soup.find_all(_BLOCKS)):
        closing = " ".join(block.get_text(" ").split())
        if closing:
            break
    return words, _invites(closing or " ".join(soup.get_text(" ").split()))


def _invites(closing: str) -> bool:
    if closing.rstrip(" \"'”’)»*_").endswith("?"):
        return True
    lowered = closing.casefold()
    return any(phrase in lowered for phrase in INVITATIONS)
