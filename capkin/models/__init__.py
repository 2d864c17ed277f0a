"""Immutable pydantic models of every data file kind, one module per kind (see design.md,
"Data format"): `base` holds what they share, `file_kinds` lists them."""
