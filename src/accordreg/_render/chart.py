"""Charts as inline SVG, drawn with matplotlib: the status timeline and agreement levels.

matplotlib is an optional extra (``accordreg[report]``); it is imported only here, and
only when a chart is drawn.
"""

from __future__ import annotations

import io
import re
import warnings
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from .._errors import MissingExtra
from .._model.lifecycle import Status
from .._registry import agreement_engine
from .._registry.query import Registry
from .headline import state_label

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: Status colours: greys before work starts, warm while it stalls, greens when done.
COLOURS: dict[str, str] = {
    Status.PROPOSED: "#c7cdd6",
    Status.AGREED: "#8fb3de",
    Status.IN_PROGRESS: "#f2b134",
    Status.STALLED: "#e8833a",
    Status.SUSPENDED: "#d64541",
    Status.RESUMPTION_AGREED: "#e9a3a0",
    Status.IMPLEMENTED: "#58a55c",
    Status.VERIFIED: "#1f6f3f",
    Status.REVERSED: "#8e44ad",
    Status.SUPERSEDED: "#7f8c8d",
    Status.CANCELLED: "#34495e",
}


#: Colours for the states of a registry's own lifecycle, in the order it declares them.
PALETTE = (
    "#8fb3de",
    "#f2b134",
    "#58a55c",
    "#d64541",
    "#8e44ad",
    "#1f6f3f",
    "#e8833a",
    "#7f8c8d",
    "#34495e",
    "#c7cdd6",
    "#16a085",
    "#b3261e",
)


def colour(registry: Registry, state: str) -> str:
    """The colour a state is drawn in: the default states' own, else one of the palette."""
    if state in COLOURS:
        return COLOURS[state]
    own = registry.lifecycle.states()
    # Not a colour a default-named state of this lifecycle already has: a custom
    # `not_applicable` would otherwise share `implemented`'s green.
    taken = {COLOURS[s] for s in own if s in COLOURS}
    free = [c for c in PALETTE if c not in taken] or list(PALETTE)
    states = [s for s in own if s not in COLOURS]
    return free[states.index(state) % len(free)] if state in states else "#999999"


def _missing_extra() -> MissingExtra:
    return MissingExtra(
        "HTML reports draw their charts with matplotlib",
        "report",
        " (Markdown reports need nothing more)",
    )


def missing() -> MissingExtra | None:
    """Why charts cannot be drawn here (matplotlib is not installed), or None if they can."""
    try:
        # Every part of matplotlib the charts use: a partial install fails here, not midway.
        import matplotlib.dates
        import matplotlib.figure
        import matplotlib.patches  # noqa: F401
    except ImportError:
        return _missing_extra()
    return None


def _figure(width: float, height: float) -> Figure:
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise _missing_extra() from exc
    matplotlib.rcParams.update(
        {
            "svg.fonttype": "none",  # text stays text: searchable, small, crisp
            "svg.hashsalt": "accordreg",  # stable element ids, so reports diff cleanly
            "font.size": 9,
            # Titles are user-written: a "$" in one is a dollar sign, not mathtext.
            "text.parse_math": False,
        }
    )
    return Figure(figsize=(width, height), layout="constrained")


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    with warnings.catch_warnings():
        # Text stays text in the SVG ("svg.fonttype": "none"): the reader's browser draws
        # Thai, Khmer or any script with its own fonts. matplotlib only measures the text
        # with its bundled font, and warns of each glyph that font lacks: harmless here.
        warnings.filterwarnings("ignore", r"Glyph \d+ .* missing from font", UserWarning)
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    # Inline SVG needs no XML prologue or DOCTYPE.
    return re.sub(r"^.*?(?=<svg)", "", text, flags=re.S)


def _num(day: date) -> float:
    """A date as matplotlib's axis number."""
    from matplotlib.dates import date2num

    return float(date2num(day))  # type: ignore[no-untyped-call]


