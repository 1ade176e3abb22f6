"""The run report as one self-contained HTML page: summary, inline SVG charts, samples in context.

`write_report` picks the format from the file name (`.html`/`.htm`: this page, anything else:
the JSON document). The page is drawn from that same JSON document (Stats.report), so it
holds only aggregates and bounded samples: its size does not grow with the number of
documents, and it needs no network (no script or style from elsewhere).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path
from typing import Any

from .errors import CleanerError
from .report import Stats
from .rules import Library
from .sinks import write_atomic

HTML_SUFFIXES = (".html", ".htm")
_MAX_BARS = 40  # rules in the hits-per-rule chart; the rest are summed in one line
_MAX_SITES = 12  # sites with their own top-rules chart
_MAX_LISTED = 50  # over-limit documents and overlap examples shown
_BAR_H, _LABEL_W, _CHART_W = 18, 260, 760

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:1rem 2rem;color:#222}
h1{margin-bottom:.2rem}h2{border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.2rem .6rem;text-align:left;
vertical-align:top;border-bottom:1px solid #eee}th{background:#f6f6f6}
td.n{text-align:right;font-variant-numeric:tabular-nums}code,.mono{font-family:ui-monospace,monospace;
font-size:12.5px}.muted{color:#777}.removed{color:#b00020;text-decoration:line-through}
.replacement{color:#1b5e20}.ctx{color:#666}details{margin:.3rem 0}summary{cursor:pointer}
svg text{font:12px system-ui,sans-serif}svg{max-width:100%;height:auto}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.warn{color:#b00020}.sha{font-size:11px;color:#555}ul.dead{columns:3;font-size:13px}
"""


def is_html(path: Path) -> bool:
    return path.name.lower().endswith(HTML_SUFFIXES)


def write_report(path: Path, stats: Stats, library: Library, seconds: float,
                 extra: dict[str, Any] | None = None) -> None:
    """Write the run report to `path`: HTML for .html/.htm, else JSON (CleanerError if it cannot).
    `extra` adds sections (corpus mode's repeats) to the JSON."""
    data = stats.report(library)
    data["seconds"] = round(seconds, 3)
    data.update(extra or {})
    text = render(data) if is_html(path) else json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise CleanerError(f"{path}: cannot write the report: {exc.strerror or exc} (the cleaned outputs "
                           "are written; choose a writable --report path)") from None


def render(data: dict[str, Any]) -> str:
    """The page for a report document (the dict that --report writes as JSON)."""
    sources: dict[str, dict[str, Any]] = data.get("rule_sources", {})
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>cleaner report: {data['documents']:,} documents</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>cleaner run report</h1><p class=muted>cleaner {escape(str(data.get('version', '?')))}</p>",
        _summary(data),
        _histogram_section(data),
        _charts(data, sources),
        _findings(data, sources),
        _samples(data, sources),
        _repeats(data),
        _packs(data),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


# ---------------------------------------------------------------------------- sections


def _summary(data: dict[str, Any]) -> str:
    docs, failed = data["documents"], data["failed"]
    bytes_in, bytes_out = data["bytes_in"], data["bytes_out"]
    seconds = data.get("seconds")
    saved = f" ({1 - bytes_out / bytes_in:.1%} smaller)" if bytes_in else ""
    rate = f" ({docs / seconds:,.0f} documents/s)" if seconds else ""
    rows = [
        ("documents", f"{docs:,} ({docs - failed:,} cleaned)"),
        ("failures", f"{failed:,}"),
        ("over the guard's limits", f"{len(data['over_limit']):,}"),
        ("skipped (--over-limit skip)", f"{data['skipped']:,}"),
        ("unchanged since the last run", f"{data['unchanged']:,}"),
        ("bytes", f"{bytes_in:,} in, {bytes_out:,} out{saved}"),
        ("lines removed", f"{data['lines_removed']:,}"),
        ("hits", f"{sum(data['hits_per_rule'].values()):,} by {len(data['hits_per_rule']):,} rules"),
        ("time", f"{seconds:,.2f} s{rate}" if seconds is not None else "not recorded"),
        ("version", escape(str(data.get("version", "?")))),
    ]
    body = "".join(f"<tr><th>{k}</th><td class=n>{v}</td></tr>" for k, v in rows)
    return f'<h2 id="summary">Summary</h2><table class="summary">{body}</table>'


