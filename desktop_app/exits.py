"""Exit statuses shared by the command line and the wizard's `gui` command (no imports)."""

EXIT_OK = 0
EXIT_FAILED = 1  # the work could not be done: a file not written, the clause database refused
EXIT_BAD_INPUT = 2  # the input is wrong: one line on stderr names the fact