def _safe(record_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", ".", record_id)


#: Above this many provisions, one lane each is unreadable: the chart counts per status.
LANE_LIMIT = 60
#: Above this many agreements, one line each is unreadable: the chart draws them together.
LINE_LIMIT = 12
#: The width of a chart, in inches: as wide as a page's column on a screen, or as narrow as
#: a phone's (390 pixels), where the wide chart's text would shrink to two or three pixels.
WIDE, NARROW = 10.0, 3.8


def shorten(text: str, width: int = 48) -> str:
    """One line of at most ``width`` characters, cut at a word with an ellipsis."""
    words = " ".join(text.split())
    if len(words) <= width:
        return words
    cut = words[: width - 1].rsplit(" ", 1)[0] if " " in words[: width - 1] else words[: width - 1]
    return cut.rstrip(",;:") + "…"


def lane_label(registry: Registry, provision_id: str) -> str:
    """A provision as a chart shows it: its title, shortened."""
    return shorten(registry.provision(provision_id).title)


def agreement_label(registry: Registry, agreement_id: str) -> str:
    """An agreement as a chart shows it: its short title or title, shortened."""
    agreement = registry.agreements.get(agreement_id)
    if agreement is None:
        return agreement_id
    return shorten(agreement.short_title or agreement.title, 40)


def _dates_axis(ax: Any, every: int = 1) -> None:
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.MonthLocator(interval=every))  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))  # type: ignore[no-untyped-call]
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


def timeline_svg(
    registry: Registry, provision_ids: list[str], until: date, *, narrow: bool = False
) -> str:
    """One lane per provision, coloured by status over time, each event marked; ``narrow``
    for a phone's screen, each lane's label above it rather than beside it."""
    from matplotlib.patches import Patch

    count = len(provision_ids)
    fig = _figure(NARROW, 1.4 + 0.5 * count) if narrow else _figure(WIDE, 1.2 + 0.32 * count)
    ax = fig.add_subplot()
    # Bars stop where the record does; what follows is drawn as "no information".
    known = min(until, registry.latest_event(until) or until)
    first_on = _first_day(registry, provision_ids, until) or until
    # A status that began on the record's last day still shows: at least 3 % of the span.
    least = max(1, round((until - first_on).days * 0.03))
    for lane, pid in enumerate(provision_ids):
        history = [e for e in registry.provision(pid).history if e.on <= until]
        y = len(provision_ids) - 1 - lane
        last_end = max(known, history[-1].on + timedelta(days=least)) if history else known
        if history and last_end < until:
            (gap,) = ax.barh(
                y,
                max((until - last_end).days, 1),
                left=_num(last_end),
                height=0.6,
                color="#ffffff",
                edgecolor="#bbbbbb",
                hatch="///",
                linewidth=0.4,
            )
            gap.set_gid(f"gap--{_safe(pid)}")
        for i, event in enumerate(history):
            end = history[i + 1].on if i + 1 < len(history) else last_end
            width = max((end - event.on).days, 1)
            (bar,) = ax.barh(
                y,
                width,
                left=_num(event.on),
                height=0.6,
                color=colour(registry, event.status),
                linewidth=0,
            )
            bar.set_gid(f"lane--{_safe(pid)}--{i}")
            bar.set_url(None)
        dots = ax.scatter(
            [_num(e.on) for e in history],
            [y] * len(history),
            s=14,
            color="#222222",
            zorder=3,
            marker="|",
        )
        dots.set_gid(f"events--{_safe(pid)}")
    if narrow:
        ax.set_yticks([])
        for lane, pid in enumerate(provision_ids):
            title = shorten(registry.provision(pid).title, 52)
            place = ax.get_yaxis_transform()  # x across the axes, y in lanes
            ax.text(0.005, count - 1 - lane + 0.33, title, transform=place, fontsize=8)
        ax.set_ylim(-0.6, count - 0.15)
    else:
        labels = [lane_label(registry, pid) for pid in reversed(provision_ids)]
        ax.set_yticks(range(count), labels, fontsize=7)
        ax.set_ylim(-0.7, count - 0.3)
    first = _first_day(registry, provision_ids, until)
    if first is None:  # nothing on record by then: the day itself, not 1970 (matplotlib's 0)
        ax.set_xlim(*_days(until, until))
    _dates_axis_years(ax, first or until, until, narrow=narrow)
    seen = {e.status for p in provision_ids for e in registry.provision(p).history}
    used = [s for s in registry.lifecycle.states() if s in seen]
    handles = [
        Patch(color=colour(registry, s), label=shorten(state_label(registry, s), 24)) for s in used
    ]
    if known < until:
        handles.append(
            Patch(facecolor="#ffffff", edgecolor="#bbbbbb", hatch="///", label="no information")
        )
    if handles and narrow:
        fig.legend(handles=handles, loc="outside lower center", ncol=2, fontsize=8, frameon=False)
    elif handles:
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.12 if len(provision_ids) > 8 else -0.3),
            # Browsers draw the SVG's text in their own fonts, often wider than the one
            # matplotlib measured: fewer columns, in smaller type, leave room to spare.
            ncol=min(len(handles), 4),
            fontsize=7,
            frameon=False,
        )
    _title(ax, "Status of each provision over time", narrow)
    return _svg(fig)


