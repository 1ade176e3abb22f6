"""`cleaner studio`: a local web page for writing a site pack against real articles.

The Workspace holds what one session works on (the article folder, the packs in force, the
one pack file it may write) and answers the page's JSON API; `make_server` serves it with
the standard library's threading HTTP server on the loopback address. The page itself is
package data (web/studio.html), plain HTML and JavaScript with nothing fetched from elsewhere.

The pack being edited is validated exactly as `cleaner rules check` validates a file: it is
written to a private temporary folder under the chosen file name, loaded beside the other
packs, and put through the same self-test, so the messages are the check's own (with the
temporary path shown as the chosen one). Nothing is written anywhere else until Save, which
writes only the --pack path, and only a pack that passes.

The package, one job per module: server.py (HTTP: the page and the JSON API, the main-thread
runner), workspace.py (the API's operations on one session), draft.py (the pack being edited,
loaded beside the others), cleanview.py (cleaning an article for the page), packtext.py
(editing a pack's YAML text).
"""

from __future__ import annotations

from .draft import Draft, StudioError
from .server import MAX_BODY, MainThread, StudioServer, is_loopback, make_server, page, serve
from .workspace import DOC_TIMEOUT, MAX_COUNT_DOCS, MAX_LISTED, Workspace

__all__ = ["DOC_TIMEOUT", "MAX_BODY", "MAX_COUNT_DOCS", "MAX_LISTED", "Draft", "MainThread", "StudioError",
           "StudioServer", "Workspace", "is_loopback", "make_server", "page", "serve"]
