"""Generate synthetic news articles with known boilerplate planted at known rates, for tests.

    from tests.corpusgen import SITES, generate
    articles = generate("dailyledger.example.com", 300, seed=1,
                        families=SITES["dailyledger.example.com"])
    for a in articles:
        a.text        # the scraped text: headline, paragraphs, planted furniture
        a.planted     # every furniture line planted, with its family name
        a.content     # every content line (headline, paragraphs, datelines, traps)

A family is planted in exactly round(rate * n) articles (chosen at random), so a test knows
each family's document count. The content is random prose from a small vocabulary, so no
content line repeats by chance, plus deliberate traps that a boilerplate miner must leave
alone: datelines ("NEW DELHI: <long sentence>"), interview Q/A lines, title kickers
("Budget 2024: <headline>" as the first line), a stock sentence that recurs in a few
articles, and near-miss sentences that start with a family's first word ("Also, ...").
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Position = Literal["start", "middle", "end"]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


WORDS = _words(
    "government minister officials market prices city council court police report budget plan "
    "water power school hospital workers union farmers season rain river bridge road rail "
    "airport project company shares investors bank rates inflation growth exports imports trade "
    "talks leaders election voters party campaign senate bill law judge hearing case evidence "
    "witness family village district state region border army ceasefire aid relief storm flood "
    "heat winter summer festival film music team coach match league title players fans stadium "
    "study scientists data researchers survey doctors patients vaccine virus health climate "
    "energy solar wind coal fuel oil gas cars traffic transport housing rent homes tenants "
    "landlords students teachers exams results university campus police officers suspects arrest "
    "charges trial verdict sentence appeal agency ministry department office spokesperson "
    "statement announcement decision review inquiry panel committee members board chief director "
    "mayor governor president premier cabinet reform policy tax revenue spending deficit debt "
    "loan fund grant scheme program service network system platform users app phone internet "
    "online digital software security privacy cyber attack outage repair plant factory jobs "
    "wages strike protest march rally crowd streets square market traders shops sales demand "
    "supply shortage harvest crop wheat rice sugar milk fish forest wildlife park coast island"
)
VERBS = _words(
    "said announced warned expected reported confirmed denied approved rejected proposed "
    "delayed launched opened closed raised cut extended reviewed discussed planned urged "
    "signed blocked backed questioned praised criticised"
)
LINKS = _words("on in after before during with against over for about across despite amid")
KICKERS = ("Budget 2024", "Election 2024", "Ukraine war")
STOCK_SENTENCE = "The police said an investigation was under way."
DATELINES = {
    "dailyledger.example.com": ("NEW DELHI:", "MUMBAI:", "KOLKATA:", "CHENNAI:"),
    "newsnow.example.org": ("LONDON —", "PARIS —", "BERLIN —", "WASHINGTON (Reuters) -"),
}


@dataclass(frozen=True)
class Family:
    """A kind of furniture: exact lines, or prefixes each followed by a generated headline."""

    name: str
    texts: tuple[str, ...]  # exact lines; or prefixes with their separator ("Also read: ")
    rate: float  # share of articles that carry it
    templated: bool = False  # True: each line is a prefix + a fresh headline
    position: Position = "middle"
    per_doc: int = 1  # lines of this family in an article that carries it
    covered: bool = False  # the built-in default packs already remove it


@dataclass(frozen=True)
class Planted:
    """One furniture line planted in an article."""

    family: str
    line: str


@dataclass
class Article:
    """A generated article: its text and what was put in it."""

    site: str
    url: str
    text: str
    planted: list[Planted] = field(default_factory=list)
    content: list[str] = field(default_factory=list)


# Two sites, each with furniture the default packs do not know (what `suggest` must
# propose) and furniture they already remove (what it must report as covered).
SITES: dict[str, list[Family]] = {
    "dailyledger.example.com": [
        Family("ad-misspelt", ("Advertisment", "ADVERTISMENT"), 0.30, covered=True),
        Family("also-read", ("Also read: ", "ALSO READ | "), 0.30, templated=True, covered=True),
        Family("in-focus", ("In Focus: ", "IN FOCUS | "), 0.40, templated=True, per_doc=2),
        Family("premium", ("Get unlimited access to The Daily Ledger for just $1 a week.",), 0.25),
        Family("app-promo", ("Daily Ledger app: news that matters, on the go",), 0.12),
        Family("bureau-credit", ("— Daily Ledger Bureau",), 0.50, position="end"),
        Family("rare", ("Corrections appended",), 0.01),  # under every default threshold
    ],
    "newsnow.example.org": [
        Family("quick-take", ("Quick take – ", "Quick Take – "), 0.20, templated=True),
        Family("archive", ("From the archive: ",), 0.08, templated=True),
        Family("top-stories", ("» Top Stories | ",), 0.06, templated=True),
        Family("exclusive", ("NEWSNOW EXCLUSIVE",), 0.10, position="start"),
        Family("scroll-prompt", ("Scroll down for the latest NewsNow headlines",), 0.15),
        Family("agency-credit", ("(With inputs from agencies)",), 0.35, position="end", covered=True),
        Family("follow", ("Follow us on Google News",), 0.20, covered=True),
    ],
}


def generate(site: str, n: int, seed: int, families: Sequence[Family], *,
             traps: bool = True) -> list[Article]:
    """`n` articles of `site` with each family planted in exactly round(rate * n) of them."""
    rng = random.Random(seed * 1_000_003 + zlib.crc32(site.encode()))
    carriers = {f.name: set(rng.sample(range(n), round(f.rate * n))) for f in families}
    trap_sets = _trap_sets(rng, n) if traps else {}
    return [_article(rng, site, i, families, carriers, trap_sets) for i in range(n)]


def _trap_sets(rng: random.Random, n: int) -> dict[str, set[int]]:
    """Which articles get which content trap (each at a fixed rate)."""
    rates = {"dateline": 0.5, "interview": 0.1, "stock": 0.05, "near-miss": 0.15, "kicker": 0.12}
    return {name: set(rng.sample(range(n), round(rate * n))) for name, rate in rates.items()}


def _article(rng: random.Random, site: str, i: int, families: Sequence[Family],
             carriers: dict[str, set[int]], traps: dict[str, set[int]]) -> Article:
    content = _content(rng, site, i, families, traps)
    start: list[Planted] = []
    middle: list[Planted] = []
    end: list[Planted] = []
    for fam in families:
        if i not in carriers[fam.name]:
            continue
        lines = [Planted(fam.name, _furniture(rng, fam)) for _ in range(fam.per_doc)]
        {"start": start, "middle": middle, "end": end}[fam.position].extend(lines)
    body = content[1:]
    for planted in middle:
        # Between paragraphs, never before the first one (that is where datelines sit).
        body.insert(rng.randint(1, len(body)), planted.line)
    blocks = [content[0], *(p.line for p in start), *body, *(p.line for p in end)]
    return Article(site, f"https://{site}/news/{i:06d}", "\n\n".join(blocks) + "\n",
                   [*start, *middle, *end], content)


def _furniture(rng: random.Random, fam: Family) -> str:
    text = rng.choice(fam.texts)
    return text + _headline(rng) if fam.templated else text


def _content(rng: random.Random, site: str, i: int, families: Sequence[Family],
             traps: dict[str, set[int]]) -> list[str]:
    """Headline, then paragraphs; traps where this article was chosen for them."""
    paras = [_paragraph(rng) for _ in range(rng.randint(4, 9))]
    if i in traps.get("dateline", ()):
        dateline = rng.choice(DATELINES.get(site, ("NEW DELHI:",)))
        paras[0] = f"{dateline} {paras[0]}"
    if i in traps.get("interview", ()):
        qa = [line for _ in range(rng.randint(3, 5))
              for line in (f"Q: {_question(rng)}", f"A: {_sentence(rng)}")]
        paras[2:2] = qa
    if i in traps.get("stock", ()):
        paras.insert(rng.randint(1, len(paras)), STOCK_SENTENCE)
    if i in traps.get("near-miss", ()) and families:
        paras.insert(rng.randint(1, len(paras)), _near_miss(rng, rng.choice(families)))
    title = _headline(rng)
    if i in traps.get("kicker", ()):  # a title kicker, as in "IPL 2024: CSK beat MI"
        title = f"{rng.choice(KICKERS)}: {title}"
    return [title, *paras]


def _near_miss(rng: random.Random, fam: Family) -> str:
    """A content sentence that starts with the family's first word, as prose does."""
    first = next(w for w in fam.texts[0].split() if any(c.isalpha() for c in w)).strip("()—–-:|")
    first = first.capitalize() if first.isupper() else first
    sentence = _sentence(rng).lstrip("“")
    return f"{first}, {sentence[0].lower()}{sentence[1:]}"


def _headline(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(3, 7))]
    words.insert(rng.randint(1, len(words)), rng.choice(VERBS))
    text = " ".join(w.capitalize() for w in words)
    return text + "?" if rng.random() < 0.1 else text


def _sentence(rng: random.Random) -> str:
    n = rng.randint(9, 22)
    words = [rng.choice(WORDS if k % 4 else LINKS) for k in range(n)]
    words.insert(2, rng.choice(VERBS))
    text = " ".join(words)
    if rng.random() < 0.15:  # some quoted speech, in curly quotes (non-ASCII on purpose)
        return f"“{text.capitalize()},” the {rng.choice(WORDS)} {rng.choice(VERBS)}."
    return text.capitalize() + "."


def _question(rng: random.Random) -> str:
    return "What " + _sentence(rng)[:-1].lower() + "?"


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(1, 3)))