def levels_svg(
    registry: Registry, agreement_ids: list[str], until: date, *, narrow: bool = False
) -> str:
    """Each agreement's implementation level (percent of full) over time, as steps."""
    fig = _figure(NARROW, 3.0 + 0.2 * len(agreement_ids)) if narrow else _figure(WIDE, 3.2)
    ax = fig.add_subplot()
    first = until
    for agreement_id in agreement_ids:
        provisions = registry.find(agreement=agreement_id)
        days = sorted({e.on for p in provisions for e in p.history if e.on <= until})
        if not days:
            continue
        first = min(first, days[0])
        xs: list[float] = []
        ys: list[float] = []
        for day in [*days, until]:
            level = registry.agreement_level_on(agreement_id, day)
            xs.append(_num(day))
            ys.append(float("nan") if level is None else level)
        label = agreement_label(registry, agreement_id)
        (line,) = ax.step(xs, ys, where="post", label=label, linewidth=1.6)
        line.set_gid(f"level--{_safe(agreement_id)}")
    ax.set_ylim(-5, 105)
    ax.set_ylabel("level, % of full")
    # Both ends set: with no level known yet every point is NaN, and the left end would
    # fall to matplotlib's day 0 (1970), a century of month ticks from a 2025 record.
    ax.set_xlim(_num(first), _num(until + timedelta(days=3)))
    _dates_axis_years(ax, first, until, narrow=narrow)
    if ax.get_legend_handles_labels()[0]:  # no line before the first event: no legend
        _legend(fig, ax, narrow, columns=1)
    _title(ax, "Implementation level of each agreement", narrow)
    return _svg(fig)


def status_chart(
    registry: Registry, provision_ids: list[str], until: date, *, narrow: bool = False
) -> str:
    """The status chart that stays readable: lanes up to LANE_LIMIT provisions, else counts."""
    if len(provision_ids) <= LANE_LIMIT:
        return timeline_svg(registry, provision_ids, until, narrow=narrow)
    return status_counts_svg(registry, provision_ids, until, narrow=narrow)


def levels_chart(
    registry: Registry, agreement_ids: list[str], until: date, *, narrow: bool = False
) -> str:
    """The level chart that stays readable: a line per agreement up to LINE_LIMIT, else one."""
    if len(agreement_ids) <= LINE_LIMIT:
        return levels_svg(registry, agreement_ids, until, narrow=narrow)
    return overall_level_svg(registry, agreement_ids, until, narrow=narrow)


def _legend(fig: Figure, ax: Any, narrow: bool, columns: int = 2) -> None:
    """The legend beside the chart, or under it on a phone's width."""
    if narrow:
        fig.legend(loc="outside lower center", ncol=columns, fontsize=8, frameon=False)
    else:
        ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=7, frameon=False)


def _title(ax: Any, text: str, narrow: bool) -> None:
    """The chart's title; on a phone's width in smaller type, over two lines if need be."""
    if narrow:
        ax.set_title(text, fontsize=9, wrap=True)
    else:
        ax.set_title(text)


def status_counts_svg(
    registry: Registry, provision_ids: list[str], until: date, *, narrow: bool = False
) -> str:
    """How many provisions stood in each status over time, stacked: one band per status."""
    changes: dict[date, dict[str, int]] = {}
    for pid in provision_ids:
        before: str | None = None
        for event in registry.provision(pid).history:
            if event.on > until:
                break
            if event.status == before:
                continue
            counts = changes.setdefault(event.on, {})
            counts[event.status] = counts.get(event.status, 0) + 1
            if before is not None:
                counts[before] = counts.get(before, 0) - 1
            before = event.status
    used = [s for s in registry.lifecycle.states() if any(s in c for c in changes.values())]
    days = sorted(changes)
    running = dict.fromkeys(used, 0)
    series: dict[str, list[int]] = {s: [] for s in used}
    for day in days:
        for state, delta in changes[day].items():
            running[state] += delta
        for state in used:
            series[state].append(running[state])
    fig = _figure(NARROW, 3.6) if narrow else _figure(WIDE, 3.6)
    ax = fig.add_subplot()
    ax.set_xlim(*_days(days[0] if days else until, until))
    if days:
        xs = [*(_num(d) for d in days), ax.get_xlim()[1]]
        ys = [[*series[s], series[s][-1]] for s in used]
        bands = ax.stackplot(
            xs,
            ys,
            step="post",
            colors=[colour(registry, s) for s in used],
            labels=[str(s) for s in used],
        )
        for state, band in zip(used, bands, strict=True):
            band.set_gid(f"count--{_safe(str(state))}")
    ax.set_ylabel("provisions")
    _dates_axis_years(ax, days[0] if days else until, until, narrow=narrow)
    if used:
        _legend(fig, ax, narrow)
    _title(ax, f"How many of the {len(provision_ids):,} provisions stood in each status", narrow)
    return _svg(fig)


