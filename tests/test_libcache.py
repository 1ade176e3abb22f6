"""The on-disk library cache: a hit cleans like a fresh load, a bad or stale file is rebuilt,
--no-cache leaves no trace; and the lazily compiled patterns behave as compiled ones."""

from __future__ import annotations

import io
import pickle
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import PackError, clean_text, libcache, load_library
from cleaner.cli import app
from cleaner.console import ErrConsole
from cleaner.lazyre import LazyPattern, lazy_compile
from cleaner.rules import Library, flags_of

ROOT = Path(__file__).resolve().parent.parent
PACK = """\
name: local
rules:
  - id: local-promo
    kind: drop-line
    description: the local promo line
    lines: ["{marker}"]
    examples:
      match: ["{marker}"]
      keep: ["The council met on Monday."]
"""
TEXT = "Advertisement\nThe council met on Monday.\nBuy our mugs\nVisit the mug shop\nThe end.\n"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(libcache.CACHE_ENV, str(folder))
    return folder


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("library-*.pickle")) if folder.exists() else []


def _no_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make a load from the packs fail loudly: what follows must come from the cache."""
    def refuse(*args: object, **kwargs: object) -> Library:
        raise AssertionError("the packs were loaded although the cache holds them")

    monkeypatch.setattr(libcache, "load_library", refuse)


def _cleaned(lib: Library, text: str = TEXT) -> tuple[str, list[tuple[str, str, int, str]]]:
    result = clean_text(text, lib.profile())
    return result.text, [(h.pack, h.rule, h.line, h.text) for h in result.hits]


def test_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(libcache.CACHE_ENV, str(tmp_path / "forced"))
    assert libcache.cache_dir() == tmp_path / "forced"
    monkeypatch.delenv(libcache.CACHE_ENV)
    monkeypatch.setattr(libcache.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert libcache.cache_dir() == tmp_path / "xdg" / "cleaner"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the XDG spec: absolute paths only
    assert libcache.cache_dir() == Path.home() / ".cache" / "cleaner"


def test_hit_cleans_exactly_like_a_fresh_load(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = load_library()
    first = libcache.load_library_cached()
    assert len(_entries(cache)) == 1
    _no_loading(monkeypatch)
    hit = libcache.load_library_cached()
    assert sorted(hit.packs) == sorted(fresh.packs)
    assert hit.profile().fingerprint == fresh.profile().fingerprint
    assert [r.id for r in hit.profile().rules] == [r.id for r in fresh.profile().rules]
    samples = sorted((ROOT / "samples" / "text").glob("*.txt"))
    assert samples
    for path in samples:
        text = path.read_text(encoding="utf-8")
        assert _cleaned(hit, text) == _cleaned(fresh, text) == _cleaned(first, text), path.name
    # A site profile too: the cached library knows the site packs and their hosts.
    site = fresh.site_packs[0].name
    assert hit.find_site(site) == fresh.find_site(site)
    assert clean_text(TEXT, hit.profile(site)).text == clean_text(TEXT, fresh.profile(site)).text


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped", "empty", "not-a-library"])
def test_corrupt_cache_is_rebuilt_without_error(cache: Path, damage: str) -> None:
    libcache.load_library_cached()
    [entry] = _entries(cache)
    blob = entry.read_bytes()
    if damage == "garbage":
        entry.write_bytes(b"\x00not a cache at all")
    elif damage == "truncated":
        entry.write_bytes(blob[: len(blob) // 2])
    elif damage == "flipped":  # one byte of the payload: the checksum no longer holds
        at = len(blob) - 100
        entry.write_bytes(blob[:at] + bytes([blob[at] ^ 0xFF]) + blob[at + 1:])
    elif damage == "empty":
        entry.write_bytes(b"")
    else:  # intact framing around a payload that is not (library, translations)
        payload = pickle.dumps(["something", "else"])
        head = len(libcache.FORMAT)
        key = blob[head:head + 32]
        entry.write_bytes(libcache.FORMAT + key + libcache.hashlib.sha256(payload).digest() + payload)
    lib = libcache.load_library_cached()
    assert _cleaned(lib) == _cleaned(load_library())
    # Rewritten whole: the next start is a hit again.
    assert entry.read_bytes()[:len(libcache.FORMAT)] == libcache.FORMAT
    assert libcache._read(entry, libcache.library_key([], False)) is not None


def test_changed_pack_invalidates(cache: Path, monkeypatch: pytest.MonkeyPatch,
                                  write_pack: Callable[[str, str], Path]) -> None:
    pack = write_pack("local.yaml", PACK.format(marker="Buy our mugs"))
    lib = libcache.load_library_cached([pack])
    assert "Buy our mugs" not in _cleaned(lib)[0]
    pack.write_text(PACK.format(marker="Visit the mug shop"), encoding="utf-8")
    lib = libcache.load_library_cached([pack])
    text, hits = _cleaned(lib)
    assert "Buy our mugs" in text and "Visit the mug shop" not in text
    assert ("local", "local-promo", 4, "Visit the mug shop") in hits
    assert len(_entries(cache)) == 2  # one entry per content; the old one is pruned later
    # The same content again is a hit, not a third entry.
    _no_loading(monkeypatch)
    assert _cleaned(libcache.load_library_cached([pack])) == (text, hits)


def test_other_version_is_not_trusted(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    libcache.load_library_cached()
    monkeypatch.setattr(libcache, "__version__", "999.0")
    calls: list[bool] = []
    real = libcache.load_library

    def counting(*args: object, **kwargs: object) -> Library:
        calls.append(True)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(libcache, "load_library", counting)
    libcache.load_library_cached()
    assert calls == [True]
    assert len(_entries(cache)) == 2


def test_bad_pack_is_an_error_with_or_without_cache(cache: Path,
                                                    write_pack: Callable[[str, str], Path]) -> None:
    pack = write_pack("bad.yaml", PACK.format(marker="x").replace("kind: drop-line", "kind: drop-lines"))
    for use in (True, False):
        with pytest.raises(PackError) as exc:
            libcache.load_library_cached([pack], cache=use)
        assert "bad.yaml" in str(exc.value)
    assert _entries(cache) == []


def test_unreadable_pack_is_reported_by_the_loader(cache: Path, monkeypatch: pytest.MonkeyPatch,
                                                   write_pack: Callable[[str, str], Path]) -> None:
    pack = write_pack("local.yaml", PACK.format(marker="Buy our mugs"))
    real = Path.read_bytes

    def failing(self: Path) -> bytes:
        if self == pack:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", failing)
    with pytest.raises(PackError) as exc:
        libcache.load_library_cached([pack])
    assert "local.yaml" in str(exc.value) and "cannot read" in str(exc.value)
    assert _entries(cache) == []


def test_unwritable_cache_dir_just_means_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv(libcache.CACHE_ENV, str(blocker / "cache"))
    assert _cleaned(libcache.load_library_cached()) == _cleaned(load_library())


def test_cli_no_cache_does_not_write(cache: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["clean", "--no-cache"], input=TEXT)
    assert result.exit_code == 0, result.output
    assert "Advertisement" not in result.stdout and "The council met on Monday." in result.stdout
    assert not cache.exists()
    again = runner.invoke(app, ["clean"], input=TEXT)
    assert again.exit_code == 0 and again.stdout == result.stdout
    assert len(_entries(cache)) == 1


def test_old_entries_are_pruned(cache: Path, write_pack: Callable[[str, str], Path]) -> None:
    pack = write_pack("local.yaml", PACK.format(marker="m0"))
    for k in range(libcache._KEEP + 3):
        pack.write_text(PACK.format(marker=f"marker {k}"), encoding="utf-8")
        libcache.load_library_cached([pack], no_default=True)
    assert len(_entries(cache)) == libcache._KEEP


# -- lazily compiled patterns -------------------------------------------------------------------

def test_lazy_flags_are_the_compiled_flags(library: Library) -> None:
    """The RE2 screen reads `flags` before anything compiles: they must be re's own."""
    seen = 0
    for pf in library.packs.values():
        for rule in pf.pack.rules:
            if rule.pattern is None:
                continue
            lazy = lazy_compile(rule.pattern, flags_of(rule.flags))
            assert lazy.flags == re.compile(rule.pattern, flags_of(rule.flags)).flags, rule.id
            seen += 1
    assert seen > 100
    for pattern, flags in (("(?i)abc", 0), ("(?x) a b", 0), ("abc", re.ASCII), ("(?i:a)b", 0)):
        assert lazy_compile(pattern, flags).flags == re.compile(pattern, flags).flags, pattern


