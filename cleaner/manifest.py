"""The incremental-run manifest: per output, the input's hash and the rule set's fingerprint."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path

from ._version import __version__

# Not *.jsonl: readers that glob an output folder for *.jsonl or *.txt (datatrove, datasets)
# must not take the manifest for data. Output folders of older versions used LEGACY_NAME.
NAME = ".cleaner-manifest.json-lines"
LEGACY_NAME = ".cleaner-manifest.jsonl"


def holds_manifest(folder: Path) -> bool:
    """Whether `folder` is a cleaner output folder (an input walk skips it)."""
    return (folder / NAME).is_file() or (folder / LEGACY_NAME).is_file()


def adopt_legacy(outdir: Path) -> None:
    """Rename an older version's manifest, so its entries still count and no *.jsonl is left."""
    old, new = outdir / LEGACY_NAME, outdir / NAME
    if old.is_file() and not new.exists():
        # Read-only or gone: the run then simply redoes every output.
        with contextlib.suppress(OSError):
            os.replace(old, new)


def fingerprint(pack_paths: Iterable[Path], settings: str) -> str:
    """What decides an output besides its input: the packs' bytes, the version, the settings."""
    digest = hashlib.sha256(f"{__version__}\n{settings}\n".encode())
    for path in sorted(pack_paths):
        digest.update(str(path.name).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def file_sha(path: Path) -> str:
    """sha256 of a file, streamed so a big input is not held whole."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Manifest:
    """Entries `{key, sha256, fingerprint}` appended as outputs complete, so an interrupted run
    resumes where it stopped; compacted (last entry per key wins) when the run ends."""

    def __init__(self, outdir: Path, fingerprint: str, *, force: bool = False) -> None:
        adopt_legacy(outdir)
        self.path = outdir / NAME
        self.fingerprint = fingerprint
        self.entries: dict[str, str] = {} if force else self._load()
        self._fh = None

    def _load(self) -> dict[str, str]:
        entries: dict[str, str] = {}
        try:
            with self.path.open(encoding="utf-8") as fh:
                for line in fh:
                    try:
                        rec = json.loads(line)
                        entries[rec["key"]] = f"{rec['sha256']}:{rec['fingerprint']}"
                    except (json.JSONDecodeError, KeyError, TypeError):
                        continue  # a line cut by a crash: that output is simply redone
        except FileNotFoundError:
            pass
        return entries

    def expected(self, key: str) -> str | None:
        """The input hash under which `key` was last written with the current rule set."""
        value = self.entries.get(key)
        if value is None:
            return None
        sha, _, fp = value.partition(":")
        return sha if fp == self.fingerprint else None

    def record(self, key: str, sha: str) -> None:
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = self.path.open("a+", encoding="utf-8")
            if self._fh.tell() > 0:
                self._fh.seek(self._fh.tell() - 1)
                if self._fh.read(1) != "\n":
                    self._fh.write("\n")  # close a line a crash cut short, so ours starts clean
        line = json.dumps({"key": key, "sha256": sha, "fingerprint": self.fingerprint}) + "\n"
        self._fh.write(line)
        self._fh.flush()
        self.entries[key] = f"{sha}:{self.fingerprint}"

    def close(self) -> None:
        """Rewrite the manifest with one line per output (the run's lock keeps other runs out)."""
        if self._fh is None:
            return
        fh, self._fh = self._fh, None
        fh.close()
        merged = self._load()
        # Named like every other temporary (tempfiles.py), so a killed run's is swept up.
        tmp = self.path.with_name(f".{NAME}.{os.getpid()}-0.tmp")
        try:
            with tmp.open("w", encoding="utf-8") as out:
                for key, value in sorted(merged.items()):
                    sha, _, fp = value.partition(":")
                    out.write(json.dumps({"key": key, "sha256": sha, "fingerprint": fp}) + "\n")
            os.replace(tmp, self.path)
        finally:
            tmp.unlink(missing_ok=True)
