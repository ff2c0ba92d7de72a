"""The Nu HTML checker helper (tests/browser/vnu.py) that the page sweeps use: it names the page,
the line and the message of each error, leaves warnings out, and checks a page once."""

from __future__ import annotations

from tests.browser.vnu import VnuPages

GOOD = """<!DOCTYPE html>
<html lang="da"><head><title>God</title></head>
<body><main><h1>God</h1><details name="menu"><summary>Menu</summary>x</details></main></body>
</html>"""
BAD = """<!DOCTYPE html>
<html lang="da"><head><title>Dårlig</title></head>
<body><main><h1>Dårlig</h1>
<p id="twice">a</p><p id="twice">b</p>
</div></main></body>
</html>"""


def test_it_names_the_page_line_and_message_of_each_error_and_checks_a_page_once():
    pages = VnuPages()
    try:
        pages.add_html("anonymous: http://127.0.0.1/god/", GOOD)
        pages.add_html("anonymous: http://127.0.0.1/daarlig/", BAD)
        pages.add_html("editor: http://127.0.0.1/daarlig/", BAD)  # the same page again
        assert len(pages.urls) == 2
        errors = pages.errors()
    finally:
        pages.close()
    assert len(errors) == 2, errors
    assert errors[0].startswith("anonymous: http://127.0.0.1/daarlig/:4: Duplicate ID “twice”")
    assert errors[1].startswith("anonymous: http://127.0.0.1/daarlig/:5: Stray end tag “div”")
