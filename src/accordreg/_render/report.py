"""Reports people can read: Markdown tables, or one self-contained HTML page with charts."""

from __future__ import annotations

import html
from collections.abc import Collection, Iterator
from datetime import date, timedelta
from pathlib import Path

from .._model.records import Event
from .._registry import engine
from .._registry.changes import Changes, changes
from .._registry.engine import Standing
from .._registry.flat_tables import row, standings
from .._registry.query import Registry
from . import words
from .changes import html_section, markdown_section
from .headline import headline, sentence
from .safe import markdown_text
from .status import flags, freshness

SUFFIXES = (".md", ".html")
#: The days a report can be dated: its windows and timelines reach back and forth from
#: its date, and peace agreements on record start in the twentieth century.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
#: Days covered by the report's "What changed" section, up to the report's date.
CHANGES_DAYS = 30
#: How to get charts, and what a page without them says in their place.
NO_CHARTS_FIX = "pip install 'accordreg[report]'"
NO_CHARTS = f"Charts need matplotlib: {NO_CHARTS_FIX}"
COLUMNS = (
    "provision",
    "status",
    "level",
    "since",
    "progress",
    "next deadline",
    "to note",
    "latest event",
)
#: How the report explains its flags.
LEGEND = (
    'Levels: 0 not initiated, 1 minimal, 2 intermediate, 3 full. "Past due" means a '
    "deadline on record passed while no completion is recorded: it says what the record "
    'holds, not that the work was not done. "No news" means no event is on record for '
    "longer than the registry's threshold: the status is the last one recorded."
)


#: Provisions to report on: the ids the command line's filters kept, or None for all.
Only = Collection[str] | None


def _groups(registry: Registry, on: date, only: Only) -> Iterator[tuple[str, list[Standing]]]:
    grouped: dict[str, list[Standing]] = {}
    for s in standings(registry, on, only):
        grouped.setdefault(s.provision.agreement, []).append(s)
    yield from grouped.items()


def _heading(registry: Registry, agreement_id: str, on: date) -> tuple[str, str]:
    agreement = registry.agreements.get(agreement_id)
    if agreement is None:
        return agreement_id, ""
    title = agreement.short_title or agreement.title
    signed = f"signed {agreement.date_signed}" if agreement.date_signed else "not signed"
    level = registry.agreement_level(agreement_id, on)
    own = ""
    if agreement.history:
        now = registry.agreement_standing(agreement_id, on)
        own = f"; {words.agreement_state(now.status, now.since, now.party)}"
    return title, f"{agreement_id}: {signed}{own}; on {on}: {level}"


def _cells(s: Standing) -> tuple[str, ...]:
    r = row(s)
    return (
        s.provision.title,
        r["status"] or "—",
        words.short_level(s.level, s.basis, s.tracked),
        r["since"] or "—",
        r["progress"] or "—",
        r["next_deadline"] or "—",
        flags(s),
    )


def _latest(s: Standing) -> Event | None:
    """The provision's latest event on record by the report's date."""
    shown = engine.events_on(s.provision, s.on)
    return shown[-1] if shown else None


def _source_name(registry: Registry, source_id: str) -> str:
    """A source as a table cites it: its publisher and date, else its title."""
    source = registry.sources.get(source_id)
    if source is None:
        return source_id
    bits = [b for b in (source.publisher, source.date.isoformat() if source.date else None) if b]
    return ", ".join(bits) if bits else source.title


def _news(registry: Registry, s: Standing) -> str:
    """The latest event in words: its date, its note, the sources that report it."""
    event = _latest(s)
    if event is None:
        return "—"
    note = f" {event.note.strip()}" if event.note else ""
    cited = "; ".join(_source_name(registry, x) for x in event.sources)
    return f"{event.on}:{note} ({cited})"


def _cited(registry: Registry, groups: list[tuple[str, list[Standing]]]) -> list[str]:
    """Every source the report's latest events and agreements cite, in order of first use."""
    ids: list[str] = []
    for agreement_id, group in groups:
        agreement = registry.agreements.get(agreement_id)
        ids += agreement.sources if agreement else []
        for s in group:
            event = _latest(s)
            ids += event.sources if event else []
    return [i for i in dict.fromkeys(ids) if i in registry.sources]


def _source_line(registry: Registry, source_id: str) -> tuple[str, str]:
    """A source for the list at the end: its description, and its address if it has one."""
    source = registry.sources[source_id]
    bits = [b for b in (source.publisher, source.date.isoformat() if source.date else None) if b]
    text = source.title + (f" — {', '.join(bits)}" if bits else "") + f" ({source.reliability})"
    return text, source.url or ""


def _changes(registry: Registry, on: date, days: int, only: Only) -> tuple[Changes | None, str]:
    """The window of the report's "What changed" section: the ``days`` days up to ``on``."""
    if days <= 0:
        return None, ""
    found = changes(registry, on - timedelta(days=days - 1), on, only)
    return found, f"What changed in the last {words.count(days, 'day')}"