def test_lazy_pattern_matches_like_re() -> None:
    lazy = LazyPattern(r"(?P<who>\w+) said", re.UNICODE)
    rx = re.compile(r"(?P<who>\w+) said")
    line = "Zoë said so, and Ana said no"
    assert lazy == rx and hash(lazy) == hash(LazyPattern(r"(?P<who>\w+) said", re.UNICODE))
    assert lazy.groupindex == rx.groupindex
    assert lazy.search(line).group("who") == "Zoë"  # type: ignore[union-attr]
    assert [m.group(0) for m in lazy.finditer(line)] == ["Zoë said", "Ana said"]
    assert lazy.sub("X", line) == rx.sub("X", line)
    assert pickle.loads(pickle.dumps(lazy)).search(line).group("who") == "Zoë"  # type: ignore[union-attr]


# -- stderr without rich ------------------------------------------------------------------------

def test_plain_stderr_when_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    fake = io.StringIO()
    monkeypatch.setattr("sys.stderr", fake)
    console = ErrConsole()
    assert not console.is_terminal
    console.print("cleaner: a:smile:b.txt: [bold]not markup[/bold]\r", markup=False)
    assert fake.getvalue() == "cleaner: a:smile:b.txt: [bold]not markup[/bold]\n"
    assert console._console is None  # rich was never needed
