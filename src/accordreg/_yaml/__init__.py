"""YAML in and out: scalar resolution, parsing with positions, the canonical writer, and
the round trip that edits a file without touching the rest of it."""
