"""Load rule packs from YAML, validate them, resolve extends/disable, and compile profiles."""

from __future__ import annotations

import difflib
import fnmatch
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import ftfy
from pydantic import ValidationError

from . import model
from .errors import CleanerError, PackError
from .lazyre import LazyPattern, lazy_compile
from .view import view
from .yamlsrc import Loc, line_of, load_yaml

DEFAULT_GROUP = "default"
_FLAGS = {"ignorecase": re.IGNORECASE, "verbose": re.VERBOSE, "ascii": re.ASCII, "dotall": re.DOTALL}
# cleaner's ftfy defaults: curly quotes are content; scraped text often carries &amp; and &nbsp;.
BASE_NORMALIZE = {"uncurl_quotes": False, "unescape_html": True}
BASE_TIDY = {"unicode_spaces": True, "strip_trailing": True, "collapse_blank": True,
             "final_newline": True}


def builtin_dir() -> Path:
    """The built-in packs: inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "rules"
    return installed if installed.is_dir() else here.parent / "rules"


@dataclass(frozen=True)
class PackFile:
    """A validated pack and where it came from."""

    path: Path
    pack: model.Pack
    lines: dict[Loc, int]
    group: str | None = None  # "default" for the built-in default packs

    @property
    def name(self) -> str:
        return self.pack.name or self.path.name.removesuffix(".yaml").removesuffix(".yml")

    def line(self, *loc: str | int) -> int | None:
        return line_of(self.lines, loc)

    def error(self, loc: Loc, message: str, rule: str | None = None) -> PackError:
        return PackError(str(self.path), self.line(*loc), message, rule)


@dataclass(frozen=True, slots=True)
class CompiledRun:
    """A drop-run rule's `run`, with its `after` regex compiled."""

    min_lines: int
    max_words: int
    max_chars: int
    at: str
    sentences: bool
    after: re.Pattern[str] | None
    same: bool
    anchor: re.Pattern[str] | None = None
    min_anchors: int = 1
    min_words: int = 1


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule ready to run: literal views as a set, the pattern compiled once."""

    pack: str
    id: str
    kind: str
    literals: frozenset[str]
    regex: re.Pattern[str] | LazyPattern | None
    replace: str | None
    where_first: int | None
    where_last: int | None
    block: model.Block
    selectors: tuple[str, ...]
    credit: str | None
    source: str  # "path:line", for messages
    run: CompiledRun | None = None

    def fires(self, line: str, line_view: str | None) -> bool:
        """Does this rule fire on `line` (trailing space removed) whose view is `line_view`?"""
        if line_view is not None and line_view in self.literals:
            return True
        return self.regex is not None and self.regex.search(line) is not None


@dataclass(frozen=True)
class Profile:
    """The packs that apply to one document, compiled: rules in order, merged options."""

    name: str
    packs: tuple[str, ...]
    rules: tuple[CompiledRule, ...]
    normalize: ftfy.TextFixerConfig
    tidy: dict[str, bool]
    html_content: tuple[str, ...]
    fingerprint: str
    limits: model.Limits = field(default_factory=model.Limits)

    @cached_property
    def line_rules(self) -> tuple[CompiledRule, ...]:
        """The rules that judge one line at a time (matcher.py)."""
        return tuple(r for r in self.rules if r.kind not in ("html-remove", "drop-run"))

    @cached_property
    def run_rules(self) -> tuple[CompiledRule, ...]:
        """The rules that judge runs of lines (structure.py)."""
        return tuple(r for r in self.rules if r.kind == "drop-run")

    @cached_property
    def html_remove(self) -> tuple[CompiledRule, ...]:
        return tuple(r for r in self.rules if r.kind == "html-remove")


def load_pack(path: Path, group: str | None = None) -> PackFile:
    """Read and validate one pack file (schema, regexes, selectors, examples present)."""
    data, lines = load_yaml(path)
    shown = str(path)
    if not isinstance(data, dict):
        raise PackError(shown, 1, "a rule pack must be a mapping with a 'rules' list")
    try:
        pack = model.Pack.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        rule = _rule_id_at(data, loc)
        raise PackError(shown, line_of(lines, loc), _explain(first, loc), rule) from None
    pf = PackFile(path, pack, lines, group)
    for i, rule in enumerate(pack.rules):
        _check_rule(pf, i, rule)
    return pf


def _rule_id_at(data: dict[str, object], loc: Loc) -> str | None:
    """The id of the rule an error location points into, if any."""
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = data.get("rules")
        if isinstance(rules, list) and loc[1] < len(rules) and isinstance(rules[loc[1]], dict):
            rid = rules[loc[1]].get("id")
            return str(rid) if rid is not None else None
    return None


def _explain(error: dict[str, object], loc: Loc) -> str:
    """One readable sentence for a pydantic error, with a hint where one helps."""
    kind = error["type"]
    key = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        known = _known_keys(loc)
        close = difflib.get_close_matches(str(key), known, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else f" (known keys: {', '.join(known)})"
        return f"unknown key '{key}'{hint}"
    if kind == "missing":
        return f"missing required key '{key}'"
    if kind == "literal_error":
        return f"'{key}' {error['msg'].lower()}, got {error.get('input')!r}"
    if kind == "string_type" and isinstance(error.get("input"), dict):
        return "expected a text, got a mapping: quote the value (a ': ' inside makes YAML read a key)"
    where = f"'{key}': " if isinstance(key, str) and key else ""
    return f"{where}{error['msg']}"


def _known_keys(loc: Loc) -> list[str]:
    """The keys allowed at the mapping that holds `loc` (walking the model by location)."""
    cls: type[model.Strict] = model.Pack
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        annotation = cls.model_fields[part].annotation if part in cls.model_fields else None
        nested = _model_in(annotation)
        if nested is None:
            break
        cls = nested
    return list(cls.model_fields)


def _model_in(annotation: object) -> type[model.Strict] | None:
    if isinstance(annotation, type) and issubclass(annotation, model.Strict):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _check_rule(pf: PackFile, i: int, rule: model.Rule) -> None:
    """What the schema cannot say: keys each kind needs, regexes, selectors, examples."""
    at: Loc = ("rules", i)

    def fail(key: str, message: str) -> PackError:
        return pf.error((*at, key), message, rule.id)

    if rule.kind == "html-remove":
        if not rule.selectors:
            raise fail("kind", "html-remove needs 'selectors' (CSS selectors of elements to drop)")
        for j, sel in enumerate(rule.selectors):
            try:
                _compile_selector(sel)
            except Exception as exc:  # soupsieve raises several types for bad selectors
                raise pf.error((*at, "selectors", j), f"bad CSS selector {sel!r}: {_first_line(exc)}",
                               rule.id) from None
    else:
        if not rule.lines and rule.pattern is None and rule.kind != "drop-run":
            raise fail("kind", f"{rule.kind} needs 'lines' (literal markers) or 'pattern' (a regex)")
        if rule.selectors:
            raise fail("selectors", "'selectors' is only for kind html-remove")
    if rule.kind == "replace":
        if rule.pattern is None or rule.replace is None:
            raise fail("kind", "replace needs 'pattern' and 'replace' (use \"\" to strip the match)")
        if rule.lines:
            raise fail("lines", "replace works on a 'pattern'; literal 'lines' can only drop lines")
    elif rule.replace is not None:
        raise fail("replace", "'replace' is only for kind replace")
    if rule.block is not None and rule.kind != "drop-block":
        raise fail("block", "'block' is only for kind drop-block")
    if rule.kind == "drop-run" and rule.run is None:
        raise fail("kind", "drop-run needs 'run' (min_lines, max_words, ... of the run to drop)")
    if rule.run is not None:
        if rule.kind != "drop-run":
            raise fail("run", "'run' is only for kind drop-run")
        for key in ("after", "anchor"):
            source = getattr(rule.run, key)
            if source is None:
                continue
            try:
                re.compile(source, flags_of(rule.flags))
            except re.error as exc:
                raise pf.error((*at, "run", key), f"bad regex: {exc.msg} at position {exc.pos}",
                               rule.id) from None
    if rule.pattern is not None:
        try:
            regex = re.compile(rule.pattern, flags_of(rule.flags))
        except re.error as exc:
            raise fail("pattern", f"bad regex: {exc.msg} at position {exc.pos}") from None
        if regex.search("") is not None and rule.kind != "replace":
            raise fail("pattern", "pattern matches an empty line, so it would fire on every line")
        if rule.credit is not None and rule.credit not in regex.groupindex:
            raise fail("credit", f"credit names group '{rule.credit}', which the pattern lacks")
        if rule.replace is not None:
            try:
                regex.sub(rule.replace, "")
                regex.sub(rule.replace, rule.examples.fix[0][0] if rule.examples.fix else "")
            except (re.error, IndexError) as exc:
                raise fail("replace", f"bad replacement: {exc}") from None
    elif rule.credit is not None:
        raise fail("credit", "'credit' names a group of 'pattern', and this rule has none")
    run_regexes = rule.run is not None and (rule.run.after is not None or rule.run.anchor is not None)
    if rule.flags and rule.pattern is None and not run_regexes:
        raise fail("flags", "'flags' apply to 'pattern' (and 'run.after', 'run.anchor'), and this rule "
                   "has none")
    for j, marker in enumerate(rule.lines):
        if not view(marker):
            raise pf.error((*at, "lines", j), f"marker {marker!r} is empty once decoration is stripped",
                           rule.id)
    ex = rule.examples
    if not ex.match and not ex.fix:
        raise fail("examples", "needs at least one 'match' or 'fix' example")
    if not ex.keep:
        raise fail("examples", "needs at least one 'keep' example (a content line it must not touch)")


def _compile_selector(selector: str) -> None:
    """Compile a CSS selector (raising soupsieve's error if it is bad). soupsieve is imported
    here, not at the top: it costs a tenth of a second, and a cached library skips this."""
    import soupsieve

    soupsieve.compile(selector)


def _first_line(exc: Exception) -> str:
    """soupsieve's errors draw the selector with a caret below it; one line is enough here."""
    return str(exc).splitlines()[0]


def flags_of(names: Iterable[str]) -> int:
    value = 0
    for name in names:
        value |= _FLAGS[name]
    return value


def compile_rule(pf: PackFile, i: int, rule: model.Rule) -> CompiledRule:
    return CompiledRule(
        pack=pf.name,
        id=rule.id,
        kind=rule.kind,
        literals=frozenset(view(m) for m in rule.lines),
        # Compiled on first use: validation compiled it already, and most never run (lazyre.py).
        regex=lazy_compile(rule.pattern, flags_of(rule.flags)) if rule.pattern is not None else None,
        replace=rule.replace,
        where_first=rule.where.first if rule.where else None,
        where_last=rule.where.last if rule.where else None,
        block=rule.block or model.Block(),
        selectors=tuple(rule.selectors),
        credit=rule.credit,
        source=f"{pf.path}:{pf.line('rules', i)}",
        run=_compile_run(rule),
    )


def _compile_run(rule: model.Rule) -> CompiledRun | None:
    if rule.run is None:
        return None
    r = rule.run
    flags = flags_of(rule.flags)
    after = re.compile(r.after, flags) if r.after is not None else None
    anchor = re.compile(r.anchor, flags) if r.anchor is not None else None
    return CompiledRun(r.min_lines, r.max_words, r.max_chars, r.at, r.sentences, after, r.same,
                       anchor, r.min_anchors, r.min_words)


def discover(paths: Sequence[Path]) -> list[Path]:
    """Pack files named by `paths`: files as given, folders searched for *.yaml / *.yml."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml")
                                and p.is_file() and p.name != "schema.json"))
        elif path.is_file():
            found.append(path)
        else:
            raise PackError(str(path), None,
                            "no such rule pack file or folder (check the path given to --rules)")
    return found


@dataclass
class Library:
    """Every pack loaded for a run, checked as a whole, and the profiles built from them."""

    packs: dict[str, PackFile] = field(default_factory=dict, repr=False)
    groups: dict[str, list[str]] = field(default_factory=dict)
    extra: list[str] = field(default_factory=list)  # user packs without sites: apply everywhere
    builtin_paths: set[Path] = field(default_factory=set)
    _profiles: dict[str | None, Profile] = field(default_factory=dict, repr=False)

    def add(self, pf: PackFile, *, builtin: bool = False) -> None:
        """Add a pack; a user pack named like a built-in one replaces it (a local override)."""
        other = self.packs.get(pf.name)
        if other is not None:
            if not builtin and other.path in self.builtin_paths:
                self.packs[pf.name] = PackFile(pf.path, pf.pack, pf.lines, other.group)
                self.builtin_paths.discard(other.path)
                return
            raise pf.error((), f"pack name '{pf.name}' is already used by {other.path}")
        self.packs[pf.name] = pf
        if builtin:
            self.builtin_paths.add(pf.path)
        if pf.group:
            self.groups.setdefault(pf.group, []).append(pf.name)

    def expand(self, name: str, pf: PackFile, key: int) -> list[str]:
        """Pack names that an `extends` entry stands for (a group or one pack)."""
        if name in self.groups:
            return self.groups[name]
        if name in self.packs:
            return [name]
        hint = " (--no-default leaves out the built-in packs)" if name == DEFAULT_GROUP else ""
        raise pf.error(("extends", key), f"extends unknown pack '{name}'{hint}")

    def chain(self, name: str, _stack: tuple[str, ...] = ()) -> list[str]:
        """`name` after everything it extends, depth first, each pack once."""
        if name in _stack:
            cycle = " -> ".join((*_stack[_stack.index(name):], name))
            raise self.packs[name].error(("extends",), f"extends cycle: {cycle}")
        pf = self.packs[name]
        out: list[str] = []
        for k, parent in enumerate(pf.pack.extends):
            for member in self.expand(parent, pf, k):
                for n in self.chain(member, (*_stack, name)):
                    if n not in out:
                        out.append(n)
        if name not in out:
            out.append(name)
        return out

    def validate(self) -> None:
        """Checks across packs: duplicate ids, extends cycles, unknown disable ids, sites."""
        seen: dict[str, str] = {}
        for pf in self.packs.values():
            for i, rule in enumerate(pf.pack.rules):
                if rule.id in seen:
                    raise pf.error(("rules", i, "id"), f"duplicate rule id (first defined at "
                                   f"{seen[rule.id]}); give it another id", rule.id)
                seen[rule.id] = f"{pf.path}:{pf.line('rules', i, 'id')}"
        for name, pf in self.packs.items():
            chain = self.chain(name)
            known = {r.id for n in chain for r in self.packs[n].pack.rules}
            for k, rid in enumerate(pf.pack.disable):
                if rid not in known:
                    close = difflib.get_close_matches(rid, sorted(known), n=1)
                    hint = f" (did you mean '{close[0]}'?)" if close else ""
                    raise pf.error(("disable", k), f"disable names unknown rule id '{rid}'{hint}")
            for k, sel in enumerate(pf.pack.html.content):
                try:
                    _compile_selector(sel)
                except Exception as exc:
                    raise pf.error(("html", "content", k),
                                   f"bad CSS selector {sel!r}: {_first_line(exc)}") from None

    @property
    def site_packs(self) -> list[PackFile]:
        return [pf for pf in self.packs.values() if pf.pack.sites]

    def site_for_host(self, host: str) -> str | None:
        """The site pack whose host globs match `host` (with or without www.)."""
        host = host.lower().rstrip(".")
        candidates = [host, host.removeprefix("www.")]
        for pf in self.site_packs:
            for glob in pf.pack.sites:
                if any(fnmatch.fnmatchcase(h, glob.lower()) for h in candidates):
                    return pf.name
        return None

    def find_site(self, name: str) -> str | None:
        """`--site NAME`: a site pack's name, or a host one of them covers."""
        if name in self.packs and self.packs[name].pack.sites:
            return name
        return self.site_for_host(name)

    def base_names(self) -> list[str]:
        out: list[str] = []
        for group_member in self.groups.get(DEFAULT_GROUP, []):
            out.extend(n for n in self.chain(group_member) if n not in out)
        for name in self.extra:
            out.extend(n for n in self.chain(name) if n not in out)
        return out

    def profile(self, site: str | None = None) -> Profile:
        """The compiled profile for a pack name or a host a site pack covers (`ndtv.com`,
        `www.ndtv.com`), or the base set for None; cached. CleanerError for anything else."""
        cached = self._profiles.get(site)
        if cached is not None:
            return cached
        if site is not None and site not in self.packs:
            found = self.site_for_host(site)
            if found is None:
                known = ", ".join(sorted(pf.name for pf in self.site_packs)) or "none"
                raise CleanerError(f"no pack is named '{site}' and no site pack covers that host "
                                   f"(site packs: {known})")
            prof = self.profile(found)
            self._profiles[site] = prof
            return prof
        names = self.base_names()
        if site is not None:
            names.extend(n for n in self.chain(site) if n not in names)
        prof = self._compile(site or DEFAULT_GROUP, names)
        self._profiles[site] = prof
        return prof

    def _compile(self, label: str, names: list[str]) -> Profile:
        files = [self.packs[n] for n in names]
        disabled = {rid for pf in files for rid in pf.pack.disable}
        rules = tuple(compile_rule(pf, i, r) for pf in files for i, r in enumerate(pf.pack.rules)
                      if r.id not in disabled)
        normalize = dict(BASE_NORMALIZE)
        tidy = dict(BASE_TIDY)
        content: list[str] = []
        limits: dict[str, object] = {}
        digest = hashlib.sha256()
        for pf in files:
            normalize.update(pf.pack.normalize.model_dump(exclude_none=True))
            tidy.update(pf.pack.tidy.model_dump(exclude_none=True))
            limits.update(pf.pack.limits.model_dump(exclude_none=True))
            content = list(pf.pack.html.content) or content
            digest.update(pf.path.read_bytes())
        return Profile(
            name=label,
            packs=tuple(names),
            rules=rules,
            normalize=ftfy.TextFixerConfig(**normalize, explain=False),
            tidy=tidy,
            html_content=tuple(content),
            fingerprint=digest.hexdigest()[:16],
            limits=model.Limits.model_validate(limits),
        )


def load_library(extra: Sequence[Path] = (), *, no_default: bool = False) -> Library:
    """Load the built-in packs (unless `no_default`) and the user's packs, and check them all."""
    lib = Library()
    if not no_default:
        root = builtin_dir()
        for path in discover([root / DEFAULT_GROUP]):
            lib.add(load_pack(path, group=DEFAULT_GROUP), builtin=True)
        if (root / "sites").is_dir():
            for path in discover([root / "sites"]):
                lib.add(load_pack(path), builtin=True)
    for path in discover(extra):
        pf = load_pack(path)
        overrides = pf.name in lib.packs
        lib.add(pf)
        if not pf.pack.sites and not overrides:
            lib.extra.append(pf.name)
    lib.validate()
    return lib
