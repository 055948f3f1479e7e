"""The loaded registry: queries as of a date, tables of it, staging and saving edits.

Empty on purpose: importing one module of this package must not build the others.
"""
