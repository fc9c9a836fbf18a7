"""Benchmarks the WordPress import on a generated export of 5,000 posts and 50,000 comments.

    python bench/migrate.py [--posts 5000] [--comments 50000] [--keep DIR]

Generates a deterministic WXR file (the same arguments always give the same
bytes) with WordPress-style HTML (blank-line paragraphs, headings, lists,
links, captions, ``<!--more-->``) and threaded comments (replies, pingbacks,
pending and spam), then, each in a fresh child process so that peak memory is
measured alone:

- the baseline: ``xml.etree.ElementTree.parse`` of the same file, which only
  reads the XML into memory;
- the import: ``blog-import wordpress`` into an empty content folder;
- the re-import, which must write nothing.

It prints seconds and peak resident memory of each, the import's ratios to
the baseline, and whether the targets (60 s, 1 GB) are met. The last line is
``posts=N comments=N import_s=X peak_mb=Y reimport_s=Z baseline_s=B baseline_mb=M``.
"""

from __future__ import annotations

import argparse
import html
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from corpus import PEOPLE, TAGS, WORDS  # noqa: E402

TARGET_SECONDS = 60.0
TARGET_MB = 1024.0
SITE = "https://bench.example"
HEAD = f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Bench Blog</title>
<link>{SITE}</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>{SITE}</wp:base_site_url>
<wp:base_blog_url>{SITE}</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>morgan</wp:author_login>
 <wp:author_display_name>Morgan Hale</wp:author_display_name></wp:author>
