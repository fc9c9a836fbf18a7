"""Image sizes read from the files and written into the <img> tags."""

import struct
from pathlib import Path

from bs4 import BeautifulSoup

from plugins.image_size.sizing import add_image_sizes, content_resolver, image_size
from tests.conftest import post, write_post

LINKS = "[{|](?P<what>.*?)[|}]"  # Pelican's INTRASITE_LINK_REGEX


def gif(path: Path, width: int, height: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00;")
    return path


def test_sizes_are_read_from_the_file_header(tmp_path):
    assert image_size(gif(tmp_path / "a.gif", 320, 200)) == (320, 200)
    (tmp_path / "notes.txt").write_text("not an image")
    assert image_size(tmp_path / "notes.txt") is None
    svg = tmp_path / "chart.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="640" height="220"></svg>')
    assert image_size(svg) == (640, 220)


def test_missing_sizes_are_inserted_and_the_rest_of_the_html_is_untouched(tmp_path):
    image = gif(tmp_path / "a.gif", 400, 300)
    html = (
        '<p>Text &amp; <em>more</em>\n<IMG alt="Wide" src="a.gif"></p>\n'
        '<p><img src="a.gif" alt="Half" width="200"> <img src="a.gif" alt="Tall" height="600">\n'
        '<img src="a.gif" alt="Set" width="10" height="10"><img src="https://other.example/x.png" alt="Far"></p>'
    )
    resolved = add_image_sizes(html, lambda src: image if src == "a.gif" else None)
    assert resolved == (
        '<p>Text &amp; <em>more</em>\n<IMG width="400" height="300" alt="Wide" src="a.gif"></p>\n'
        '<p><img height="150" src="a.gif" alt="Half" width="200"> <img width="800" src="a.gif" alt="Tall" height="600">\n'
        '<img src="a.gif" alt="Set" width="10" height="10"><img src="https://other.example/x.png" alt="Far"></p>'
    )


def test_html_without_images_or_with_unreadable_ones_is_returned_as_it_is(tmp_path):
    assert add_image_sizes("<p>No images</p>", lambda src: None) == "<p>No images</p>"
    (tmp_path / "broken.png").write_bytes(b"not a png")
    html = '<img src="broken.png" alt="x"><img src="missing.png" alt="y">'
    assert add_image_sizes(html, lambda src: tmp_path / src) == html


def test_the_resolver_follows_pelican_links_and_stays_in_the_content_folder(tmp_path):
    content = tmp_path / "content"
    image = gif(content / "images" / "a.gif", 1, 1)
    own = gif(content / "posts" / "figures" / "b.gif", 1, 1)
    gif(tmp_path / "outside.gif", 1, 1)
    resolve = content_resolver(content, "posts", LINKS)
    assert resolve("{static}/images/a.gif") == image.resolve()
    assert resolve("|static|/images/a.gif") == image.resolve()
    assert resolve("{attach}figures/b.gif") == own.resolve()
    assert resolve("{static}../images/a.gif") == image.resolve()
    assert resolve("/images/a.gif") == image.resolve()
    assert resolve("/images/a.gif?v=2") == image.resolve()
    assert resolve("{static}/../outside.gif") is None
    assert resolve("{static}/images/missing.gif") is None
    assert resolve("{tag}customer-service") is None
    assert resolve("https://other.example/images/a.gif") is None
    assert resolve("images/a.gif") is None  # relative to the page's URL, which the build decides


def test_a_built_post_has_the_size_of_its_image(content, build):
    gif(content / "images" / "chart.gif", 640, 360)
    write_post(content, "a.md", post("Charted", body="![A chart of results]({static}/images/chart.gif)"))
    output = build(content)
    page = BeautifulSoup((output / "2012/08/16/charted/index.html").read_text(), "html.parser")
    image = page.select_one(".post-content img")
    assert (image["width"], image["height"], image["src"]) == ("640", "360", "../../../../images/chart.gif")
