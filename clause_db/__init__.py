"""The clause database: reviewable sources and the command that builds the SQLite file."""
