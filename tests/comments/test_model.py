"""Reading and checking comment files, without Pelican."""

import re
from datetime import UTC, datetime, timedelta, timezone
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from plugins.comments import model
from plugins.comments.model import (
    Comment,
    _parse_checked,
    _parse_plain,
    check_replies,
    file_text,
    find_cycles,
    load_comments,
    parse_comment,
    printable,
    read_header,
    url_problem,
)
from tests.comments.files import comment, write_comment

PATH = "content/comments/post/c1.md"


def parse(text: str, blog_author: str = "Morgan Hale"):
    return parse_comment(text, PATH, "post", "c1", UTC, blog_author)


def make(comment_id: str, minute: int = 0, reply_to: str = "", status: str = "approved", kind: str = "comment"):
    return Comment(
        id=comment_id,
        article="post",
        path=f"content/comments/post/{comment_id}.md",
        author="A",
        date=datetime(2012, 8, 17, 9, 0, tzinfo=UTC) + timedelta(minutes=minute),
        url="https://a.example/" if kind != "comment" else "",
        reply_to=reply_to,
        kind=kind,
        status=status,
        is_author=False,
        body="x",
        date_line=2,
        reply_to_line=3,
    )


def test_a_comment_is_read_with_all_its_fields():
    found, problems = parse(
        comment(
            author="Jane  Reader",
            date="2012-08-17 09:12:00+02:00",
            url="https://jane.example/",
            reply_to="wp-1042",
            body="Hello *there*.\n\nSecond paragraph.",
        )
    )
    assert problems == []
    assert (found.id, found.article, found.author, found.url, found.reply_to) == (
        "c1",
        "post",
        "Jane Reader",
        "https://jane.example/",
        "wp-1042",
    )
    assert found.date == datetime(2012, 8, 17, 9, 12, tzinfo=timezone(timedelta(hours=2)))
    assert (found.kind, found.status, found.is_author) == ("comment", "approved", False)
    assert found.body == "Hello *there*.\n\nSecond paragraph."
    assert (found.date_line, found.reply_to_line) == (2, 4)


@pytest.mark.parametrize(
    ("text", "fields", "body", "body_line"),
    [
        ("A: 1\nB:2\n\nBody\n\nMore", [("A", "1", 1), ("B", "2", 2)], "Body\n\nMore", 4),
        ("A: 1\r\nB: 2\r\n\r\nBody\r\n", [("A", "1", 1), ("B", "2", 2)], "Body\n", 4),
        ("A: one\n    two\n \t\nBody", [("A", "one two", 1)], "Body", 4),
        ("A: x\u2028Evil: y\n\nBody\u2028line", [("A", "x\u2028Evil: y", 1)], "Body\u2028line", 3),
        ("A: 1\nNot a header line\nBody", [("A", "1", 1)], "Not a header line\nBody", 2),
        ("Just a body.", [], "Just a body.", 1),
        ("A: 1\nB: 2", [("A", "1", 1), ("B", "2", 2)], "", 3),
    ],
)
def test_the_header_ends_at_the_first_blank_line_and_lines_end_only_at_newlines(text, fields, body, body_line):
    found, found_body, found_line = read_header(text)
    assert [(f.key, f.value, f.line) for f in found] == fields
    assert (found_body, found_line) == (body, body_line)


def test_a_date_without_a_zone_is_in_the_site_zone():
    zone = ZoneInfo("America/New_York")
    found, _ = parse_comment(comment(date="2012-08-17 09:12"), PATH, "post", "c1", zone)
    assert found.date.utcoffset() == timedelta(hours=-4)


def test_type_defaults_to_comment():
    found, problems = parse(comment(kind=None))
    assert problems == [] and found.kind == "comment" and not found.is_mention


