"""Rebuild the real-data benchmark's texts from the fetched public sources.

Reads the mirrors under /work/.mirror (or $CLEANER_MIRRORS) at the commits pinned in
sources.json and writes bench/real/texts/<source>/<hash8>.txt plus texts/index.jsonl
({doc, source, outlet, lang, url, origin}). The texts are third-party and git-ignored;
only this script, the labels and their line hashes are committed. HTML pages become text
the way a corpus builder's scraper makes it (see sources.json and bench/README.md).

    python bench/real/build.py            # all sources
    python bench/real/build.py --check    # only say whether the mirrors are there
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
TEXTS = HERE / "texts"
MIRRORS = Path(os.environ.get("CLEANER_MIRRORS", "/work/.mirror"))
# Longer texts are reference pages (manuals, wiki articles), not news, and would eat the
# labelling time of a dozen articles each.
MAX_LINES = 200

# Elements a scraper lays out on lines of their own.
BLOCKS = (
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figcaption", "pre",
    "dt", "dd", "tr", "div", "section", "article", "header", "footer", "aside", "figure",
    "ul", "ol", "table", "caption", "address", "nav", "form", "main",
)  # fmt: skip

# mozilla/readability test pages that test a parser feature rather than show a site.
SYNTHETIC = re.compile(
    r"^(\d{3}(-.*)?|base-url.*|basic-tags-cleaning|clean-links|comment-inside-script-parsing|"
    r"data-url-image|embedded-videos|hidden-nodes|invalid-attributes|js-link-replacement|"
    r"keep-images|keep-tabular-data|lazy-image-\d|links-in-tables|metadata-content-missing|"
    r"missing-paragraphs|normalize-spaces|ol|parsely-metadata|remove-.*|reordering-paragraphs|"
    r"replace-.*|rtl-\d|schema-org-context-object|social-buttons|style-tags-removal|"
    r"svg-parsing|table-style-attributes|title-.*|toc-missing|visibility-hidden|"
    r"article-author-tag|bug-\d+|cnet-svg-classes|mathjax|dev418|videos-\d|"
    r"qq|gmw|pixnet|hukumusume|aktualne)$"
)
NEWSPAPER_SKIP = re.compile(r"^(arabic|chinese|japanese\d?|thai|cnn_summary|cnn)$")

HINDI_OUTLETS = {
    "Amar Ujala": "www.amarujala.com",
    "Dainik Hindustan": "www.livehindustan.com",
    "Dainik Jagran": "www.jagran.com",
    "Navbharat Times": "navbharattimes.indiatimes.com",
    "Prabhat Khabar": "www.prabhatkhabar.com",
}

STOPWORDS = {
    "en": "the and of to in is that for with was on as are it this by be from have",
    "de": "der die und das ist nicht mit den von auf ein eine für sich dem auch es im zu",
    "fr": "le la les et des est une pour dans que qui pas sur du au avec ce un il",
    "es": "el la los las y de que en por con una para del se es su al lo como",
    "it": "il di che della per non una sono gli con del nel alla anche questo le",
    "pl": "nie się na jest że do to w z jak co po tak ale dla od przez",
    "pt": "não uma os que com para da dos em por mais como ao as se",
    "nl": "het een van en de niet op is dat zijn met voor ook aan",
}
_STOP = {lang: set(words.split()) for lang, words in STOPWORDS.items()}


class BuildError(Exception):
    """A mirror or a pinned commit is missing: the message says what to fetch."""


@dataclass
class Doc:
    """One built document before it is written."""

    doc: str
    source: str
    outlet: str
    lang: str
    url: str
    origin: str
    text: str


def guess_lang(text: str) -> str:
    """Devanagari means Hindi; otherwise the language whose stopwords are most frequent."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum("\u0900" <= c <= "\u097f" for c in letters) > len(letters) * 0.3:
        return "hi"
    words = re.findall(r"[^\W\d_]+", text.casefold())
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOP.items()}
    best = max(scores, key=lambda lang: scores[lang])
    return best if scores[best] >= 5 else "other"


