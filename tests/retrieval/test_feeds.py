"""Feeds fetched from a local HTTP server (127.0.0.1 only) and from files."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from retrieval.news.article import ArticleDate
from retrieval.news.feeds import FeedError, FeedState, fetch_feed, parse_feed
from retrieval.text.html_text import html_to_text

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Testavisa &amp; venner</title>
  <link>https://avis.example/</link>
  <item>
    <title>Ukraina &amp; Russland møtes</title>
    <link>https://avis.example/a</link>
    <guid isPermaLink="false">a-1</guid>
    <pubDate>Wed, 10 Feb 2021 00:30:00 +0100</pubDate>
    <description><![CDATA[<p>Kort <b>ingress</b></p>]]></description>
    <content:encoded><![CDATA[<p>Første avsnitt &amp; mer.</p><script>alert("x")</script>
      <p>Andre<br/>linje&nbsp;her</p><style>p { color: red }</style>]]></content:encoded>
  </item>
  <item>
    <title>Bare ingress</title>
    <link>https://avis.example/b</link>
    <pubDate>Tue, 09 Feb 2021 12:00:00 GMT</pubDate>
    <description>Teksten i &lt;i&gt;ingressen&lt;/i&gt;.</description>
  </item>
  <item>
    <title></title>
    <description></description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Atom-posten</title>
  <id>urn:uuid:feed</id>
  <updated>2021-02-10T10:00:00Z</updated>
  <entry>
    <title type="html">Valget &lt;em&gt;2021&lt;/em&gt;</title>
    <id>urn:uuid:entry-1</id>
    <link href="https://atom.example/valg"/>
    <updated>2021-02-10T10:00:00Z</updated>
    <published>2021-02-08T09:00:00+01:00</published>
    <summary>Kort sammendrag.</summary>
    <content type="html">&lt;h2&gt;Overskrift&lt;/h2&gt;&lt;p&gt;Hele teksten.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Uten dato</title>
    <id>urn:uuid:entry-2</id>
    <link href="https://atom.example/udatert"/>
    <summary>Noe skjedde.</summary>
  </entry>
</feed>
"""

DUPLICATES = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Dobbel</title>
  <item><title>Samme sak</title><guid>https://dup.example/1</guid><description>Tekst.</description></item>
  <item><title>Samme sak</title><guid>https://dup.example/1</guid><description>Tekst.</description></item>
  <item><title>Annen sak</title><guid>https://dup.example/2</guid><description>Mer tekst.</description></item>
</channel></rss>
"""

# One item with an impossible character reference and links no reader should be offered;
# the other items must survive both.
HOSTILE = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Fiendtlig</title>
  <item><title>Halv &#xD800; tegn</title><link>javascript:alert(1)</link><guid>h-1</guid>
    <description>Tekst &#55296;med feil.</description></item>
  <item><title>Data-lenke</title><link>data:text/html,hei</link><guid>h-2</guid><description>Tekst.</description></item>
  <item><title>Telegram-lenke</title><link>tg://resolve?domain=x</link><guid>h-3</guid><description>Tekst.</description></item>
  <item><title>Vanlig sak</title><link>https://avis.example/vanlig</link><guid>h-4</guid>
    <description>Helt vanlig.</description></item>
  <item><title>Fra fremtiden</title><link>https://avis.example/fremtid</link><guid>h-5</guid>
    <pubDate>Fri, 31 Dec 9999 12:00:00 GMT</pubDate><description>Tekst.</description></item>
</channel></rss>
"""

MALFORMED = "<html><body><p>Dette er ingen feed <b>uten lukking</body>"

ETAG = '"v1"'
LAST_MODIFIED = "Wed, 10 Feb 2021 10:00:00 GMT"
SLOW_SECONDS = 1.0
CLIENT_TIMEOUT = 0.2
SMALL_LIMIT = 4096