_MAX_REPEATS = 200  # rows of the corpus-mode table: the JSON report keeps them all


def _repeats(data: dict[str, Any]) -> str:
    """Corpus mode: what each site's repeated lines removed, with their support."""
    section = data.get("repeats")
    if not section:
        return ""
    removed = section.get("removed", [])
    rows = "".join(
        f"<tr><td>{escape(r['site'])}</td><td>{escape(r['kind'])}</td><td><code>{escape(r['text'])}"
        f"</code></td><td>{escape(r['support'])}</td><td>{r['count']:,}</td></tr>"
        for r in removed[:_MAX_REPEATS])
    more = (f"<p class=muted>{len(removed) - _MAX_REPEATS:,} more in the JSON report.</p>"
            if len(removed) > _MAX_REPEATS else "")
    sites = ", ".join(f"{escape(site)} ({v['sampled']:,} sampled, {v['repeats']:,} repeats)"
                      for site, v in section.get("sites", {}).items())
    return (f'<h2 id="repeats">Corpus mode: repeated lines ({len(removed):,})</h2>'
            f"<p class=muted>Sites: {sites or 'none'}.</p>"
            "<table><tr><th>site</th><th>kind</th><th>line or template</th><th>support</th>"
            f"<th>removed</th></tr>{rows}</table>{more}")


def _packs(data: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr><td>{escape(p['name'])}</td><td><a href=\"{escape(_file_uri(p['path']))}\">"
        f"<code>{escape(p['path'])}</code></a></td><td class='mono sha'>{escape(p['sha256'])}</td></tr>"
        for p in data.get("packs", []))
    return (f'<h2 id="packs">Packs ({len(data.get("packs", []))})</h2>'
            f"<table><tr><th>pack</th><th>file</th><th>SHA-256</th></tr>{rows}</table>")


def _charts(data: dict[str, Any], sources: dict[str, dict[str, Any]]) -> str:
    rules = list(data["hits_per_rule"].items())
    out = ['<h2 id="hits">Hits</h2>']
    link = (lambda rid: f"#rule-{rid}")  # noqa: E731 - the chart links each bar to its samples
    out.append('<div class="grid">')
    half = _CHART_W * 2 // 3
    out.append(_bar_chart("Hits per pack", list(data["hits_per_pack"].items()), css="packs", width=half))
    out.append(_bar_chart("Hits per site", list(data.get("hits_per_site", {}).items()), css="sites",
                          width=half))
    out.append(_bar_chart("Documents per site", list(data["documents_per_site"].items()), css="sites",
                          width=half))
    out.append("</div>")
    out.append(_bar_chart("Hits per rule", rules, link=link, css="rules"))
    per_site = list(data.get("top_rules_per_site", {}).items())
    if len(per_site) > 1:
        out.append("<h3>Top rules per site</h3><div class=grid>")
        for site, counts in per_site[:_MAX_SITES]:
            out.append(_bar_chart(f"{site}", list(counts.items()), link=link, css="site-rules", width=half))
        out.append("</div>")
        if len(per_site) > _MAX_SITES:
            out.append(f"<p class=muted>... and {len(per_site) - _MAX_SITES:,} more sites</p>")
    return "\n".join(out)


def _histogram_section(data: dict[str, Any]) -> str:
    hist = data.get("removed_share_histogram")
    if not hist:
        return ""
    limits = sorted({v["max_removed"] for v in data.get("limits", {}).values() if "max_removed" in v})
    note = (f"the guard flags a document past {', '.join(f'{x:.0%}' for x in limits)} (red line)"
            if limits else "no max_removed limit is set")
    return (f'<h2 id="removed">Share of text removed per document</h2>'
            f"<p class=muted>{hist['none_removed']:,} document(s) had nothing removed by line rules "
            f"(not drawn); {note}.</p>" + _histogram(hist["counts"], limits))


