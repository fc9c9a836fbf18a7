"""Pelican's Markdown reader, fed by the prerenderer.

Registered in place of Pelican's own ``MarkdownReader`` (through the
``readers_init`` signal). Outside a fast build it is Pelican's reader
unchanged; inside one it takes the HTML and raw metadata that were rendered
ahead of time and turns the metadata into Pelican's objects the same way
``MarkdownReader._parse_metadata`` does.
"""

from __future__ import annotations

import logging

from pelican.readers import METADATA_PROCESSORS, MarkdownReader

from . import session
from .prerender import FIRST, LIST

logger = logging.getLogger(__name__)
# Pelican's own date processors: dates parsed ahead of time are used only while these are in place.
_DATE_PROCESSORS = {name: METADATA_PROCESSORS[name] for name in ("date", "modified")}


class FastMarkdownReader(MarkdownReader):
    def read(self, source_path):
        prerenderer = session.prerenderer_for(self.settings)
        rendered = prerenderer.take(source_path) if prerenderer is not None else None
        if rendered is None:
            return super().read(source_path)
        self._source_path = source_path
        metadata = {}
        for field in rendered.fields:
            if field.kind == FIRST and field.repeated:
                logger.warning("Duplicate definition of `%s` for %s. Using first one.", field.name, source_path)
            if field.date is not None and METADATA_PROCESSORS.get(field.name) is _DATE_PROCESSORS[field.name]:
                metadata[field.name] = field.date
            else:
                value = list(field.value) if field.kind == LIST else field.value
                metadata[field.name] = self.process_metadata(field.name, value)
        return rendered.html, metadata
