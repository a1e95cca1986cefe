"""`source add URL`: real HTTP to a server on 127.0.0.1 — redirects, size cap, timeouts, cut bodies."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from provenance.inputs.sources.front_matter import capture_metadata
from tests.capture_project import files_under, project  # noqa: F401  (project: a fixture)
from tests.debian_documents import HTML_PAGE, MANUAL_PDF, document
from tests.helpers import run


class _Handler(BaseHTTPRequestHandler):
    documents: dict[str, tuple[str, bytes]] = {}

    def do_GET(self):  # noqa: N802 (the http.server API)
        if self.path == "/moved":
            self._answer(301, b"", location="/manual.pdf")
        elif self.path == "/slow":
            time.sleep(3)
            self._answer(200, b"<html><body><p>late</p></body></html>", "text/html")
        elif self.path == "/cut.pdf":
            media_type, body = self.documents["/manual.pdf"]
            self.send_response(200)
            self.send_header("Content-Type", media_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])  # the connection drops halfway
            self.wfile.flush()
            self.close_connection = True
        elif self.path in self.documents:
            self._answer(200, self.documents[self.path][1], self.documents[self.path][0])
        else:
            self._answer(404, b"not here", "text/plain")

    def _answer(self, status: int, body: bytes, media_type: str = "text/plain", location: str | None = None):
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def server():
    _Handler.documents = {
        "/manual.pdf": ("application/pdf", document(MANUAL_PDF).read_bytes()),
        "/page.html": ("text/html; charset=utf-8", document(HTML_PAGE).read_bytes()),
    }
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_fetched_pdf_records_the_url_and_its_redirects(project: Path, server: str):
    result = run(project, "source", "add", f"{server}/moved", "--key", "manual")
    assert result.exit_code == 0, result.output
    metadata = capture_metadata((project / "sources" / "manual.md").read_text(encoding="utf-8"))[0]
    assert metadata["url"] == f"{server}/moved"
    assert metadata["final-url"] == f"{server}/manual.pdf"
    assert metadata["redirects"] == [f"{server}/moved"]
    assert metadata["media-type"] == "application/pdf"
    assert (project / metadata["capture"]).read_bytes() == document(MANUAL_PDF).read_bytes()
    again = run(project, "source", "add", f"{server}/moved", "--key", "manual")
    assert "nothing written" in again.output


def test_a_fetched_page_is_extracted_as_html(project: Path, server: str):
    result = run(project, "source", "add", f"{server}/page.html")
    assert result.exit_code == 0, result.output
    text = (project / "sources" / "page.md").read_text(encoding="utf-8")
    assert capture_metadata(text)[0]["extractor"].startswith("trafilatura")
    assert "\n## " in text


@pytest.mark.parametrize(
    "path, options, message",
    [
        ("/cut.pdf", (), "cut off"),
        ("/page.html", ("--max-bytes", "1000"), "size cap"),
        ("/slow", ("--timeout", "0.5"), "timed out"),
        ("/missing", (), "404"),
    ],
)
def test_a_failed_download_is_a_clear_error_and_writes_nothing(
    project: Path, server: str, path: str, options: tuple[str, ...], message: str
):
    before = files_under(project)
    result = run(project, "source", "add", f"{server}{path}", "--key", "doc", *options)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert files_under(project) == before
