# ruff: noqa: E501  (the pages are HTML templates; their lines are markup, not code)
"""Write the quality benchmark's pages and their gold article bodies.

Each page below is a hand-written article set in a hand-written outlet layout. The article
body is given as a list of blocks: ("p", text), ("h2", text), ("li", [items]), ("quote",
text), ("row", [cells]) ... are the human-marked article body, and go to gold/NAME.txt; a
Raw("<html>") block is furniture inside the article (ads, related boxes, captions, pull
quotes) and is in the page only. Headline, byline and captions are not article body, as in
the public article-extraction benchmarks.

    python bench/quality/build_pages.py     # rewrites pages/*.html and gold/*.txt
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Raw:
    markup: str


Block = tuple[str, object] | Raw


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", text))).strip()


def gold_of(blocks: list[Block]) -> str:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Raw):
            continue
        kind, value = b
        if kind in ("li", "row"):
            sep = "\n" if kind == "li" else " | "
            items = value if kind == "li" else [value]
            out.append("\n".join(plain(i) for i in items) if kind == "li"
                       else sep.join(plain(c) for c in value))  # type: ignore[union-attr]
        elif kind == "rows":
            out.append("\n".join(" | ".join(plain(c) for c in row) for row in value))  # type: ignore[union-attr]
        else:
            out.append(plain(str(value)))
    return "\n\n".join(out) + "\n"


def render(blocks: list[Block], p: Callable[[str], str] = lambda t: f"<p>{t}</p>") -> str:
    parts: list[str] = []
    for b in blocks:
        if isinstance(b, Raw):
            parts.append(b.markup)
            continue
        kind, value = b
        if kind == "p":
            parts.append(p(str(value)))
        elif kind in ("h2", "h3"):
            parts.append(f"<{kind}>{value}</{kind}>")
        elif kind == "li":
            parts.append("<ul>" + "".join(f"<li>{i}</li>" for i in value) + "</ul>")  # type: ignore[union-attr]
        elif kind == "quote":
            parts.append(f"<blockquote><p>{value}</p></blockquote>")
        elif kind == "rows":
            rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>"
                           for r in value)  # type: ignore[union-attr]
            parts.append(f"<table class='data'>{rows}</table>")
        else:
            raise ValueError(kind)
    return "\n".join(parts)


# --- furniture every outlet carries -------------------------------------------------------------

def css(prefix: str, n: int = 400) -> str:
    n *= 2  # real pages inline 30-80 KB of CSS
    rules = "".join(f".{prefix}-{i}{{margin:{i % 9}px {i % 5}px;padding:{i % 7}px;"
                    f"color:#{(i * 37) % 4096:03x};font:{12 + i % 6}px/1.5 sans-serif}}\n"
                    for i in range(n))
    return f"<style>{rules}</style>"


def vendor_js(n: int = 150) -> str:
    """Minified framework and ad-tech code, as real pages inline it."""
    body = "".join(f"function _f{i}(a,b){{var c=a||{{}};if(!c.k{i})c.k{i}=[];c.k{i}.push(b);"
                   f"return c.k{i}.length>{i % 7}?c.k{i}.slice(-{i % 5 + 1}):c}}"
                   f"window.__q{i}=window.__q{i}||[];" for i in range(n))
    return f"<script>{body}</script>"


def tracking() -> str:
    return vendor_js() + """<script>
(function(w,d,s,l,i){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});
var f=d.getElementsByTagName(s)[0],j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';
j.async=true;j.src='https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);
})(window,document,'script','dataLayer','GTM-ABC123');
</script>
<script>window.googletag=window.googletag||{cmd:[]};googletag.cmd.push(function(){
googletag.pubads().enableSingleRequest();googletag.enableServices();});</script>"""


def state_blob(blocks: list[Block], extra: int = 60) -> str:
    """The JSON state a JS framework ships: the story again, plus the page's lists."""
    data = {"props": {"pageProps": {
        "story": [plain(str(b[1])) for b in blocks if not isinstance(b, Raw) and b[0] == "p"],
        "recirculation": [{"id": i, "headline": f"Headline of recommended story {i}",
                           "url": f"/story/{1000 + i}", "image": f"/img/{i}.jpg"}
                          for i in range(extra)]}}}
    return ("<script id='__NEXT_DATA__' type='application/json'>"
            + json.dumps(data) + "</script>")


def sprite() -> str:
    icons = "".join(f"<symbol id='icon-{i}' viewBox='0 0 24 24'><path d='M{i} 2l{i % 9} 7h8"
                    f"l-6 4 2 8-7-5-7 5 2-8-6-4h8z'/></symbol>" for i in range(40))
    return f"<svg xmlns='http://www.w3.org/2000/svg' style='display:none'>{icons}</svg>"


def mega_menu() -> str:
    """A header mega-menu: every section with its sub-sections."""
    subs = ["Latest", "Analysis", "Explainers", "Video", "In pictures", "Opinion", "Data"]
    return "<div class='mega-menu'>" + "".join(
        f"<div class='mega-col'><h4>{s}</h4>" + menu([f"{s} {t}" for t in subs], "mega-list")
        + "</div>" for s in SECTIONS) + "</div>"


def menu(items: list[str], cls: str = "menu", base: str = "/") -> str:
    return f"<ul class='{cls}'>" + "".join(
        f"<li><a href='{base}{i.lower().replace(' ', '-')}/'>{i}</a></li>" for i in items) + "</ul>"


SECTIONS = ["News", "World", "Politics", "Business", "Markets", "Tech", "Science", "Health",
            "Sport", "Football", "Cricket", "Culture", "Film", "Music", "Books", "Travel",
            "Food", "Opinion", "Editorials", "Letters", "Weather", "Podcasts", "Video",
            "Puzzles", "Obituaries"]
FOOTER_LINKS = ["About us", "Contact us", "Careers", "Advertise with us", "Terms of use",
                "Privacy policy", "Cookie settings", "Accessibility", "Sitemap", "RSS feeds",
                "Newsletters", "Corrections", "Complaints", "Syndication", "Archive"]


def teasers(n: int, cls: str, words: str) -> str:
    return "".join(f"<div class='{cls}'><a href='/story/{2000 + i}'><img src='/t/{i}.jpg' alt=''>"
                   f"<span>{words} {i + 1}: what happens next</span></a></div>" for i in range(n))


