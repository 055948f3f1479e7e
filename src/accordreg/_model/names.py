"""Names fixed by the format itself: the shape of ids and the settings file's name.

Kept apart from the vocabulary, whose built-in words cost more to set up than a warm
run over a cached registry spends on everything else before it needs them.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

SLUG = r"[a-z0-9]+(?:[-_.][a-z0-9]+)*"
SLUG_RE = re.compile(rf"^{SLUG}$")
PROVISION_ID_RE = re.compile(rf"^{SLUG}/{SLUG}$")

#: The registry folder a command or ``diff`` reads when none is named or found.
DEFAULT_REGISTRY = Path("provisions")
#: The file that says how to cite a registry, at the top of its folder.
CITATION_FILE = "CITATION.cff"
#: The settings file's name, at the top of a registry folder.
SETTINGS_FILE = "accordreg.yaml"
#: The cache's folder in a registry folder, and its snapshot of results in that folder.
CACHE_FOLDER = ".accordreg-cache"
CACHE_SNAPSHOT = "results.json"
#: The environment variable naming a folder for caches, for registries one cannot write.
CACHE_HOME_VARIABLE = "ACCORDREG_CACHE_DIR"


def cache_folder(root: Path) -> Path:
    """Where a registry's cache lives: ``.accordreg-cache/`` in its folder, or, with
    ``$ACCORDREG_CACHE_DIR`` set (for data one may read but not write), a folder there
    named after the registry's folder and a hash of its full path."""
    home = os.environ.get(CACHE_HOME_VARIABLE)
    if not home:
        return root / CACHE_FOLDER
    full = os.path.abspath(root)
    tag = hashlib.blake2b(full.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
    return Path(home) / f"{os.path.basename(full) or 'registry'}-{tag}"
