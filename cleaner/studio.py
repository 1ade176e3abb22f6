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
"""

from __future__ import annotations

import ipaddress
import json
import queue
import re
import shutil
import tempfile
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import yaml

from . import __version__, diffview, normalize, selftest
from .decode import NotText
from .documents import Document, Fields, file_document
from .errors import CleanerError, PackError
from .pipeline import Cleaned, clean_document, clean_text, site_for
from .rules import Library, PackFile, discover, load_library, load_pack
from .sinks import write_atomic
from .sources import collect
from .timeout import DocumentTimeout, time_limit
from .view import view

MAX_BODY = 5_000_000  # bytes of one request: an article and a pack, with room to spare
# A pattern typed in the page may backtrack without end; one document may take this long.
DOC_TIMEOUT = 5.0
MAX_LISTED = 1_000  # articles offered in the page's list (a bigger folder is still counted and mined)
MAX_COUNT_DOCS = 2_000  # documents of FOLDER counted per pack edit (the rest would only wait)
_ARTICLE_GLOBS = ("*.txt", "*.html", "*.htm")
_CORPUS_GLOBS = (*_ARTICLE_GLOBS, "*.jsonl", "*.jsonl.gz")
_MAX_REPAIRS = 50
_SLUG = re.compile(r"[^a-z0-9]+")


class StudioError(CleanerError):
    """A request the studio cannot honour: sent to the page as {"error": message}."""

    def __init__(self, message: str, status: HTTPStatus = HTTPStatus.BAD_REQUEST) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Draft:
    """The pack text being edited, loaded beside the other packs (library is None if it fails)."""

    text: str
    library: Library | None
    pack: PackFile | None
    messages: list[str]
    ok: bool

    @property
    def site(self) -> str | None:
        """The draft's name when it is a site pack: forced on every document, so its rules show."""
        return self.pack.name if self.pack is not None and self.pack.pack.sites else None