def comments(n: int) -> str:
    bodies = [
        "This is exactly what we have been saying for years, and nobody listened until now.",
        "I live two streets away and the traffic has been impossible since the work started.",
        "Good reporting. Would be great to see the full figures published by the council.",
        "Another plan, another consultation. Wake me up when something actually gets built.",
        "My father worked there for thirty years. It is sad to see what has happened to it.",
        "The real question is who pays for all of this in the end. It is always the taxpayer.",
    ]
    return "".join(f"<li class='comment'><div class='comment-author'>reader{i}</div>"
                   f"<p>{bodies[i % len(bodies)]}</p><a class='reply'>Reply</a></li>"
                   for i in range(n))


# --- the pages ---------------------------------------------------------------------------------

PAGES: dict[str, Callable[[], tuple[str, list[Block]]]] = {}


def page(name: str) -> Callable[[Callable[[], tuple[str, list[Block]]]],
                                Callable[[], tuple[str, list[Block]]]]:
    def register(fn: Callable[[], tuple[str, list[Block]]]) -> Callable[[], tuple[str, list[Block]]]:
        PAGES[name] = fn
        return fn
    return register


@page("q01_wordpress_local")
def q01() -> tuple[str, list[Block]]:
    body: list[Block] = [
        ("p", "The old Hartwell mill, empty since the last looms stopped in 1998, will be turned "
              "into 140 flats, a library branch and a riverside park under plans approved by "
              "the county planning committee on Thursday."),
        ("p", "The £31 million scheme, led by the housing association Kestrel Homes, keeps the "
              "mill's five-storey spinning block and its chimney, both listed in 2004, and "
              "replaces the collapsed weaving sheds with three new buildings of four to six "
              "storeys."),
        ("p", "Forty-two of the flats will be let at social rent and a further 28 sold through "
              "shared ownership, the committee heard. The developer had originally offered 20 "
              "per cent affordable housing; the final figure is 50 per cent after a grant from "
              "the regional housing fund."),
        Raw("<div class='wp-block-image'><figure><img src='/wp-content/uploads/mill.jpg' alt=''>"
            "<figcaption>The spinning block from the river path. Photo: Valley Gazette</figcaption>"
            "</figure></div>"),
        ("p", "Councillor Helen Marsh, who chairs the committee, said the mill had been “a wound "
              "in the middle of the town for a quarter of a century” and that the scheme was "
              "the first in that time to be both viable and respectful of the building."),
        ("h2", "Concerns over parking and flooding"),
        ("p", "Not everyone is convinced. Residents of Mill Lane told the meeting that the 95 "
              "parking spaces planned for 140 homes would push cars onto already crowded "
              "streets, and the Environment Agency asked for the ground floors of the new "
              "buildings to be raised by 600mm because part of the site lies in flood zone 3."),
        ("p", "The developer agreed to raise the floors and to fund a car club with six vehicles "
              "for the first five years. Work is expected to start in the spring and the first "
              "residents could move in by late 2028."),
        Raw("<div class='sharedaddy sd-sharing-enabled'><h3 class='sd-title'>Share this:</h3>"
            "<ul><li><a class='share-facebook' href='#'>Facebook</a></li><li>"
            "<a class='share-twitter' href='#'>X</a></li><li><a class='share-email' href='#'>"
            "Email</a></li></ul></div>"),
        Raw("<div class='jp-relatedposts'><h3 class='jp-relatedposts-headline'>Related</h3>"
            "<div class='jp-relatedposts-items'><p><a href='/a'>Town centre car park to close "
            "for repairs</a></p><p><a href='/b'>Library opening hours cut again</a></p></div>"
            "</div>"),
    ]
    sidebar = ("<aside id='secondary' class='widget-area'>"
               "<section class='widget widget_search'><form><input type='search'></form>"
               "</section><section class='widget widget_recent_entries'><h2>Recent Posts</h2>"
               + menu([f"Council news item number {i}" for i in range(8)], "recent") +
               "</section><section class='widget widget_text'><h2>About the Gazette</h2>"
               "<div class='textwidget'><p>The Valley Gazette is an independent, reader-funded "
               "news site covering the towns and villages of the upper valley since 2011. We "
               "are run by a small team of journalists and volunteers.</p></div></section>"
               "<section class='widget widget_archive'><h2>Archives</h2>"
               + menu([f"Month {i} 2026" for i in range(12)], "archive") + "</section></aside>")
    doc = f"""<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="UTF-8">
<title>Hartwell mill to become 140 flats and a library after 25 empty years – Valley Gazette</title>
<link rel="canonical" href="https://valleygazette.co.uk/2026/03/hartwell-mill-flats-approved/">
{css('wp')}{tracking()}
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle"}}</script>
</head>
<body class="post-template-default single single-post postid-5521">
<div id="page" class="site"><a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header"><div class="site-branding"><p class="site-title">
<a href="/">Valley Gazette</a></p><p class="site-description">News from the upper valley</p></div>
<nav id="site-navigation" class="main-navigation">{menu(SECTIONS[:12])}{mega_menu()}</nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area">
<main id="main" class="site-main">
<article id="post-5521" class="post-5521 post type-post status-publish format-standard">
<header class="entry-header"><h1 class="entry-title">Hartwell mill to become 140 flats and a library after 25 empty years</h1>
<div class="entry-meta"><span class="posted-on">Posted on <time>12 March 2026</time></span>
<span class="byline"> by <span class="author vcard"><a href="/author/dpatel/">Dev Patel</a></span></span></div>
</header>
<div class="entry-content">
{render(body)}
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="/category/planning/">Planning</a></span>
<span class="tags-links">Tagged <a href="/tag/housing/">housing</a>, <a href="/tag/mill/">mill</a></span></footer>
</article>
<nav class="navigation post-navigation"><div class="nav-links"><div class="nav-previous">
<a href="/prev/">Previous: Bus route 14 to be withdrawn</a></div><div class="nav-next">
<a href="/next/">Next: Heritage open days return</a></div></div></nav>
<div id="comments" class="comments-area"><h2 class="comments-title">9 thoughts on “Hartwell mill”</h2>
<ol class="comment-list">{comments(9)}</ol>
<div id="respond" class="comment-respond"><h3>Leave a Reply</h3><form><textarea></textarea>
<button>Post Comment</button></form></div></div>
</main></div>{sidebar}</div>
<footer id="colophon" class="site-footer"><div class="footer-widgets">{menu(FOOTER_LINKS)}</div>
<div class="site-info">© 2026 Valley Gazette · Proudly powered by WordPress</div></footer></div>
<div id="cookie-notice" class="cookie-notice-container"><span>We use cookies to give you the best
experience on our website. If you continue to use this site we will assume that you are happy
with it.</span><a class="cn-button">Ok</a><a class="cn-more">Privacy policy</a></div>
</body></html>"""
    return doc, body