def markdown(
    registry: Registry, on: date, changes_days: int = CHANGES_DAYS, only: Only = None
) -> str:
    """Per agreement, a table of provisions: status, level, since, progress, deadline, flags
    (of the provisions ``only`` names, if given).

    Record text is escaped: no HTML, link or table syntax in it reaches the reader.
    """
    cell = markdown_text

    groups = list(_groups(registry, on, only))
    rows = [s for _, group in groups for s in group]
    lines = [
        f"# Provision status on {on}",
        "",
        cell(sentence(headline(registry, rows, on, filtered=only is not None)))
        + " "
        + " ".join(freshness(registry, on, rows)),
        "",
        LEGEND,
    ]
    recent, heading = _changes(registry, on, changes_days, only)
    if recent is not None:
        lines += ["", *markdown_section(recent, heading, level=2)]
    for agreement_id, group in groups:
        title, subtitle = _heading(registry, agreement_id, on)
        lines += ["", f"## {cell(title)}", "", subtitle, ""]
        lines.append("| " + " | ".join(COLUMNS) + " |")
        lines.append("|" + "---|" * len(COLUMNS))
        lines += [
            "| " + " | ".join(cell(c) for c in (*_cells(s), _news(registry, s))) + " |"
            for s in group
        ]
    lines += ["", "## Sources", ""]
    for source_id in _cited(registry, groups):
        text, url = _source_line(registry, source_id)
        lines.append(f"- `{source_id}`: {cell(text)}" + (f" {cell(url)}" if url else ""))
    return "\n".join(lines) + "\n"


_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem;
       padding: 0 1rem; color: #1d2733; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #e1e5ea; }
th { background: #f4f6f8; } .overdue { color: #b3261e; font-weight: 600; }
.sub { color: #5b6773; margin: 0.2rem 0 0.6rem; } figure { margin: 1rem 0; }
figure svg { width: 100%; height: auto; } .lead { font-size: 1.05rem; }
small.id, .src { color: #5b6773; font-size: 0.8rem; } small.id { display: block; }
td:nth-child(4), td:nth-child(6) { white-space: nowrap; }
"""


def html_page(
    registry: Registry,
    on: date,
    changes_days: int = CHANGES_DAYS,
    *,
    charts: bool = True,
    only: Only = None,
) -> str:
    """One self-contained page: a headline, the tables, a status chart, agreement levels
    (of the provisions ``only`` names, if given).

    ``charts=False`` leaves the charts out (they need matplotlib, the ``report`` extra).
    """
    esc = html.escape
    groups = list(_groups(registry, on, only))
    rows = [s for _, group in groups for s in group]
    lead = sentence(headline(registry, rows, on, filtered=only is not None))
    provision_ids = [s.provision.id for s in rows]
    agreement_ids = [agreement_id for agreement_id, _ in groups]
    if not rows:
        figures = ["<p class=sub>No provision is in this report: nothing to chart.</p>"]
    elif charts:
        from .chart import levels_chart, status_chart

        figures = [
            '<figure id="timeline">',
            status_chart(registry, provision_ids, on),
            "</figure>",
            '<figure id="levels">',
            levels_chart(registry, agreement_ids, on),
            "</figure>",
        ]
    else:
        figures = [f"<p class=sub>{esc(NO_CHARTS)}</p>"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Provision status on {on}</title><style>{_STYLE}</style></head><body><main>",
        f"<h1>Provision status on {on}</h1>",
        f"<p class=lead>{esc(lead)}</p>",
        f"<p class=sub>{esc(' '.join(freshness(registry, on, rows)))}</p>",
        f"<p class=sub>{esc(LEGEND)}</p>",
        *figures,
    ]
    recent, heading = _changes(registry, on, changes_days, only)
    if recent is not None:
        parts += html_section(recent, heading)
    for agreement_id, group in groups:
        title, subtitle = _heading(registry, agreement_id, on)
        parts += [
            f'<h2 id="{esc(agreement_id)}">{esc(title)}</h2>',
            f"<p class=sub>{esc(subtitle)}</p>",
        ]
        parts.append(
            "<table><thead><tr>"
            + "".join(f"<th>{c}</th>" for c in COLUMNS)
            + "</tr></thead><tbody>"
        )
        for s in group:
            cells = _cells(s)
            tds = f'<td>{esc(cells[0])}<small class="id">{esc(s.provision.id)}</small></td>'
            tds += "".join(f"<td>{esc(c)}</td>" for c in cells[1:-1])
            tds += f'<td class="overdue">{esc(cells[-1])}</td>'
            tds += f"<td>{_news_html(registry, s)}</td>"
            parts.append(f'<tr id="{esc(s.provision.id)}">{tds}</tr>')
        parts.append("</tbody></table>")
    parts += ['<h2 id="sources">Sources</h2>', "<ul>"]
    for source_id in _cited(registry, groups):
        text, url = _source_line(registry, source_id)
        # Addresses are checked as http(s) by the model; the check here keeps it so.
        link = (
            f' <a href="{esc(url)}">{esc(url)}</a>'
            if url.startswith(("https://", "http://"))
            else ""
        )
        parts.append(f'<li id="source-{esc(source_id)}">{esc(text)}{link}</li>')
    parts.append("</ul></main></body></html>")
    return "\n".join(parts) + "\n"


def _news_html(registry: Registry, s: Standing) -> str:
    """The latest event's date and note, its sources linked to the list at the end."""
    event = _latest(s)
    if event is None:
        return "—"
    esc = html.escape
    note = f" {esc(event.note.strip())}" if event.note else ""
    cited = "; ".join(
        f'<a href="#source-{esc(x)}">{esc(_source_name(registry, x))}</a>'
        if x in registry.sources
        else esc(x)
        for x in event.sources
    )
    return f'{event.on}:{note} <span class="src">({cited})</span>'


def render(
    registry: Registry,
    out: Path,
    on: date,
    changes_days: int = CHANGES_DAYS,
    *,
    charts: bool = True,
    only: Only = None,
) -> str:
    """The report for ``out``'s suffix (.md or .html); ``changes_days`` 0 leaves out the
    "What changed" section; ``charts`` as for :func:`html_page`; ``only`` the provisions
    to report on (all if None)."""
    if out.suffix == ".md":
        return markdown(registry, on, changes_days, only)
    if out.suffix == ".html":
        return html_page(registry, on, changes_days, charts=charts, only=only)
    raise ValueError(f"report files end in {' or '.join(SUFFIXES)}, not {out.suffix!r}")
