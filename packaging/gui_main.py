"""Entry of the windowed program `PolicySelfCheck` of the bundle.

It always opens the wizard: with no arguments (the Start-menu shortcut), with a
case file (a double-clicked .pscase), or with the `gui` arguments of the
command line (`PolicySelfCheck gui CASE --page results --screenshot out.png`).
The console program `policy-selfcheck` of the same folder runs everything else.
"""

from __future__ import annotations

import sys


def gui_argv(args: list[str]) -> list[str]:
    if args and args[0] == "gui":
        args = args[1:]
    return ["gui", *args]


def main() -> int:
    from desktop_app.gui import preload

    preload()  # before exit_after_show, which imports PySide6
    import exit_after_show

    if exit_after_show.requested():
        exit_after_show.install()
    args = gui_argv(sys.argv[1:])
    if args == ["gui"]:  # the Start menu's start: nothing to parse, open the wizard at once
        from desktop_app.gui.app import run_gui

        return run_gui()
    from desktop_app.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