@page("q02_nextjs_wire")
def q02() -> tuple[str, list[Block]]:
    body: list[Block] = [
        ("p", "SINGAPORE, June 9 (Metals Wire) - Asian shares slipped on Tuesday and the dollar "
              "held near a one-month high as investors waited for U.S. inflation figures that "
              "could decide whether the Federal Reserve cuts interest rates next week."),
        ("p", "MSCI's broadest index of Asia-Pacific shares outside Japan fell 0.6%, dragged down "
              "by a 1.4% drop in Hong Kong's Hang Seng, while Japan's Nikkei edged up 0.2% on a "
              "weaker yen."),
        Raw("<div class='css-ad7 media-ad'><div data-testid='ResponsiveAdSlot' "
            "class='ad-slot__container'><span class='css-adlbl'>Advertisement · Scroll to "
            "continue</span><div id='ad-rhs-1'></div></div></div>"),
        ("p", "\"Markets have priced in a cut with about 70% probability, so a hot number "
              "would hurt,\" said Mei Lin Tan, chief strategist at Harbourfront Capital. \"The "
              "bar for a surprise on the soft side is much lower.\""),
        ("p", "Core consumer prices in the United States are forecast to have risen 0.3% in "
              "May from April, the same pace as the month before, according to a poll of "
              "economists."),
        ("p", "In currencies, the yen weakened past 158 per dollar for the first time in six "
              "weeks, keeping traders alert to the risk of intervention by Japanese "
              "authorities, who spent a record sum defending the currency last year."),
        ("p", "Oil prices extended gains after OPEC+ said it would keep output cuts in place "
              "until the end of the year. Brent crude futures rose 0.5% to $84.10 a barrel."),
        ("p", "Gold was little changed at $2,318 an ounce."),
    ]
    paras = "".join(f"<div data-testid='paragraph-{i}' class='css-1q2w3e article-body__paragraph'>"
                    f"{b[1]}</div>" if not isinstance(b, Raw) else b.markup
                    for i, b in enumerate(body))
    doc = f"""<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>
<title>Asian shares slip, dollar firm ahead of U.S. inflation test | Metals Wire</title>
<meta property="og:url" content="https://www.metalswire.com/markets/asia-shares-slip-2026-06-09/"/>
{css('css', 500)}{tracking()}</head><body><div id="__next">
<div class="css-7a8s9d site-header"><div class="css-brand"><a href="/">Metals Wire</a></div>
<div class="css-nav" role="navigation">{menu(SECTIONS, 'css-navlist')}{mega_menu()}</div>
<div class="css-tools"><button>Sign in</button><button>Subscribe</button></div></div>
<div class="css-layout"><div class="css-main-col"><div class="css-headline">
<h1 data-testid="Heading">Asian shares slip, dollar firm ahead of U.S. inflation test</h1>
<div class="css-byline">By <a href="/authors/rae-ong/">Rae Ong</a> · June 9, 2026 · 3 min read</div></div>
<div class="css-body" data-testid="ArticleBody">{paras}
<p class="css-signoff">Reporting by Rae Ong; Editing by Sam Holmes</p></div>
<div class="css-standards"><a href="/trust/">Our Standards: The Metals Wire Trust Principles.</a></div>
</div><div class="css-right-rail"><div class="css-module"><h2>Read Next</h2>
{teasers(6, 'css-card', 'Markets wrap')}</div><div class="css-module"><h2>Most popular</h2>
{teasers(5, 'css-card', 'Popular story')}</div></div></div>
<div class="css-footer"><div class="css-footer-links">{menu(FOOTER_LINKS)}</div>
<p>All quotes delayed a minimum of 15 minutes. © 2026 Metals Wire. All rights reserved.</p></div>
</div>{state_blob(body, 400)}</body></html>"""
    return doc, body


@page("q03_indian_portal")
def q03() -> tuple[str, list[Block]]:
    also = ("<div class='also-read-box'><span>ALSO READ</span><ul><li><a href='/a'>Bengaluru "
            "rains: IMD issues yellow alert for 5 districts</a></li><li><a href='/b'>Water "
            "tanker rates double in city suburbs</a></li></ul></div>")
    body: list[Block] = [
        ("p", "<strong>BENGALURU:</strong> The Karnataka government on Monday approved a ₹4,200 "
              "crore plan to bring water from the Cauvery to 110 villages that were added to "
              "the Bengaluru civic body's limits in 2007 but still depend on borewells and "
              "private tankers."),
        ("p", "The project, to be executed by the Bangalore Water Supply and Sewerage Board "
              "(BWSSB), will lay 1,800 km of pipelines and build 14 ground-level reservoirs. It "
              "is expected to be completed in 30 months, deputy chief minister and Bengaluru "
              "development minister said after the cabinet meeting."),
        Raw(also),
        ("p", "Residents of these villages, most of them in Mahadevapura, Bommanahalli and "
              "Yelahanka zones, have been paying between ₹800 and ₹1,500 for a 6,000-litre "
              "tanker load this summer as groundwater levels fell sharply."),
        Raw("<div class='ad-wrapper'><div class='adv-label'>Advertisement</div>"
            "<div id='div-gpt-ad-1234-1'></div></div>"),
        ("p", "“We have been promised Cauvery water in every election since 2008. We will "
              "believe it when it comes out of our taps,” said K. Lakshmi, a resident of "
              "Varthur who runs a tailoring unit from home."),
        ("p", "Officials said the first phase, covering 38 villages, had already been "
              "tendered and work would start after the monsoon. The project will be funded "
              "partly by a loan from the Japan International Cooperation Agency."),
        ("p", "<strong>Also Read:</strong> <a href='/c'>BWSSB to install smart water meters "
              "in 2 lakh homes</a>"),
        ("p", "The BWSSB currently supplies about 2,225 million litres a day to the city, "
              "against an estimated demand of 2,600 million litres."),
        ("p", "Follow us on Google News for the latest updates."),
        ("p", "(With inputs from agencies)"),
    ]
    gold = [b for b in body if isinstance(b, Raw) or not any(
        s in str(b[1]) for s in ("Also Read", "Follow us", "With inputs"))]
    doc = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Cauvery water for 110 villages: Karnataka approves Rs 4,200 crore plan | City Times</title>
