"""A static website of a registry: pages people browse, offline or published as they are.

``build(registry, out, on)`` writes one page per agreement, provision, party and source
(stable paths by id, see :mod:`.urls`), lists and filtered views of the provisions, a home
page with the headline figures and the charts, and a page on how to cite the data. Every
link is relative, nothing is fetched from elsewhere, and the folder can be served as it is
(GitHub Pages, any static host) or opened from disk.

The pages are Jinja2 templates shipped in this package (``templates/``), rendered with
autoescaping: no text from a record reaches a page unescaped. Jinja2 is the ``site``
extra; charts need matplotlib (the ``report`` extra) and are left out, with a note, without
it.
"""

from __future__ import annotations

from .building import BuildResult, build

__all__ = ["BuildResult", "build"]
