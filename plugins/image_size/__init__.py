"""Gives every local image in posts and pages its width and height.

Browsers reserve an image's space before it loads only when the ``<img>``
says how big it is; without that the text jumps as images arrive. Markdown's
``![alt](src)`` has no way to say it, so this plugin reads the size from the
image file itself while the content is read.
"""

from __future__ import annotations

from pelican import signals

from .sizing import size_content


def register() -> None:
    signals.content_object_init.connect(size_content)