<link rel="canonical" href="https://www.citytimes.in/city/bengaluru/cauvery-water-110-villages/articleshow/10931.cms">
{css('ct', 450)}{tracking()}</head><body>
<div class="top-strip"><a href="/epaper">E-Paper</a> <a href="/app">Download App</a></div>
<div class="header"><div class="logo"><a href="/">City Times</a></div>
<div class="nav-wrapper">{menu([*SECTIONS, 'Bengaluru', 'Mumbai', 'Delhi', 'Chennai'], 'nav-menu')}{mega_menu()}</div></div>
<div class="breadcrumb"><a href="/">Home</a> › <a href="/city/">City</a> › Bengaluru</div>
<div class="row"><div class="col-8 story-col">
<h1 class="headline">Cauvery water for 110 villages: Karnataka approves Rs 4,200 crore plan</h1>
<div class="author-date">TNN | Updated: Jun 3, 2026, 09:14 IST</div>
<div class="social-share-wrap"><a>Facebook</a><a>X</a><a>WhatsApp</a><a>Telegram</a></div>
<div class="story-image"><img src="/photo/1.jpg"><span class="caption">Women collect water from a tanker in Varthur. (File photo)</span></div>
<div class="Normal" itemprop="articleBody">{render(body)}</div>
<div class="story-tags"><a>Bengaluru</a><a>Cauvery</a><a>BWSSB</a></div>
<div id="taboola-below-article-thumbnails" class="taboola-container">{teasers(8, 'trc_item', 'You May Like')}</div>
<div class="comments-section"><h3>Comments (12)</h3><ul>{comments(12)}</ul></div>
</div><div class="col-4 right-rail"><div class="widget trending"><h3>Trending</h3>
{teasers(10, 'trend-item', 'Trending now')}</div><div class="widget"><h3>Top videos</h3>
{teasers(6, 'video-item', 'Video')}</div></div></div>
<div class="footer"><div class="footer-links">{menu(FOOTER_LINKS)}</div>
<p>Copyright © 2026 City Times Media Ltd. All rights reserved.</p></div>
</body></html>"""
    return doc, gold


@page("q04_uk_tabloid")
def q04() -> tuple[str, list[Block]]:
    puff = ("<div class='puff cleared'><h3>RELATED ARTICLES</h3><ul>"
            "<li><a href='/1'>Mum's fury as school bans packed lunches</a></li>"
            "<li><a href='/2'>Pensioner, 91, completes marathon</a></li></ul></div>")
    body: list[Block] = [
        ("p", "A lollipop lady who has helped children across the same busy road for 41 years "
              "has been made an MBE in the King's Birthday Honours."),
        ("p", "Margaret Fenwick, 78, started work outside St Aidan's Primary School in "
              "Gateshead in 1985, when Margaret Thatcher was prime minister and many of the "
              "parents she now waves across were pupils themselves."),
        ("p", "She has not missed a single school day through illness, the council said, and "
              "once stopped a runaway pram from rolling into the traffic on Durham Road."),
        Raw(puff),
        ("p", "'I thought it was a joke when the letter came,' Mrs Fenwick said. 'I had to "
              "read it three times. I just do my job and I love the children. That's all there "
              "is to it.'"),
        Raw("<div class='vjs-video-container'><div class='vjs-poster'></div><div "
            "class='vjs-control-bar'>Play Mute Fullscreen</div><p class='vjs-no-js'>To view "
            "this video please enable JavaScript</p></div>"),
        ("p", "Headteacher Paul Ridley said generations of pupils owed her a debt. 'Margaret "
              "knows every child's name, and most of their grandparents' names too,' he said."),
        ("p", "The honour was nominated by a former pupil, now a police officer, who wrote "
              "that Mrs Fenwick had taught him 'more about kindness than any lesson'."),
        ("p", "She will receive the medal at Windsor Castle later this year. Asked whether she "
              "planned to retire, she laughed: 'Not while my knees still work.'"),
    ]
    doc = f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Lollipop lady, 78, who has worked outside same school for 41 years is made an MBE | Daily Beacon</title>
<link rel="canonical" href="https://www.dailybeacon.co.uk/news/article-998877/lollipop-lady-mbe.html">
{css('db', 600)}{tracking()}{sprite()}</head><body>
<div class="page-banner"><a href="/">Daily Beacon</a>{menu([*SECTIONS, 'Royals', 'TV', 'Showbiz', 'Femail'], 'nav-primary')}</div>
<div class="alpha">
<div id="js-article-text" class="article-text wide">
<h2 class="headline">Lollipop lady, 78, who has worked outside same school for 41 years is made an MBE</h2>
<ul class="mol-bullets-with-font"><li>Margaret Fenwick started in 1985</li><li>Never missed a day</li></ul>
<p class="author-section">By <a class="author">BEN HOLLIS FOR THE BEACON</a></p>
<p class="byline-section">PUBLISHED: 10:02 BST, 14 June 2026 | UPDATED: 11:40 BST, 14 June 2026</p>
<div class="social share-article"><a>Share</a><span class="count">1.2k shares</span></div>
<div itemprop="articleBody">{render(body, lambda t: f"<p class='mol-para-with-font'>{t}</p>")}</div>
<div class="column-content cleared"><div class="art-ins mol-factbox">Comments 86</div></div>
<div id="reader-comments" class="reader-comments"><h3>Share what you think</h3><ul>{comments(20)}</ul></div>
</div></div>
<div class="beta"><div class="femail-item"><h3>MOST READ NEWS</h3>{teasers(15, 'linkro-darkred', 'Most read')}</div>
<div class="sky"><h3>DON'T MISS</h3>{teasers(25, 'dont-miss', 'Celebrity story')}</div></div>
<div id="footer" class="footer">{menu(FOOTER_LINKS)}<p>Published by Beacon Newspapers Ltd</p></div>
</body></html>"""
    return doc, body