@pytest.mark.parametrize(
    ("author", "role", "expected"),
    [
        ("Morgan Hale", None, True),
        ("  morgan   HALE ", None, True),
        ("Morgan H.", "author", True),
        ("Morgan H.", None, False),
        ("Jane Reader", None, False),
    ],
)
def test_the_blog_authors_replies_are_recognised_by_name_or_role(author, role, expected):
    found, problems = parse(comment(author=author, role=role))
    assert problems == []
    assert found.is_author is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            comment(date="someday"),
            "content/comments/post/c1.md:2: Date: cannot read the date 'someday'; write it as YYYY-MM-DD HH:MM "
            "(add +HH:MM for a zone other than the site's)",
        ),
        (
            comment(date="2012-02-30 10:00"),
            "content/comments/post/c1.md:2: Date: cannot read the date '2012-02-30 10:00'; write it as YYYY-MM-DD HH:MM "
            "(add +HH:MM for a zone other than the site's)",
        ),
        (
            comment(kind="blogpost"),
            "content/comments/post/c1.md:3: Type: unknown type 'blogpost'; use one of comment, pingback, trackback",
        ),
        (
            comment(status="spam"),
            "content/comments/post/c1.md:4: Status: unknown status 'spam'; use one of approved, pending",
        ),
        (
            comment(url="javascript:alert(1)"),
            "content/comments/post/c1.md:3: Url: 'javascript:alert(1)' is not an http(s) address; "
            "write a full https:// address or remove the line",
        ),
        (
            comment(url="ftp://files.example/"),
            "content/comments/post/c1.md:3: Url: 'ftp://files.example/' is not an http(s) address; "
            "write a full https:// address or remove the line",
        ),
        (
            comment(url="https://"),
            "content/comments/post/c1.md:3: Url: 'https://' is not an http(s) address; "
            "write a full https:// address or remove the line",
        ),
        (
            comment(url='https://a.example/"onmouseover="x'),
            "content/comments/post/c1.md:3: Url: 'https://a.example/\"onmouseover=\"x' contains spaces, quotes or "
            "control characters; write the address as a browser shows it",
        ),
        (
            comment(role="admin"),
            "content/comments/post/c1.md:5: Role: unknown role 'admin'; use one of author",
        ),
        (
            comment(extra="Reply-to-id: x\n"),
            "content/comments/post/c1.md:5: Reply-to-id: unknown key; did you mean 'Reply-To'?",
        ),
        (
            comment(status=None),
            "content/comments/post/c1.md:1: Status: missing; add 'Status: approved' to publish the comment or "
            "'Status: pending' to hold it",
        ),
        (
            "Date: 2012-08-17 09:12\nStatus: approved\n\nNo author.\n",
            "content/comments/post/c1.md:1: Author: missing; add a line such as 'Author: Jane Reader'",
        ),
        (
            "Author: A\nStatus: approved\n\nNo date.\n",
            "content/comments/post/c1.md:1: Date: missing; add a line such as 'Date: 2012-08-17 09:12:00+00:00'",
        ),
        (
            comment(body=""),
            "content/comments/post/c1.md:6: body: empty; write the comment below the header, after a blank line",
        ),
        (
            comment(kind="pingback"),
            "content/comments/post/c1.md:1: Url: a pingback needs the address of the page that links here",
        ),
        (
            comment(kind="trackback", url="https://b.example/", reply_to="c0"),
            "content/comments/post/c1.md:4: Reply-To: a trackback cannot reply to a comment; remove the Reply-To line",
        ),
    ],
)
def test_each_problem_in_a_file_has_its_message(text, expected):
    found, problems = parse(text)
    assert found is None
    assert [str(p) for p in problems] == [expected]


def test_every_problem_of_a_file_is_reported_at_once():
    _, problems = parse(comment(date="soon", kind="note", status="maybe", url="mailto:a@b.example"))
    assert [p.field for p in problems] == ["Date", "Type", "Status", "Url"]


@pytest.mark.parametrize(
    "url",
    [
        "https://jane.example/",
        "http://jane.example:8080/blog/?p=1&x=2#top",
        "https://xn--bcher-kva.example/",
    ],
)
def test_plain_http_addresses_are_accepted(url):
    assert url_problem(url) is None


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>",
        "vbscript:msgbox(1)",
        "//jane.example/",
        "jane.example",
        "https://jane.example/ x",
        "https://jane.example/\x00",
        "https://jane.example/<script>",
        "https://[bad",
    ],
)
def test_other_addresses_are_refused(url):
    assert url_problem(url)


