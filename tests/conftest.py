"""Shared fixtures: the built-in library, loaded once, and a helper to write packs."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from cleaner import Library, load_library

# `make fuzz` runs the fuzz target (the pipeline on arbitrary bytes) far longer than CI does.
settings.register_profile("fuzz", max_examples=20_000, deadline=None)
if os.environ.get("CLEANER_FUZZ"):
    settings.load_profile("fuzz")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _library_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The CLI caches the loaded library: in the tests, in a folder of their own, not ~/.cache."""
    os.environ.setdefault("CLEANER_CACHE_DIR", str(tmp_path_factory.mktemp("library-cache")))


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library()


@pytest.fixture
def write_pack(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write a YAML pack into tmp_path and return its path."""

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
