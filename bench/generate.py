"""Generate the benchmark corpus: seeded, deterministic scraped-news text files and HTML pages.

The corpus imitates what a news crawl looks like after scraping: mostly English articles
with curly quotes and accented names, some German, French, Spanish and Hindi, site
furniture at realistic rates (ad markers, "Also read" lines, newsletter and follow-us
prompts, agency and photo credits, related blocks and footers, social-embed residue,
HTML remnants), about 10% of documents with mojibake (UTF-8 read as Windows-1252), and
the odd CRLF file, control character, ligature or fullwidth letter. The HTML pages wrap
the same kind of article in the usual page: head scripts, styles, inline JSON, nav, ad
slots, related boxes and a footer.

Document i depends only on (seed, i), so a --scale 0.1 corpus is the first tenth of the
full one. The corpus is written under bench/corpus/ and cached: a stamp file records the
generator version, seed and scale, and a matching stamp means nothing is regenerated.

    python bench/generate.py [--scale 0.1] [--seed N] [--out bench/corpus] [--force]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers "sloppy-windows-1252", the codec browsers use)

GENERATOR_VERSION = 1  # bump when the output changes, so cached corpora are regenerated
DEFAULT_SEED = 20250601
FULL_TEXT_DOCS = 20_000
FULL_HTML_PAGES = 2_000
HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "corpus"
STAMP = "stamp.json"

def _words(text: str) -> list[str]:
    return text.split()


# Share of text documents per language; English dominates real crawls.
LANGUAGES = (("en", 0.70), ("de", 0.08), ("fr", 0.08), ("es", 0.08), ("hi", 0.06))

EN_WORDS = _words("""
the of and to in a is that for on was with he it as at by said his from have has be are
an they which this not were but been had their more its after who also would will one
two three year years government minister state officials police people city country
market prices bank company companies percent million billion week month monday tuesday
wednesday thursday friday saturday sunday report reports plan plans talks deal election
vote court judge law rules new first last over about into than other some could may
most between during under while against since before because where when there such only
public health water power energy oil gas workers union strike schools students hospital
doctors patients trade tariffs exports growth inflation rates interest budget tax taxes
border security army forces attack ceasefire peace council mayor party leader leaders
opposition president prime spokesperson statement agency investigation inquiry evidence
data figures survey analysts investors shares stock profits losses revenue sales quarter
rain flood floods storm heat weather season farmers crops food fuel transport trains
flights airport roads traffic residents district region village community families
children women men young older local national international global foreign domestic
economy industry business technology software phones internet online digital research
scientists study climate emissions carbon coal solar wind electricity grid supply demand
production factory factories jobs wages contract contracts talks negotiations agreement
summit meeting visit delegation officials sources statement announced warned added told
expected according earlier later still already however meanwhile despite although
""")
EN_VERBS = _words("""
said announced warned confirmed denied rejected approved blocked delayed cut raised
expanded reduced closed opened signed launched suspended resumed ordered promised urged
""")
NAMES = (
    "José Ramírez", "Zoë Brontë", "Søren Nielsen", "François Dubois", "Jürgen Müller",
    "Chloé Martin", "Łukasz Nowak", "Renée Lefèvre", "Nuño García", "Ana Patrícia Gonçalves",
    "Björn Åkesson", "Çağla Yıldız", "Dvořák Tomáš", "Hélène Côté", "Raúl Peña", "Mária Szabó",
    "Priya Sharma", "Rahul Verma", "Sarah Mitchell", "James O’Connor", "Emily Chen",
    "Michael Brown", "Fatima Al-Sayed", "Olga Ivanova", "Kenji Tanaka", "Amélie Laurent",
    "Grégoire Thibault", "Inés Suárez", "Matthäus Weiß", "Noël Beaumont",
)
PLACES = (
    "New Delhi", "Mumbai", "London", "Washington", "Berlin", "Paris", "Madrid", "São Paulo",
    "Zürich", "Bogotá", "Montréal", "Kraków", "Malmö", "Reykjavík", "Düsseldorf", "Córdoba",
)
ORGS = (
    "the Finance Ministry", "the central bank", "Nestlé", "Société Générale", "Telefónica",
    "the Health Department", "the city council", "Siemens", "the World Bank", "Renault",
)

DE_WORDS = _words("""
der die das und in den von zu mit sich des auf für ist im dem nicht ein eine als auch es
an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über einen so
zum war haben nur oder aber vor zur bis mehr durch man sein wurde sei Regierung Minister
Bundesregierung Kanzler Stadt Land Menschen Jahr Jahre Prozent Millionen Milliarden Woche
Polizei Gericht Gesetz Straße Schüler Ärzte Krankenhäuser Gespräche Wähler Bürger Länder
erklärte sagte kündigte warnte betonte forderte zufolge teilte mit mitteilte fügte hinzu
Verhandlungen Einigung Haushalt Steuern Wirtschaft Unternehmen Mitarbeiter Gewerkschaft
Streik Preise Energie Gas Strom Wetter Hitze Überschwemmungen Bahn Flughafen Verkehr
""")
FR_WORDS = _words("""
le la les de des du un une et à en dans pour sur au aux par avec ne pas qui que est sont
été a ont plus cette ce ces il elle ils elles on son sa ses leur leurs selon après avant
gouvernement ministre président ville pays année années semaine mois pour cent millions
milliards police justice loi élèves médecins hôpitaux négociations accord budget impôts
économie entreprises salariés syndicat grève prix énergie électricité météo chaleur
inondations trains aéroport circulation habitants région déjà très également toujours
a déclaré a annoncé a averti a précisé a ajouté a indiqué réforme sécurité frontière
""")
ES_WORDS = _words("""
el la los las de del un una y a en por para con no que es son fue ha han más este esta
estos su sus según después antes gobierno ministro presidente ciudad país año años semana
mes por ciento millones policía justicia ley alumnos médicos hospitales negociaciones
acuerdo presupuesto impuestos economía empresas trabajadores sindicato huelga precios
energía electricidad clima calor inundaciones trenes aeropuerto tráfico vecinos región
también además todavía dijo anunció advirtió explicó añadió aseguró reforma seguridad
""")
HI_WORDS = _words("""
सरकार मंत्री प्रधानमंत्री राज्य शहर देश साल हफ्ते महीने करोड़ लाख पुलिस अदालत कानून
छात्र डॉक्टर अस्पताल बातचीत समझौता बजट कर अर्थव्यवस्था कंपनी कर्मचारी हड़ताल कीमत
बिजली मौसम गर्मी बारिश बाढ़ ट्रेन हवाई अड्डा यातायात लोग इलाके में के की को से पर और
ने है हैं था थे गया गई कहा बताया घोषणा चेतावनी अनुसार बाद पहले भी लेकिन क्योंकि जबकि
""")

HEADLINE_WORDS = {
    "en": EN_WORDS, "de": DE_WORDS, "fr": FR_WORDS, "es": ES_WORDS, "hi": HI_WORDS,
}


@dataclass(frozen=True)
class Furniture:
    """Boilerplate one language's sites print: (probability per document, line makers)."""

    ads: tuple[str, ...]
    also: tuple[str, ...]  # prefixes followed by a headline
    block: tuple[str, ...]  # block markers followed by headline lines
    prompts: tuple[str, ...]
    credits: tuple[str, ...]
    photo: tuple[str, ...]
    footer: tuple[str, ...]


