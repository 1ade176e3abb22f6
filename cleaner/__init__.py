"""cleaner: remove scraped-news furniture from article text with explainable YAML rule packs.

    from cleaner import load_library, clean_text
    library = load_library()                    # built-in packs, checked once
    profile = library.profile()                 # or library.profile("ndtv.com")
    result = clean_text(text, profile)          # result.text, result.hits
    page = clean_html(html, profile)            # the article of an HTML page, cleaned
"""

from ._version import __version__
from .errors import CleanerError, PackError
from .pipeline import Cleaned, clean, clean_document, clean_html, clean_text
from .rules import Library, Profile, load_library
from .types import Hit

__all__ = [
    "Cleaned",
    "CleanerError",
    "Hit",
    "Library",
    "PackError",
    "Profile",
    "__version__",
    "clean",
    "clean_document",
    "clean_html",
    "clean_text",
    "load_library",
]