class Workspace:
    """One studio session: its folder, the packs in force, and the single file it may write."""

    def __init__(self, folder: Path | None, rules: list[Path], no_default: bool, pack_path: Path | None,
                 timeout: float = DOC_TIMEOUT) -> None:
        if folder is not None and not folder.is_dir():
            raise CleanerError(f"{folder}: no such folder (give a folder of articles, or none)")
        if pack_path is not None:
            if pack_path.suffix not in (".yaml", ".yml"):
                raise CleanerError(f"--pack {pack_path}: a pack file name ends in .yaml (e.g. site.yaml)")
            if pack_path.exists() and not pack_path.is_file():
                raise CleanerError(f"--pack {pack_path}: not a file")
            if not pack_path.parent.is_dir():
                raise CleanerError(f"--pack {pack_path}: folder {pack_path.parent} does not exist")
        self.folder = folder
        self.pack_path = pack_path
        self.timeout = timeout  # per document; enforced when the work runs in the main thread
        self.shown = str(pack_path) if pack_path is not None else "draft.yaml"
        # The pack being edited is not loaded from disk beside the others: the draft stands for it.
        extra = [p for p in discover(rules)
                 if pack_path is None or p.resolve() != pack_path.resolve()]
        self.base = load_library(extra, no_default=no_default)
        self._tmp = Path(tempfile.mkdtemp(prefix="cleaner-studio-"))
        self._draft_file = self._tmp / (pack_path.name if pack_path is not None else "draft.yaml")
        self._lock = threading.Lock()  # one draft file and its library: one request at a time
        self._draft: Draft | None = None
        self._counts: tuple[str, dict[str, Any]] | None = None
        self.files: dict[str, Path] = {}
        if folder is not None:
            sources, _ = collect([folder], list(_ARTICLE_GLOBS), None)
            self.files = {s.path.relative_to(folder).as_posix(): s.path for s in sources}
        self.initial_pack()  # an unreadable --pack file is an error now, not on the first request

    def close(self) -> None:
        shutil.rmtree(self._tmp, ignore_errors=True)

    # ------------------------------------------------------------------ state and articles

    def state(self) -> dict[str, Any]:
        return {"version": __version__, "folder": str(self.folder) if self.folder else None,
                "files": sorted(self.files)[:MAX_LISTED], "total_files": len(self.files),
                "pack_path": str(self.pack_path) if self.pack_path else None,
                "pack": self.initial_pack(), "packs": sorted(self.base.packs)}

    def initial_pack(self) -> str:
        """The --pack file as it is, or a starter pack named after it."""
        if self.pack_path is not None and self.pack_path.is_file():
            try:
                return self.pack_path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CleanerError(f"{self.pack_path}: cannot read: {exc}") from None
        stem = Path(self.shown).name.removesuffix(".yaml").removesuffix(".yml")
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("._-") or "draft"
        lines = [f"name: {name}", f"description: Furniture of {name} articles, written in cleaner studio."]
        if "." in name:  # named like a host: a site pack for it and its subdomains
            lines.append(f"sites: ['{name}', '*.{name}']")
        return "\n".join([*lines, "rules: []", ""])

    def article(self, name: str) -> dict[str, Any]:
        path = self._file(name)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise StudioError(f"{name}: cannot read: {exc.strerror or exc}") from None
        doc = file_document(path, Path(name))
        doc.data = raw
        try:
            text = _decoded(doc)
        except NotText as exc:
            raise StudioError(f"{name}: {exc}") from None
        return {"name": name, "kind": doc.kind, "text": text}

    def _file(self, name: str) -> Path:
        # Only names from the folder's listing: a name is never made into a path.
        path = self.files.get(name)
        if path is None:
            raise StudioError(f"{name}: not an article of the folder", HTTPStatus.NOT_FOUND)
        return path

    # ------------------------------------------------------------------ the draft pack

    def draft(self, text: str) -> Draft:
        """Load `text` as the pack being edited (cached while it does not change)."""
        with self._lock:
            if self._draft is not None and self._draft.text == text:
                return self._draft
            self._draft = self._load_draft(text)
            return self._draft

    def _load_draft(self, text: str) -> Draft:
        self._draft_file.write_text(text, encoding="utf-8")
        try:
            pf = load_pack(self._draft_file)
            lib = _with_pack(self.base, pf)
        except PackError as exc:
            return Draft(text, None, None, [self._shown(str(exc))], False)
        only = {self._draft_file.resolve()}
        failures = selftest.check(lib, only)
        messages = [self._shown(str(f)) for f in [*selftest.warnings(lib, only), *failures]]
        rules = len(pf.pack.rules)
        examples = sum(len(r.examples.match) + len(r.examples.fix) + len(r.examples.keep)
                       for r in pf.pack.rules)
        messages.append(f"{len(failures)} failure(s) in 1 pack(s)" if failures
                        else f"ok: 1 pack(s), {rules} rules, {examples} examples")
        return Draft(text, lib, pf, messages, not failures)

    def _shown(self, message: str) -> str:
        return message.replace(str(self._draft_file.resolve()), self.shown).replace(
            str(self._draft_file), self.shown)

    def check(self, text: str) -> dict[str, Any]:
        d = self.draft(text)
        return {"ok": d.ok, "loaded": d.library is not None, "messages": d.messages,
                "rules": [r.id for r in d.pack.pack.rules] if d.pack else []}

    # ------------------------------------------------------------------ cleaning

    def clean(self, pack: str, text: str | None = None, name: str | None = None) -> dict[str, Any]:
        """One article cleaned with the draft in force: every line kept, removed or changed."""
        d = self.draft(pack)
        lib = d.library or self.base
        if name is None and text is None:
            raise StudioError("give an article: 'text' (pasted) or 'name' (from the folder)")
        with self._lock:  # the draft file is read again when a profile is compiled
            try:
                with time_limit(self.timeout):
                    if name is not None:
                        result, source = self._clean_file(lib, d.site, name)
                    else:
                        result, source = _clean_pasted(lib, d.site, text or "")
            except DocumentTimeout as exc:
                raise StudioError(_too_slow(self.timeout, exc), HTTPStatus.UNPROCESSABLE_ENTITY) from None
        draft_rules = {r.id for r in d.pack.pack.rules} if d.pack else set()
        fixed = normalize.fix_text(source, lib.profile(_profile_name(result)).normalize)
        return {
            "pack_loaded": d.library is not None,
            "profile": result.profile,
            "title": result.title,
            "lines": [{"sign": op.sign, "text": op.text, "rules": list(op.rules), "old": op.old,
                       "new": op.new, "draft": any(r in draft_rules for r in op.rules)}
                      for op in diffview.ops(result)],
            "html_removed": [{"rule": h.rule, "text": h.text[:200]} for h in result.hits
                             if h.kind == "html-remove"],
            "credits": result.credits,
            "fixes": result.fixes,
            "repairs": _repairs(source, fixed),
            "removed_share": round(result.removed_share, 4),
            "lines_removed": result.lines_removed,
            "over_limit": result.over_limit,
            "hits": Counter(h.rule for h in result.hits),
            "output": result.text,
        }

    def _clean_file(self, lib: Library, site: str | None, name: str) -> tuple[Cleaned, str]:
        path = self._file(name)
        doc = file_document(path, Path(name))
        try:
            result = clean_document(doc, lib, site)
            if doc.kind == "html":
                from .htmltext import extract

                source = extract(_decoded(doc), lib.profile(_profile_name(result))).text
            else:
                source = _decoded(doc)
        except (NotText, OSError) as exc:
            raise StudioError(f"{name}: {getattr(exc, 'strerror', None) or exc}") from None
        return result, source

    def counts(self, pack: str) -> dict[str, Any]:
        """The draft's effect over FOLDER: hits and documents per rule, lines removed, flags."""
        d = self.draft(pack)
        if self.folder is None:
            return {"documents": 0, "limited": False, "rules": {}, "note": "no folder given"}
        with self._lock:
            if self._counts is not None and self._counts[0] == pack:
                return self._counts[1]
            found = self._count(d)
            self._counts = (pack, found)
            return found

    def _count(self, d: Draft) -> dict[str, Any]:
        from .documents import documents

        lib = d.library or self.base
        sources, _ = collect([self.folder], list(_CORPUS_GLOBS), None) if self.folder else ([], [])
        draft_rules = [r.id for r in d.pack.pack.rules] if d.pack else []
        hits: Counter[str] = Counter()
        docs: Counter[str] = Counter()
        total = removed = flagged = failed = 0
        limited = False
        stopped: str | None = None
        for item in documents(((s.path, s.out) for s in sources), Fields()):
            if total >= MAX_COUNT_DOCS:
                limited = True
                break
            total += 1
            if not isinstance(item, Document):
                failed += 1
                continue
            try:
                with time_limit(self.timeout):
                    result = clean_document(item, lib, d.site)
            except (NotText, OSError):
                failed += 1
                continue
            except DocumentTimeout as exc:
                stopped = f"stopped at {item.id}: {_too_slow(self.timeout, exc)}"
                break
            removed += result.lines_removed
            flagged += result.over_limit is not None
            per_doc = Counter(h.rule for h in result.hits)
            hits.update(per_doc)
            docs.update(per_doc.keys())
        return {
            "documents": total, "limited": limited, "failed": failed, "lines_removed": removed,
            "over_limit": flagged, "pack_loaded": d.library is not None, "stopped": stopped,
            "rules": {rid: {"hits": hits[rid], "documents": docs[rid]} for rid in draft_rules},
            "other_rules": dict(Counter({k: v for k, v in hits.items() if k not in draft_rules})
                                .most_common(10)),
        }

    # ------------------------------------------------------------------ suggest and edits

    def suggest(self, pack: str, min_docs: int = 3, min_share: float = 0.02, max_rules: int = 50
                ) -> dict[str, Any]:
        """`cleaner suggest` over FOLDER: each proposed rule as a YAML mapping to review."""
        from . import suggest as mining
        from .documents import documents

        if self.folder is None:
            raise StudioError("no folder: start the studio with a folder of articles to mine")
        sources, _ = collect([self.folder], list(_CORPUS_GLOBS), None)
        errors: list[str] = []
        texts = mining.corpus_texts(documents(((s.path, s.out) for s in sources), Fields()), self.base,
                                    errors.append)
        try:
            found = mining.mine(texts, min_docs=min_docs, min_share=min_share, max_rules=max_rules,
                                library=self.base)
        except ValueError as exc:
            raise StudioError(str(exc)) from None
        taken = set(self.draft(pack).pack.pack.sites if self.draft(pack).pack else [])
        # The site the draft is for, when mining found it; else the largest one.
        site = next((s for s in found if set(mining.site_globs(s.site)) & taken), found[0] if found else None)
        if site is None:
            return {"site": None, "documents": 0, "proposals": [], "summary": "no documents to mine",
                    "errors": errors}
        proposals = []
        for rule in site.rules:
            one = mining.SiteSuggestion(site.site, site.docs, rules=[rule], extends=site.extends)
            spec = yaml.safe_load(mining.to_yaml(one))["rules"][0]
            proposals.append({"id": rule.id, "text": rule.text, "docs": rule.docs,
                              "share": round(rule.share, 4), "yaml": _dump(spec).rstrip("\n")})
        return {"site": site.site, "sites": mining.site_globs(site.site), "documents": site.docs,
                "summary": mining.summary(site), "proposals": proposals, "errors": errors[:20]}

    def accept(self, pack: str, rule: str, sites: list[str] | None = None) -> dict[str, Any]:
        """The pack with one more rule (a YAML mapping), and `sites` if it had none."""
        data = _pack_data(pack)
        try:
            spec = yaml.safe_load(rule)
        except yaml.YAMLError as exc:
            raise StudioError(f"the rule is not valid YAML: {_first_line(exc)}") from None
        if isinstance(spec, list) and len(spec) == 1:
            spec = spec[0]
        if not isinstance(spec, dict) or "id" not in spec:
            raise StudioError("a rule is a mapping with an 'id', a 'kind', 'description' and 'examples'")
        rules = data.setdefault("rules", [])
        if not isinstance(rules, list):
            raise StudioError("the pack's 'rules' is not a list")
        if any(isinstance(r, dict) and r.get("id") == spec["id"] for r in rules):
            raise StudioError(f"the pack already has a rule with id '{spec['id']}'; rename one")
        rules.append(spec)
        add_sites = bool(sites) and not data.get("sites")
        if add_sites:
            data["sites"] = list(sites or [])
        edited = _appended(pack, spec, data["sites"] if add_sites else None)
        try:
            if edited is not None and yaml.safe_load(edited) == data:
                return {"pack": edited}  # the text as the user wrote it, comments and all
        except yaml.YAMLError:
            pass
        return {"pack": _header(pack) + _dump(_ordered(data))}

    def rule_from_line(self, pack: str, line: str, keep: str) -> dict[str, Any]:
        """A drop-line rule for one line of the article: the line as its marker and example."""
        line, keep = line.strip(), keep.strip()
        if not line or not view(line):
            raise StudioError("pick a line with words in it")
        if len(line) > 200:
            raise StudioError("that line is longer than a literal marker may be (200 characters); "
                              "write a 'pattern' for it instead")
        if not keep or view(keep) == view(line):
            raise StudioError("a rule needs a content line it must keep: clean an article with text in it")
        slug = _SLUG.sub("-", view(line).lower()).strip("-")[:40].strip("-") or "line"
        data = _pack_data(pack)
        taken = {r.get("id") for r in data.get("rules") or [] if isinstance(r, dict)}
        taken |= {r.id for pf in self.base.packs.values() for r in pf.pack.rules}
        rid, n = slug, 2
        while rid in taken:
            rid, n = f"{slug}-{n}", n + 1
        spec = {"id": rid, "kind": "drop-line", "description": f'The line "{line[:80]}".',
                "lines": [line], "examples": {"match": [line], "keep": [keep]}}
        return self.accept(pack, _dump(spec))

    def save(self, pack: str) -> dict[str, Any]:
        """Write the draft to the --pack file, only if it passes `rules check`."""
        if self.pack_path is None:
            raise StudioError("nothing to save to: start the studio with --pack FILE.yaml",
                              HTTPStatus.FORBIDDEN)
        d = self.draft(pack)
        if not d.ok:
            raise StudioError("the pack does not pass the check, so it was not saved: " + d.messages[0],
                              HTTPStatus.UNPROCESSABLE_ENTITY)
        write_atomic(self.pack_path, pack)
        return {"saved": str(self.pack_path), "messages": d.messages}


