"""The registry as related tables: one per kind of thing, with keys and foreign keys.

What the SQLite database and the data package hold. Each :class:`Table` declares its
columns (with a type and a meaning), its primary key, its foreign keys, its facets and
the columns searched as words; :func:`.related_rows.rows` gives every table's rows. Lists
inside a record become tables of their own (a provision's sources, an event's sources, its
deadlines, an agreement's countries...), so that every reference is a foreign key a
database can check; the words records use (categories, statuses, party types...) are the
tables of :mod:`.label_tables`.
"""

from __future__ import annotations

from .label_tables import LABEL_TABLES
from .table_types import Column, ForeignKey, Table, Value
from .table_types import column as _c
from .table_types import key as _fk

__all__ = ["TABLES", "TABLES_BY_NAME", "Column", "ForeignKey", "Table", "Value"]

_PROVISION = _c("provision", "string", "Id of the provision.", required=True)
_SEQ = _c("seq", "integer", "Its place in the list, from 1.", required=True)
_SOURCE = _c("source", "string", "Id of the source.", required=True)

#: Every table, each after the tables it refers to.
TABLES: tuple[Table, ...] = (
    *LABEL_TABLES,
    Table(
        "sources",
        "Sources",
        "The documents the records rest on, and how far to trust each.",
        (
            _c("id", "string", "Unique id; records cite the source by it.", required=True),
            _c("title", "string", "The headline or title.", required=True),
            _c("publisher", "string", "Who published it."),
            _c("date", "date", "Date of publication."),
            _c("url", "string", "Where to read it."),
            _c(
                "reliability",
                "string",
                "official, press, unverified, or the registry's own.",
                required=True,
            ),
            _c("note", "string", "What the records rely on it for, or why to be careful."),
        ),
        ("id",),
        (_fk("reliability", "reliability_levels"),),
        facets=("reliability", "publisher"),
        label="title",
        search=("title",),
    ),
    Table(
        "parties",
        "Parties",
        "The actors: states, armed forces, bodies, missions, people.",
        (
            _c("id", "string", "Unique id.", required=True),
            _c("name", "string", "The party's name.", required=True),
            _c("type", "string", "What sort of actor.", required=True),
            _c("country", "string", "ISO 3166 alpha-3 code of its country."),
            _c("member_of", "string", "Id of the party it belongs to."),
            _c("note", "string", "Anything else worth knowing."),
        ),
        ("id",),
        (_fk("member_of", "parties"), _fk("type", "party_types"), _fk("country", "countries")),
        facets=("type", "country"),
        label="name",
    ),
    Table(
        "agreements",
        "Agreements",
        "The documents of the peace processes.",
        (
            _c("id", "string", "Unique id; also the name of its folder.", required=True),
            _c("title", "string", "The document's full title.", required=True),
            _c("short_title", "string", "A short name for tables."),
            _c("date_signed", "date", "Date signed."),
            _c("place", "string", "Where it was signed."),
            _c("process", "string", "The peace process it belongs to."),
            _c("conflict", "string", "The country or entity of the conflict (PA-X Con)."),
            _c("conflict_type", "string", "PA-X conflict type (Contp)."),
            _c("region", "string", "PA-X region (Reg)."),
            _c(
                "countries",
                "array",
                "ISO alpha-3 codes of where it applies (also the agreement_countries table).",
            ),
            _c("agreement_type", "string", "PA-X agreement type."),
            _c("stage", "string", "PA-X stage code."),
            _c("stage_sub", "string", "PA-X sub-stage code."),
            _c("pax_status", "string", "PA-X's status of the document."),
            _c("pax_agreement", "integer", "PA-X agreement id (AgtId)."),
            _c("pax_process", "integer", "PA-X peace process id (PP)."),
            _c("signatories_text", "string", "The signatories as the source writes them."),
            _c("third_parties_text", "string", "The third parties as the source writes them."),
            _c("note", "string", "Anything else worth knowing."),
        ),
        ("id",),
        facets=("region", "conflict_type", "stage", "agreement_type", "process"),
        label="title",
        search=("title", "short_title"),
    ),
    Table(
        "agreement_countries",
        "Countries of agreements",
        "Where each agreement applies: one row per agreement and country.",
        (
            _c("agreement", "string", "Id of the agreement.", required=True),
            _c("country", "string", "ISO 3166-1 alpha-3 code.", required=True),
        ),
        ("agreement", "country"),
        (_fk("agreement", "agreements"), _fk("country", "countries")),
        facets=("country",),
    ),
    Table(
        "agreement_sources",
        "Sources of agreements",
        "Which sources each agreement's record rests on.",
        (
            _c("agreement", "string", "Id of the agreement.", required=True),
            _SOURCE,
        ),
        ("agreement", "source"),
        (_fk("agreement", "agreements"), _fk("source", "sources")),
    ),
    Table(
        "signatories",
        "Signatories",
        "Who signed each agreement, and for whom.",
        (
            _c("agreement", "string", "Id of the agreement.", required=True),
            _SEQ,
            _c("party", "string", "Id of the party that signed, if it has a record."),
            _c("signed_by", "string", "The person who signed, as written."),
            _c("capacity", "string", "In what capacity."),
        ),
        ("agreement", "seq"),
        (_fk("agreement", "agreements"), _fk("party", "parties")),
        facets=("party",),
    ),
    Table(
        "third_parties",
        "Third parties",
        "Witnesses, guarantors, mediators and others outside each agreement.",
        (
            _c("agreement", "string", "Id of the agreement.", required=True),
            _SEQ,
            _c("party", "string", "Id of the third party, if it has a record."),
            _c("name", "string", "The third party as written, where it has no record."),
            _c("role", "string", "witness, guarantor, mediator, ..."),
            _c("represented_by", "string", "Who acted for it."),
        ),
        ("agreement", "seq"),
        (
            _fk("agreement", "agreements"),
            _fk("party", "parties"),
            _fk("role", "third_party_roles"),
        ),
        facets=("role", "party"),
    ),
    Table(
        "provisions",
        "Provisions",
        "The commitments inside the agreements.",
        (
            _c("id", "string", "<agreement-id>/<name>.", required=True),
            _c("agreement", "string", "Id of its agreement.", required=True),
            _c("title", "string", "What it commits to, in a line.", required=True),
            _c("category", "string", "What kind of commitment.", required=True),
            _c("text", "string", "Its words, or a faithful paraphrase.", required=True),
            _c("text_form", "string", "quote or paraphrase.", required=True),
            _c("section", "string", "Where it stands in the document."),
            _c("superseded_by", "string", "Id of the provision that replaces it."),
            _c(
                "pax_codes",
                "array",
                "PA-X provision codes (also the provision_pax_codes table, with strengths).",
            ),
            _c(
                "pax_strength",
                "integer",
                "PA-X strength: the highest of its codes' values (1-3); how much the agreement "
                "says, not how much was done.",
            ),
            _c("note", "string", "Anything else worth knowing."),
        ),
        ("id",),
        (
            _fk("agreement", "agreements"),
            _fk("category", "categories"),
            _fk("superseded_by", "provisions"),
        ),
        facets=("category", "agreement", "pax_strength"),
        label="title",
        search=("title", "text", "note"),
    ),
    Table(
        "provision_pax_codes",
        "PA-X codes of provisions",
        "Each PA-X code a provision carries, with PA-X's value for it.",
        (
            _PROVISION,
            _c("code", "string", "The PA-X code.", required=True),
            _c("strength", "integer", "PA-X's value for it (1-3), where the record gives one."),
        ),
        ("provision", "code"),
        (_fk("provision", "provisions"), _fk("code", "pax_codes")),
        facets=("code", "strength"),
    ),
    Table(
        "provision_sources",
        "Sources of provisions",
        "Which sources each provision's text and terms rest on.",
        (_PROVISION, _SOURCE),
        ("provision", "source"),
        (_fk("provision", "provisions"), _fk("source", "sources")),
    ),
    Table(
        "provision_parties",
        "Parties bound by provisions",
        "Who must carry out each provision (responsible) and who verifies it (verifier).",
        (
            _PROVISION,
            _c("party", "string", "Id of the party.", required=True),
            _c("role", "string", "responsible or verifier.", required=True),
        ),
        ("provision", "party", "role"),
        (_fk("provision", "provisions"), _fk("party", "parties")),
        facets=("role", "party"),
    ),
    Table(
        "provision_links",
        "Links between provisions",
        "depends_on, same_as and supersedes, from the provision that states them.",
        (
            _PROVISION,
            _c("relation", "string", "depends_on, same_as or supersedes.", required=True),
            _c("other", "string", "Id of the other provision.", required=True),
        ),
        ("provision", "relation", "other"),
        (_fk("provision", "provisions"), _fk("other", "provisions")),
        facets=("relation",),
    ),
    Table(
        "locations",
        "Locations",
        "Where each provision applies.",
        (
            _PROVISION,
            _SEQ,
            _c("country", "string", "ISO 3166 alpha-3 code.", required=True),
            _c("subdivision", "string", "First-level subdivision."),
            _c("place", "string", "A town, village or landmark."),
        ),
        ("provision", "seq"),
        (_fk("provision", "provisions"), _fk("country", "countries")),
        facets=("country", "subdivision"),
    ),
    Table(
        "events",
        "Events",
        "Each provision's dated status changes, oldest first.",
        (
            _PROVISION,
            _SEQ,
            _c(
                "on",
                "date",
                "The day it happened: the first day of the month or year where the sources "
                "give no day (see on_precision).",
                required=True,
            ),
            _c("on_precision", "string", "How precisely on is known: day, month or year."),
            _c("status", "string", "The provision's status from this date on.", required=True),
            _c("level", "integer", "The level the event sets, where it sets one."),
            _c(
                "level_after",
                "integer",
                "The implementation level (0-3) once it happened; empty when not rated.",
            ),
            _c(
                "level_basis",
                "string",
                "What level_after rests on: event (the event rates it), progress (the share "
                "achieved), status (the level of the status reported), default (a start "
                "state's: no work reported, not a rating).",
            ),
            _c("party", "string", "The party it concerns, where it concerns one of several."),
            _c("progress", "number", "How much of the measurable target is achieved by then."),
            _c("note", "string", "What happened."),
        ),
        ("provision", "seq"),
        (_fk("provision", "provisions"), _fk("status", "statuses"), _fk("party", "parties")),
        facets=("status", "party"),
        search=("note",),
    ),
    Table(
        "agreement_events",
        "Events of agreements",
        "Each agreement's own dated events (signed, in force, suspended, ended), oldest "
        "first: what happened to the agreement as a whole.",
        (
            _c("agreement", "string", "Id of the agreement.", required=True),
            _SEQ,
            _c(
                "on",
                "date",
                "The day it happened: the first day of the month or year where the sources "
                "give no day (see on_precision).",
                required=True,
            ),
            _c("on_precision", "string", "How precisely on is known: day, month or year."),
            _c("status", "string", "The agreement's status from this date on.", required=True),
            _c("since", "date", "The day that status began (the agreement engine's)."),
            _c("party", "string", "The party that acted, where one is named."),
            _c("note", "string", "What happened."),
        ),
        ("agreement", "seq"),
        (_fk("agreement", "agreements"), _fk("party", "parties")),
        facets=("status", "party"),
        search=("note",),
    ),
    Table(
        "agreement_event_sources",
        "Sources of agreements' events",
        "Which sources report each event of an agreement's own history.",
        (_c("agreement", "string", "Id of the agreement.", required=True), _SEQ, _SOURCE),
        ("agreement", "seq", "source"),
        (_fk("agreement,seq", "agreement_events", "agreement,seq"), _fk("source", "sources")),
    ),
    Table(
        "event_sources",
        "Sources of events",
        "Which sources report each event.",
        (_PROVISION, _SEQ, _SOURCE),
        ("provision", "seq", "source"),
        (_fk("provision,seq", "events", "provision,seq"), _fk("source", "sources")),
    ),
    Table(
        "deadlines",
        "Deadlines",
        "Deadlines and phases, each with when it became known.",
        (
            _PROVISION,
            _SEQ,
            _c("label", "string", "What the deadline or phase is.", required=True),
            _c("start", "date", "When it starts."),
            _c("due", "date", "When it is due."),
            _c("set_on", "date", "When it was set; empty = with the provision's text."),
            _c("known_from", "date", "When it is on record from: set_on, else the first event."),
            _c("note", "string", "Anything else about it."),
        ),
        ("provision", "seq"),
        (_fk("provision", "provisions"),),
    ),
    Table(
        "deadline_sources",
        "Sources of deadlines",
        "Which sources set each deadline, where not the provision's own.",
        (_PROVISION, _SEQ, _SOURCE),
        ("provision", "seq", "source"),
        (_fk("provision,seq", "deadlines", "provision,seq"), _fk("source", "sources")),
    ),
    Table(
        "conditions",
        "Conditions",
        "Conditions put on provisions, by whom and when.",
        (
            _PROVISION,
            _SEQ,
            _c("text", "string", "The condition, in words.", required=True),
            _c("set_on", "date", "When it was put; empty = with the provision's text."),
            _c("party", "string", "The party that put it."),
        ),
        ("provision", "seq"),
        (_fk("provision", "provisions"), _fk("party", "parties")),
    ),
    Table(
        "condition_sources",
        "Sources of conditions",
        "Which sources report each condition, where not the provision's own.",
        (_PROVISION, _SEQ, _SOURCE),
        ("provision", "seq", "source"),
        (_fk("provision,seq", "conditions", "provision,seq"), _fk("source", "sources")),
    ),
    Table(
        "terms",
        "Terms",
        "What exactly was promised: one row per provision and typed term, as on record on "
        "the export date.",
        (
            _PROVISION,
            _c("name", "string", "The term, as the category names it.", required=True),
            _c("type", "string", "Its type (count, date, party, places, phases, ...)."),
            _c("value", "string", "Its value as text: lists joined by '; '."),
            _c("value_json", "string", "Its value as JSON.", required=True),
            _c("since", "date", "When this value is on record from.", required=True),
        ),
        ("provision", "name"),
        (_fk("provision", "provisions"),),
        facets=("name", "type"),
    ),
    Table(
        "current_standing",
        "Standing on the export date",
        "Each provision's standing on the export date, as every view of accordreg gives it.",
        (
            _PROVISION,
            _c("agreement", "string", "Id of its agreement.", required=True),
            _c("status", "string", "Its status; empty before its first event."),
            _c("since", "date", "The day that status began."),
            _c("level", "integer", "The implementation level (0-3); empty when not rated."),
            _c(
                "level_basis",
                "string",
                "What the level rests on: event, progress, status, or default (a start "
                "state's: no work reported, not a rating).",
            ),
            _c("progress", "string", "Progress against the measurable target, in words."),
            _c("next_deadline", "date", "The next deadline on record."),
            _c("past_due", "date", "The latest deadline passed with no completion recorded."),
            _c(
                "past_due_while",
                "string",
                "The status on the day it fell due, where that held the work up (suspended).",
            ),
            _c("last_event", "date", "The provision's latest event by the export date."),
            _c(
                "last_news",
                "date",
                "The latest news by then, of this provision or the same commitment elsewhere.",
            ),
            _c("news_age_days", "integer", "Days from the latest news to the horizon."),
            _c(
                "no_news",
                "boolean",
                "No news for longer than stale_after_days; empty when not tracked.",
            ),
        ),
        ("provision",),
        (_fk("provision", "provisions"), _fk("agreement", "agreements"), _fk("status", "statuses")),
        facets=("status", "level_basis", "agreement"),
    ),
    Table(
        "export",
        "About this export",
        "The date the standing is computed for, and what built it: one row.",
        (
            _c("id", "integer", "Always 1.", required=True),
            _c("on", "date", "The date of the standing.", required=True),
            _c(
                "stale_after_days",
                "integer",
                "Days without an event after which a provision counts as having no news.",
                required=True,
            ),
            _c(
                "horizon",
                "date",
                "The date up to which the registry's sources were read: news is aged to it.",
            ),
            _c(
                "tracks_implementation",
                "boolean",
                "False where the registry records what was agreed, not what happened.",
                required=True,
            ),
            _c("accordreg_version", "string", "The accordreg that wrote it.", required=True),
        ),
        ("id",),
    ),
)

TABLES_BY_NAME = {t.name: t for t in TABLES}