@page("q05_german_news")
def q05() -> tuple[str, list[Block]]:
    body: list[Block] = [
        ("p", "Die Deutsche Bahn will bis 2030 rund 1.800 Kilometer Schienen zusätzlich "
              "erneuern, um die Pünktlichkeit im Fernverkehr wieder über 80 Prozent zu bringen. "
              "Das geht aus einem Papier hervor, das der Aufsichtsrat am Mittwoch beschlossen "
              "hat."),
        ("p", "Im vergangenen Jahr kamen nur 62,5 Prozent der ICE- und IC-Züge pünktlich an, "
              "so wenige wie seit zwei Jahrzehnten nicht mehr. Als pünktlich gilt ein Zug, "
              "wenn er weniger als sechs Minuten Verspätung hat."),
        Raw("<div class='mehr-zum-thema'><h4>Mehr zum Thema</h4><ul><li><a href='/1'>"
            "Streckensperrung zwischen Hamburg und Berlin verlängert</a></li><li><a href='/2'>"
            "Bahn erhöht Preise für Sparpreise</a></li></ul></div>"),
        ("p", "Kernstück des Plans ist die sogenannte Generalsanierung von 40 besonders stark "
              "belasteten Strecken. Sie sollen jeweils für mehrere Monate komplett gesperrt "
              "und in einem Zug modernisiert werden, statt wie bisher über Jahre hinweg bei "
              "laufendem Betrieb."),
        Raw("<div class='werbung'><span class='werbung-label'>Anzeige</span>"
            "<div id='div-gpt-ad-content-2'></div></div>"),
        ("p", "„Wir können nicht weiter auf einem Netz fahren, das an vielen Stellen älter ist "
              "als die Bundesrepublik“, sagte Infrastrukturvorstand Claudia Reimers. Die Kosten "
              "schätzt der Konzern auf rund 45 Milliarden Euro, den Großteil soll der Bund "
              "tragen."),
        ("p", "Fahrgastverbände begrüßten das Vorhaben, warnten aber vor den Folgen der "
              "Sperrungen für Pendler. Der Ersatzverkehr mit Bussen müsse deutlich besser "
              "werden als bei der Sanierung der Riedbahn, hieß es."),
        ("p", "Lesen Sie auch: <a href='/3'>Wie die Schweiz ihre Bahn pünktlich hält</a>"),
        ("p", "Der Bundesrechnungshof hatte zuletzt kritisiert, dass die Bahn den Zustand "
              "ihres Netzes jahrelang zu positiv dargestellt habe."),
    ]
    gold = [b for b in body if isinstance(b, Raw) or "Lesen Sie auch" not in str(b[1])]
    doc = f"""<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Deutsche Bahn: 1.800 Kilometer Schienen sollen bis 2030 erneuert werden - Nordkurier Online</title>
<link rel="canonical" href="https://www.nordkurier-online.de/wirtschaft/deutsche-bahn-sanierung-a-8841.html">
{css('nk', 400)}{tracking()}</head><body>
<div id="consent-banner" class="consent-banner"><p>Wir verwenden Cookies und ähnliche Technologien,
um Inhalte zu personalisieren und Werbung anzuzeigen. Mit „Akzeptieren“ stimmen Sie zu.</p>
<button>Akzeptieren</button><button>Einstellungen</button></div>
<header class="kopf"><a href="/" class="logo">Nordkurier Online</a>
<nav>{menu(['Politik', 'Wirtschaft', 'Panorama', 'Sport', 'Kultur', 'Wissen', 'Reise', 'Auto', 'Meinung'])}</nav></header>
<main class="inhalt"><article class="artikel">
<header><p class="dachzeile">Sanierungsplan</p><h1>Bahn will bis 2030 rund 1.800 Kilometer Schienen erneuern</h1>
<p class="teaser">Die Pünktlichkeit ist so schlecht wie seit Jahren nicht. Jetzt soll ein Milliardenprogramm helfen.</p>
<p class="autor">Von Jana Köhler · 18.09.2026, 14.05 Uhr</p></header>
<div class="artikel-text">{render(body)}</div>
<footer class="artikel-fuss"><p>© dpa-infocom, dpa:260918-99-123</p></footer>
</article>
<section class="kommentare" id="kommentare"><h3>Kommentare</h3><ul>{comments(7)}</ul></section>
<aside class="seitenleiste"><h3>Meistgelesen</h3>{teasers(10, 'teaser', 'Meistgelesen')}</aside>
</main>
<footer class="fuss">{menu(['Impressum', 'Datenschutz', 'AGB', 'Kontakt', 'Abo', 'Mediadaten'])}</footer>
</body></html>"""
    return doc, gold


@page("q06_french_regional")
def q06() -> tuple[str, list[Block]]:
    body: list[Block] = [
        ("p", "La préfecture de la Gironde a placé dimanche 27 communes en alerte renforcée "
              "sécheresse. L'arrosage des jardins, le lavage des voitures et le remplissage des "
              "piscines y sont interdits jusqu'au 30 septembre au moins."),
        ("p", "Le débit de la Dordogne à Bergerac est tombé à 28 m³ par seconde, soit moins de "
              "la moitié de la normale pour un mois de juillet, selon les relevés de la "
              "direction départementale des territoires."),
        Raw("<div class='pub pub-inread'><p class='pub-label'>Publicité</p>"
            "<div id='dfp-inread'></div></div>"),
        ("p", "Les agriculteurs devront réduire de 40 % leurs prélèvements pour l'irrigation. "
              "« Pour le maïs, c'est la pire période pour manquer d'eau », s'inquiète Jean-Luc "
              "Barbe, maïsiculteur à Sainte-Foy-la-Grande."),
        ("p", "Lire aussi : <a href='/1'>Canicule : vigilance orange dans cinq départements</a>"),
        ("p", "Les contrevenants s'exposent à une amende de 1 500 euros. Des contrôles seront "
              "menés par l'Office français de la biodiversité et la gendarmerie."),
        ("p", "Météo-France ne prévoit pas de pluies significatives avant la fin du mois."),
    ]
    gold = [b for b in body if isinstance(b, Raw) or "Lire aussi" not in str(b[1])]
    doc = f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Sécheresse en Gironde : 27 communes en alerte renforcée - Le Courrier d'Aquitaine</title>
