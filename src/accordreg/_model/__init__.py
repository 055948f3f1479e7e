"""The vocabulary, the lifecycle, the record models, the table of kinds, the schemas."""
