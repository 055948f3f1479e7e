"""The cache's key: made once, this user's alone, never read through a link."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from accordreg._validation import cache_key


def test_a_new_key_is_written_whole_for_this_user_alone(tmp_path: Path) -> None:
    """The key file holds 32 bytes, mode 0600, in a folder of mode 0700; read back alike."""
    path = tmp_path / "accordreg" / cache_key.SECRET_FILE
    key = cache_key._new_secret(path)
    assert len(key) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert cache_key._read_secret(path) == key
    assert cache_key._new_secret(path) == key  # the first key made stays the key
    assert [p.name for p in path.parent.iterdir()] == [cache_key.SECRET_FILE]


@pytest.mark.parametrize("lay", ["link", "short", "folder"])
def test_a_key_file_that_is_no_key_is_refused(tmp_path: Path, lay: str) -> None:
    """A link (even to a key), a file of the wrong size or a folder is never used."""
    path = tmp_path / cache_key.SECRET_FILE
    if lay == "link":
        (tmp_path / "elsewhere").write_bytes(b"k" * 32)
        path.symlink_to(tmp_path / "elsewhere")
    elif lay == "short":
        path.write_bytes(b"k" * 31)
    else:
        path.mkdir()
    with pytest.raises(OSError, match=r"symbolic links|not a key|not a file of this user"):
        cache_key._read_secret(path)


_KEY = (
    "from accordreg._validation.cache_key import secret; k, kept = secret(); print(k.hex(), kept)"
)


def test_the_key_is_kept_between_runs_or_said_not_to_be(tmp_path: Path) -> None:
    """Two processes with one cache folder share the key; without one, each has its own."""

    def key(env: dict[str, str]) -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", _KEY],
            capture_output=True,
            text=True,
            env={**os.environ, **env},
            check=True,
            timeout=60,
        )
        return done.stdout.split()

    home = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    first, second = key(home), key(home)
    assert first == second
    assert first[1] == "True"
    blocked = tmp_path / "file"
    blocked.write_text("")
    nowhere = {"XDG_CACHE_HOME": str(blocked), "HOME": str(blocked)}
    one, two = key(nowhere), key(nowhere)
    assert (one[1], two[1]) == ("False", "False")
    assert one[0] != two[0]
