"""Reports people can read: Markdown tables, or one self-contained HTML page with charts."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

from ..registry.changes import Changes, changes
from ..registry.query import ProvisionStatus, Registry
from ..registry.tables import row, standings
from .changes import html_section, markdown_section
from .safe import markdown_text
from .status import flags, freshness

SUFFIXES = (".md", ".html")
#: Days covered by the report's "What changed" section, up to the report's date.
CHANGES_DAYS = 30
COLUMNS = ("provision", "status", "level", "since", "progress", "next deadline", "to note")
#: How the report explains its flags.
LEGEND = (
    'Levels: 0 not initiated, 1 minimal, 2 intermediate, 3 full. "Past due" means a '
    "deadline on record passed while no completion is recorded: it says what the record "
    'holds, not that the work was not done. "No news" means no event is on record for '
    "longer than the registry's threshold: the status is the last one recorded."
)
#: How to get charts, and what a page without them says in their place.
NO_CHARTS_FIX = "pip install 'accordreg[report]'"
NO_CHARTS = f"Charts need matplotlib: {NO_CHARTS_FIX}"


def _groups(registry: Registry, on: date) -> Iterator[tuple[str, list[ProvisionStatus]]]:
    grouped: dict[str, list[ProvisionStatus]] = {}
    for s in standings(registry, on):
        grouped.setdefault(s.provision.agreement, []).append(s)
    yield from grouped.items()


def _heading(registry: Registry, agreement_id: str, on: date) -> tuple[str, str]:
    agreement = registry.agreements.get(agreement_id)
    if agreement is None:
        return agreement_id, ""
    title = agreement.short_title or agreement.title
    signed = f"signed {agreement.date_signed}" if agreement.date_signed else "not signed"
    level = registry.agreement_level_on(agreement_id, on)
    rated = "not rated" if level is None else f"{level:.0f}% of full implementation"
    return f"{agreement_id} — {title}", f"{signed}; level on {on}: {rated}"


def _cells(s: ProvisionStatus) -> tuple[str, ...]:
    r = row(s)
    return (
        f"{s.provision.id.split('/', 1)[1]} — {s.provision.title}",
        r["status"] or "—",
        "—" if r["level"] is None else str(r["level"]),
        r["since"] or "—",
        r["progress"] or "—",
        r["next_deadline"] or "—",
        flags(s),
    )


def _changes(registry: Registry, on: date, days: int) -> tuple[Changes | None, str]:
    """The window of the report's "What changed" section: the ``days`` days up to ``on``."""
    if days <= 0:
        return None, ""
    found = changes(registry, on - timedelta(days=days - 1), on)
    return found, f"What changed in the last {days} days"


def markdown(registry: Registry, on: date, changes_days: int = CHANGES_DAYS) -> str:
    """Per agreement, a table of provisions: status, level, since, progress, deadline, flags.

    Record text is escaped: no HTML, link or table syntax in it reaches the reader.
    """
    cell = markdown_text
    lines = [
        f"# Provision status on {on}",
        "",
        f"{len(registry.agreements)} agreements, {len(registry.provisions)} provisions. "
        + " ".join(freshness(registry, on)),
        "",
        LEGEND,
    ]
    recent, heading = _changes(registry, on, changes_days)
    if recent is not None:
        lines += ["", *markdown_section(recent, heading, level=2)]
    for agreement_id, group in _groups(registry, on):
        title, subtitle = _heading(registry, agreement_id, on)
        lines += ["", f"## {cell(title)}", "", subtitle, ""]
        lines.append("| " + " | ".join(COLUMNS) + " |")
        lines.append("|" + "---|" * len(COLUMNS))
        lines += ["| " + " | ".join(cell(c) for c in _cells(s)) + " |" for s in group]
    return "\n".join(lines) + "\n"


_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem;
       padding: 0 1rem; color: #1d2733; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.3rem 0.5rem; border-bottom: 1px solid #e1e5ea; }
th { background: #f4f6f8; } .overdue { color: #b3261e; font-weight: 600; }
.sub { color: #5b6773; margin: 0.2rem 0 0.6rem; } figure { margin: 1rem 0; }
figure svg { width: 100%; height: auto; }
"""


def html_page(
    registry: Registry, on: date, changes_days: int = CHANGES_DAYS, *, charts: bool = True
) -> str:
    """One self-contained page: the tables, a status timeline and agreement levels.

    ``charts=False`` leaves the charts out (they need matplotlib, the ``report`` extra).
    """
    esc = html.escape
    groups = list(_groups(registry, on))
    provision_ids = [s.provision.id for _, group in groups for s in group]
    agreement_ids = [agreement_id for agreement_id, _ in groups]
    if charts:
        from .chart import levels_svg, timeline_svg

        figures = [
            '<figure id="timeline">',
            timeline_svg(registry, provision_ids, on),
            "</figure>",
            '<figure id="levels">',
            levels_svg(registry, agreement_ids, on),
            "</figure>",
        ]
    else:
        figures = [f"<p class=sub>{esc(NO_CHARTS)}</p>"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Provision status on {on}</title><style>{_STYLE}</style></head><body>",
        f"<h1>Provision status on {on}</h1>",
        f"<p class=sub>{len(registry.agreements)} agreements, "
        f"{len(registry.provisions)} provisions. {esc(' '.join(freshness(registry, on)))}</p>",
        f"<p class=sub>{esc(LEGEND)}</p>",
        *figures,
    ]
    recent, heading = _changes(registry, on, changes_days)
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
            tds = "".join(f"<td>{esc(c)}</td>" for c in cells[:-1])
            tds += f'<td class="overdue">{esc(cells[-1])}</td>'
            parts.append(f'<tr id="{esc(s.provision.id)}">{tds}</tr>')
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def render(
    registry: Registry,
    out: Path,
    on: date,
    changes_days: int = CHANGES_DAYS,
    *,
    charts: bool = True,
) -> str:
    """The report for ``out``'s suffix (.md or .html); ``changes_days`` 0 leaves out the
    "What changed" section; ``charts`` as for :func:`html_page`."""
    if out.suffix == ".md":
        return markdown(registry, on, changes_days)
    if out.suffix == ".html":
        return html_page(registry, on, changes_days, charts=charts)
    raise ValueError(f"report files end in {' or '.join(SUFFIXES)}, not {out.suffix!r}")