def _findings(data: dict[str, Any], sources: dict[str, dict[str, Any]]) -> str:
    out = []
    dead = data["dead_rules"]
    items = "".join(f"<li>{_rule_link(r, sources)}</li>" for r in dead)
    out.append(f'<h2 id="dead">Dead rules ({len(dead):,})</h2>'
               + (f"<p class=muted>In force for this run but never fired.</p><ul class=dead>{items}</ul>"
                  if dead else "<p>Every rule in force fired at least once.</p>"))
    overlap = data["lines_hit_by_several_rules"]
    rows = "".join(f"<tr><td>{escape(e['doc'])}:{e['line']}</td><td>"
                   + ", ".join(_rule_link(r, sources) for r in e["rules"]) + "</td></tr>"
                   for e in overlap["examples"][:_MAX_LISTED])
    out.append(f'<h2 id="overlap">Rules that overlap ({overlap["count"]:,} lines)</h2>'
               + (f"<table><tr><th>line</th><th>rules</th></tr>{rows}</table>" if rows
                  else "<p>No line was hit by more than one rule.</p>"))
    most = "".join(f"<tr><td>{escape(m['doc'])}</td><td class=n>{m['removed_share']:.1%}</td></tr>"
                   for m in data["most_removed"])
    out.append('<h2 id="most">Documents with most removed</h2>'
               + (f"<table><tr><th>document</th><th>share removed</th></tr>{most}</table>" if most
                  else "<p>Nothing was removed.</p>"))
    over = data["over_limit"]
    if over:
        rows = "".join(f"<tr><td>{escape(o['doc'])}</td><td class=warn>{escape(o['reason'])}</td></tr>"
                       for o in over[:_MAX_LISTED])
        more = (f"<p class=muted>... and {len(over) - _MAX_LISTED:,} more</p>" if len(over) > _MAX_LISTED
                else "")
        out.append(f'<h2 id="over-limit">Over the limits ({len(over):,})</h2>'
                   f"<table><tr><th>document</th><th>why</th></tr>{rows}</table>{more}")
    return "\n".join(out)


def _samples(data: dict[str, Any], sources: dict[str, dict[str, Any]]) -> str:
    samples: dict[str, list[dict[str, Any]]] = data["samples"]
    out = ['<h2 id="samples">Removals in context, per rule</h2>',
           "<p class=muted>A fair random sample of each rule's removals, with the line before and "
           "after: a false positive shows as content struck out.</p>"]
    for rid, hits in data["hits_per_rule"].items():
        rows = []
        for s in samples.get(rid, []):
            change = (f' <span class=replacement>→ {escape(s["replacement"])}</span>'
                      if s.get("replacement") is not None else "")
            rows.append(f"<tr><td class=muted>{escape(s['doc'])}:{s['line']}</td><td class=mono>"
                        f"<div class=ctx>{escape(s.get('before', ''))}</div>"
                        f"<div><span class=removed>{escape(s['text'])}</span>{change}</div>"
                        f"<div class=ctx>{escape(s.get('after', ''))}</div></td></tr>")
        kind = sources.get(rid, {}).get("kind", "")
        out.append(f'<details class=rule id="rule-{escape(rid)}"><summary><b>{escape(rid)}</b> '
                   f"<span class=muted>{escape(kind)}, {hits:,} hits</span> "
                   f"{_source_link(rid, sources)}</summary><table>{''.join(rows)}</table></details>")
    return "\n".join(out)


# ---------------------------------------------------------------------------- charts