def overall_levels(
    registry: Registry, agreement_ids: list[str], until: date
) -> list[tuple[date, float | None]]:
    """The level of all the agreements' provisions together on each day it changes: what
    :func:`agreement_engine.agreement_level` gives all of them at once (None while none is
    rated)."""
    # Each provision's rating after each of its event days; the total changes only then.
    changes: dict[date, tuple[int, int]] = {}
    tracked = registry.settings.tracks_implementation
    for agreement_id in agreement_ids if tracked else ():
        for pid in registry.provision_ids(agreement_id):
            before: int | None = None
            by_day = {f.on: f for f in registry.timeline(pid) if f.on <= until}
            for day, facts in sorted(by_day.items()):
                level = agreement_engine.rating(facts)
                if level == before:
                    continue
                total, rated = changes.get(day, (0, 0))
                total += (level or 0) - (before or 0)
                rated += (level is not None) - (before is not None)
                changes[day] = (total, rated)
                before = level
    out: list[tuple[date, float | None]] = []
    total = rated = 0
    for day in sorted(changes):
        total += changes[day][0]
        rated += changes[day][1]
        out.append((day, 100.0 * total / (3 * rated) if rated else None))
    return out


def overall_level_svg(
    registry: Registry, agreement_ids: list[str], until: date, *, narrow: bool = False
) -> str:
    """The implementation level of all the agreements' provisions together, over time."""
    series = overall_levels(registry, agreement_ids, until)
    fig = _figure(NARROW, 3.0) if narrow else _figure(WIDE, 3.2)
    ax = fig.add_subplot()
    days = [day for day, _ in series]
    ax.set_xlim(*_days(days[0] if days else until, until))
    xs = [_num(day) for day in days]
    ys = [float("nan") if level is None else level for _, level in series]
    if days:
        xs.append(ax.get_xlim()[1])
        ys.append(ys[-1])
        (line,) = ax.step(xs, ys, where="post", linewidth=1.6, color="#1f4e79")
        line.set_gid("level--all")
    ax.set_ylim(-5, 105)
    ax.set_ylabel("level, % of full")
    _dates_axis_years(ax, days[0] if days else until, until, narrow=narrow)
    _title(
        ax,
        f"Implementation level of the {len(agreement_ids):,} agreements' provisions together",
        narrow,
    )
    return _svg(fig)


def _first_day(registry: Registry, provision_ids: list[str], until: date) -> date | None:
    """The first event's day among the provisions, up to ``until``; None if none by then."""
    days = [e.on for pid in provision_ids for e in registry.provision(pid).history if e.on <= until]
    return min(days, default=None)


def _days(start: date, end: date) -> tuple[float, float]:
    """The x limits from ``start`` to ``end``, at least a day apart.

    A chart of one day (every event on the date it is drawn for) would otherwise have
    equal limits, which matplotlib cannot scale and warns of; the day is drawn whole.
    """
    return _num(start), _num(max(end, start + timedelta(days=1)))


def _dates_axis_years(ax: Any, start: date, end: date, *, narrow: bool = False) -> None:
    """A date axis whose ticks suit the span: months for a year or two, else years; on a
    phone's width, no more than five ticks."""
    import matplotlib.dates as mdates

    days = (end - start).days
    if days <= 730:
        # Months; on a phone's width, every n-th month, so that five ticks at most show.
        _dates_axis(ax, every=max(1, -(-days // (30 * 5))) if narrow else 1)
        return
    locator = mdates.AutoDateLocator(maxticks=5 if narrow else 12)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
