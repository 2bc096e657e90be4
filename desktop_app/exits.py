"""Exit statuses shared by the command line and the wizard's `gui` command (no imports)."""

EXIT_OK = 0
EXIT_FAILED = 1  # the work could not be done: a file not written, the clause database refused
EXIT_BAD_INPUT = 2  # the input is wrong: one line on stderr names the fact
EXIT_INTERRUPTED = 130  # Ctrl-C, as a shell reports a process ended by SIGINT


class OneLineError(Exception):
    """A failure whose message says it whole in one line (the command line prints it
    as is, exit status EXIT_FAILED, wherever it was not handled nearer)."""
