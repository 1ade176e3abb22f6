"""The studio's API operations: one session's folder, packs in force and the single file it may
write; the article list, pack check, clean view, folder counts, suggest review, edits and save."""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from collections import Counter
from http import HTTPStatus
from pathlib import Path
from typing import Any

import yaml

from .. import __version__, diffview, normalize, selftest
from ..decode import NotText
from ..documents import Fields, file_document
from ..errors import CleanerError, PackError
from ..pipeline import Cleaned, clean_document
from ..rules import Library, discover, load_library, load_pack
from ..sinks import write_atomic
from ..sources import collect
from ..timeout import DocumentTimeout, time_limit
from ..view import view
from .cleanview import clean_pasted, decoded, profile_name, repairs, too_slow
from .draft import Draft, StudioError, with_pack
from .packtext import dump_yaml, first_line, keys_ordered, pack_data, pack_header, with_rule_appended

# A pattern typed in the page may backtrack without end; one document may take this long.
DOC_TIMEOUT = 5.0
MAX_LISTED = 1_000  # articles offered in the page's list (a bigger folder is still counted and mined)
MAX_COUNT_DOCS = 2_000  # documents of FOLDER counted per pack edit (the rest would only wait)
_ARTICLE_GLOBS = ("*.txt", "*.html", "*.htm")
_CORPUS_GLOBS = (*_ARTICLE_GLOBS, "*.jsonl", "*.jsonl.gz")
_SLUG = re.compile(r"[^a-z0-9]+")


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
            text = decoded(doc)
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
            lib = with_pack(self.base, pf)
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
                        result, source = clean_pasted(lib, d.site, text or "")
            except DocumentTimeout as exc:
                raise StudioError(too_slow(self.timeout, exc), HTTPStatus.UNPROCESSABLE_ENTITY) from None
        draft_rules = {r.id for r in d.pack.pack.rules} if d.pack else set()
        fixed = normalize.fix_text(source, lib.profile(profile_name(result)).normalize)
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
            "repairs": repairs(source, fixed),
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
                from ..htmltext import extract

                source = extract(decoded(doc), lib.profile(profile_name(result))).text
            else:
                source = decoded(doc)
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
        from ..documents import documents

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
            if item.drop is not None:
                failed += 1
                continue
            try:
                with time_limit(self.timeout):
                    result = clean_document(item, lib, d.site)
            except (NotText, OSError):
                failed += 1
                continue
            except DocumentTimeout as exc:
                stopped = f"stopped at {item.id}: {too_slow(self.timeout, exc)}"
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
        from .. import suggest as mining
        from ..documents import documents

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
                              "share": round(rule.share, 4), "yaml": dump_yaml(spec).rstrip("\n")})
        return {"site": site.site, "sites": mining.site_globs(site.site), "documents": site.docs,
                "summary": mining.summary(site), "proposals": proposals, "errors": errors[:20]}

    def accept(self, pack: str, rule: str, sites: list[str] | None = None) -> dict[str, Any]:
        """The pack with one more rule (a YAML mapping), and `sites` if it had none."""
        data = pack_data(pack)
        try:
            spec = yaml.safe_load(rule)
        except yaml.YAMLError as exc:
            raise StudioError(f"the rule is not valid YAML: {first_line(exc)}") from None
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
        edited = with_rule_appended(pack, spec, data["sites"] if add_sites else None)
        try:
            if edited is not None and yaml.safe_load(edited) == data:
                return {"pack": edited}  # the text as the user wrote it, comments and all
        except yaml.YAMLError:
            pass
        return {"pack": pack_header(pack) + dump_yaml(keys_ordered(data))}

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
        data = pack_data(pack)
        taken = {r.get("id") for r in data.get("rules") or [] if isinstance(r, dict)}
        taken |= {r.id for pf in self.base.packs.values() for r in pf.pack.rules}
        rid, n = slug, 2
        while rid in taken:
            rid, n = f"{slug}-{n}", n + 1
        spec = {"id": rid, "kind": "drop-line", "description": f'The line "{line[:80]}".',
                "lines": [line], "examples": {"match": [line], "keep": [keep]}}
        return self.accept(pack, dump_yaml(spec))

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
