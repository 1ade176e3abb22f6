"""Score the cleaner (or a naive regex script) on the labelled real documents.

Each labelled document is cleaned on its own with the default packs and no site, exactly
what `cleaner clean < article.txt` does; the output lines are aligned to the input lines
(on ftfy's normalised text, with difflib) and every labelled line is judged:

- drop lines: removed (recall = removed / drop lines);
- keep lines: kept whole (retention = kept / keep lines; a line that lost characters is lost);
- tail lines: the output line is exactly the content before the credit (tail-strip rate).

    python bench/real/score.py                    # the cleaner, figures + misses + lost lines
    python bench/real/score.py --baseline naive   # a dozen regexes a user would write
    python bench/real/score.py --json             # also bench/results/real.json
    python bench/real/score.py --corpus           # corpus mode: each outlet's documents as one batch

With --corpus the documents are cleaned as `cleaner clean` cleans a batch: the repeats of each
outlet (its documents counted together, as corpus mode counts a site's) are learned first and
removed after the packs' rules; a document without an outlet belongs to its source's folder,
as a document without a host belongs to its input folder. The benchmark holds at most 8
documents of an outlet, fewer than a real batch of one site; `--pool hindi` adds, to the
documents the repeats are learned from (not to those scored), every other daily file of the
five Hindi outlets in the mirror of that source (about 76 per outlet), as a folder of an
outlet's whole scrape would be.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from realdata import FAMILIES, Label, Missing, doc_lines, line_hash, load_index, load_labels

RESULTS = Path(__file__).resolve().parents[1] / "results" / "real.json"

# What a user writes first: a dozen patterns for the furniture everyone has seen.
NAIVE = re.compile(
    r"|".join(
        [
            r"^\s*advertisement\s*$",
            r"^\s*(also read|read more|read also|related|recommended|see also|more)\s*[:|-]",
            r"^\s*(follow us|subscribe|sign up|click here|share this|download the app)\b",
            r"newsletter",
            r"^\s*\(?(photo|image|picture|credit|file photo)s?\s*(credit)?\s*[:|/]",
            r"^\s*\(?with inputs from",
            r"^\s*(additional )?reporting by\b",
            r"copyright|©|all rights reserved",
            r"^\s*(ये भी पढ़ें|यह भी पढ़ें|इसे भी पढ़ें|विज्ञापन)",
            r"^\s*(lesen sie auch|lire aussi|lee también|anzeige|publicité|publicidad)\b",
            r"^\s*(facebook|twitter|instagram|whatsapp|linkedin|pinterest|email)\s*$",
            r"^\s*(tags?|topics?|filed under)\s*:",
        ]
    ),
    re.IGNORECASE,
)


def naive_clean(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if not NAIVE.search(line))


@dataclass
class Tally:
    """Counts of one slice of the labelled lines (all, a family or a source)."""

    drop: int = 0
    removed: int = 0
    keep: int = 0
    kept: int = 0
    tail: int = 0
    stripped: int = 0

    def add(self, other: Tally) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, float | int | None]:
        def rate(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "recall": rate(self.removed, self.drop),
            "retention": rate(self.kept, self.keep),
            "tail_strip": rate(self.stripped, self.tail),
            **vars(self),
        }


@dataclass
class Outcome:
    """What happened to one labelled line."""

    doc: str
    n: int
    label: Label
    text: str
    out: str | None  # the output line it became, None when removed


@dataclass
class Report:
    total: Tally = field(default_factory=Tally)
    family: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    source: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[Outcome] = field(default_factory=list)
    lost: list[Outcome] = field(default_factory=list)
    tails: list[Outcome] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    docs: int = 0


def cleaner_engine() -> tuple[Callable[[str], str], Callable[[str], str]]:
    """The default packs, no site: the output text and the normaliser its lines are in."""
    import cleaner
    from cleaner import normalize
    from cleaner.pipeline import clean_text

    profile = cleaner.load_library().profile()

    def norm(text: str) -> str:
        fixed = normalize.fix_text(text, profile.normalize)
        return "\n".join(t for _, t in normalize.split_lines(fixed, profile.tidy))

    return (lambda text: clean_text(text, profile).text), norm


def hindi_pool(index: dict) -> Iterator[tuple[str, str]]:
    """(outlet, text) of every daily file of the Hindi source that is not in the benchmark."""
    import build

    src = next(s for s in build.load_sources() if s["name"] == "hindi")
    mirror = build.Mirror(src["repo"], src["commit"])
    taken = {row["origin"] for row in index.values() if row["source"] == "hindi"}
    for path in mirror.ls("Corpora"):
        outlet = path.split("/")[1] if path.count("/") >= 2 else ""
        host = build.HINDI_OUTLETS.get(outlet)
        if host and path.endswith(".txt") and path not in taken:
            yield host.removeprefix("www."), build.tidy(build.decode(mirror.read(path)))


def corpus_engine(index: dict, min_docs: int, min_share: float,
                  pool: Iterable[tuple[str, str]] = ()) -> tuple[Callable[[str, str], str], dict[str, int]]:
    """Corpus mode over the benchmark: `clean(doc, text)` for a document of the index, and the
    number of repeats learned per site (from the index's documents and the `pool`'s)."""
    import cleaner
    from cleaner import repeats
    from cleaner.pipeline import clean_text

    library = cleaner.load_library()
    profile = library.profile()
    site = {doc: row.get("outlet") or f"{row['source']}/" for doc, row in index.items()}
    settings = repeats.Settings(min_docs, min_share)
    texts = [(site[d], "\n".join(doc_lines(d))) for d in sorted(index)]
    table = repeats.learn_texts([*texts, *pool], library, settings)

    def clean(doc: str, text: str) -> str:
        result = clean_text(text, profile)
        rules = table.sites.get(site[doc])
        if rules is not None:
            repeats.drop(result, rules, library)
        return result.text

    return clean, {s: len(list(r)) for s, r in table.sites.items()}


def align(inp: list[str], out: list[str]) -> list[str | None]:
    """For each input line, the output line it became (None: removed).

    Only the non-blank lines are aligned: a removed line leaves a blank line next to another
    blank line, and difflib matching blanks across the gap pairs a removed heading with the
    cut line under it."""
    got: list[str | None] = [None] * len(inp)
    ins = [i for i, line in enumerate(inp) if line.strip()]
    outs = [j for j, line in enumerate(out) if line.strip()]
    for k, line in enumerate(_align([inp[i] for i in ins], [out[j] for j in outs])):
        got[ins[k]] = line
    for i, line in enumerate(inp):
        if not line.strip():
            got[i] = line
    return got


def _align(inp: list[str], out: list[str]) -> list[str | None]:
    got: list[str | None] = [None] * len(inp)
    sm = difflib.SequenceMatcher(None, [s.rstrip() for s in inp], [s.rstrip() for s in out],
                                 autojunk=False)  # fmt: skip
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                got[i1 + k] = out[j1 + k]
        elif op == "replace":
            # A changed line (a tail stripped, a marker cut) is the output line it resembles:
            # the pairs are taken best first, so a dropped heading above a cut line does not
            # take the cut line's output just by coming first.
            pairs = []
            for i in range(i1, i2):
                for j in range(j1, j2):
                    a, b = inp[i].strip(), out[j].strip()
                    s = 1.0 if b and (a.startswith(b) or b in a) else (
                        difflib.SequenceMatcher(None, a, b).ratio())  # fmt: skip
                    if s >= 0.6:
                        # Ties go to the longer input line (the one the output was cut from).
                        pairs.append((-s, -len(a), i, j))
            taken: set[int] = set()
            for _s, _n, i, j in sorted(pairs):
                if got[i] is None and j not in taken:
                    got[i] = out[j]
                    taken.add(j)
    return got


def score(
    clean: Callable[[str], str], norm: Callable[[str], str], labels: dict, index: dict,
    by_doc: Callable[[str, str], str] | None = None,
) -> Report:
    rep = Report()
    for doc in sorted(labels):
        if doc not in index:
            rep.stale.append(f"{doc}: labelled but not built (rebuild: bench/real/build.py)")
            continue
        raw = doc_lines(doc)
        bad = [n for n, h, _ in labels[doc] if n > len(raw) or line_hash(raw[n - 1]) != h]
        if bad:
            rep.stale.append(f"{doc}: line {bad[0]} differs from the labelled text "
                             "(build at the commits pinned in sources.json)")  # fmt: skip
            continue
        text = "\n".join(raw)
        normed = norm(text).split("\n")
        # When ftfy joined or split lines, map the normalised lines back by alignment.
        back = align(raw, normed) if len(normed) != len(raw) else list(normed)
        cleaned = by_doc(doc, text) if by_doc is not None else clean(text)
        got = align([b or "" for b in back], cleaned.split("\n"))
        rep.docs += 1
        src = index[doc]["source"]
        for n, _, label in labels[doc]:
            line, expect = raw[n - 1], (back[n - 1] or raw[n - 1])
            out = got[n - 1]
            t = Tally()
            o = Outcome(doc, n, label, line, out)
            if label.kind == "drop":
                t.drop = 1
                t.removed = int(out is None or not out.strip())
                if not t.removed:
                    rep.misses.append(o)
            elif label.kind == "keep":
                t.keep = 1
                t.kept = int(out is not None and out.rstrip() == expect.rstrip())
                if not t.kept:
                    rep.lost.append(o)
            else:
                t.tail = 1
                content = norm(line[: label.cut].rstrip()).rstrip()
                t.stripped = int(out is not None and out.rstrip() == content)
                if out is None or not out.strip() or not out.strip().startswith(content[:20]):
                    rep.lost.append(o)  # the caption or sentence went with its credit
                elif not t.stripped:
                    rep.tails.append(o)
            rep.total.add(t)
            rep.family[label.family or "keep"].add(t)
            rep.source[src].add(t)
    return rep


def pct(x: float | int | None) -> str:
    return "    -" if x is None else f"{100 * x:5.1f}"


def render(rep: Report, name: str) -> str:
    out = [f"real-data benchmark, {name}: {rep.docs} documents", ""]
    head = f"{'':14} {'recall':>7} {'drop':>6} {'retain':>7} {'keep':>6} {'tail':>6} {'of':>5}"
    out.append(head)

    def row(label: str, t: Tally) -> str:
        f = t.figures()
        return (f"{label:14} {pct(f['recall']):>7} {t.drop:6d} {pct(f['retention']):>7} "
                f"{t.keep:6d} {pct(f['tail_strip']):>6} {t.tail:5d}")  # fmt: skip

    out.append(row("all", rep.total))
    out.append("")
    for fam in FAMILIES:
        if fam in rep.family:
            out.append(row(f"  {fam}", rep.family[fam]))
    out.append("")
    for src in sorted(rep.source):
        out.append(row(f"  {src}", rep.source[src]))
    for title, items in (("missed (drop lines left in)", rep.misses),
                         ("lost (content removed or cut)", rep.lost),
                         ("tails not stripped right", rep.tails)):  # fmt: skip
        out += ["", f"## {title}: {len(items)}"]
        for o in sorted(items, key=lambda o: (str(o.label), o.doc, o.n)):
            shown = o.text if len(o.text) <= 160 else o.text[:157] + "..."
            extra = "" if o.out is None or o.label.kind != "tail" else f"  ->  {o.out[:80]}"
            out.append(f"{o.doc}:{o.n}: [{o.label}] {shown}{extra}")
    if rep.stale:
        out += ["", f"## skipped documents: {len(rep.stale)}", *rep.stale]
    return "\n".join(out)


def markdown(rep: Report, name: str) -> str:
    """The figures as a Markdown table, for bench/README.md."""
    out = [f"{name}, {rep.docs} documents:", "",
           "| lines | recall | drop lines | retention | keep lines | tail-strip | tail lines |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip

    def row(label: str, t: Tally) -> str:
        f = t.figures()
        return (f"| {label} | {pct(f['recall']).strip()} | {t.drop} | {pct(f['retention']).strip()} "
                f"| {t.keep} | {pct(f['tail_strip']).strip()} | {t.tail} |")  # fmt: skip

    out.append(row("**all**", rep.total))
    out += [row(f"family `{fam}`", rep.family[fam]) for fam in FAMILIES if fam in rep.family]
    out += [row(f"source {src}", rep.source[src]) for src in sorted(rep.source)]
    return "\n".join(out)


def as_json(rep: Report, name: str) -> dict:
    def items(xs: list[Outcome]) -> list[dict]:
        return [{"doc": o.doc, "n": o.n, "label": str(o.label), "text": o.text, "out": o.out}
                for o in xs]  # fmt: skip

    return {
        "engine": name,
        "documents": rep.docs,
        "all": rep.total.figures(),
        "families": {k: v.figures() for k, v in sorted(rep.family.items())},
        "sources": {k: v.figures() for k, v in sorted(rep.source.items())},
        "misses": items(rep.misses),
        "lost": items(rep.lost),
        "tails": items(rep.tails),
        "skipped": rep.stale,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="score the real-data benchmark")
    ap.add_argument("--baseline", choices=["naive"], help="score a naive regex script instead")
    ap.add_argument("--json", action="store_true", help=f"also write {RESULTS}")
    ap.add_argument("--markdown", action="store_true", help="print only the figures, as Markdown")
    ap.add_argument("--corpus", action="store_true",
                    help="corpus mode: learn each outlet's repeated lines first, then clean")
    ap.add_argument("--pool", choices=["hindi"], help="corpus mode: also learn from the source's "
                    "other documents (the Hindi outlets' whole scrape, from the mirror)")
    ap.add_argument("--min-docs", type=int, default=None, help="corpus mode: --repeat-min-docs")
    ap.add_argument("--min-share", type=float, default=None, help="corpus mode: --repeat-min-share")
    args = ap.parse_args(argv)
    if args.corpus and args.baseline:
        ap.error("--corpus scores the cleaner, not the baseline")
    if args.pool and not args.corpus:
        ap.error("--pool is for --corpus")
    try:
        index = load_index()
        labels = load_labels()
        if not labels:
            raise Missing("no labels in bench/real/labels/*.jsonl: label documents with "
                          "bench/real/label.py (init, then finalize)")  # fmt: skip
        # The naive script does not repair text: its lines are compared as they are.
        clean, norm = (naive_clean, lambda t: t) if args.baseline else cleaner_engine()
    except Missing as err:
        print(f"score.py: {err}", file=sys.stderr)
        return 2
    name = "naive regex baseline" if args.baseline else "cleaner, default packs, no site"
    by_doc = None
    if args.corpus:
        from cleaner import repeats

        min_docs = args.min_docs or repeats.DEFAULT_MIN_DOCS
        min_share = args.min_share or repeats.DEFAULT_MIN_SHARE
        pool = hindi_pool(index) if args.pool == "hindi" else ()
        by_doc, learned = corpus_engine(index, min_docs, min_share, pool)
        name += f", corpus mode by outlet (min docs {min_docs}, min share {min_share:g})"
        name += ", learned with the Hindi outlets' whole scrape" if args.pool else ""
        shown = ", ".join(f"{s} {n}" for s, n in sorted(learned.items(), key=lambda x: -x[1]))
        print(f"repeats learned: {sum(learned.values())} over {len(learned)} site(s): {shown}",
              file=sys.stderr)
    rep = score(clean, norm, labels, index, by_doc)
    print(markdown(rep, name) if args.markdown else render(rep, name))
    if args.json:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        target = (RESULTS.with_name("real-naive.json") if args.baseline
                  else RESULTS.with_name("real-corpus.json") if args.corpus else RESULTS)
        tmp = target.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(as_json(rep, name), ensure_ascii=False, indent=1), "utf-8")
        tmp.replace(target)
        print(f"\nwrote {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
