"""Per-rule evidence on the labelled real documents: which labelled lines each rule removed.

A rule that removes (or cuts) a line labelled drop or tail scores a true hit; one that
touches a line labelled keep scores a false hit, printed with the line so that a rule can
be fixed or dropped on the evidence. This is how each default rule is justified by lines
seen on real sites.

    python bench/real/rulestats.py              # every rule that fired, worst first
    python bench/real/rulestats.py --rule ID    # one rule's hits, true and false
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass, field

from realdata import Missing, doc_lines, load_index, load_labels


@dataclass
class RuleTally:
    """One rule's hits on labelled lines."""

    true: int = 0
    false: int = 0
    unlabelled: int = 0
    false_lines: list[str] = field(default_factory=list)
    true_lines: list[str] = field(default_factory=list)


def tally() -> dict[str, RuleTally]:
    """Clean every labelled document alone with the default packs, no site; sort the hits."""
    import cleaner
    from cleaner.pipeline import clean_text

    profile = cleaner.load_library().profile()
    labels, index = load_labels(), load_index()
    out: dict[str, RuleTally] = defaultdict(RuleTally)
    for doc in sorted(labels):
        if doc not in index:
            continue
        lines = doc_lines(doc)
        by_line = {n: lab for n, _h, lab in labels[doc]}
        for hit in clean_text("\n".join(lines), profile).hits:
            t = out[f"{hit.pack}/{hit.rule}"]
            lab = by_line.get(hit.line)
            where = f"{doc}:{hit.line}: {hit.text[:150]}"
            if lab is None:
                t.unlabelled += 1
            elif lab.kind == "keep":
                t.false += 1
                t.false_lines.append(where)
            else:
                t.true += 1
                t.true_lines.append(where)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rule", help="show every hit of this rule (pack/id or id)")
    args = ap.parse_args(argv)
    try:
        stats = tally()
    except Missing as err:
        print(f"rulestats: {err}", file=sys.stderr)
        return 2
    if args.rule:
        picked = {k: v for k, v in stats.items() if k == args.rule or k.endswith("/" + args.rule)}
        if not picked:
            print(f"rulestats: no hits for {args.rule!r}", file=sys.stderr)
            return 1
        for name, t in picked.items():
            print(f"{name}: {t.true} true, {t.false} false, {t.unlabelled} unlabelled")
            for line in t.false_lines:
                print(f"  FALSE {line}")
            for line in t.true_lines:
                print(f"  true  {line}")
        return 0
    print(f"{'rule':48} {'true':>5} {'false':>5} {'unlab':>5}")
    for name, t in sorted(stats.items(), key=lambda kv: (-kv[1].false, -kv[1].true)):
        print(f"{name:48} {t.true:5d} {t.false:5d} {t.unlabelled:5d}")
        for line in t.false_lines[:3]:
            print(f"    false: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