FURNITURE = {
    "en": Furniture(
        ads=("Advertisement", "ADVERTISEMENT", "Advertisment", "Advertisement\u00a0",
             "Story continues below advertisement", "Article continues after this advertisement",
             "Scroll to continue with content", "Sponsored", "- Advertisement -"),
        also=("Also read: ", "ALSO READ | ", "Read more: ", "RELATED: ", "Also Read: ", "MORE: ",
              "Watch: "),
        block=("Recommended Stories", "You may also like", "Also Read"),
        prompts=(
            "Sign up for our Morning Briefing newsletter to get the day’s top stories in your inbox.",
            "Follow us on Google News",
            "Catch all the latest India News and Business News on NDTV.",
            "Download the app to get the latest news on the go.",
            "Join our WhatsApp channel for the latest updates.",
            "Support independent journalism: subscribe today.",
            "Share your thoughts in the comments below.",
        ),
        credits=("(With inputs from PTI)", "(With inputs from agencies)", "- PTI",
                 "Reporting by {n1}; Editing by {n2}",
                 "{n1} contributed to this report.",
                 "Copyright 2025 The Associated Press. All rights reserved.",
                 "(Except for the headline, this story has not been edited by NDTV staff and is "
                 "published from a syndicated feed.)"),
        photo=("Photo: Reuters", "Representative image", "File photo | AFP", "Image credit: PTI",
               "Photo Credit: PTI"),
        footer=("Related Articles", "More From NDTV"),
    ),
    "de": Furniture(
        ads=("Anzeige", "ANZEIGE", "Werbung"),
        also=("Lesen Sie auch: ", "Mehr zum Thema: ", "Auch interessant: "),
        block=("Mehr zum Thema",),
        prompts=("Jetzt den kostenlosen Newsletter abonnieren",
                 "Folgen Sie uns auf Facebook und Instagram"),
        credits=("mes/dpa/AFP", "(dpa)", "Mit Material von dpa"),
        photo=("Foto: Christoph Soeder / dpa", "Foto: IMAGO / Sven Simon"),
        footer=(),
    ),
    "fr": Furniture(
        ads=("Publicité", "PUBLICITÉ"),
        also=("Lire aussi\u00a0: ", "Lire aussi | ", "À lire aussi : "),
        block=("Sur le même sujet",),
        prompts=("Suivez-nous sur Facebook et Instagram",
                 "Inscrivez-vous à notre newsletter quotidienne"),
        credits=("(avec AFP)", "Avec AFP", "(AFP)"),
        photo=("Photo : AFP", "Crédit photo : Reuters"),
        footer=(),
    ),
    "es": Furniture(
        ads=("Publicidad", "PUBLICIDAD"),
        also=("Lee también: ", "Te puede interesar: ", "Noticia relacionada: "),
        block=("Noticias relacionadas",),
        prompts=("Síguenos en Twitter y Facebook",
                 "Suscríbete a nuestro boletín para recibir las noticias del día"),
        credits=("(Con información de EFE)", "Con información de AFP", "(EFE)"),
        photo=("Foto: EFE", "Crédito de foto: Reuters"),
        footer=(),
    ),
    "hi": Furniture(
        ads=("विज्ञापन", "विज्ञापन "),
        also=("ये भी पढ़ें: ", "यह भी पढ़ें: "),
        block=("ये भी पढ़ें :",),
        prompts=("ताजा खबरों के लिए हमें फेसबुक पर फॉलो करें",),
        credits=("(भाषा के इनपुट के साथ)", "(इनपुट: पीटीआई)"),
        photo=("फोटो: पीटीआई",),
        footer=(),
    ),
}

