"""Charts as inline SVG, drawn with matplotlib: the status timeline and agreement levels.

matplotlib is an optional extra (``accordreg[report]``); it is imported only here, and
only when a chart is drawn.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from ..errors import MissingExtra
from ..model.lifecycle import Status
from ..registry.query import Registry

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
PALETTE = ("#8fb3de", "#f2b134", "#58a55c", "#d64541", "#8e44ad", "#1f6f3f", "#e8833a",
           "#7f8c8d", "#34495e", "#c7cdd6", "#16a085", "#b3261e")  # fmt: skip


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
        }
    )
    return Figure(figsize=(width, height), layout="constrained")


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
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


def _dates_axis(ax: Any) -> None:
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.MonthLocator())  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b\n%Y"))  # type: ignore[no-untyped-call]
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


def timeline_svg(registry: Registry, provision_ids: list[str], until: date) -> str:
    """One lane per provision, coloured by status over time, each event marked."""
    from matplotlib.patches import Patch

    fig = _figure(10, 1.2 + 0.32 * len(provision_ids))
    ax = fig.add_subplot()
    # Bars stop where the record does; what follows is drawn as "no information".
    known = min(until, registry.latest_event(until) or until)
    for lane, pid in enumerate(provision_ids):
        history = [e for e in registry.provision(pid).history if e.on <= until]
        y = len(provision_ids) - 1 - lane
        if history and known < until:
            (gap,) = ax.barh(
                y,
                max((until - known).days, 1),
                left=_num(known),
                height=0.6,
                color="#ffffff",
                edgecolor="#bbbbbb",
                hatch="///",
                linewidth=0.4,
            )
            gap.set_gid(f"gap--{_safe(pid)}")
        for i, event in enumerate(history):
            end = history[i + 1].on if i + 1 < len(history) else max(known, event.on)
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
    ax.set_yticks(range(len(provision_ids)), list(reversed(provision_ids)), fontsize=7)
    ax.set_ylim(-0.7, len(provision_ids) - 0.3)
    _dates_axis(ax)
    seen = {e.status for p in provision_ids for e in registry.provision(p).history}
    used = [s for s in registry.lifecycle.states() if s in seen]
    handles = [Patch(color=colour(registry, s), label=str(s)) for s in used]
    if known < until:
        handles.append(
            Patch(facecolor="#ffffff", edgecolor="#bbbbbb", hatch="///", label="no information")
        )
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12 if len(provision_ids) > 8 else -0.3),
        ncol=min(len(handles), 6),
        frameon=False,
    )
    ax.set_title("Status of each provision over time")
    return _svg(fig)


def levels_svg(registry: Registry, agreement_ids: list[str], until: date) -> str:
    """Each agreement's implementation level (percent of full) over time, as steps."""
    fig = _figure(10, 3.2)
    ax = fig.add_subplot()
    for agreement_id in agreement_ids:
        provisions = registry.find(agreement=agreement_id)
        days = sorted({e.on for p in provisions for e in p.history if e.on <= until})
        if not days:
            continue
        xs: list[float] = []
        ys: list[float] = []
        for day in [*days, until]:
            level = registry.agreement_level_on(agreement_id, day)
            xs.append(_num(day))
            ys.append(float("nan") if level is None else level)
        (line,) = ax.step(xs, ys, where="post", label=agreement_id, linewidth=1.6)
        line.set_gid(f"level--{_safe(agreement_id)}")
    ax.set_ylim(-5, 105)
    ax.set_ylabel("level, % of full")
    _dates_axis(ax)
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=7, frameon=False)
    ax.set_title("Implementation level of each agreement")
    ax.set_xlim(right=_num(until + timedelta(days=3)))
    return _svg(fig)