# ---------------------------------------------------------------------------- helpers


def _with_pack(base: Library, pf: PackFile) -> Library:
    """A copy of `base` with `pf` in it (in place of a pack of the same name), checked."""
    replaced = base.packs.get(pf.name)
    lib = Library(packs={k: v for k, v in base.packs.items() if k != pf.name},
                  groups={k: [n for n in v if n != pf.name] for k, v in base.groups.items()},
                  extra=[n for n in base.extra if n != pf.name],
                  builtin_paths={p for p in base.builtin_paths if replaced is None or p != replaced.path})
    lib.add(pf)
    if not pf.pack.sites:  # a pack without sites applies everywhere, as load_library does
        lib.extra.append(pf.name)
    lib.validate()
    return lib


def _too_slow(seconds: float, exc: DocumentTimeout) -> str:
    return (f"cleaning took longer than {seconds:g}s{exc.where}: a pattern that can backtrack without "
            "end (as in (a+)+); rewrite it")


def _clean_pasted(lib: Library, site: str | None, text: str) -> tuple[Cleaned, str]:
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html", "<head", "<body")):
        from .htmltext import extract

        profile = lib.profile(site_for(lib, site, None, None))
        page = extract(text, profile)
        result = clean_text(page.text, profile)
        result.hits[:0] = page.hits
        result.title = page.title
        return result, page.text
    return clean_text(text, lib.profile(site_for(lib, site, None, None))), text