def test_loading_a_folder_reports_files_that_are_not_comments(tmp_path):
    content = tmp_path / "content"
    write_comment(content, "post", "good", comment())
    write_comment(content, "post", "bad", comment(date="never"))
    write_comment(content, "psot", "lost", comment())
    (content / "comments" / "post" / "notes.txt").write_text("x")
    (content / "comments" / "post" / "two words.md").write_text(comment())
    (content / "comments" / "post" / "latin1.md").write_bytes(comment(author="Zo\xeb").encode("latin-1"))
    (content / "comments" / "loose.md").write_text(comment())
    (content / "comments" / "post" / ".DS_Store").write_bytes(b"\x00")
    loaded = load_comments(content / "comments", "content/comments", {"post", "other"}, UTC)
    assert [c.id for c in loaded.comments] == ["good"]
    assert loaded.broken == {("post", "bad"), ("post", "latin1")}
    assert sorted(str(p) for p in loaded.problems) == [
        "content/comments/loose.md: file: comment files go in content/comments/<article-slug>/<comment-id>.md; move it",
        "content/comments/post/bad.md:2: Date: cannot read the date 'never'; write it as YYYY-MM-DD HH:MM "
        "(add +HH:MM for a zone other than the site's)",
        "content/comments/post/latin1.md: file: is not UTF-8 text; save it as UTF-8",
        "content/comments/post/notes.txt: file: not a comment file; comments are <comment-id>.md files",
        "content/comments/post/two words.md: file: name the file with letters, digits, '-' and '_' only (it is the id)",
        "content/comments/psot/: folder: no post or page has the slug 'psot'; did you mean 'post'?",
    ]


def test_a_missing_comments_folder_is_no_comments(tmp_path):
    loaded = load_comments(tmp_path / "nothing", "content/comments", {"post"}, UTC)
    assert loaded.comments == [] and loaded.problems == []


def test_a_reply_to_an_unknown_comment_is_reported():
    problems = check_replies([make("a"), make("b", 5, reply_to="zz")])
    assert [str(p) for p in problems] == [
        "content/comments/post/b.md:3: Reply-To: no comment 'zz' on this article; write the id (file name without "
        ".md) of a comment in the same folder"
    ]


def test_a_reply_to_a_comment_of_another_article_is_reported():
    other = make("a")
    other.article = "other-post"
    problems = check_replies([other, make("b", 5, reply_to="a")])
    assert [p.message.split(";")[0] for p in problems] == ["no comment 'a' on this article"]


def test_a_reply_to_a_broken_file_is_not_reported_twice():
    assert check_replies([make("b", 5, reply_to="a")], broken={("post", "a")}) == []


def test_a_reply_dated_before_its_parent_is_reported():
    problems = check_replies([make("a", 60), make("b", 0, reply_to="a")])
    assert [str(p) for p in problems] == [
        "content/comments/post/b.md:2: Date: 2012-08-17T09:00:00+00:00 is before 2012-08-17T10:00:00+00:00, the date "
        "of the comment it replies to (a); fix one of the dates"
    ]


def test_a_reply_at_the_same_minute_as_its_parent_is_fine():
    assert check_replies([make("a", 0), make("b", 0, reply_to="a")]) == []


def test_a_published_reply_to_a_pending_comment_is_reported():
    problems = check_replies([make("a", status="pending"), make("b", 5, reply_to="a")])
    assert [str(p) for p in problems] == [
        "content/comments/post/b.md:3: Reply-To: answers 'a', which is pending; approve a or set this reply to pending"
    ]
    assert check_replies([make("a", status="pending"), make("b", 5, reply_to="a", status="pending")]) == []


def test_a_reply_to_a_pingback_is_reported():
    problems = check_replies([make("a", kind="pingback"), make("b", 5, reply_to="a")])
    assert [str(p) for p in problems] == [
        "content/comments/post/b.md:3: Reply-To: 'a' is a pingback; replies can only answer comments"
    ]


def test_a_reply_cycle_is_reported_once_with_its_chain():
    comments = [make("a", 0, reply_to="c"), make("b", 5, reply_to="a"), make("c", 9, reply_to="b"), make("d", 20)]
    problems = check_replies(comments)
    assert [str(p) for p in problems] == [
        "content/comments/post/a.md:3: Reply-To: replies go round in a circle (a → c → b → a); make one of them "
        "answer an earlier comment, or remove its Reply-To"
    ]


def test_a_comment_replying_to_itself_is_reported():
    problems = check_replies([make("a", reply_to="a")])
    assert [str(p) for p in problems] == [
        "content/comments/post/a.md:3: Reply-To: the comment replies to itself; write the id of the comment it "
        "answers, or remove the line"
    ]


def test_cycles_are_found_in_a_long_chain_without_recursion():
    size = 50_000
    parents = {f"c{n}": f"c{n - 1}" for n in range(1, size)}
    assert find_cycles(parents) == []
    parents["c0"] = f"c{size - 1}"
    (cycle,) = find_cycles(parents)
    assert len(cycle) == size and cycle[0] == "c0"


def test_cycles_hanging_off_a_tree_are_each_found_once():
    parents = {"b": "a", "c": "b", "x": "y", "y": "z", "z": "x", "t": "x", "s": "s"}
    assert sorted(find_cycles(parents)) == [["s"], ["x", "y", "z"]]


