import pytest

from plugins.content_check.header import line_of, read_header


def test_fields_keep_their_lines_and_the_body_start():
    header = read_header("Title: Hello\nDate: 2012-01-01\nTags: a,\n    b\n\nBody: not metadata\n")
    assert [(f.key, f.value, f.line) for f in header.fields] == [
        ("Title", "Hello", 1),
        ("Date", "2012-01-01", 2),
        ("Tags", "a, b", 3),
    ]
    assert header.body_start == 6
    assert header.get("TITLE").value == "Hello"


def test_a_file_without_metadata_has_no_fields():
    header = read_header("Just a paragraph, no header.\n")
    assert header.fields == ()
    assert header.get("title") is None


def test_the_last_of_a_repeated_key_wins_as_in_pelican():
    header = read_header("Title: One\nTitle: Two\n\nx")
    assert header.get("title").value == "Two"
    assert header.get("title").line == 2


def test_line_of_finds_the_first_line_from_a_start():
    text = "a\nneedle one\nb\nneedle two\n"
    assert line_of(text, "needle") == 2
    assert line_of(text, "needle", start=3) == 4
    assert line_of(text, "absent") is None


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x0c", "\x1c", "\x85"])
def test_a_value_holding_a_line_separator_stays_one_field_as_pelican_reads_it(separator):
    import markdown

    text = f"Title: One{separator}Two\nDate: 2012-01-02 10:00\n\nBody."
    header = read_header(text)
    assert [(f.name, f.line) for f in header.fields] == [("title", 1), ("date", 2)]
    assert header.body_start == 4
    md = markdown.Markdown(extensions=["markdown.extensions.meta"])
    md.convert(text)
    assert md.Meta["title"] == [header.get("title").value]


def test_old_mac_line_ends_are_line_ends():
    header = read_header("Title: One\rDate: 2012-01-02 10:00\r\rBody.")
    assert [(f.name, f.value, f.line) for f in header.fields] == [("title", "One", 1), ("date", "2012-01-02 10:00", 2)]


def _whole(text):
    """The header as found by splitting the whole text (what read_header must always give)."""
    from plugins.content_check.header import _header, split_lines

    return _header(split_lines(text), whole=True)


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("header_lines", [0, 3, 40, 200])
@pytest.mark.parametrize("body_lines", [0, 1, 500])
def test_a_long_file_gives_the_header_its_whole_text_gives(end, header_lines, body_lines):
    """Only the first lines of a long file are split; a header that runs past them, a file that is all
    header and line ends cut in two at the boundary still give what splitting the whole file gives."""
    header = [f"Key{n}: value number {n} " + "x" * (n % 37) for n in range(header_lines)]
    if header_lines > 3:
        header[2] = "    a continued value"
    body = [f"Body line {n} with some words." for n in range(body_lines)]
    lines = header + ([""] + body if body_lines else [])
    text = end.join(lines) + end
    for padding in range(4):  # moves the line ends across the point where the first look stops
        padded = "P: " + "y" * padding + end + text
        assert read_header(padded) == _whole(padded)
    found = read_header(text)
    assert found == _whole(text)
    assert len(found.fields) == (header_lines - 1 if header_lines > 3 else header_lines)
