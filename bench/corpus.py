"""Generates a deterministic benchmark corpus: posts, comments and a blogfest.

    python bench/corpus.py --posts 1000 --comments 10000 --out /tmp/corpus

The same arguments always give byte-identical files, so timings of different
builds compare like with like. Posts carry realistic Markdown (headings,
lists, links, emphasis, a quote), tags drawn from a Zipf-like vocabulary that
includes the spelling variants real blogs accumulate, and comments in threads
with the author's replies and a few pingbacks.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

TAGS = [
    "Customer Service",
    "customer experience",
    "social media",
    "culture",
    "leadership",
    "loyalty",
    "marketing",
    "employees",
    "metrics",
    "ROI",
    "social CRM",
    "Twitter",
    "community",
    "retention",
    "branding",
    "Facebook",
    "contact center",
    "strategy",
    "innovation",
    "word of mouth",
    "blogging",
    "service recovery",
    "hiring",
    "training",
    "empowerment",
    "complaints",
    "feedback",
    "surveys",
    "NPS",
    "onboarding",
    "retail",
    "hospitality",
    "banking",
    "airlines",
    "telecom",
    "healthcare",
    "small business",
    "startups",
    "B2B",
    "e-commerce",
]
# Variants a migrated blog carries side by side, drawn now and then instead of the main spelling.
VARIANTS = {
    "Customer Service": ["customer service", "customer-service", "Customer  Service "],
    "social media": ["Social Media"],
    "customer experience": ["CX", "Customer Experience"],
}
CATEGORIES = ["Customer Service", "Customer Experience", "Corporate Culture", "Social Media"]
WORDS = (
    "customer service experience culture employee brand promise loyalty trust conversation listen answer team "
    "leader value company store call centre support community feedback complaint journey moment habit decision "
    "quality detail welcome respect patience policy process channel reply question story reader market growth"
).split()
PEOPLE = [
    "Ada Brook",
    "Ben Carter",
    "Chloe Diaz",
    "Dev Patel",
    "Ella Fox",
    "Finn Gray",
    "Gina Hall",
    "Hugo Ives",
    "Iris Jones",
    "Jack Kim",
    "Kara Lee",
    "Liam Moss",
    "Maya Nash",
    "Noah Ortiz",
    "Olga Park",
    "Paul Quinn",
    "Rosa Reid",
    "Sam Stone",
    "Tara Upton",
    "Umar Vale",
    "Vera West",
    "Will Young",
    "Xena Zane",
    "Yusuf Abel",
]
AUTHOR = "Morgan Hale"
BLOGFEST = "bench-blogfest"


@dataclass(frozen=True)
class Summary:
    posts: int
    comments: int
    words: int


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    if rng.random() < 0.3:
        chosen[rng.randrange(words)] = f"*{rng.choice(WORDS)}*"
    if rng.random() < 0.15:
        word = rng.choice(WORDS)
        chosen[rng.randrange(words)] = f"[{word}](https://{word}.example.com/{rng.randrange(1000)})"
    text = " ".join(chosen)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(3, 6)))


def post_body(rng: random.Random) -> str:
    """About 400-700 words of Markdown with the structures real posts use."""
    blocks = [_paragraph(rng), _paragraph(rng)]
    for section in range(rng.randint(2, 3)):
        blocks.append(f"## {_sentence(rng, rng.randint(3, 6))[:-1]}")
        blocks.append(_paragraph(rng))
        if section == 0:
            blocks.append("\n".join(f"- {_sentence(rng, rng.randint(4, 9))}" for _ in range(rng.randint(3, 5))))
        elif section == 1:
            blocks.append(f"> {_sentence(rng, rng.randint(10, 16))}")
        blocks.append(_paragraph(rng))
    blocks.append(_sentence(rng, 8)[:-1] + "?")
    return "\n\n".join(blocks)


def _zipf_tags(rng: random.Random) -> list[str]:
    weights = [1 / (rank + 1) for rank in range(len(TAGS))]
    chosen: list[str] = []
    while len(chosen) < rng.randint(2, 5):
        tag = rng.choices(TAGS, weights)[0]
        if tag not in chosen:
            chosen.append(tag)
    return [rng.choice(VARIANTS[t]) if t in VARIANTS and rng.random() < 0.2 else t for t in chosen]


def _comment(
    path: Path, author: str, when: datetime, body: str, reply_to: str = "", kind: str = "comment", url: str = ""
) -> None:
    lines = [f"Author: {author}", f"Date: {when.isoformat()}"]
    if url:
        lines.append(f"Url: {url}")
    if reply_to:
        lines.append(f"Reply-To: {reply_to}")
    lines += [f"Type: {kind}", "Status: approved", "", body, ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def write_comments(folder: Path, rng: random.Random, published: datetime, count: int) -> None:
    """``count`` comments in threads: about a third are replies, the author answers some, a few pingbacks."""
    folder.mkdir(parents=True, exist_ok=True)
    when = published
    ids: list[str] = []
    for number in range(count):
        when += timedelta(minutes=rng.randint(5, 600))
        comment_id = f"c{number:05d}"
        if number and rng.random() < 0.05:
            url = f"https://{rng.choice(WORDS)}.example.org/{number}/"
            _comment(
                folder / f"{comment_id}.md",
                "Another Blog",
                when,
                f"Linked from [a post]({url}).",
                kind="pingback",
                url=url,
            )
            continue
        reply_to = rng.choice(ids[-5:]) if ids and rng.random() < 0.35 else ""
        author = AUTHOR if reply_to and rng.random() < 0.4 else rng.choice(PEOPLE)
        url = f"https://{author.split()[0].lower()}.example.net/" if rng.random() < 0.3 else ""
        _comment(folder / f"{comment_id}.md", author, when, _paragraph(rng), reply_to, url=url)
        ids.append(comment_id)


def write_blogfest(content: Path) -> None:
    lines = [
        "name: Bench Blogfest 2011",
        "kind: blogfest",
        "date: 2011-10-25",
        "organiser: Ada Brook",
        "theme: A benchmark theme",
        "participants:",
    ]
    for number, person in enumerate(PEOPLE):
        lines += [
            f"  - name: {person}",
            f"    blog: Blog number {number}",
            f"    url: https://blog{number}.example.com/",
        ]
    (content / "blogfests").mkdir(parents=True, exist_ok=True)
    (content / "blogfests" / f"{BLOGFEST}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def generate(content: Path, posts: int, comments: int = 0, seed: int = 0) -> Summary:
    """Write ``posts`` posts and ``comments`` comments (spread evenly) under ``content``."""
    rng = random.Random(seed)
    (content / "posts").mkdir(parents=True, exist_ok=True)
    (content / "pages").mkdir(parents=True, exist_ok=True)
    (content / "pages" / "about.md").write_text("Title: About\n\nA benchmark blog.\n", encoding="utf-8")
    write_blogfest(content)
    start = datetime(2008, 1, 1, 9, 0, tzinfo=UTC)
    step = timedelta(days=5 * 365) / max(posts, 1)
    words = 0
    per_post, extra = divmod(comments, posts) if posts else (0, 0)
    for number in range(posts):
        published = start + step * number
        slug = f"post-{number:05d}"
        body = post_body(rng)
        words += len(body.split())
        blogfest = f"Blogfest: {BLOGFEST}\n" if number % 200 == 7 else ""
        header = (
            f"Title: {' '.join(rng.choice(WORDS) for _ in range(rng.randint(4, 8))).title()} {number}\n"
            f"Date: {published:%Y-%m-%d %H:%M}\n"
            f"Category: {rng.choice(CATEGORIES)}\n"
            f"Tags: {', '.join(_zipf_tags(rng))}\n"
            f"Slug: {slug}\n"
            f"Summary: {_sentence(rng, 14)}\n"
            f"{blogfest}"
        )
        (content / "posts" / f"{slug}.md").write_text(f"{header}\n{body}\n", encoding="utf-8")
        count = per_post + (1 if number < extra else 0)
        if count:
            write_comments(content / "comments" / slug, rng, published, count)
    return Summary(posts=posts, comments=comments, words=words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--comments", type=int, default=0, help="total comments, spread over the posts")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True, help="the content folder to write")
    args = parser.parse_args()
    summary = generate(args.out, args.posts, args.comments, args.seed)
    print(f"posts={summary.posts} comments={summary.comments} words={summary.words} out={args.out}")


if __name__ == "__main__":
    main()