def block_text(html: str) -> str:
    """Text of an HTML fragment, one line per block element, as scrapers lay it out."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return tidy(soup.get_text())


def tidy(text: str) -> str:
    """Strip each line, squeeze inner runs of spaces, keep at most one blank line."""
    out: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = re.sub(r"[ \t\u00a0]+", " ", raw).strip()
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""


def doc_id(source: str, origin: str) -> str:
    return f"{source}/{hashlib.sha1(origin.encode()).hexdigest()[:8]}"


def host_of(url: str) -> str:
    return (urlparse(url).hostname or "").removeprefix("www.")


class Mirror:
    """Read-only access to one fetched repository at one commit."""

    def __init__(self, repo: str, commit: str) -> None:
        self.repo, self.commit = repo, commit
        self.git = MIRRORS / repo.replace("/", "+") / "repo"
        if not self.git.exists():
            raise BuildError(
                f"mirror of {repo} is missing ({self.git}): fetch github:{repo} with the "
                "search tool's fetch, then run this again"
            )
        ok = subprocess.run(
            ["git", "-C", str(self.git), "cat-file", "-e", f"{commit}^{{commit}}"],
            capture_output=True,
        )
        if ok.returncode:
            raise BuildError(
                f"mirror of {repo} lacks commit {commit}: fetch github:{repo} again "
                "(or pin the commit the mirror has in sources.json)"
            )

    def ls(self, folder: str) -> list[str]:
        out = subprocess.run(
            ["git", "-C", str(self.git), "ls-tree", "-r", "--name-only", self.commit, folder],
            capture_output=True, check=True, text=True,
        ).stdout  # fmt: skip
        return sorted(p for p in out.splitlines() if p)

    def read(self, path: str) -> bytes:
        return subprocess.run(
            ["git", "-C", str(self.git), "show", f"{self.commit}:{path}"],
            capture_output=True, check=True,
        ).stdout  # fmt: skip


def decode(data: bytes) -> str:
    """Pages declare their charset; UTF-8 first, then the declared one, then cp1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        m = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", data[:4000])
        for enc in ([m.group(1).decode()] if m else []) + ["cp1252", "latin-1"]:
            try:
                return data.decode(enc)
            except (UnicodeDecodeError, LookupError):
                continue
    return data.decode("utf-8", "replace")


def by_hash(items: list[str]) -> list[str]:
    """A stable order that does not follow file names (no alphabetical bias)."""
    return sorted(items, key=lambda s: hashlib.sha1(s.encode()).hexdigest())


def readability_text(html: str) -> str:
    from readability import Document

    return block_text(Document(html).summary(html_partial=True))


def build_trafilatura(m: Mirror, take: int) -> Iterator[Doc]:
    """The eval pages through readability-lxml: every non-German/English page, then de/en."""
    evaldata = json.loads(m.read("tests/evaldata.json"))
    present = set(m.ls("tests/eval"))
    cands = [(url, "tests/eval/" + e["file"]) for url, e in evaldata.items()]
    cands = [c for c in cands if c[1] in present]
    docs: list[Doc] = []
    for url, path in sorted(cands, key=lambda c: hashlib.sha1(c[1].encode()).hexdigest()):
        try:
            text = readability_text(decode(m.read(path)))
        except Exception:  # a page readability cannot parse is just skipped
            continue
        if sum(1 for line in text.splitlines() if line) < 4:
            continue
        docs.append(Doc(doc_id("trafilatura", path), "trafilatura", host_of(url),
                        guess_lang(text), url, path, text))  # fmt: skip
    rest = [d for d in docs if d.lang not in ("de", "en")]
    quota = max(0, take - len(rest)) // 2
    yield from rest[:take]
    for lang in ("de", "en"):
        yield from [d for d in docs if d.lang == lang][:quota]


def canonical(html: str) -> str:
    m = re.search(
        r"<link[^>]+rel=[\"']canonical[\"'][^>]*href=[\"']([^\"']+)|"
        r"<meta[^>]+property=[\"']og:url[\"'][^>]*content=[\"']([^\"']+)",
        html,
    )
    return (m.group(1) or m.group(2)) if m else ""