"""


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    if rng.random() < 0.3:
        chosen[rng.randrange(words)] = f"<em>{rng.choice(WORDS)}</em>"
    if rng.random() < 0.15:
        word = rng.choice(WORDS)
        chosen[rng.randrange(words)] = f'<a href="https://{word}.example.com/{rng.randrange(1000)}">{word}</a>'
    text = " ".join(chosen)
    return text[0].upper() + text[1:] + "."


def _plain_sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + rng.choice(".?!")


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(3, 6)))


def post_html(rng: random.Random, number: int) -> str:
    """About 500 words as the WordPress editor stores them: paragraphs are blank lines."""
    blocks = [_paragraph(rng), _paragraph(rng) + "\n" + _sentence(rng, 8), "<!--more-->"]
    for section in range(rng.randint(2, 3)):
        blocks.append(f"<h2>{_sentence(rng, 5)[:-1]}</h2>")
        blocks.append(_paragraph(rng))
        if section == 0:
            items = "\n".join(f"\t<li>{_sentence(rng, 6)}</li>" for _ in range(rng.randint(3, 5)))
            blocks.append(f"<ul>\n{items}\n</ul>")
        elif section == 1:
            blocks.append(f"<blockquote>{_sentence(rng, 14)}</blockquote>")
        if number % 10 == 0 and section == 0:
            blocks.append(
                f'[caption id="attachment_{number}" align="alignnone" width="300"]'
                f'<img src="{SITE}/wp-content/uploads/2010/01/photo-{number}.jpg" alt="Photo {number}" '
                f'width="300" height="200" /> A caption for photo {number}[/caption]'
            )
        blocks.append(_paragraph(rng))
    blocks.append(_sentence(rng, 8)[:-1] + "?")
    return "\n\n".join(blocks)


def _comment(comment_id, parent, when, kind, status, author, url, text) -> str:
    approved = {"approved": "1", "pending": "0", "spam": "spam"}[status]
    return (
        f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
        f"<wp:comment_author>{_cdata(author)}</wp:comment_author>"
        f"<wp:comment_author_email>{_cdata('reader@example.org')}</wp:comment_author_email>"
        f"<wp:comment_author_url>{html.escape(url)}</wp:comment_author_url>"
        f"<wp:comment_date>{_cdata(f'{when:%Y-%m-%d %H:%M:%S}')}</wp:comment_date>"
        f"<wp:comment_date_gmt>{_cdata(f'{when:%Y-%m-%d %H:%M:%S}')}</wp:comment_date_gmt>"
        f"<wp:comment_content>{_cdata(text)}</wp:comment_content>"
        f"<wp:comment_approved>{_cdata(approved)}</wp:comment_approved>"
        f"<wp:comment_type>{_cdata('' if kind == 'comment' else kind)}</wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent>"
        f"<wp:comment_user_id>{1 if author == 'Morgan Hale' else 0}</wp:comment_user_id></wp:comment>\n"
    )


def comments_xml(rng: random.Random, first_id: int, count: int, published: datetime) -> str:
    """``count`` comments in threads: a third are replies, some by the author, a few pingbacks, pending, spam."""
    parts = []
    when = published
    ids: list[int] = []
    for number in range(count):
        comment_id = first_id + number
        when += timedelta(minutes=rng.randint(5, 600))
        roll = rng.random()
        if roll < 0.04:
            url = f"https://{rng.choice(WORDS)}.example.org/{comment_id}/"
            text = f"[&#8230;] {_sentence(rng, 10)} [&#8230;]"
            parts.append(_comment(comment_id, 0, when, "pingback", "approved", "Another Blog", url, text))
            continue
        status = "spam" if roll < 0.06 else "pending" if roll < 0.08 else "approved"
        parent = rng.choice(ids[-5:]) if ids and rng.random() < 0.35 else 0
        author = "Morgan Hale" if parent and rng.random() < 0.4 else rng.choice(PEOPLE)
        url = f"https://{author.split()[0].lower()}.example.net/" if rng.random() < 0.3 else ""
        text = "\n\n".join(
            " ".join(_plain_sentence(rng, rng.randint(6, 14)) for _ in range(3)) for _ in range(rng.randint(1, 2))
        )
        if rng.random() < 0.1:
            text += f' See <a href="https://{rng.choice(WORDS)}.example.org/">this</a>.'
        parts.append(_comment(comment_id, parent, when, "comment", status, author, url, text))
        if status == "approved":
            ids.append(comment_id)
    return "".join(parts)


def generate(path: Path, posts: int, comments: int, seed: int = 0) -> None:
    """Write a WXR export of ``posts`` posts and ``comments`` comments (spread evenly) to ``path``."""
    rng = random.Random(seed)
    start = datetime(2008, 1, 1, 9, 0, tzinfo=UTC)
    step = timedelta(days=5 * 365) / max(posts, 1)
    per_post, extra = divmod(comments, posts) if posts else (0, 0)
    next_comment = 1
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for tag in TAGS:
            slug = tag.lower().replace(" ", "-")
            out.write(
                f"<wp:tag><wp:tag_slug>{_cdata(slug)}</wp:tag_slug><wp:tag_name>{_cdata(tag)}</wp:tag_name></wp:tag>\n"
            )
        for number in range(posts):
            post_id = 100 + number
            published = start + step * number
            slug = f"post-{number:05d}"
            tags = rng.sample(TAGS, rng.randint(2, 4))
            terms = "".join(
                f'<category domain="post_tag" nicename="{t.lower().replace(" ", "-")}">{_cdata(t)}</category>'
                for t in tags
            )
            title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 8))).title()
            count = per_post + (1 if number < extra else 0)
            out.write(
                f"<item><title>{_cdata(title)}</title>"
                f"<link>{SITE}/{published:%Y/%m/%d}/{slug}/</link>"
                f"<dc:creator>{_cdata('morgan')}</dc:creator>"
                f'<guid isPermaLink="false">{SITE}/?p={post_id}</guid>'
                f"<content:encoded>{_cdata(post_html(rng, number))}</content:encoded>"
                f"<excerpt:encoded>{_cdata('')}</excerpt:encoded>"
                f"<wp:post_id>{post_id}</wp:post_id>"
                f"<wp:post_date>{_cdata(f'{published:%Y-%m-%d %H:%M:%S}')}</wp:post_date>"
                f"<wp:post_date_gmt>{_cdata(f'{published:%Y-%m-%d %H:%M:%S}')}</wp:post_date_gmt>"
                f"<wp:post_name>{_cdata(slug)}</wp:post_name>"
                f"<wp:status>{_cdata('publish' if number % 50 else 'draft')}</wp:status>"
                f"<wp:post_parent>0</wp:post_parent><wp:post_type>{_cdata('post')}</wp:post_type>"
                f'<category domain="category" nicename="customer-service">{_cdata("Customer Service")}</category>'
                f"{terms}\n"
                f"{comments_xml(rng, next_comment, count, published)}</item>\n"
            )
            next_comment += count
        out.write("</channel>\n</rss>\n")


_BASELINE = "import sys, xml.etree.ElementTree as ET; sys.path.insert(0, sys.argv[2]); ET.parse(sys.argv[1]); code = 0"
_IMPORT = (
    "import sys; sys.path.insert(0, sys.argv[3]); from plugins.migrate.cli import main; "
    "code = main(['wordpress', sys.argv[1], '--content', sys.argv[2]])"
)
# Each child reports its own peak resident memory and CPU time, and those of the worker processes
# it started (RUSAGE_CHILDREN: the largest worker's peak, all workers' CPU), so runs do not mask each other.
_PEAK = (
    "\nimport resource; me = resource.getrusage(resource.RUSAGE_SELF); "
    "kids = resource.getrusage(resource.RUSAGE_CHILDREN); from plugins.migrate.batch import workers; "
    "print(me.ru_maxrss, me.ru_utime + me.ru_stime, kids.ru_maxrss, kids.ru_utime + kids.ru_stime, "
    "workers() if kids.ru_maxrss else 0, file=sys.stderr); sys.exit(code)"
)


@dataclass(frozen=True)
class Run:
    seconds: float  # wall clock
    cpu: float  # user + system time of the process and its workers
    process_mb: float  # peak resident memory of the process
    worker_mb: float  # peak resident memory of its largest worker (0 without workers)
    workers: int
    output: str

    @property
    def peak_mb(self) -> float:
        """An upper bound of the memory in use at once: the process plus every worker at its largest."""
        return self.process_mb + self.workers * self.worker_mb


def measure(code: str, *args: str) -> Run:
    """Time, CPU and peak memory of ``code`` run alone in a child Python process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code + _PEAK, *args], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"benchmark step failed:\n{done.stderr}")
    peak_kb, cpu, worker_kb, worker_cpu, count = done.stderr.strip().splitlines()[-1].split()
    return Run(
        seconds, float(cpu) + float(worker_cpu), int(peak_kb) / 1024, int(worker_kb) / 1024, int(count), done.stdout
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--comments", type=int, default=50000)
    parser.add_argument("--keep", type=Path, help="a folder to keep the export and the imported content in")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-migrate-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        export = folder / "export.xml"
        content = folder / "content"
        started = time.perf_counter()
        generate(export, args.posts, args.comments)
        size_mb = export.stat().st_size / 1e6
        print(f"generated {export.name}: {size_mb:.0f} MB in {time.perf_counter() - started:.1f} s")

        base = measure(_BASELINE, str(export), str(HERE.parent))
        first = measure(_IMPORT, str(export), str(content), str(HERE.parent))
        again = measure(_IMPORT, str(export), str(content), str(HERE.parent))
        if "Nothing new" not in again.output:
            raise SystemExit("the re-import wrote files; it must not")
        files = sum(1 for path in content.rglob("*.md"))
        print(first.output.split("\n\n")[1])
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print("                               wall     CPU   peak memory")
        for label, run in (("baseline (ElementTree.parse)", base), ("import", first), ("re-import", again)):
            workers = (
                f" ({run.process_mb:.0f} MB + {run.workers} workers x {run.worker_mb:.0f} MB)" if run.workers else ""
            )
            print(f"{label:29} {run.seconds:5.1f} s {run.cpu:5.1f} s {run.peak_mb:7.0f} MB{workers}")
        print(f"({files} Markdown files written by the import; the re-import wrote none)")
        time_ratio, memory_ratio = first.seconds / base.seconds, first.peak_mb / base.peak_mb
        print(f"ratios to the baseline: time x{time_ratio:.1f}, memory x{memory_ratio:.2f}")
        verdict = "met" if first.seconds < TARGET_SECONDS and first.peak_mb < TARGET_MB else "MISSED"
        print(f"targets: under {TARGET_SECONDS:.0f} s and {TARGET_MB:.0f} MB: {verdict}")
        print(
            f"posts={args.posts} comments={args.comments} import_s={first.seconds:.1f} import_cpu_s={first.cpu:.1f} "
            f"peak_mb={first.peak_mb:.0f} reimport_s={again.seconds:.1f} baseline_s={base.seconds:.1f} "
            f"baseline_mb={base.peak_mb:.0f}"
        )


if __name__ == "__main__":
    main()