# Rare characters that ftfy or the tidy step must deal with.
LIGATURES = ("ﬁnance", "ﬂights", "oﬃcials", "eﬀort")
FULLWIDTH = ("ＣＯＶＩＤ－１９", "ＵＮ", "２０２５")
CONTROLS = ("\x07", "\x1b[0m", "\x0b", "\ufeff", "\u200b")
ENTITIES = ("&amp;", "&nbsp;", "&quot;", "&#8217;", "&mdash;", "&eacute;")


class Writer:
    """Sentences, paragraphs and headlines in one language, from one seeded random stream."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.rng = rng
        self.lang = lang
        self.words = HEADLINE_WORDS[lang]

    def words_run(self, n: int) -> list[str]:
        return self.rng.choices(self.words, k=n)

    def sentence(self) -> str:
        rng = self.rng
        n = rng.randint(10, 26)
        words = self.words_run(n)
        if self.lang != "hi":
            # Names, places and organisations carry most of the accented letters in English text.
            for _ in range(rng.randint(0, 2)):
                words[rng.randrange(n)] = rng.choice(NAMES if rng.random() < 0.6 else PLACES)
            if self.lang == "en" and rng.random() < 0.3:
                words[rng.randrange(n)] = rng.choice(ORGS)
            if self.lang == "en" and rng.random() < 0.25:
                words[rng.randrange(n)] = rng.choice(("don’t", "it’s", "government’s", "won’t",
                                                      "country’s", "officials’"))
            if rng.random() < 0.2:
                words[rng.randrange(n)] = f"{rng.randint(2, 980)}{rng.choice(('', '%', ',000', '.5'))}"
            if rng.random() < 0.08:
                words[rng.randrange(n)] = rng.choice(("—", "–", "…"))
        text = " ".join(words)
        text = text[:1].upper() + text[1:]
        end = "।" if self.lang == "hi" else "."
        if rng.random() < 0.3:
            name = rng.choice(NAMES)
            open_q, close_q = {"de": ("„", "“"), "fr": ("« ", " »")}.get(self.lang, ("“", "”"))
            verb = {"en": "said", "de": "sagte", "fr": "a déclaré", "es": "dijo", "hi": "ने कहा"}[self.lang]
            return f"{open_q}{text},{close_q} {verb} {name}{end}"
        return text + end

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 4)))

    def headline(self) -> str:
        words = self.words_run(self.rng.randint(5, 11))
        text = " ".join(words)
        if self.lang == "en":
            text = text.title()
        return text[:1].upper() + text[1:]


def text_article(seed: int, i: int) -> tuple[str, str]:
    """(language, text) of text document i."""
    rng = random.Random(f"{seed}:text:{i}")
    lang = _pick_language(rng)
    body = _article_lines(rng, lang, target=rng.randint(2700, 3600))
    text = "\n".join(body)
    if rng.random() < 0.85:
        text += "\n"
    return lang, _corrupt(rng, text)


def _pick_language(rng: random.Random) -> str:
    x = rng.random()
    for lang, share in LANGUAGES:
        if x < share:
            return lang
        x -= share
    return LANGUAGES[0][0]


def _article_lines(rng: random.Random, lang: str, target: int) -> list[str]:
    """Headline, paragraphs and the furniture between and after them, up to ~target bytes."""
    w = Writer(rng, lang)
    f = FURNITURE[lang]
    lines: list[str] = []
    if rng.random() < 0.1:
        lines.append("")  # scraped text often starts with a blank line
    lines += [w.headline() + (" " if rng.random() < 0.2 else ""), ""]
    if rng.random() < 0.15:
        lines += [rng.choice(f.photo), ""]
    size = 0
    ads = rng.randint(1, 3) if rng.random() < 0.45 else 0
    also = rng.randint(1, 2) if rng.random() < 0.35 else 0
    block = rng.random() < 0.08
    prompt = rng.random() < 0.25
    social = lang == "en" and rng.random() < 0.05
    html_bits = rng.random() < 0.05
    trailing = rng.random() < 0.2
    nbsp = rng.random() < 0.15
    paragraphs = 0
    while size < target:
        p = w.paragraph()
        if lang == "fr" and nbsp:
            p = p.replace(" »", "\u202f»").replace("« ", "«\u202f")
        if nbsp and rng.random() < 0.3:
            p = p.replace(" ", "\u00a0", 1)
        if trailing and rng.random() < 0.3:
            p += rng.choice((" ", "  ", "\t", "\u00a0"))
        if lang == "en" and rng.random() < 0.05:
            p += rng.choice((" (AP Photo/Evan Vucci)", " (Photo by Scott Eisen/Getty Images)",
                             " Photograph: Christopher Furlong/Getty Images"))
        lines += [p, ""]
        size += len(p.encode("utf-8")) + 2
        paragraphs += 1
        if paragraphs >= 2 and ads and rng.random() < 0.3:
            lines += [rng.choice(f.ads), ""]
            ads -= 1
        if paragraphs >= 2 and also and rng.random() < 0.25:
            lines += [rng.choice(f.also) + w.headline(), ""]
            also -= 1
        if paragraphs >= 3 and block and rng.random() < 0.3:
            lines += [rng.choice(f.block)]
            bullet = "• " if lang == "hi" else ""
            lines += [bullet + w.headline() for _ in range(rng.randint(2, 4))]
            lines.append("")
            block = False
        if paragraphs == 3 and social:
            lines += [f"#WATCH | {w.headline()} pic.twitter.com/{_handle(rng, 10)}",
                      f"— ANI (@ANI) July {rng.randint(1, 28)}, 2025", ""]
        if html_bits and rng.random() < 0.2:
            lines += [rng.choice(("<br />", "&nbsp;", "<p></p>")), ""]
    if prompt:
        lines += [rng.choice(f.prompts), ""]
    if rng.random() < 0.45:
        credit = rng.choice(f.credits).format(n1=rng.choice(NAMES), n2=rng.choice(NAMES))
        if rng.random() < 0.3 and lines[-2] and credit.startswith("("):
            lines[-2] = lines[-2].rstrip() + " " + credit  # a credit glued to the last paragraph
        else:
            lines.append(credit)
    if f.footer and rng.random() < 0.05:
        lines += ["", rng.choice(f.footer)] + [w.headline() for _ in range(3)]
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def _handle(rng: random.Random, n: int) -> str:
    return "".join(rng.choices("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789", k=n))


def _corrupt(rng: random.Random, text: str) -> str:
    """What crawls do to text: mojibake, entities, CRLF, stray controls, ligatures, fullwidth."""
    x = rng.random()
    if x < 0.07:
        text = _mojibake(text)
    elif x < 0.10:
        # Only some lines are mojibake: a template in one charset, a body in another.
        lines = text.split("\n")
        for k in rng.sample(range(len(lines)), max(1, len(lines) // 4)):
            lines[k] = _mojibake(lines[k])
        text = "\n".join(lines)
    if rng.random() < 0.06:
        words = text.split(" ")
        for _ in range(rng.randint(1, 4)):
            k = rng.randrange(len(words))
            words[k] = words[k] + " " + rng.choice(ENTITIES)
        text = " ".join(words)
    for pool, p in ((LIGATURES, 0.01), (FULLWIDTH, 0.01), (CONTROLS, 0.01)):
        if rng.random() < p:
            words = text.split(" ")
            words[rng.randrange(len(words))] += rng.choice(pool)
            text = " ".join(words)
    if rng.random() < 0.05:
        text = text.replace("\n", "\r\n")
    return text


def _mojibake(text: str) -> str:
    """UTF-8 bytes read as Windows-1252, as browsers decode it (undefined bytes kept as C1)."""
    return text.encode("utf-8").decode("sloppy-windows-1252")


def html_page(seed: int, i: int) -> str:
    """HTML page i: head scripts, styles and inline JSON, nav, an article with ad slots and
    related boxes, a footer and tracking scripts (about 30-80 KB, like real news pages)."""
    rng = random.Random(f"{seed}:html:{i}")
    lang = _pick_language(rng)
    w = Writer(rng, lang)
    f = FURNITURE[lang]
    host = rng.choice(("www.example-news.com", "news.example.org", "www.daily-example.in",
                       "www.beispiel-zeitung.de", "www.exemple-info.fr", "www.ejemplo.es"))
    slug = "-".join(w.words_run(6)).lower()
    url = f"https://{host}/{2025}/{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{slug}-{i}"
    title = w.headline()
    paragraphs = [w.paragraph() for _ in range(rng.randint(6, 10))]
    out: list[str] = [
        "<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
        f"<title>{_esc(title)} | Example News</title>",
        f'<link rel="canonical" href="{url}">', f'<meta property="og:url" content="{url}">',
        f'<meta property="og:title" content="{_esc(title)}">',
        f"<style>{_css(rng)}</style>",
    ]
    out += [f"<script>{_js(rng, rng.randint(2000, 9000))}</script>" for _ in range(rng.randint(2, 4))]
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
          "url": url, "author": {"@type": "Person", "name": rng.choice(NAMES)},
          "articleBody": " ".join(paragraphs), "keywords": w.words_run(20)}
    out.append(f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>')
    state = {"page": {"id": i, "section": rng.choice(("world", "india", "business", "sport"))},
             "related": [{"title": w.headline(), "url": f"https://{host}/a/{_handle(rng, 12)}"}
                         for _ in range(rng.randint(10, 30))]}
    out.append(f"<script>window.__STATE__ = {json.dumps(state, ensure_ascii=False)};</script>")
    out += ["</head>", "<body>", '<header class="site-header"><nav class="main-nav"><ul>']
    out += [f'<li><a href="/{_handle(rng, 6)}">{_esc(w.headline()[:30])}</a></li>'
            for _ in range(rng.randint(25, 60))]
    out += ["</ul></nav></header>", '<div class="ad-slot ad-top">Advertisement</div>',
            '<main><article class="story">', f"<h1>{_esc(title)}</h1>",
            f'<p class="byline">By {_esc(rng.choice(NAMES))}</p>',
            '<div class="story-body">']
    for k, p in enumerate(paragraphs):
        out.append(f"<p>{_esc(p)}</p>")
        if k == 1:
            out.append(f'<figure><img src="/img/{_handle(rng, 8)}.jpg" alt=""><figcaption>'
                       f"{_esc(w.headline())} ({_esc(rng.choice(f.photo))})</figcaption></figure>")
        if k in (2, 5):
            out.append(f'<div class="ad-slot" id="ad-{k}"><span>{_esc(rng.choice(f.ads))}</span>'
                       f'<script>googletag.cmd.push(function(){{googletag.display("ad-{k}");}});</script>'
                       "</div>")
        if k == 3 and rng.random() < 0.6:
            out.append(f'<p class="also-read"><a href="/x">{_esc(rng.choice(f.also) + w.headline())}</a></p>')
        if k == 4:
            out.append('<aside class="related"><h3>Related</h3><ul>')
            out += [f'<li><a href="/r/{_handle(rng, 8)}">{_esc(w.headline())}</a></li>' for _ in range(4)]
            out.append("</ul></aside>")
    if rng.random() < 0.5:
        out.append(f"<p>{_esc(rng.choice(f.credits).format(n1=rng.choice(NAMES), n2=rng.choice(NAMES)))}</p>")
    out += ["</div>", '<div class="share">Share Facebook Twitter WhatsApp</div>', "</article>",
            '<section class="newsletter"><p>' + _esc(rng.choice(f.prompts)) + "</p></section>",
            "</main>", '<footer class="site-footer"><ul>']
    out += [f'<li><a href="/f/{_handle(rng, 6)}">{_esc(w.headline()[:24])}</a></li>'
            for _ in range(rng.randint(20, 40))]
    out += ["</ul><p>© 2025 Example News. All rights reserved.</p></footer>"]
    out += [f"<script>{_js(rng, rng.randint(3000, 12000))}</script>" for _ in range(rng.randint(2, 4))]
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _css(rng: random.Random) -> str:
    rules = [f".c{_handle(rng, 5)}{{margin:{rng.randint(0, 40)}px;color:#{rng.randrange(16**6):06x};"
             f"font-size:{rng.randint(10, 30)}px}}" for _ in range(rng.randint(60, 160))]
    return "".join(rules)


def _js(rng: random.Random, size: int) -> str:
    """Minified-looking script text of about `size` bytes."""
    parts: list[str] = []
    n = 0
    while n < size:
        name = _handle(rng, rng.randint(1, 3))
        part = (f"var {name}=function(a,b){{return a.{_handle(rng, 4)}(b)||{rng.randint(0, 999)}}};"
                f'{name}("{_handle(rng, 12)}",{{t:{rng.randint(0, 9999)},u:"/{_handle(rng, 8)}"}});')
        parts.append(part)
        n += len(part)
    return "".join(parts)


@dataclass(frozen=True)
class Corpus:
    """Where a generated corpus lives and what it holds."""

    root: Path
    seed: int
    scale: float
    text_docs: int
    html_pages: int
    text_bytes: int
    html_bytes: int

    @property
    def text_dir(self) -> Path:
        return self.root / "text"

    @property
    def html_dir(self) -> Path:
        return self.root / "html"


def sizes(scale: float) -> tuple[int, int]:
    """(text documents, HTML pages) for a scale factor."""
    return max(1, round(FULL_TEXT_DOCS * scale)), max(1, round(FULL_HTML_PAGES * scale))


def iter_text(seed: int, n: int) -> Iterator[tuple[str, str, str]]:
    """(language, relative path, text) of the first n text documents."""
    for i in range(n):
        lang, text = text_article(seed, i)
        yield lang, f"{lang}/{i:05d}.txt", text


def ensure(root: Path = DEFAULT_OUT, seed: int = DEFAULT_SEED, scale: float = 1.0, *, force: bool = False,
           log: Callable[[str], None] | None = None) -> Corpus:
    """The corpus for (seed, scale) under root: reused if its stamp matches, else regenerated."""
    n_text, n_html = sizes(scale)
    want = {"version": GENERATOR_VERSION, "seed": seed, "text_docs": n_text, "html_pages": n_html}
    stamp = root / STAMP
    if not force and stamp.is_file():
        have = json.loads(stamp.read_text())
        if {k: have.get(k) for k in want} == want:
            return Corpus(root, seed, scale, n_text, n_html, have["text_bytes"], have["html_bytes"])
    started = time.perf_counter()
    for sub in ("text", "html"):
        shutil.rmtree(root / sub, ignore_errors=True)
    stamp.unlink(missing_ok=True)
    text_bytes = html_bytes = 0
    for _, rel, text in iter_text(seed, n_text):
        path = root / "text" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8", "surrogatepass")
        path.write_bytes(data)
        text_bytes += len(data)
    (root / "html").mkdir(parents=True, exist_ok=True)
    for i in range(n_html):
        data = html_page(seed, i).encode("utf-8")
        (root / "html" / f"{i:04d}.html").write_bytes(data)
        html_bytes += len(data)
    stamp.write_text(json.dumps({**want, "scale": scale, "text_bytes": text_bytes,
                                 "html_bytes": html_bytes}, indent=2) + "\n")
    if log:
        log(f"generated {n_text} text documents ({text_bytes / 1e6:.1f} MB) and {n_html} HTML pages "
            f"({html_bytes / 1e6:.1f} MB) in {time.perf_counter() - started:.1f}s under {root}")
    return Corpus(root, seed, scale, n_text, n_html, text_bytes, html_bytes)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the full corpus (default 1.0)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--force", action="store_true", help="regenerate even if the stamp matches")
    args = ap.parse_args(argv)
    corpus = ensure(args.out, args.seed, args.scale, force=args.force,
                    log=lambda m: print(m, file=sys.stderr))
    print(f"{corpus.text_docs} text documents, {corpus.text_bytes / 1e6:.1f} MB; "
          f"{corpus.html_pages} HTML pages, {corpus.html_bytes / 1e6:.1f} MB: {corpus.root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
