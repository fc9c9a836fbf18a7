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
