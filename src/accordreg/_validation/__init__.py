"""Checking records: per document, across records, over many files with a cache.

Named ``validation`` rather than ``check``: ``accordreg.check`` is the public function.
"""
