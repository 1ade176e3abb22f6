"""The draft pack: the text being edited, loaded beside the other packs, and the studio's error."""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus

from ..errors import CleanerError
from ..rules import Library, PackFile


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


def with_pack(base: Library, pf: PackFile) -> Library:
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
