"""A non-editable install (the wheel) carries the built-in packs and finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "-w", str(out), str(ROOT)], check=True)
    (found,) = out.glob("cleaner-*.whl")
    return found


def test_wheel_ships_the_rule_packs(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "cleaner/rules/default/ads.yaml" in names
    assert any(n.startswith("cleaner/rules/sites/") for n in names)
    assert "cleaner/rules/schema.json" in names
    assert "cleaner/web/studio.html" in names  # the studio's page is package data
    # The packages split out of single modules (issue 15) are shipped with their modules.
    assert {"cleaner/suggest/__init__.py", "cleaner/suggest/emit.py", "cleaner/studio/__init__.py",
            "cleaner/studio/server.py"} <= set(names)


def test_installed_package_finds_its_packs_outside_the_repo(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("import cleaner, cleaner.rules as r; lib = cleaner.load_library();"
            "print(r.builtin_dir()); print(len(lib.packs))")
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=True)
    where, count = done.stdout.split()
    assert Path(where) == site / "cleaner" / "rules"
    assert int(count) >= 10