<meta property="og:url" content="https://www.courrier-aquitaine.fr/gironde/secheresse-27-communes-alerte-renforcee">
{css('ca', 350)}{tracking()}</head><body>
<div class="bandeau-haut"><a href="/abonnement">S'abonner</a> <a href="/connexion">Se connecter</a></div>
<div class="entete"><a href="/" class="logo">Le Courrier d'Aquitaine</a>
<ul class="rubriques">{''.join(f'<li><a href="/r{i}">{r}</a></li>' for i, r in enumerate(['Gironde', 'Dordogne', 'Landes', 'Lot-et-Garonne', 'Sports', 'Loisirs', 'Faits divers', 'Économie']))}</ul></div>
<main id="contenu">
<div class="fil-ariane"><a href="/">Accueil</a> › <a href="/gironde">Gironde</a></div>
<h1 class="titre">Sécheresse en Gironde : 27 communes en alerte renforcée</h1>
<p class="chapo">Arrosage, lavage des voitures, piscines : les restrictions se durcissent.</p>
<p class="signature">Par Élodie Marchand · Publié le 14/07/2026 à 18h30</p>
<div class="partage"><a>Partager sur Facebook</a> <a>Partager sur X</a> <a>Envoyer par e-mail</a></div>
<div class="texte-article">{render(body)}</div>
<div class="a-lire-aussi"><h3>À lire aussi</h3>{teasers(4, 'vignette', 'Gironde')}</div>
</main>
<div class="colonne-droite"><h3>Les plus lus</h3>{teasers(8, 'plus-lu', 'Les plus lus')}</div>
<div class="pied-de-page">{menu(['Mentions légales', 'Contact', 'Publicité', 'CGU', 'Cookies'])}<p>© Le Courrier d'Aquitaine 2026</p></div>
</body></html>"""
    return doc, gold


@page("q07_magazine_longread")
def q07() -> tuple[str, list[Block]]:
    body: list[Block] = [
        ("p", "At first light on the salt marsh the only sound is the wind and, somewhere out "
              "in the grey, the bubbling call of a curlew. Ten years ago there were 31 breeding "
              "pairs on this stretch of the estuary. Last spring there were four."),
        ("p", "The Eurasian curlew, Britain's largest wading bird, has lost nearly half of its "
              "breeding population since the mid-1990s. It is now on the red list of birds of "
              "conservation concern, and some ornithologists fear it could vanish as a "
              "breeding species from southern England within 20 years."),
        Raw("<aside class='pullquote'><p>“We are watching a bird disappear in real time”</p></aside>"),
        ("h2", "A bird in trouble"),
        ("p", "The reasons are familiar. Wet meadows have been drained and ploughed, silage is "
              "cut earlier and more often, and the fields that remain are patrolled by more "
              "foxes and crows than at any time in living memory. A curlew chick needs five "
              "weeks on the ground before it can fly. Few get them."),
        ("p", "“We are watching a bird disappear in real time,” says Dr Ruth Calloway, who has "
              "studied the estuary's waders since 2009. “The adults live a long time, 20 years "
              "or more, so the numbers hide how bad it is. They come back every spring and "
              "they fail, and they fail again.”"),
        Raw("<figure class='inline-image'><img src='/i/curlew.jpg' alt=''><figcaption>A curlew "
            "on the marsh at dawn. Photograph: Ian Kerr</figcaption></figure>"),
        ("h2", "Head-starting"),
        ("p", "Since 2021, a project run by a coalition of conservation groups has collected "
              "eggs from nests on airfields and farmland, where they would almost certainly "
              "be destroyed, hatched them in incubators and reared the chicks in pens until "
              "they could fly."),
        ("p", "So far 412 young curlews have been released. Rings fitted before release have "
              "been spotted as far away as Ireland and Portugal, and last year the first "
              "head-started birds returned to breed."),
        ("quote", "It is not a cure. Head-starting buys time. If the landscape does not change, "
                  "we will be rearing curlews in boxes forever."),
        ("p", "The project's leaders are the first to say that it is no substitute for "
              "restoring the wet grassland the birds need. Farmers in the valley are now paid "
              "to delay mowing until July and to raise water levels in ditches in spring."),
        ("p", "On the marsh, Calloway lifts her binoculars. Two curlews are circling low over "
              "the reeds, calling. “Those two,” she says, “are the reason I still come out here "
              "at five in the morning.”"),
        Raw("<div class='author-bio'><p>Tom Reyes is the magazine's environment editor. His book "
            "on Britain's vanishing birds is out in October.</p></div>"),
        Raw("<div class='newsletter-promo'><h4>The Wild Week</h4><p>Our nature newsletter, "
            "every Friday. Sign up now.</p><form><input type='email'><button>Sign up</button>"
            "</form></div>"),
    ]
    doc = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>The last curlews: can Britain save its most haunting bird? | The Long Field</title>
<link rel="canonical" href="https://www.thelongfield.com/nature/2026/apr/last-curlews">
{css('lf', 300)}{tracking()}{sprite()}</head><body>
<div class="site-header-wrap"><header class="global-header"><a href="/" class="brand">The Long Field</a>
<nav aria-label="Primary">{menu(['Nature', 'Climate', 'Food', 'Land', 'Essays', 'Photography', 'Podcast', 'Shop'])}{mega_menu()}</nav>
<a href="/subscribe" class="cta">Subscribe from £1</a></header></div>
<main><article class="longform">
<header class="longform-header"><p class="kicker"><a href="/nature/">Nature</a></p>
<h1>The last curlews: can Britain save its most haunting bird?</h1>
<p class="standfirst">The curlew's call was once the sound of spring across the uplands. Now a race is on to stop it falling silent.</p>
<p class="byline">Words by Tom Reyes · Photographs by Ian Kerr · 21 April 2026</p></header>
<div class="longform-body">{render(body)}</div>
<footer class="longform-footer"><div class="article-tags"><a>Birds</a><a>Conservation</a></div>
<div class="share-tools"><a>Share on Facebook</a><a>Share on X</a><a>Copy link</a></div></footer>
</article>
<section class="more-from"><h2>More from Nature</h2>{teasers(6, 'more-card', 'Nature essay')}</section>
</main>
<footer class="site-footer">{menu(FOOTER_LINKS)}<p>© The Long Field Ltd 2026. Registered in England.</p></footer>
</body></html>"""
    return doc, body


