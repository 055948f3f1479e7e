"""The key of the cache's checksums: a secret of this user's, kept outside every registry.

The cache sits in the registry's folder, where anyone who can write a record can write a
cache entry; an entry saying "checked, no problems" for an invalid file would make it pass
`validate`. Its checksums are therefore keyed (64 bits of BLAKE2b under this key), so that
no entry can be made to match without the key. (Checking every cached file again would be
the other way, and would cost what the cache saves.)
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import cache
from pathlib import Path
from stat import S_ISREG

#: The secret's size, in bytes, and the file it is kept in, in this user's cache folder.
_SECRET_BYTES = 32
SECRET_FILE = "cache-key"
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)


def key_folder() -> Path:
    """This user's cache folder for accordreg (outside every registry): as the platform
    keeps caches (``$XDG_CACHE_HOME``, ``~/.cache``; ``~/Library/Caches``; ``%LOCALAPPDATA%``)."""
    if os.name == "nt":  # pragma: no cover - Windows
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":  # pragma: no cover - macOS
        base = str(Path.home() / "Library" / "Caches")
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "accordreg"


@cache
def secret() -> tuple[bytes, bool]:
    """The key of the cache's checksums, and whether it is kept between runs.

    Read from (or first written to) :func:`key_folder`, readable by this user alone. Where
    it cannot be kept (no home, a read-only one), a key for this process only: the cache
    is then never trusted from one run to the next (see :func:`read_snapshot`).
    """
    try:
        path = key_folder() / SECRET_FILE
        return _read_secret(path) or _new_secret(path), True
    except (OSError, RuntimeError):  # RuntimeError: no home folder to find
        return os.urandom(_SECRET_BYTES), False


def _read_secret(path: Path) -> bytes | None:
    """The key in ``path``; None if there is none. Never through a link, never from a file
    that is not this user's own regular file of the key's size (OSError)."""
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except FileNotFoundError:
        return None
    try:
        st = os.fstat(fd)
        mine = not hasattr(os, "geteuid") or st.st_uid == os.geteuid()
        if not S_ISREG(st.st_mode) or not mine:
            raise OSError(f"{path} is not a file of this user's own")
        raw = os.read(fd, _SECRET_BYTES + 1)
    finally:
        os.close(fd)
    if len(raw) != _SECRET_BYTES:
        raise OSError(f"{path} is not a key")
    return raw


def _new_secret(path: Path) -> bytes:
    """A new key, written whole under another name and then linked into place: a run
    reading it meanwhile finds none or the whole key, and the first of two runs making
    one at once wins (the other reads it)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = os.urandom(_SECRET_BYTES)
    temporary = path.with_name(f".{SECRET_FILE}.{os.getpid()}.{key[:4].hex()}")
    fd = os.open(
        temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600
    )
    try:
        os.write(fd, key)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(temporary, path)
    except FileExistsError:
        key = _read_secret(path) or key
    finally:
        temporary.unlink(missing_ok=True)
    return key


def checksum(data: bytes) -> int:
    """The keyed checksum of ``data`` (64 bits of BLAKE2b under :func:`secret`)."""
    digest = hashlib.blake2b(data, key=secret()[0], digest_size=8).digest()
    return int.from_bytes(digest, "big")


def key_id() -> str:
    """A name of this user's key that tells nothing of it (a hash of it): written in the
    snapshot's header, so that a snapshot made under another key (another user, another
    ``HOME``) is known for a stale one, rebuilt without a word, not taken for damage."""
    return hashlib.blake2b(secret()[0], digest_size=8, person=b"accordreg-keyid").hexdigest()