def _profile_name(result: Cleaned) -> str | None:
    return None if result.profile == "default" else result.profile


def _decoded(doc: Document) -> str:
    """A file's text as the pipeline reads it (HTML by its declared charset)."""
    from .decode import decode
    from .htmltext import declared_charset

    raw = doc.load()
    if isinstance(raw, str):
        return raw
    return decode(raw, declared_charset(raw)) if doc.kind == "html" else decode(raw)


def _repairs(source: str, fixed: str) -> list[dict[str, Any]]:
    """ftfy's changes line by line (when it kept the line count), for the page to show."""
    before, after = source.split("\n"), fixed.split("\n")
    if len(before) != len(after):
        return [{"line": 0, "before": "", "after": "", "note": "ftfy changed the line breaks"}]
    out = [{"line": i + 1, "before": b[:300], "after": a[:300]}
           for i, (b, a) in enumerate(zip(before, after, strict=True)) if b != a]
    return out[:_MAX_REPAIRS]


def _pack_data(text: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text) if text.strip() else {}
    except yaml.YAMLError as exc:
        raise StudioError(f"fix the pack's YAML first: {_first_line(exc)}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise StudioError("the pack must be a mapping (name, description, rules, ...)")
    return data


_ORDER = ("name", "description", "extends", "sites", "disable", "normalize", "tidy", "html", "limits",
          "rules")


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    """The pack's keys in the order the docs use, rules last (unknown keys kept, for the check)."""
    return {**{k: data[k] for k in _ORDER if k in data and k != "rules"},
            **{k: v for k, v in data.items() if k not in _ORDER}, "rules": data.get("rules", [])}


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)


