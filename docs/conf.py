"""Sphinx configuration: the documentation site, built from the Markdown pages of docs/.

sphinx-build -W --keep-going -n -b html docs docs/_build/html
"""

from __future__ import annotations

import re
from typing import Any

import accordreg

project = "accordreg"
author = "accordreg contributors"
copyright = "accordreg contributors, MIT licence"
release = accordreg.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx_click",
]
source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build"]

myst_enable_extensions = ["colon_fence", "deflist"]
# Links to headings, as on GitHub: [levels](lifecycle.md#levels).
myst_heading_anchors = 3

html_theme = "furo"
html_title = f"accordreg {release}"

# The Python reference: members in the order the code has them, defaults as written,
# types in the signatures.
autodoc_member_order = "bysource"
autodoc_preserve_defaults = True
autodoc_typehints = "signature"
autodoc_typehints_format = "short"

# Nitpicky: every reference to accordreg's own objects must resolve. Python's standard
# library and the third-party packages have no inventory here (the build reads nothing
# from the network), so references into them are let go.
nitpick_ignore_regex = [
    (r"py:.*", r"(datetime|pathlib|collections|typing|os|enum|pandas|pydantic)(\..*)?"),
    (r"py:.*", r"(date|timedelta|Path|PathLike|Iterable|Iterator|Mapping|Sequence|Callable)"),
    # Annotations autodoc cannot split or resolve: a parametrised dict, and the vocabulary's
    # category definitions, which are not part of the documented API.
    (r"py:class", r"dict\[str.*|CategoryDef"),
    # Private names (a leading underscore) are the package's own business.
    (r"py:.*", r"accordreg\..*\._\w+"),
]

#: Classes people get from accordreg but do not make themselves: their constructor's
#: arguments are the package's business, so their signatures are left out.
NOT_MADE_BY_HAND = {
    "accordreg.Registry",
    "accordreg.CheckResult",
    "accordreg.Changes",
    "accordreg.RegistryDiff",
    "accordreg.ProvisionStatus",
    "accordreg.Edit",
    "accordreg.Lifecycle",
    # Records are read from files; their fields are in the records reference.
    "accordreg.Agreement",
    "accordreg.Deadline",
    "accordreg.Event",
    "accordreg.Location",
    "accordreg.Party",
    "accordreg.Provision",
    "accordreg.Source",
}


def _signature(
    app: Any, what: str, name: str, obj: Any, options: Any, signature: Any, annotation: Any
) -> tuple[str | None, str | None] | None:
    # The types of the API's submodules are all returned by it, none made by hand.
    if what in ("class", "exception") and (name in NOT_MADE_BY_HAND or name.count(".") > 1):
        return "", None
    return None


def _public_data_docs(
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    """A constant of ``accordreg`` is documented by the ``#:`` comment where it is defined
    (``accordreg`` itself only imports it), not by the docstring of its type."""
    short = name.removeprefix("accordreg.")
    module = accordreg._PUBLIC.get(short)
    if what != "data" or module is None:
        return
    from sphinx.pycode import ModuleAnalyzer

    docs = ModuleAnalyzer.for_module(f"accordreg.{module}").find_attr_docs()
    lines[:] = list(docs.get(("", short), []))


def _resolve_public(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """A reference to a documented object by another path resolves to it: the code names
    ``accordreg._registry.query.Registry`` or ``Registry`` where the reference documents
    ``accordreg.Registry``."""
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    last = re.split(r"[.]", target)[-1]
    domain = env.get_domain("py")
    found = [
        name
        for name, entry in domain.objects.items()
        if name.rsplit(".", 1)[-1] == last and not entry.aliased
    ]
    if len(found) != 1:
        return None
    # "obj": the target may be a class, or a type alias documented as data.
    return domain.resolve_xref(
        env, node.get("refdoc"), app.builder, "obj", found[0], node, contnode
    )


def setup(app: Any) -> None:
    # Mermaid diagrams are shown as their source: GitHub draws them, and the pages list
    # the same facts in a table beside them.
    from pygments.lexers.special import TextLexer
    from sphinx.highlighting import lexers

    lexers["mermaid"] = TextLexer()
    app.connect("autodoc-process-signature", _signature)
    app.connect("autodoc-process-docstring", _public_data_docs)
    app.connect("missing-reference", _resolve_public)
