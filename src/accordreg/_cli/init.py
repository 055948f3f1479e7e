"""Starting a registry: `accordreg init`."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from .._errors import RegistryExists, ScaffoldError
from .._model.names import DEFAULT_REGISTRY
from .._model.vocabulary import Reliability
from .._render.safe import terminal
from .common import DATE, EXIT_INVALID, REGISTRY_OPTION, SCHEMAS_OPTION

#: The first source, unless told otherwise: valid, and plainly a placeholder.
EXAMPLE_SOURCE = "example-source"
EXAMPLE_TITLE = "An example source: replace it with the first document you cite"


@click.command(name="init")
@click.argument("path", required=False, type=click.Path(path_type=Path, dir_okay=True))
@REGISTRY_OPTION
@click.option(
    "--source",
    "source_id",
    default=EXAMPLE_SOURCE,
    show_default=True,
    help="The first source's id.",
)
@click.option("--title", default=EXAMPLE_TITLE, help="The first source's title.")
@click.option(
    "--reliability",
    type=click.Choice([r.value for r in Reliability]),
    default="unverified",
    show_default=True,
)
@click.option("--publisher")
@click.option("--date", "published", type=DATE, help="Date of publication.")
@click.option("--url")
@click.option(
    "--name",
    help="The registry's name, e.g. 'Sudan ceasefire monitor': writes accordreg.yaml, "
    "its settings file, with it.",
)
@click.option(
    "--citation",
    is_flag=True,
    help="Write a CITATION.cff to fill in, saying how to cite the registry (its title: "
    "--name, else the folder's name).",
)
@SCHEMAS_OPTION
def init(
    path: Path | None,
    registry_path: Path | None,
    source_id: str,
    title: str,
    reliability: str,
    publisher: str | None,
    published: datetime | None,
    url: str | None,
    name: str | None,
    citation: bool,
    schemas: Path | None,
) -> None:
    """Start a registry in PATH (or --registry): folders, a .gitignore and a first source.

    PATH defaults to ./provisions; the JSON Schemas go in its schemas/ folder. With
    --name, a settings file (accordreg.yaml) names the registry; with --citation, a
    CITATION.cff skeleton says how to cite it. A file already there is never replaced.
    Refuses a folder that already holds a registry. Then add records with `accordreg new`.
    """
    from .._registry import scaffold

    if path is not None and registry_path is not None:
        raise click.UsageError("name the new registry once: PATH or --registry")
    if name is not None and not name.strip():
        raise click.BadParameter("give the registry a name in words", param_hint="--name")
    path = path or registry_path or DEFAULT_REGISTRY
    fields = {
        "id": source_id,
        "title": title,
        "publisher": publisher,
        "date": published.date() if published else None,
        "url": url,
        "reliability": reliability,
    }
    # Inside the registry, so that a repository made of the folder alone resolves them.
    folder = schemas or path / "schemas"
    resuming = scaffold.is_starting(path)
    kept: list[Path] = []
    try:
        written = scaffold.start(path, fields, folder, name=name, citation=citation, kept=kept)
    except (RegistryExists, ScaffoldError) as exc:
        click.echo(terminal(f"error: {exc}"), err=True)
        sys.exit(EXIT_INVALID)
    for file in written:
        click.echo(f"wrote {file}")
    for file in kept:
        click.echo(terminal(f"kept {file}: a file of that name is there already"))
    registry = "" if path == DEFAULT_REGISTRY else f" --registry {path}"
    done = (
        "completed the registry an interrupted `accordreg init` left"
        if resuming
        else "started a registry"
    )
    click.echo(f"{done} in {path}; add records with `accordreg new ...{registry}`")