_RULES_KEY = re.compile(r"^rules:[ \t]*(\[\][ \t]*)?(#.*)?$")
_ITEM = re.compile(r"^([ \t]*)- ")


def _appended(text: str, spec: dict[str, Any], sites: list[str] | None) -> str | None:
    """`text` with the rule added at the end of its `rules:` list (and a `sites:` line), so
    its comments are kept; None when its layout is not one this can edit in place. The
    caller checks that the result parses to the pack it should be."""
    lines = text.splitlines()
    at = next((i for i, line in enumerate(lines) if _RULES_KEY.match(line)), None)
    if at is None:
        return None
    indent = next((m.group(1) for line in lines[at + 1:] if (m := _ITEM.match(line))), "  ")
    item = [indent + line for line in _dump([spec]).splitlines()]
    if _RULES_KEY.match(lines[at]).group(1):  # type: ignore[union-attr] - matched just above
        lines[at:at + 1] = ["rules:", *item]
    else:
        # The list ends before the next top-level key; trailing blank and comment lines stay after it.
        end = next((j for j in range(at + 1, len(lines)) if lines[j][:1] not in ("", " ", "\t", "#", "-")),
                   len(lines))
        while end > at + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
        lines[end:end] = item
    if sites is not None:
        lines.insert(at, f"sites: {json.dumps(sites, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def _header(text: str) -> str:
    """The comment lines at the top of a pack (its $schema line), kept across an edit."""
    head = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        head.append(line + "\n")
    return "".join(head)


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]