@page("q08_legacy_table")
def q08() -> tuple[str, list[Block]]:
    paras = [
        "The Rampur municipal council on Friday passed a budget of Rs 214 crore for 2026-27, "
        "with a fifth of the money set aside for roads and drains in the old city, which "
        "floods every monsoon.",
        "Council chairman Mohd. Iqbal said Rs 42 crore would go to a new underground drain "
        "from Jail Road to the Kosi river, a project first proposed in 2011. Work will start "
        "after the rains.",
        "The opposition walked out of the meeting, saying the council had not spent even half "
        "of last year's allocation for drains. \"Every year they announce the same drain,\" "
        "said councillor Suman Lata.",
        "The budget also provides Rs 9 crore for 120 new street lights, Rs 6 crore for a "
        "second vegetable market near the bus stand and Rs 3.5 crore to clear dues owed to "
        "sanitation workers.",
        "House tax will not be raised this year, but the council will start charging a user "
        "fee of Rs 30 a month for door-to-door garbage collection from April.",
    ]
    body: list[Block] = [("p", p) for p in paras]
    text = "<BR><BR>\n".join(paras)
    left = "".join(f"<A HREF='/{s.lower()}.htm'>{s}</A><BR>" for s in SECTIONS[:18])
    right = "".join(f"<A HREF='/n/{i}.htm'>District news item number {i}: council and "
                    f"police updates</A><BR><BR>" for i in range(14))
    doc = f"""<HTML><HEAD><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=utf-8">
<TITLE>Rampur Samachar - Rs 214 crore civic budget passed, drains get a fifth</TITLE>
<SCRIPT LANGUAGE="JavaScript">function popup(u){{window.open(u,'p','width=500,height=400');}}</SCRIPT>
</HEAD><BODY BGCOLOR="#FFFFFF">
<TABLE WIDTH="990" CELLPADDING="0" CELLSPACING="0" BORDER="0">
<TR><TD COLSPAN="3"><IMG SRC="/images/banner.gif" ALT="Rampur Samachar"></TD></TR>
<TR><TD COLSPAN="3" BGCOLOR="#003366"><FONT COLOR="#FFFFFF" SIZE="1">Saturday, March 28, 2026 | Updated 11:20 IST</FONT></TD></TR>
<TR><TD WIDTH="170" VALIGN="TOP" BGCOLOR="#EEEEEE"><FONT SIZE="2"><B>Sections</B><BR>{left}</FONT>
<BR><FORM ACTION="/poll.asp"><B>Today's poll</B><BR>Should the city get a metro?<BR>
<INPUT TYPE="radio" NAME="v" VALUE="1">Yes<BR><INPUT TYPE="radio" NAME="v" VALUE="2">No<BR>
<INPUT TYPE="submit" VALUE="Vote"></FORM></TD>
<TD WIDTH="600" VALIGN="TOP"><FONT FACE="Verdana" SIZE="4" COLOR="#990000"><B>Rs 214 crore civic budget passed, drains get a fifth</B></FONT><BR>
<FONT SIZE="1">Staff Reporter<BR>Rampur, March 27</FONT><BR><BR>
<FONT FACE="Verdana" SIZE="2">
{text}
</FONT><BR><BR>
<A HREF="javascript:popup('/mail.asp')">Mail this story</A> | <A HREF="javascript:window.print()">Print</A> | <A HREF="/feedback.asp">Feedback</A>
</TD>
<TD WIDTH="220" VALIGN="TOP"><FONT SIZE="2"><B>More district news</B><BR><BR>{right}</FONT></TD></TR>
<TR><TD COLSPAN="3" ALIGN="CENTER"><FONT SIZE="1">{' | '.join(FOOTER_LINKS)}<BR>
Copyright 2026 Rampur Samachar. Best viewed in 1024x768.</FONT></TD></TR>
</TABLE></BODY></HTML>"""
    return doc, body


@page("q09_liveblog")
def q09() -> tuple[str, list[Block]]:
    posts = [
        ("14:52", "The count in Westbrook North is now complete. Labour's Priya Shah has held "
                  "the seat with a majority of 1,204, down from just over 5,000 at the last "
                  "election."),
        ("14:31", "Turnout across the county looks to be about 34%, according to the returning "
                  "officer, slightly up on four years ago. Officials put it down to the dry "
                  "weather and a tight race in the three town wards."),
        ("14:05", "The Greens have gained Riverside ward, their first seat on the council. "
                  "Their candidate, retired teacher Alan Booth, won by 87 votes after a "
                  "recount was requested and then abandoned."),
        ("13:40", "Council leader Margaret Osei, speaking at the count, said it was too early "
                  "to call overall control but that she was \"quietly confident\" her group "
                  "would remain the largest party."),
        ("13:12", "Results so far: Labour 11 seats, Conservatives 9, Liberal Democrats 4, "
                  "Greens 1, Independents 2. Another 21 seats are still to declare."),
        ("12:45", "Good afternoon and welcome to our live coverage of the county council "
                  "election count at the Civic Hall. We will bring you every result as it is "
                  "declared, along with reaction from the candidates."),
    ]
    body: list[Block] = []
    html_posts = []
    for time_, text in posts:
        body.append(("p", text))
        html_posts.append(f"<article class='live-post'><header><time>{time_}</time></header>"
                          f"<div class='live-post-body'><p>{text}</p></div>"
                          "<div class='post-share'><a>Share</a></div></article>")
    doc = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>County council election results live: Labour holds Westbrook North | Shire Post</title>
