"""Mine a site's articles for repeated boilerplate and propose a ready-to-edit YAML rule pack.

    suggestions = mine((site, text) for ...)          # one SiteSuggestion per site
    for s in suggestions:
        Path(file_name(s)).write_text(to_yaml(s))     # one pack per site

Per site, every line is counted by the number of documents it appears in, in the matching
view that literal `lines:` markers use. Two kinds of furniture come out as drop-line rules:

- exact lines repeated across many documents ("Advertisment", "— Daily Ledger Bureau"):
  `lines:` literals, limited to the last (or first) lines when that is where they always sit;
- templates, a shared prefix and separator followed by varying headline-like text ("Also
  read: <headline>", "IN FOCUS | <headline>"): an anchored, escaped regex for the prefix.

What reads like article prose is left out (long lines, sentences in few documents, prefixes
followed by full sentences such as datelines), and so is furniture the default packs already
remove (reported as covered). Each rule carries `match` examples from the corpus and `keep`
examples from the content lines around it, and is run through cleaner's own self-test
before it is proposed, so the pack passes `cleaner rules check` as written.

The package, one job per module: results.py (what mining finds), corpus.py (reading and
counting), candidates.py (the heuristics), coverage.py (what the default packs remove),
examples.py (match and keep examples, rule ids), selfcheck.py (the pack through `rules check`),
emit.py (the YAML writer), miner.py (the steps in order).
"""

from __future__ import annotations

from .candidates import Candidate, find_exact_lines, find_templates
from .corpus import Corpus, corpus_texts, site_key
from .emit import SCHEMA_REF, file_name, pack_name, schema_ref, site_globs, to_yaml, to_yamls
from .miner import mine, summary
from .results import MAX_LITERAL, Covered, Kind, LeftOut, Ref, SiteSuggestion, Suggestion, Thresholds

# The names repeats.py and older callers imported before the split into modules.
_Candidate = Candidate
_Corpus = Corpus
_exact_lines = find_exact_lines
_site_key = site_key
_templates = find_templates

__all__ = [
    "MAX_LITERAL", "SCHEMA_REF", "Candidate", "Corpus", "Covered", "Kind", "LeftOut", "Ref", "SiteSuggestion",
    "Suggestion", "Thresholds", "corpus_texts", "file_name", "find_exact_lines", "find_templates", "mine",
    "pack_name", "schema_ref", "site_globs", "site_key", "summary", "to_yaml", "to_yamls",
]