# ---------------------------------------------------------------------------- the server


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def page() -> bytes:
    return resources.files("cleaner").joinpath("web/studio.html").read_bytes()


class _Handler(BaseHTTPRequestHandler):
    """The page at /, and the JSON API under /api/."""

    server: StudioServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass  # a request log on the terminal would bury the URL the studio printed

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if not self._host_ok():
            return
        if url.path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, page(), "text/html; charset=utf-8")
            return
        ws = self.server.workspace
        query = parse_qs(url.query)
        routes = {"/api/state": lambda: ws.state(),
                  "/api/article": lambda: ws.article(query.get("name", [""])[0])}
        self._answer(routes.get(url.path))

    def do_POST(self) -> None:
        if not self._host_ok():
            return
        # A form on another site cannot send JSON without the browser asking first (CORS): so
        # requiring it keeps other pages from driving the studio, the save included.
        if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            self._json(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                       {"error": "send JSON (Content-Type: application/json)"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._json(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                       {"error": f"requests are limited to {MAX_BODY:,} bytes"})
            return
        try:
            body = json.loads(self.rfile.read(length) or b"{}")
        except (json.JSONDecodeError, UnicodeDecodeError):
            self._json(HTTPStatus.BAD_REQUEST, {"error": "the request is not valid JSON"})
            return
        if not isinstance(body, dict):
            self._json(HTTPStatus.BAD_REQUEST, {"error": "the request must be a JSON object"})
            return
        ws = self.server.workspace
        pack = str(body.get("pack", ""))
        routes = {
            "/api/check": lambda: ws.check(pack),
            "/api/clean": lambda: ws.clean(pack, _opt_str(body, "text"), _opt_str(body, "name")),
            "/api/counts": lambda: ws.counts(pack),
            "/api/suggest": lambda: ws.suggest(pack, int(body.get("min_docs", 3)),
                                               float(body.get("min_share", 0.02))),
            "/api/accept": lambda: ws.accept(pack, str(body.get("rule", "")), body.get("sites")),
            "/api/rule-from-line": lambda: ws.rule_from_line(pack, str(body.get("line", "")),
                                                             str(body.get("keep", ""))),
            "/api/save": lambda: ws.save(pack),
        }
        self._answer(routes.get(urlsplit(self.path).path))

    def _answer(self, route: Any) -> None:
        if route is None:
            self._json(HTTPStatus.NOT_FOUND, {"error": f"no such endpoint: {urlsplit(self.path).path}"})
            return
        try:
            self._json(HTTPStatus.OK, self.server.run(route))
        except StudioError as exc:
            self._json(exc.status, {"error": str(exc)})
        except (CleanerError, ValueError, TypeError) as exc:
            self._json(HTTPStatus.BAD_REQUEST, {"error": str(exc)})

    def _host_ok(self) -> bool:
        """Refuse a Host header naming another machine (DNS rebinding), unless serving remotely."""
        if self.server.allow_remote:
            return True
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
        if is_loopback(host):
            return True
        self._json(HTTPStatus.FORBIDDEN, {"error": "the studio answers only on the loopback address"})
        return False

    def _json(self, status: HTTPStatus, data: Any) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json")

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        self.wfile.write(body)


def _opt_str(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    return None if value is None else str(value)


class MainThread:
    """Runs the API's work in the main thread, one call at a time, for the request threads.

    Only there can the per-document time limit (SIGALRM) interrupt a runaway pattern, so
    one bad edit is answered with an error instead of hanging the studio.
    """

    def __init__(self) -> None:
        self._jobs: queue.Queue[tuple[Callable[[], Any], Future[Any]]] = queue.Queue()
        self._stop = threading.Event()

    def call(self, work: Callable[[], Any]) -> Any:
        done: Future[Any] = Future()
        self._jobs.put((work, done))
        return done.result()

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        """Do the work handed in until stop() (or Ctrl-C, which is raised here)."""
        while not self._stop.is_set():
            try:
                work, done = self._jobs.get(timeout=0.2)
            except queue.Empty:
                continue
            try:
                done.set_result(work())
            except BaseException as exc:  # the request thread re-raises it; Ctrl-C also stops here
                done.set_exception(exc)
                if not isinstance(exc, Exception):
                    raise


class StudioServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], workspace: Workspace, allow_remote: bool,
                 runner: MainThread | None = None) -> None:
        super().__init__(address, _Handler)
        self.workspace = workspace
        self.allow_remote = allow_remote
        self.runner = runner

    def run(self, work: Callable[[], Any]) -> Any:
        return work() if self.runner is None else self.runner.call(work)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = host if ":" not in str(host) else f"[{host}]"
        return f"http://{shown}:{port}/"


def make_server(workspace: Workspace, host: str = "127.0.0.1", port: int = 0, allow_remote: bool = False,
                runner: MainThread | None = None) -> StudioServer:
    """The studio's server, bound (port 0: a free one), not yet serving."""
    if not allow_remote and not is_loopback(host):
        raise CleanerError(f"--host {host} is not a loopback address; the studio serves only this "
                           "machine unless you add --allow-remote")
    try:
        return StudioServer((host, port), workspace, allow_remote, runner)
    except OSError as exc:
        raise CleanerError(f"cannot listen on {host}:{port}: {exc.strerror or exc} "
                           "(--port 0 picks a free port)") from None


def serve(folder: Path | None, rules: list[Path], no_default: bool, pack: Path | None, host: str,
          port: int, allow_remote: bool, say: Callable[[str], None]) -> None:
    """`cleaner studio`: serve until Ctrl-C, the URL printed first."""
    if not allow_remote and not is_loopback(host):
        raise CleanerError(f"--host {host} is not a loopback address; the studio serves only this "
                           "machine unless you add --allow-remote")
    workspace = Workspace(folder, rules, no_default, pack)
    try:
        runner = MainThread()
        server = make_server(workspace, host, port, allow_remote, runner)
        say(f"cleaner studio: {server.url}  (Ctrl-C to stop)")
        say(f"saving to {pack}" if pack is not None else "not saving: start with --pack FILE.yaml to save")
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            runner.run()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
            server.server_close()
    finally:
        workspace.close()
