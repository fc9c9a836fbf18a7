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