class Handler(BaseHTTPRequestHandler):
    """Routes for each situation a feed server can be in."""

    def do_GET(self) -> None:  # noqa: N802 (stdlib naming)
        self.server.seen.append((self.path, dict(self.headers)))  # type: ignore[attr-defined]
        route = {
            "/rss": lambda: self.send(200, RSS, "application/rss+xml; charset=utf-8"),
            "/atom": lambda: self.send(200, ATOM, "application/atom+xml"),
            "/duplicates": lambda: self.send(200, DUPLICATES, "application/rss+xml"),
            "/malformed": lambda: self.send(200, MALFORMED, "text/html"),
            "/hostile": lambda: self.send(200, HOSTILE, "application/rss+xml"),
            "/empty": lambda: self.send(200, "", "application/rss+xml"),
            "/missing": lambda: self.send(404, "not here", "text/plain"),
            "/broken": lambda: self.send(500, "oops", "text/plain"),
            "/slow": self.slow,
            "/conditional": self.conditional,
            "/huge": lambda: self.send(200, RSS + " " * (SMALL_LIMIT * 2), "application/rss+xml"),
            "/huge-chunked": self.huge_chunked,
        }.get(self.path)
        if route is None:
            self.send(404, "unknown", "text/plain")
        else:
            route()

    def send(self, status: int, body: str, content_type: str, extra: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def slow(self) -> None:
        time.sleep(SLOW_SECONDS)
        try:
            self.send(200, RSS, "application/rss+xml")
        except OSError:
            pass  # the client gave up, as it should

    def conditional(self) -> None:
        if self.headers.get("If-None-Match") == ETAG:
            self.send_response(304)
            self.end_headers()
        else:
            self.send(200, RSS, "application/rss+xml", {"ETag": ETAG, "Last-Modified": LAST_MODIFIED})

    def huge_chunked(self) -> None:
        """A body with no Content-Length, so only counting while streaming catches it."""
        self.protocol_version = "HTTP/1.0"
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        try:
            for _ in range(64):
                self.wfile.write(b" " * 1024)
        except OSError:
            pass

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def base(server: ThreadingHTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    # trust_env=False: no proxy from the environment may reroute 127.0.0.1.
    with httpx.Client(timeout=CLIENT_TIMEOUT, trust_env=False) as http:
        yield http


def test_rss_items_become_articles(base: str, client: httpx.Client) -> None:
    result = fetch_feed(f"{base}/rss", None, client)
    assert result.ok and not result.not_modified
    assert [a.headline for a in result.articles] == ["Ukraina & Russland møtes", "Bare ingress"]
    first, second = result.articles
    assert first.text == "Første avsnitt & mer.\nAndre\nlinje her"  # full content, not the summary
    assert first.url == "https://avis.example/a"
    assert first.source == "Testavisa & venner"
    assert first.id.startswith("feed-") and len(first.id) == len("feed-") + 16
    # 00:30 in Norway is the 9th in UTC; the publisher's calendar day is kept.
    assert first.date == ArticleDate.from_date(date(2021, 2, 10))
    assert second.text == "Teksten i ingressen."
    assert second.date == ArticleDate.from_date(date(2021, 2, 9))
    assert result.state is not None and result.state.fetched_at is not None


def test_atom_entries_become_articles(base: str, client: httpx.Client) -> None:
    result = fetch_feed(f"{base}/atom", None, client)
    assert result.ok
    valg, udatert = result.articles
    assert valg.headline == "Valget 2021"
    assert valg.text == "Overskrift\nHele teksten."
    assert valg.url == "https://atom.example/valg"
    assert valg.source == "Atom-posten"
    assert valg.date == ArticleDate.from_date(date(2021, 2, 8))  # published beats updated
    assert udatert.date is None and udatert.text == "Noe skjedde."


def test_ids_are_stable_across_fetches(base: str, client: httpx.Client) -> None:
    first = fetch_feed(f"{base}/rss", None, client)
    again = fetch_feed(f"{base}/rss", None, client)
    assert [a.id for a in first.articles] == [a.id for a in again.articles]
    assert len({a.id for a in first.articles}) == 2


def test_duplicate_items_are_kept_once(base: str, client: httpx.Client) -> None:
    result = fetch_feed(f"{base}/duplicates", None, client)
    assert [a.headline for a in result.articles] == ["Samme sak", "Annen sak"]


def test_malformed_feed_is_a_failure_not_an_exception(base: str, client: httpx.Client, caplog) -> None:
    state = FeedState(etag='"old"')
    with caplog.at_level(logging.WARNING, logger="retrieval.news.feeds"):
        result = fetch_feed(f"{base}/malformed", state, client)
    assert not result.ok
    assert "malformed" in result.error
    assert result.articles == [] and result.state == state
    assert any("malformed" in record.getMessage() for record in caplog.records)


def test_an_impossible_character_drops_only_itself(base: str, client: httpx.Client) -> None:
    result = fetch_feed(f"{base}/hostile", None, client)
    assert result.ok
    first = result.articles[0]
    assert first.headline == "Halv tegn" and first.text == "Tekst med feil."
    assert len(result.articles) == 5


def test_only_web_links_are_kept(base: str, client: httpx.Client) -> None:
    result = fetch_feed(f"{base}/hostile", None, client)
    assert [a.url for a in result.articles] == [None, None, None, "https://avis.example/vanlig", "https://avis.example/fremtid"]


def test_a_future_date_is_dropped_and_the_item_kept(base: str, client: httpx.Client, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="retrieval.news.feeds"):
        result = fetch_feed(f"{base}/hostile", None, client)
    assert result.articles[-1].headline == "Fra fremtiden" and result.articles[-1].date is None
    assert any("future date" in record.getMessage() for record in caplog.records)


def test_an_empty_response_is_one_warning_line(base: str, client: httpx.Client, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="retrieval.news.feeds"):
        result = fetch_feed(f"{base}/empty", None, client)
    assert not result.ok and result.error == "empty response"
    assert [(r.levelname, r.exc_info) for r in caplog.records] == [("WARNING", None)]
    assert "\n" not in caplog.records[0].getMessage()


@pytest.mark.parametrize(("path", "status"), [("/missing", "404"), ("/broken", "500")])
def test_http_errors_are_failures(base: str, client: httpx.Client, path: str, status: str) -> None:
    result = fetch_feed(f"{base}{path}", None, client)
    assert not result.ok and status in result.error and result.articles == []


def test_timeout_is_a_failure_and_fast(base: str, client: httpx.Client) -> None:
    started = time.monotonic()
    result = fetch_feed(f"{base}/slow", None, client)
    assert not result.ok and result.error == "timed out"
    assert time.monotonic() - started < SLOW_SECONDS


def test_unreachable_server_is_a_failure(client: httpx.Client) -> None:
    with socket_closed_port() as port:
        result = fetch_feed(f"http://127.0.0.1:{port}/rss", None, client)
    assert not result.ok and result.error


def test_conditional_request_gets_304_and_no_items(base: str, client: httpx.Client, server) -> None:
    first = fetch_feed(f"{base}/conditional", None, client)
    assert first.ok and len(first.articles) == 2
    assert first.state.etag == ETAG and first.state.last_modified == LAST_MODIFIED

    second = fetch_feed(f"{base}/conditional", first.state, client)
    assert second.ok and second.not_modified and second.articles == []
    assert second.state.etag == ETAG and second.state.fetched_at >= first.state.fetched_at
    sent = [headers for path, headers in server.seen if path == "/conditional"][-1]
    assert sent["If-None-Match"] == ETAG and sent["If-Modified-Since"] == LAST_MODIFIED


def test_oversize_body_with_declared_length_is_refused(base: str, client: httpx.Client) -> None:
    result = fetch_feed(f"{base}/huge", None, client, max_bytes=SMALL_LIMIT)
    assert not result.ok and "larger than" in result.error


def test_oversize_body_without_length_is_cut_off_while_streaming(base: str, client: httpx.Client) -> None:
    result = fetch_feed(f"{base}/huge-chunked", None, client, max_bytes=SMALL_LIMIT)
    assert not result.ok and "larger than" in result.error


def test_normal_body_passes_a_size_limit(base: str, client: httpx.Client) -> None:
    assert fetch_feed(f"{base}/rss", None, client, max_bytes=len(RSS.encode()) + 1).ok


def test_local_file_by_path_and_file_url(tmp_path, client: httpx.Client) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(ATOM, encoding="utf-8")
    by_path = fetch_feed(str(path), None, client)
    by_url = fetch_feed(path.as_uri(), None, client)
    assert by_path.ok and by_url.ok
    assert [a.headline for a in by_path.articles] == [a.headline for a in by_url.articles] == [
        "Valget 2021", "Uten dato",
    ]


def test_missing_local_file_and_unknown_scheme_are_failures(tmp_path, client: httpx.Client) -> None:
    assert not fetch_feed(str(tmp_path / "nope.xml"), None, client).ok
    result = fetch_feed("ftp://example.invalid/feed.xml", None, client)
    assert not result.ok and "scheme" in result.error


def test_parse_feed_raises_on_non_feed() -> None:
    with pytest.raises(FeedError):
        parse_feed(b"just some text", "mem://x")


def test_feed_with_no_items_is_empty_not_failed() -> None:
    empty = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Tom</title></channel></rss>'
    assert parse_feed(empty, "mem://empty") == []


def test_truncated_feed_keeps_the_items_it_has() -> None:
    document = RSS.encode()
    truncated = document[: document.index(b"<title>Bare ingress")]  # cut off inside the second item
    articles = parse_feed(truncated, "mem://truncated")
    assert articles and articles[0].headline == "Ukraina & Russland møtes"


def test_opaque_guids_are_scoped_to_their_feed() -> None:
    item = b'<rss version="2.0"><channel><title>T</title><item><title>x</title><guid>1</guid></item></channel></rss>'
    assert parse_feed(item, "https://a.example/f")[0].id != parse_feed(item, "https://b.example/f")[0].id


def test_html_to_text() -> None:
    markup = (
        "<div><h1>Tittel</h1><p>Ett &amp; to&nbsp;tre</p><ul><li>a</li><li>b</li></ul>"
        "<script>var x = '<p>nei</p>';</script><style>.x{}</style>linje<br>ny &lt;tag&gt;</div>"
    )
    assert html_to_text(markup) == "Tittel\nEtt & to tre\na\nb\nlinje\nny <tag>"


class socket_closed_port:
    """A localhost port nothing listens on."""

    def __enter__(self) -> int:
        import socket

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        return self.sock.getsockname()[1]

    def __exit__(self, *exc: object) -> None:
        self.sock.close()


def test_html_to_text_drops_lone_surrogates() -> None:
    assert html_to_text("<p>Før\ud800 etter</p>") == "Før etter"
    assert html_to_text("<p>x</p>\udfff").encode("utf-8") == b"x"
