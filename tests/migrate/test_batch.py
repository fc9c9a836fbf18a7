"""Converting on several cores gives exactly what converting in one process gives."""

from __future__ import annotations

from plugins.migrate import batch, parse_disqus, parse_wxr
from plugins.migrate.batch import Job, convert_all
from plugins.migrate.convert import Links
from tests.migrate.conftest import DISQUS, WXR

LINKS = Links(
    site="https://customersrock.example", hosts=frozenset({"customersrock.example"}), ids={11: "{filename}/posts/x.md"}
)


def jobs() -> list[Job]:
    export = parse_wxr(WXR)
    found = [Job("post", item.content, item.id) for item in export.items]
    found += [Job("summary", item.excerpt or item.content[:200], item.id) for item in export.items]
    found += [Job("comment", comment.content) for comment in export.comments]
    found += [Job("disqus", comment.message) for comment in parse_disqus(DISQUS).comments]
    return found * 3


def test_the_pool_gives_the_same_markdown_in_the_same_order(monkeypatch):
    work = jobs()
    alone = convert_all(work, LINKS)
    contexts: list[str] = []
    real = batch.multiprocessing.get_context

    def get_context(method=None):
        contexts.append(method)
        return real(method)

    monkeypatch.setattr(batch, "PARALLEL_FROM", 1)
    monkeypatch.setattr(batch, "workers", lambda: 2)
    monkeypatch.setattr(batch.multiprocessing, "get_context", get_context)
    pooled = convert_all(work, LINKS)
    assert contexts == ["fork"]  # the work went to a pool of forked workers
    assert pooled == alone
    assert "{filename}/posts/x.md" in "".join(pooled)  # the links reached the workers
