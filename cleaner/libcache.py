"""The on-disk cache of the loaded rule library: validated packs, reused while nothing changed.

Loading the library reads every pack's YAML, validates it with pydantic, compiles and checks
each regex and CSS selector: most of a short run's CPU time. The checked `Library` is kept in
the user's cache folder (`$CLEANER_CACHE_DIR`, else the platform's: `$XDG_CACHE_HOME/cleaner`
or `~/.cache/cleaner` on Linux, `~/Library/Caches/cleaner` on macOS, `%LOCALAPPDATA%\\cleaner`
on Windows) under a key made of everything the result depends on: each pack file's path and
bytes, cleaner's version, the versions of Python, pydantic, ftfy and google-re2, and the
options. With the library go the RE2 forms of its patterns (re2syntax.translate), which
building a profile's screen would otherwise compute again.

A cache file is trusted only if it is intact: it starts with a magic line, then the SHA-256 of
the payload and of the key, then the pickled payload. A file that is short, garbled, from
another key or that fails to unpickle is ignored, and the library is loaded from the packs
and written again (atomically: a temporary file renamed over the old one), so a corrupt or
stale cache costs one slow start and never a wrong result. The cache holds only what
`load_library` built from the user's own files in the user's own folder; pickle is safe
against corruption here, not against someone who can write to that folder (who could as
well edit the packs).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

from . import fastmatch
from ._version import __version__
from .lazyre import lazy_compile
from .rules import DEFAULT_GROUP, Library, builtin_dir, discover, flags_of, load_library

CACHE_ENV = "CLEANER_CACHE_DIR"
# Bump when what is pickled changes shape in a way the versions above would not reveal.
FORMAT = b"cleaner-library-cache 3\n"
_DIGEST = hashlib.sha256().digest_size
# Old entries (packs edited since) are removed past this many files.
_KEEP = 8


def cache_dir() -> Path:
    """Where cached libraries go: $CLEANER_CACHE_DIR, else the platform's user cache folder."""
    forced = os.environ.get(CACHE_ENV)
    if forced:
        return Path(forced)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "cleaner" / "Cache" if base else Path.home() / "AppData" / "Local" / "cleaner"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "cleaner"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache") / "cleaner"


def load_library_cached(extra: Sequence[Path] = (), *, no_default: bool = False,
                        cache: bool = True) -> Library:
    """`rules.load_library(extra, no_default=...)`, from the disk cache when it holds the same
    packs; `cache=False` loads from the packs and neither reads nor writes the cache."""
    if not cache:
        return load_library(extra, no_default=no_default)
    try:
        key = library_key(extra, no_default)
    except OSError:
        # A pack that cannot be read: loading it says so, as a PackError naming the file.
        return load_library(extra, no_default=no_default)
    path = cache_dir() / f"library-{key.hex()[:32]}.pickle"
    found = _read(path, key)
    if found is not None:
        return found
    lib = load_library(extra, no_default=no_default)
    # A pack edited while it was being loaded: what was loaded may not be what the key names.
    with contextlib.suppress(OSError):
        if library_key(extra, no_default) == key:
            _write(path, key, lib)
    return lib


def library_key(extra: Sequence[Path], no_default: bool) -> bytes:
    """The SHA-256 of everything a loaded library depends on (PackError for a missing path,
    as load_library gives)."""
    digest = hashlib.sha256(FORMAT)
    for part in (__version__, sys.version, _version("pydantic"), _version("google-re2"),
                 _version("ftfy"), str(no_default)):
        digest.update(part.encode() + b"\0")
    files: list[tuple[str, Path]] = []
    if not no_default:
        root = builtin_dir()
        files += [("default", p) for p in discover([root / DEFAULT_GROUP])]
        if (root / "sites").is_dir():
            files += [("sites", p) for p in discover([root / "sites"])]
    files += [("extra", p) for p in discover(extra)]
    for role, p in files:
        # The path as given is what messages and the report show; the resolved one tells two
        # working folders apart.
        digest.update(f"{role}\0{p}\0{p.resolve()}\0".encode("utf-8", "surrogateescape"))
        digest.update(hashlib.sha256(p.read_bytes()).digest())
    return digest.digest()


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


def _read(path: Path, key: bytes) -> Library | None:
    """The library cached at `path` under `key`, or None if it is absent or not intact."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head = len(FORMAT)
    if not data.startswith(FORMAT) or len(data) < head + 2 * _DIGEST:
        return None
    stored_key = data[head:head + _DIGEST]
    stored_sum = data[head + _DIGEST:head + 2 * _DIGEST]
    payload = data[head + 2 * _DIGEST:]
    if stored_key != key or hashlib.sha256(payload).digest() != stored_sum:
        return None
    try:
        lib, known = pickle.loads(payload)  # checked above: our own file, intact
    except Exception:  # an unpickling error can be of any type; the packs are the fallback
        return None
    if not isinstance(lib, Library) or not isinstance(known, dict):
        return None
    fastmatch.remember(known)
    return lib


def _write(path: Path, key: bytes, lib: Library) -> None:
    """Write the cache file atomically; a folder that cannot be written just means no cache."""
    # Profiles are rebuilt from the packs on demand: they hold compiled regexes, which pickle
    # would compile again on loading anyway, and the RE2 screens, which cannot be pickled.
    # The RE2 forms of the patterns go with them: translating is most of building a screen.
    known = fastmatch.translations(_pattern_keys(lib))
    saved = lib._profiles
    lib._profiles = {}
    try:
        payload = pickle.dumps((lib, known), protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        lib._profiles = saved
    blob = FORMAT + key + hashlib.sha256(payload).digest() + payload
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".library-", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return
    _prune(path.parent, keep=path)


def _pattern_keys(lib: Library) -> list[tuple[str, int]]:
    """(pattern, flags) of every rule pattern, as the RE2 screen will ask for them."""
    keys = []
    for pf in lib.packs.values():
        for rule in pf.pack.rules:
            if rule.pattern is not None:
                rx = lazy_compile(rule.pattern, flags_of(rule.flags))
                keys.append((rx.pattern, rx.flags))
    return keys


def _prune(folder: Path, keep: Path) -> None:
    """Remove the oldest cached libraries past _KEEP (packs edited since wrote new ones)."""
    try:
        entries = sorted((p for p in folder.glob("library-*.pickle") if p != keep),
                         key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in entries[_KEEP - 1:]:
        with contextlib.suppress(OSError):
            old.unlink()