def build_readability(m: Mirror, take: int) -> Iterator[Doc]:
    """Readability.js's expected output for each real site's test page."""
    pages = sorted({p.split("/")[2] for p in m.ls("test/test-pages")})
    n = 0
    for name in pages:
        if SYNTHETIC.match(name) or n >= take:
            continue
        base = f"test/test-pages/{name}"
        text = block_text(decode(m.read(f"{base}/expected.html")))
        if sum(1 for line in text.splitlines() if line) < 4:
            continue
        url = canonical(decode(m.read(f"{base}/source.html")))
        outlet = host_of(url) or re.sub(r"-\d+$", "", name)
        n += 1
        yield Doc(doc_id("readability", base), "readability", outlet, guess_lang(text),
                  url, base, text)  # fmt: skip


def build_newspaper(m: Mirror, take: int) -> Iterator[Doc]:
    """newspaper3k's article text for its test pages, as the library left it."""
    html_files = set(m.ls("tests/data/html"))
    n = 0
    for path in m.ls("tests/data/text"):
        stem = Path(path).stem
        if NEWSPAPER_SKIP.match(stem) or n >= take:
            continue
        text = tidy(decode(m.read(path)))
        if sum(1 for line in text.splitlines() if line) < 4:
            continue
        page = f"tests/data/html/{stem}.html"
        url = canonical(decode(m.read(page))) if page in html_files else ""
        outlet = host_of(url) or re.sub(r"\d+$", "", stem)
        n += 1
        yield Doc(doc_id("newspaper", path), "newspaper", outlet, guess_lang(text), url,
                  path, text)  # fmt: skip


def build_hindi(m: Mirror, take: int) -> Iterator[Doc]:
    """Daily scraped texts of five Hindi outlets, the same number from each."""
    files = [p for p in m.ls("Corpora") if p.endswith(".txt")]
    per = max(1, take // len(HINDI_OUTLETS))
    for outlet, host in HINDI_OUTLETS.items():
        mine = by_hash([p for p in files if p.split("/")[1] == outlet])[:per]
        for path in sorted(mine):
            text = tidy(decode(m.read(path)))
            yield Doc(doc_id("hindi", path), "hindi", host.removeprefix("www."), "hi", "",
                      path, text)  # fmt: skip


BUILDERS: dict[str, Callable[[Mirror, int], Iterator[Doc]]] = {
    "trafilatura": build_trafilatura,
    "readability": build_readability,
    "newspaper": build_newspaper,
    "hindi": build_hindi,
}


def load_sources() -> list[dict]:
    return json.loads((HERE / "sources.json").read_text(encoding="utf-8"))["sources"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check that the mirrors exist")
    args = ap.parse_args(argv)
    mirrors, missing = [], []
    for src in load_sources():
        try:
            mirrors.append((src, Mirror(src["repo"], src["commit"])))
        except BuildError as err:  # name every missing mirror, not just the first
            missing.append(str(err))
    if missing:
        for err in missing:
            print(f"build.py: {err}", file=sys.stderr)
        return 2
    if args.check:
        print("all mirrors present")
        return 0
    index: list[dict] = []
    for src, mirror in mirrors:
        folder = TEXTS / src["name"]
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.txt"):
            old.unlink()
        count = 0
        for d in BUILDERS[src["name"]](mirror, int(src["take"])):
            if sum(1 for line in d.text.splitlines() if line) > MAX_LINES:
                continue
            (TEXTS / f"{d.doc}.txt").write_text(d.text, encoding="utf-8")
            index.append({"doc": d.doc, "source": d.source, "outlet": d.outlet,
                          "lang": d.lang, "url": d.url, "origin": d.origin})  # fmt: skip
            count += 1
        print(f"{src['name']}: {count} docs", file=sys.stderr)
    tmp = TEXTS / "index.jsonl.tmp"
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in index), "utf-8")
    tmp.replace(TEXTS / "index.jsonl")
    outlets = {r["outlet"] for r in index}
    langs = sorted({r["lang"] for r in index})
    print(f"{len(index)} docs, {len(outlets)} outlets, languages {langs}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
