"""A window's changes for people and programs: text, a Markdown digest, JSON; and the
"What changed" section of reports."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:  # the command line names the formats before any registry is read
    from .._registry.changes import AgreementNews, Changes, EventNews, NoNews, PastDue, SourceRef
from .._registry.engine import Basis
from . import words
from .safe import json_text, markdown_text, terminal


def summary(changes: Changes) -> str:
    """The window in one sentence: how many events, deadlines passed, quiet provisions."""
    provisions = len({e.provision for e in changes.events})
    agreements = len({e.agreement for e in changes.events})
    count = words.count
    parts = [
        f"{count(len(changes.events), 'event')} on {count(provisions, 'provision')} "
        f"of {count(agreements, 'agreement')}"
        if changes.events
        else "no event of a provision recorded",
        f"{count(len(changes.past_due), 'deadline')} became past due with no completion recorded",
        f"{count(len(changes.no_news), 'provision')} with no news",
    ]
    own = changes.agreement_events
    if own:
        whole = len({e.agreement for e in own})
        parts.insert(
            1, f"{words.count(len(own), 'event')} of {words.count(whole, 'agreement')} as a whole"
        )
    return "; ".join(parts) + "."


def move(e: EventNews, arrow: str = "->") -> str:
    """The status move, level change and progress change an event made, in a few words."""
    status = (
        f"{e.from_status} {arrow} {e.to_status}"
        if e.from_status
        else f"{e.to_status} (first event)"
    )
    bits = [status]
    was, now = _level(e.from_level, e.from_basis), _level(e.to_level, e.to_basis)
    if e.from_status is not None and was != now:
        bits.append(f"{was} {arrow} {now}")
    else:
        bits.append(now)
    if e.to_progress is not None and e.from_progress != e.to_progress:
        was = f"{e.from_progress.achieved:g} {arrow} " if e.from_progress else ""
        bits.append(f"progress {was}{e.to_progress}")
    if e.party:
        bits.append(f"concerns {e.party}")
    return "; ".join(bits)


def agreement_move(e: AgreementNews, arrow: str = "->") -> str:
    """The status move an agreement's own event made, and who acted."""
    to = e.to_status.replace("_", " ")
    status = f"{e.from_status.replace('_', ' ')} {arrow} {to}" if e.from_status else to
    return f"{status} by {e.party}" if e.party else status


def _level(level: int | None, basis: Basis | None) -> str:
    shown = words.level(level, basis)
    return shown if level is None or basis is Basis.DEFAULT else f"level {shown}"


def source_text(s: SourceRef) -> str:
    """A source as a reader judges it: title, publisher, reliability (its id if unknown)."""
    if s.title is None:
        return f"[{s.id}] (no source record)"
    who = ", ".join(x for x in (s.publisher, s.reliability) if x)
    return f"{s.title} ({who})" if who else s.title


def _past_due_text(p: PastDue) -> str:
    return f"{p.provision} — {p.label}: {p.words} ({_status_since(p)})"


def _status_since(p: PastDue) -> str:
    return f"{p.status.replace('_', ' ')} since {p.status_since.isoformat()}"


def _no_news_text(n: NoNews) -> str:
    return f"{n.provision}: {n.status}, latest news {n.last_event.isoformat()} ({n.days} days)"


#: Provisions with no news that a digest for people lists one by one; above this, it
#: lists those that went quiet most recently and counts the rest (JSON keeps them all).
NO_NEWS_LISTED = 50


def _no_news_intro(changes: Changes) -> str:
    quiet = changes.no_news
    end = min(changes.until, changes.horizon) if changes.horizon else changes.until
    read = (
        f" (sources read up to {changes.horizon.isoformat()})"
        if changes.horizon and changes.horizon < changes.until
        else ""
    )
    intro = (
        f"no news on record for more than {changes.stale_after_days} days by "
        f"{end.isoformat()}{read}; each status is the last one recorded"
    )
    if len(quiet) <= NO_NEWS_LISTED:
        return intro
    agreements = len({n.agreement for n in quiet})
    return (
        f"{intro}. {words.count(len(quiet), 'provision')} of "
        f"{words.count(agreements, 'agreement')}; the "
        f"{NO_NEWS_LISTED} that went quiet most recently"
    )


def _no_news_listed(changes: Changes) -> list[NoNews]:
    """The provisions with no news that a digest lists (see ``NO_NEWS_LISTED``)."""
    quiet = list(changes.no_news)
    if len(quiet) <= NO_NEWS_LISTED:
        return quiet
    return sorted(quiet, key=lambda n: (n.days, n.provision))[:NO_NEWS_LISTED]


def as_text(changes: Changes) -> str:
    """Events grouped by agreement, then deadlines past due and provisions with no news."""
    out = [
        f"What changed from {changes.since.isoformat()} to {changes.until.isoformat()}",
        summary(changes),
    ]
    for agreement in changes.agreements:
        events = changes.events_of(agreement.id)
        own = changes.own_events_of(agreement.id)
        if not events and not own:
            continue
        out += ["", f"{agreement.id} — {agreement.title}"]
        for a in own:
            out.append(f"  {words.day(a.on):<10}  the agreement: {agreement_move(a)}")
            if a.note:
                out.append(f"              {' '.join(a.note.split())}")
            out += [f"              source: {source_text(s)}" for s in a.sources]
        for e in events:
            name = e.provision.split("/", 1)[1]
            out.append(f"  {words.day(e.on):<10}  {name}: {move(e)}")
            if e.note:
                out.append(f"              {' '.join(e.note.split())}")
            out += [f"              source: {source_text(s)}" for s in e.sources]
    if changes.past_due:
        out += ["", "Became past due, no completion recorded:"]
        out += [f"  {_past_due_text(p)}" for p in changes.past_due]
    if changes.no_news:
        out += ["", f"No news ({_no_news_intro(changes)}):"]
        out += [f"  {_no_news_text(n)}" for n in _no_news_listed(changes)]
    return terminal("\n".join(out)) + "\n"  # record text may hold control characters