def _bar_chart(title: str, items: Sequence[tuple[str, int]], *, link: Callable[[str], str] | None = None,
               css: str = "", width: int = _CHART_W) -> str:
    """Horizontal bars, largest first, each with its value; the tail past _MAX_BARS summed."""
    if not items:
        return f"<figure><figcaption>{escape(title)}</figcaption><p class=muted>none</p></figure>"
    shown = list(items[:_MAX_BARS])
    rest = sum(v for _, v in items[_MAX_BARS:])
    top = max(v for _, v in shown) or 1
    label_w = min(_LABEL_W, width // 3)
    bar_w = width - label_w - 70
    height = _BAR_H * len(shown) + 6
    rows = []
    for i, (label, value) in enumerate(shown):
        y = i * _BAR_H + 3
        w = max(1.0, bar_w * value / top)
        text = label if len(label) <= 38 else label[:37] + "…"
        bar = (f'<rect class="bar" x="{label_w}" y="{y}" width="{w:.1f}" height="{_BAR_H - 4}" '
               f'fill="#3f6fb5"><title>{escape(label)}: {value:,}</title></rect>')
        name = f'<text x="{label_w - 6}" y="{y + _BAR_H - 7}" text-anchor="end">{escape(text)}</text>'
        if link is not None:
            name = f'<a href="{escape(link(label))}">{name}</a>'
        rows.append(f'{name}{bar}<text x="{label_w + w + 4:.1f}" y="{y + _BAR_H - 7}">{value:,}</text>')
    more = (f"<p class=muted>... and {len(items) - len(shown):,} more with {rest:,} hits</p>"
            if rest or len(items) > len(shown) else "")
    return (f'<figure class="{css}"><figcaption>{escape(title)}</figcaption>'
            f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">{"".join(rows)}</svg>'
            f"{more}</figure>")


def _histogram(counts: Sequence[int], limits: Sequence[float]) -> str:
    """Vertical bars over 0-100% removed, one per bin, with each guard limit as a red line."""
    width, height, left, bottom, top_pad = 760, 240, 50, 30, 12
    plot_w, plot_h = width - left - 30, height - bottom - top_pad
    top = max(counts, default=0) or 1
    n = len(counts)
    bw = plot_w / n
    out = [f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{left + plot_w}" y2="{top_pad + plot_h}" '
           'stroke="#444"/>']
    for i, c in enumerate(counts):
        h = plot_h * c / top
        lo, hi = i * 100 // n, (i + 1) * 100 // n
        out.append(f'<rect class="bin" x="{left + i * bw + 1:.1f}" y="{top_pad + plot_h - h:.1f}" '
                   f'width="{bw - 2:.1f}" height="{h:.1f}" fill="#3f6fb5"><title>{lo}-{hi}% removed: '
                   f"{c:,} documents</title></rect>")
    for pct in range(0, 101, 20):
        x = left + plot_w * pct / 100
        out.append(f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle">{pct}%</text>')
    out.append(f'<text x="{left - 6}" y="{top_pad + 10}" text-anchor="end">{top:,}</text>'
               f'<text x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end">0</text>')
    for limit in limits:
        x = left + plot_w * limit
        out.append(f'<line class="limit" x1="{x:.1f}" y1="{top_pad - 6}" x2="{x:.1f}" '
                   f'y2="{top_pad + plot_h}" stroke="#d00" stroke-width="2" stroke-dasharray="5 3"/>'
                   f'<text x="{x + 4:.1f}" y="{top_pad + 4}" fill="#d00">limit {limit:.0%}</text>')
    return (f'<figure class="histogram"><svg role="img" aria-label="share removed per document" '
            f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(out)}</svg></figure>')


# ---------------------------------------------------------------------------- links


def _file_uri(path: str) -> str:
    try:
        return Path(path).resolve().as_uri()
    except ValueError:
        return path


def _source_link(rid: str, sources: dict[str, dict[str, Any]]) -> str:
    src = sources.get(rid)
    if src is None:
        return ""
    where = f"{Path(src['path']).name}:{src['line']}" if src.get("line") else Path(src["path"]).name
    return (f'<a class=source href="{escape(_file_uri(src["path"]))}" title="{escape(src["path"])}">'
            f"{escape(src['pack'])} · {escape(where)}</a>")


def _rule_link(rid: str, sources: dict[str, dict[str, Any]]) -> str:
    return f"<code>{escape(rid)}</code> {_source_link(rid, sources)}"
