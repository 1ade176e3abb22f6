"""Shared test data: the article every CLI-level test cleans, its clean form, and the YAML
packs under tests/packs/fixtures/, read by name so no test carries a pack as a Python string."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "packs" / "fixtures"


def pack_text(name: str) -> str:
    """The YAML text of tests/packs/fixtures/<name>.yaml (tests write it into tmp_path, so a
    test that edits a pack never edits the fixture)."""
    return (FIXTURES / f"{name}.yaml").read_text(encoding="utf-8")


# A site pack for example.com and its subdomains, with one rule the default packs lack.
EXAMPLE_SITE_PACK = pack_text("example-site")

BODY = ("Negotiators from both sides met in a guarded compound outside the capital, officials said, "
        "and a further round is planned for next month if the ceasefire holds.")
# Three lines of furniture (marker, also-read, credit) around content with trailing spaces.
ARTICLE = ("MOSCOW: Talks resumed on Monday.  \n\nAdvertisment\n\n"
           "Also read: Markets rally as oil falls\n\nRussia rejects swapping \n\n"
           f"The ministry said the offer was not serious. {BODY}\n\n(With inputs from agencies)\n")
CLEAN = ("MOSCOW: Talks resumed on Monday.\n\nRussia rejects swapping\n\n"
         f"The ministry said the offer was not serious. {BODY}\n")