def test_a_long_comment_with_a_byte_order_mark_is_read_whole(tmp_path):
    content = tmp_path / "content"
    body = "A long comment. " * 20_000  # well over one read of the file
    path = write_comment(content, "post", "long", comment(body=body))
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    loaded = load_comments(content / "comments", "content/comments", {"post"}, UTC)
    assert loaded.problems == []
    (found,) = loaded.comments
    assert found.author == "Jane Reader" and found.body == body.strip()


@given(
    st.lists(
        st.one_of(
            st.from_regex(r"[A-Za-z][A-Za-z0-9_-]{0,6}:[ \t]?[^\n\r]{0,12}", fullmatch=True),
            st.sampled_from(
                ["", " ", "\t", "  continued", "no colon here", ":", "Key :x", "Url:  a \t", "\u2028", "\x0c"]
            ),
            st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8),
        ),
        max_size=6,
    ),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_reading_a_header_a_line_at_a_time_and_the_quick_way_agree(lines, ending):
    from plugins.comments.model import _read_header_lines

    text = ending.join(lines) + ending + ending + "Body text.\n"
    assert read_header(text) == _read_header_lines(text.replace("\r\n", "\n").replace("\r", "\n"))


CONTROL = "\x00\x01\x08\t\n\x0b\x0c\r\x0e\x1f\x7f\x85\u2028\ufffe\uffff"


@given(st.text(alphabet=st.sampled_from(CONTROL) | st.characters(), max_size=60))
def test_printable_drops_exactly_the_characters_feeds_cannot_carry(text):
    kept = printable(text)
    assert kept == "".join(ch for ch in text if ch in "\t\n\r" or not (ord(ch) < 0x20 or ch in "\x7f\ufffe\uffff"))


@pytest.mark.parametrize("text", ["plain ascii", "tab\tand\r\nlines", "bell\x07", "del\x7f", "café", "x\ufffe", ""])
def test_printable_on_ascii_and_other_text(text):
    assert printable(text) == "".join(ch for ch in text if ch not in "\x07\x7f\ufffe")