<link rel="canonical" href="https://www.shirepost.co.uk/politics/council-election-live-2026">
{css('sp', 400)}{tracking()}</head><body>
<header class="site-head"><a href="/">Shire Post</a><nav>{menu(SECTIONS[:14])}</nav></header>
<div class="wrapper"><div class="liveblog">
<h1>County council election results live: Labour holds Westbrook North</h1>
<p class="liveblog-meta">Live · Updated 14:52 · By Chris Adeyemi</p>
<div class="key-points"><h3>Key events</h3><ul><li><a href="#p1">Labour holds Westbrook North</a></li>
<li><a href="#p3">Greens win first seat</a></li></ul></div>
<div class="live-posts">{''.join(html_posts)}</div>
</div>
<div class="sidebar"><h3>Latest news</h3>{teasers(12, 'latest', 'Latest headline')}</div></div>
<footer class="site-foot">{menu(FOOTER_LINKS)}<p>© Shire Post 2026</p></footer>
</body></html>"""
    return doc, body


@page("q10_amp_story")
def q10() -> tuple[str, list[Block]]:
    body: list[Block] = [
        ("p", "AUSTIN, Texas — The Texas Senate on Thursday passed a bill that would require "
              "every public school to have at least one licensed nurse on campus during school "
              "hours, sending the measure to the House with three weeks left in the session."),
        ("p", "The bill, which passed 27-4, would cost an estimated $212 million a year. "
              "About a third of the state's 8,800 public schools currently have no full-time "
              "nurse, according to the Texas School Nurses Organization."),
        Raw("<amp-ad width='300' height='250' type='doubleclick' data-slot='/123/story'>"
            "<div placeholder>Advertisement</div></amp-ad>"),
        ("p", "Sen. Laura Mendez, a Democrat from San Antonio who wrote the bill, said she "
              "filed it after a student in her district died of an asthma attack in 2024 at "
              "a school where the nurse's office was staffed one day a week."),
        ("p", "\"No parent should have to wonder whether anyone at school knows what to do "
              "when their child can't breathe,\" Mendez said on the Senate floor."),
        ("p", "Rural districts have raised concerns about finding nurses to hire. The bill "
              "lets districts with fewer than 1,600 students share a nurse between campuses "
              "that are less than 10 miles apart."),
        Raw("<amp-social-share type='twitter'></amp-social-share><amp-social-share "
            "type='facebook'></amp-social-share>"),
        ("p", "House Public Education Committee chair Tom Wallace said he expected to hold a "
              "hearing on the measure next week."),
    ]
    doc = f"""<!doctype html><html amp lang="en"><head><meta charset="utf-8">
<title>Texas Senate passes bill requiring a nurse at every public school</title>
<link rel="canonical" href="https://www.capitolreport.com/2026/05/14/texas-senate-school-nurse-bill/">
<style amp-custom>{css('amp', 250)[7:-8]}</style>
<script async src="https://cdn.ampproject.org/v0.js"></script>
<script async custom-element="amp-ad" src="https://cdn.ampproject.org/v0/amp-ad-0.1.js"></script>
</head><body>
<amp-sidebar id="sidebar" layout="nodisplay" side="left">{menu(SECTIONS)}</amp-sidebar>
<header class="amp-header"><button on="tap:sidebar.toggle">Menu</button><a href="/">The Capitol Report</a></header>
<article class="amp-article">
<h1>Texas Senate passes bill requiring a nurse at every public school</h1>
<div class="amp-byline">By <span>Dana Whitfield</span> · May 14, 2026</div>
<amp-img src="/img/capitol.jpg" width="1200" height="675" layout="responsive" alt="Texas Capitol"></amp-img>
<div class="amp-article-body">{render(body)}</div>
</article>
<div class="amp-related"><h2>More from The Capitol Report</h2>{teasers(6, 'amp-card', 'Capitol story')}</div>
<footer class="amp-footer">{menu(FOOTER_LINKS)}<p>© 2026 The Capitol Report</p></footer>
</body></html>"""
    return doc, body


@page("q11_teaser_articles")
def q11() -> tuple[str, list[Block]]:
    body: list[Block] = [
        ("p", "Firefighters in Portugal were battling more than 40 wildfires on Monday, as "
              "temperatures above 44C and strong winds fanned the flames across the centre "
              "and north of the country."),
        ("p", "The largest fire, near the town of Arganil, had burned about 9,000 hectares of "
              "pine and eucalyptus forest by Monday afternoon, the civil protection agency "
              "said. More than 600 firefighters and nine water-bombing aircraft were "
              "deployed there."),
        ("p", "Around 300 people were evacuated from villages in the Serra do Açor, and a main "
              "road between Coimbra and Covilhã was closed. Two firefighters were treated in "
              "hospital for burns; no deaths have been reported."),
        Raw("<div class='inline-promo'><a href='/live'>Follow our live coverage of the "
            "European heatwave</a></div>"),
        ("p", "Spain has sent two aircraft under the EU's civil protection mechanism, and "
              "Italy said it would send two more on Tuesday."),
        ("p", "Portugal's prime minister said the government would declare a state of "
              "calamity in the worst-hit districts, allowing it to requisition equipment and "
              "speed up aid to farmers who have lost crops and livestock."),
        ("p", "Scientists say climate change is making heatwaves in southern Europe longer "
              "and more intense, and lengthening the wildfire season."),
    ]
    cards = "".join(f"<article class='card'><a href='/world/{i}'><img src='/c/{i}.jpg' alt=''>"
                    f"<h3>World headline number {i} about events abroad</h3></a>"
                    f"<p>A short summary of the story that sits under the headline.</p>"
                    f"</article>" for i in range(12))
    doc = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Portugal battles 40 wildfires as temperatures top 44C - Globe Daily</title>
<meta property="og:url" content="https://globedaily.com/world/europe/portugal-wildfires-44c">
{css('gd', 450)}{tracking()}{sprite()}</head><body>
<div class="masthead-wrap"><div class="brand"><a href="/">Globe Daily</a></div>
<div class="primary-nav">{menu(SECTIONS)}{mega_menu()}</div></div>
<div class="page-grid">
<div class="story-column">
<div class="story-header"><span class="section"><a href="/world">World</a></span>
<h1>Portugal battles 40 wildfires as temperatures top 44C</h1>
<div class="story-meta">Reuters and Globe Daily staff · 4 August 2026</div></div>
<div id="story-body" class="story-body">{render(body)}</div>
<div class="story-footer-note">Copyright 2026 Globe Daily. Reuters contributed to this report.</div>
</div>
<div class="rail"><h2>Latest</h2>{cards}</div>
</div>
<div class="below-story"><h2>You might also like</h2>{cards}</div>
<div class="site-footer-wrap">{menu(FOOTER_LINKS)}<p>© Globe Daily 2026</p></div>
{state_blob(body, 300)}</body></html>"""
    return doc, body


def main() -> None:
    for name, build in PAGES.items():
        doc, body = build()
        (HERE / "pages" / f"{name}.html").write_text(doc, encoding="utf-8")
        (HERE / "gold" / f"{name}.txt").write_text(gold_of(body), encoding="utf-8")
        print(f"{name}: {len(doc) // 1024} KB page, {len(gold_of(body).split())} gold words")


if __name__ == "__main__":
    main()
