"""Pack discovery and the `Library`: every pack of a run found, loaded and checked as a
whole (names, extends, disable, sites), and the profile each document gets built from it."""

from __future__ import annotations

import difflib
import fnmatch
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import ftfy

from . import model
from .compiled import Profile, compile_rule
from .errors import CleanerError, PackError
from .kinds.html_remove import compile_selector, first_line
from .packfile import PackFile, load_pack

DEFAULT_GROUP = "default"
# cleaner's ftfy defaults: curly quotes are content; scraped text often carries &amp; and &nbsp;.
BASE_NORMALIZE = {"uncurl_quotes": False, "unescape_html": True}
BASE_TIDY = {"unicode_spaces": True, "strip_trailing": True, "collapse_blank": True,
             "final_newline": True}


def builtin_dir() -> Path:
    """The built-in packs: inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "rules"
    return installed if installed.is_dir() else here.parent / "rules"


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
                    compile_selector(sel)
                except Exception as exc:
                    raise pf.error(("html", "content", k),
                                   f"bad CSS selector {sel!r}: {first_line(exc)}") from None

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