def _as_decoded(data: bytes) -> str | None:
    """What reading a comment file did before file_text(): decode with the BOM dropped, then printable()."""
    try:
        return printable(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None


BOM = "\ufeff".encode()


@given(
    st.one_of(
        st.binary(max_size=40),
        st.text(alphabet=st.sampled_from(CONTROL) | st.characters(exclude_categories=["Cs"]), max_size=40).map(
            str.encode
        ),
    ),
    st.sampled_from([b"", BOM, BOM + BOM]),
)
def test_a_files_text_is_its_bytes_decoded_without_the_bom_and_printable(data, start):
    assert file_text(start + data) == _as_decoded(start + data)


@pytest.mark.parametrize(
    "data", [b"Author: A\n\nhi\x07 there\x7f", BOM + b"Author: A\n\nhi", b"caf\xc3\xa9\x01", b"\xff\xfe", b""]
)
def test_a_files_text_on_ascii_bom_and_broken_bytes(data):
    assert file_text(data) == _as_decoded(data)


# For each key, good values first: most drawn files are good, or wrong in one way.
HEADER_VALUES = {
    "Author": ["Ann Archer", "  Ann   Archer ", "Morgan Hale", ""],
    "Date": ["2012-08-17 09:12", "2012-08-17T09:12:00+02:00", "17/08/2012", ""],
    "Url": ["https://a.example/", "", "javascript:alert(1)", "http://b.example/x y"],
    "Reply-To": ["c0", ""],
    "Type": ["comment", "Pingback", "trackback", "note", ""],
    "Status": ["approved", "Pending", "maybe", ""],
    "Role": ["author", "Author", "editor", ""],
    "Colour": ["blue"],
}
# In twentieths: how likely each key is to be there (any other key: 8 in 20).
LIKELY = {"Author": 19, "Date": 19, "Status": 19, "Colour": 1}


def chance(draw, twentieths: int) -> bool:
    return draw(st.integers(0, 19)) < twentieths


@st.composite
def comment_files(draw):
    lines = []
    for key, values in HEADER_VALUES.items():
        if chance(draw, LIKELY.get(key, 8)):
            value = values[0] if chance(draw, 12) else draw(st.sampled_from(values))
            spelled = draw(st.sampled_from([key, key, key.lower(), key.upper()]))
            lines.append(f"{spelled}:{draw(st.sampled_from([' ', ' ', '', '  ']))}{value}")
    lines = draw(st.permutations(lines))
    if lines and chance(draw, 3):
        lines.append(draw(st.sampled_from(lines)))  # a key given twice
    body = "Thanks!" if chance(draw, 16) else draw(st.sampled_from(["  A *real* reply.\n\nTwo. ", "", "\n"]))
    separator = "\n\n" if chance(draw, 16) else draw(st.sampled_from(["\r\n\r\n", "\n \n", "\n"]))
    return "\n".join(lines) + separator + body


def fields_of(comment):
    return None if comment is None else {name: getattr(comment, name) for name in Comment.__slots__}


@settings(max_examples=400)
@given(comment_files())
def test_the_quick_reading_of_a_plain_file_gives_what_the_full_check_gives(text):
    quick = _parse_plain(text, PATH, "post", "c1", UTC, "Morgan Hale")
    checked, problems = _parse_checked(text, PATH, "post", "c1", UTC, "Morgan Hale")
    if quick is not None:
        assert problems == [] and fields_of(quick) == fields_of(checked)
    event("quick" if quick is not None else "full check")


@st.composite
def canonical_files(draw):
    """Headers in the format's order, as the importers write them, with now and then a value padded,
    a key missing or misspelt, or a line out of place."""
    lines = []
    for key in ("Author", "Date", "Url", "Reply-To", "Type", "Status", "Role", "Colour"):
        if chance(draw, LIKELY.get(key, 10)):
            value = HEADER_VALUES[key][0] if chance(draw, 17) else draw(st.sampled_from(HEADER_VALUES[key]))
            before = " " if chance(draw, 19) else draw(st.sampled_from(["", "  ", "\t", " \t"]))
            after = "" if chance(draw, 19) else draw(st.sampled_from([" ", "\t", "  "]))
            spelled = key if chance(draw, 19) else key.lower()
            lines.append(f"{spelled}:{before}{value}{after}")
    if len(lines) > 1 and chance(draw, 1):
        lines.append(lines.pop(0))
    body = "Thanks!" if chance(draw, 16) else draw(st.sampled_from(["  A *real* reply.\n\nTwo. ", "", "\n"]))
    return "\n".join(lines) + "\n\n" + body


@settings(max_examples=400)
@given(canonical_files())
def test_a_header_in_the_formats_order_reads_as_it_does_a_line_at_a_time(text):
    quick = model._header_values(text)
    with mock.patch.object(model, "_CANONICAL", re.compile("(?!)")):  # never matches: a line at a time
        assert model._header_values(text) == quick
    plain = _parse_plain(text, PATH, "post", "c1", UTC, "Morgan Hale")
    checked, problems = _parse_checked(text, PATH, "post", "c1", UTC, "Morgan Hale")
    if plain is not None:
        assert problems == [] and fields_of(plain) == fields_of(checked)
    event("in order" if model._CANONICAL.match(text) else "a line at a time")


def test_a_plain_good_file_takes_the_quick_way_and_an_odd_one_the_full_check():
    good = "Author: Ann\nDate: 2012-08-17 09:12\nReply-To: c0\nRole: author\nStatus: approved\n\nYes.\n"
    assert fields_of(_parse_plain(good, PATH, "post", "c1", UTC, "")) == fields_of(parse(good)[0])
    assert _parse_plain(good.replace("Role: author", "Role:"), PATH, "post", "c1", UTC, "") is None
    assert parse(good.replace("Role: author", "Role:"))[1][0].field == "Role"


@pytest.mark.parametrize(
    "entries",
    [
        ["c1.md", "c2.md", "wp-1042.md"],
        ["c1.md", ".hidden.md"],
        ["c1.md", "notes.txt"],
        ["c1.md", "bad name.md"],
        ["c1.md", "dir.md/"],
        ["c1.md", "b.md\nc2.md"],
        ["_x.md"],
        [],
    ],
)
def test_a_folder_of_comment_files_lists_as_it_does_a_name_at_a_time(tmp_path, entries):
    from plugins.comments.model import list_comment_files

    folder = tmp_path / "comments" / "post"
    folder.mkdir(parents=True)
    for name in entries:
        (folder / name.rstrip("/")).mkdir() if name.endswith("/") else (folder / name).write_text("x")
    quick = list_comment_files(tmp_path / "comments", "content/comments")
    with mock.patch.object(model, "_COMMENT_FILES", re.compile("(?!)")):  # never matches: a name at a time
        assert list_comment_files(tmp_path / "comments", "content/comments") == quick
    assert [a.names for a in quick[0]] == [tuple(sorted(n for n in entries if re.fullmatch(r"c\d\.md|wp-1042\.md", n)))]