def _md(text: str) -> str:
    """Record text safe inside a Markdown list item or table cell: never markup."""
    return markdown_text(" ".join(text.split()))


def _url(url: str) -> str:
    """A source's address fit for a Markdown link: nothing in it can end the link or open a
    tag (the model lets through any http(s) address without spaces)."""
    return quote(url, safe=":/?#@!$&*+,;=%-._~")


def _md_source(s: SourceRef) -> str:
    if s.title is None:
        return f"`{s.id}` (no source record)"
    title = f"[{_md(s.title)}]({_url(s.url)})" if s.url else f"*{_md(s.title)}*"
    who = ", ".join(_md(x) for x in (s.publisher, s.reliability) if x)
    return f"{title} ({who})" if who else title


def markdown_section(changes: Changes, heading: str, level: int = 1) -> list[str]:
    """The digest as Markdown lines under a heading of the given level."""
    h = "#" * level
    out = [f"{h} {heading}", "", summary(changes)]
    for agreement in changes.agreements:
        events = changes.events_of(agreement.id)
        own = changes.own_events_of(agreement.id)
        if not events and not own:
            continue
        out += ["", f"{h}# {_md(agreement.title)} (`{agreement.id}`)", ""]
        for a in own:
            out.append(f"- **{words.day(a.on)}** · the agreement: {_md(agreement_move(a, '→'))}.")
            if a.note:
                out.append(f"  {_md(a.note)}")
            if a.sources:
                out.append("  Sources: " + "; ".join(_md_source(s) for s in a.sources) + ".")
        for e in events:
            what = _md(move(e, "→"))
            head = f"- **{words.day(e.on)}** · {_md(e.title)} (`{e.provision}`): {what}."
            out.append(head)
            if e.note:
                out.append(f"  {_md(e.note)}")
            if e.sources:
                out.append("  Sources: " + "; ".join(_md_source(s) for s in e.sources) + ".")
    if changes.past_due:
        out += ["", f"{h}# Past due", ""]
        out += [
            f"- {_md(p.title)} (`{p.provision}`) — {_md(p.label)}: {_md(p.words)} "
            f"({_md(_status_since(p))})."
            for p in changes.past_due
        ]
    if changes.no_news:
        out += ["", f"{h}# No news", "", _no_news_intro(changes).capitalize() + ":", ""]
        out += [
            f"- {_md(n.title)} (`{n.provision}`): {_md(n.status)}, latest news "
            f"{n.last_event.isoformat()} ({n.days} days)."
            for n in _no_news_listed(changes)
        ]
    return out


def as_markdown(changes: Changes) -> str:
    """A digest a monitor can paste into a newsletter."""
    heading = f"What changed, {changes.since.isoformat()} to {changes.until.isoformat()}"
    return "\n".join(markdown_section(changes, heading)) + "\n"


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON: {value!r}")


def as_json(changes: Changes) -> str:
    """The whole result as one JSON document."""
    data = asdict(changes)
    for event, raw in zip(changes.events, data["events"], strict=True):
        # Progress as the tables show it too ("18/18 detainees"), beside its numbers.
        for key in ("from_progress", "to_progress"):
            progress = getattr(event, key)
            if progress is not None:
                raw[key]["text"] = str(progress)
    dumped = json.dumps(data, indent=2, ensure_ascii=False, default=_json_default)
    return json_text(dumped) + "\n"  # record text may hold controls and invisible characters


def html_section(changes: Changes, heading: str) -> list[str]:
    """The digest as HTML for a report page: a heading, a list per agreement."""
    esc = html.escape
    out = [
        f'<h2 id="what-changed">{esc(heading)}</h2>',
        f"<p class=sub>{esc(summary(changes))}</p>",
    ]
    for agreement in changes.agreements:
        events = changes.events_of(agreement.id)
        own = changes.own_events_of(agreement.id)
        if not events and not own:
            continue
        out.append(f"<h3>{esc(agreement.title)} ({esc(agreement.id)})</h3><ul>")
        for a in own:
            sources = "; ".join(source_text(s) for s in a.sources)
            note = f"<br>{esc(a.note)}" if a.note else ""
            out.append(
                f"<li><b>{esc(words.day(a.on))}</b> · the agreement: "
                f"{esc(agreement_move(a, '→'))}{note}"
                f"<br><small>Sources: {esc(sources)}</small></li>"
            )
        for e in events:
            sources = "; ".join(source_text(s) for s in e.sources)
            note = f"<br>{esc(e.note)}" if e.note else ""
            out.append(
                f"<li><b>{esc(words.day(e.on))}</b> · {esc(e.title)}: {esc(move(e, '→'))}{note}"
                f"<br><small>Sources: {esc(sources)}</small></li>"
            )
        out.append("</ul>")
    if changes.past_due:
        out.append("<h3>Past due</h3><ul>")
        out += [f'<li class="overdue">{esc(_past_due_text(p))}</li>' for p in changes.past_due]
        out.append("</ul>")
    if changes.no_news:
        out.append(f"<h3>No news</h3><p class=sub>{esc(_no_news_intro(changes))}.</p><ul>")
        out += [f"<li>{esc(_no_news_text(n))}</li>" for n in _no_news_listed(changes)]
        out.append("</ul>")
    return out


Renderer = Callable[["Changes"], str]

#: The formats of `accordreg changes`: each renders one window, ending in a newline.
RENDERERS: dict[str, Renderer] = {"text": as_text, "markdown": as_markdown, "json": as_json}
