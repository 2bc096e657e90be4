"""Entry of the console program `policy-selfcheck` of the bundle (contract section 3)."""

from desktop_app.cli import run

if __name__ == "__main__":
    run()
