"""The bundle's size on disk and the frozen GUI's start-up against a bare frozen window.

    .venv/bin/python benchmarks/bench_bundle.py [--bundle DIST/PolicySelfCheck] [--runs 5]

Builds build.spec and benchmarks/bare_window.spec (a PySide6 QWidget, frozen with the
same options) into a temporary folder, unless --bundle names an existing build (the
baseline is always built). Each start is a new process under QT_QPA_PLATFORM=offscreen
with POLICY_SELFCHECK_EXIT_AFTER_SHOW=1: the time is from just before the process is
started to its "shown" line, printed once the event loop runs with the window visible.
Two figures: first starts (each with a new user data folder, as after installing) and
later starts (one data folder kept, as a user's is from the second start on).
The OS file cache is warm (runs after the first), unless --cold: then (Linux, as root)
the page cache is dropped before every start, as after a reboot. Target: within 1.5x.
With --instructions (Linux, valgrind installed) it also counts the instructions each
program runs from its start to the shown window (callgrind): the same figure at every
run, where the times drift with the machine's load.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXE = ".exe" if os.name == "nt" else ""
TARGET_RATIO = 1.5


def build(spec: Path, work: Path) -> tuple[Path, float]:
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
                    str(spec)], cwd=ROOT, check=True)
    return work / "dist", time.monotonic() - started


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*")
               if p.is_file() and not p.is_symlink()) / 1e6


DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def drop_caches() -> None:
    os.sync()
    DROP_CACHES.write_text("3\n")


def start_time(program: Path | list[str], data_dir: Path, cold: bool = False) -> float:
    """Seconds from process start to its first window being shown (program: a frozen
    executable, or an argv such as [python, script])."""
    if cold:
        drop_caches()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", POLICY_SELFCHECK_EXIT_AFTER_SHOW="1",
               POLICY_SELFCHECK_DATA=str(data_dir))
    started = time.time()
    argv = [str(program)] if isinstance(program, Path) else program
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    ended = time.time()
    proc.wait(timeout=60)
    if line.startswith("shown "):
        return float(line.split()[1]) - started
    if proc.returncode == 0 and not line:
        # A windowed Windows program may have no stdout: status 0 still means "shown",
        # and the time runs to its exit.
        return ended - started
    raise RuntimeError(f"{argv[-1]} showed no window (exit {proc.returncode})")


def instructions(program: Path, data_dir: Path) -> int:
    """Instructions the program runs from its start until its window is shown and it
    exits (POLICY_SELFCHECK_EXIT_AFTER_SHOW), counted by valgrind's callgrind. The count
    leaves out waiting (the disk, the scheduler), which is why it is steady."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", POLICY_SELFCHECK_EXIT_AFTER_SHOW="1",
               POLICY_SELFCHECK_DATA=str(data_dir))
    # --trace-children: PyInstaller's bootloader may start the program anew
    proc = subprocess.run(["valgrind", "--tool=callgrind", "--trace-children=yes",
                           f"--callgrind-out-file={data_dir.parent / 'callgrind.%p'}",
                           str(program)], env=env, capture_output=True, text=True,
                          timeout=600)
    counts = [int(n.replace(",", "")) for n in
              re.findall(r"Collected : ([\d,]+)", proc.stderr)]
    if proc.returncode != 0 or not counts:
        raise RuntimeError(f"callgrind of {program} failed: {proc.stderr[-500:]}")
    return sum(counts)


def _report_instructions(gui: Path, baseline: Path, tmp: Path) -> None:
    counts = {}
    for who, program in (("gui", gui), ("bare", baseline)):
        kept = tmp / f"cg-{who}-kept"
        counts[who] = (instructions(program, tmp / f"cg-{who}-new"),
                       instructions(program, kept), instructions(program, kept))
    print("instructions to shown window (callgrind): "
          f"first start: wizard {counts['gui'][0] / 1e6:.0f}M, bare window "
          f"{counts['bare'][0] / 1e6:.0f}M, ratio {counts['gui'][0] / counts['bare'][0]:.2f}x; "
          f"later start: wizard {counts['gui'][2] / 1e6:.0f}M, bare window "
          f"{counts['bare'][2] / 1e6:.0f}M, ratio {counts['gui'][2] / counts['bare'][2]:.2f}x")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bundle", type=Path, help="an existing dist/PolicySelfCheck to measure")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cold", action="store_true",
                    help="drop the OS page cache before each start (Linux, root)")
    ap.add_argument("--instructions", action="store_true",
                    help="also count instructions to the shown window (valgrind, Linux)")
    args = ap.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        ap.error("--instructions needs valgrind")
    if args.cold and not os.access(DROP_CACHES, os.W_OK):
        ap.error("--cold needs Linux and root (writes /proc/sys/vm/drop_caches)")

    with tempfile.TemporaryDirectory(prefix="bench-bundle-") as tmp:
        tmp = Path(tmp)
        if args.bundle:
            bundle = args.bundle
        else:
            dist, seconds = build(ROOT / "build.spec", tmp / "app")
            bundle = dist / "PolicySelfCheck"
            print(f"build.spec built in {seconds:.1f} s")
        bare_dist, _ = build(ROOT / "benchmarks" / "bare_window.spec", tmp / "bare")
        bare = bare_dist / "BareWindow"

        print(f"bundle size on disk: {size_mb(bundle):.1f} MB ({bundle})")
        print(f"bare PySide6 window bundle: {size_mb(bare):.1f} MB")

        gui = bundle / f"PolicySelfCheck{EXE}"
        baseline = bare / f"BareWindow{EXE}"
        for program in (gui, baseline):  # one untimed start each: fill the file cache
            start_time(program, tmp / "warm")
        for program, who in ((gui, "gui"), (baseline, "bare")):  # the kept folders' first
            start_time(program, tmp / f"data-{who}-kept")  # start, untimed
        # A first start (a new user data folder, as after installing: the wizard verifies
        # the clause base and keeps its snapshot, core/base_snapshot.py) and the starts a
        # user makes every day after it (the same data folder each time).
        first = _interleaved(gui, baseline, args.runs, args.cold,
                             lambda who, run: tmp / f"data-{who}-{run}")
        later = _interleaved(gui, baseline, args.runs, args.cold,
                             lambda who, run: tmp / f"data-{who}-kept")
        cache = "cold" if args.cold else "warm"
        print(f"start to shown window ({cache} file cache), median of {args.runs} each:")
        _report("first start, new data folder", first)
        _report("later starts, same data folder", later)
        if args.instructions:
            _report_instructions(gui, baseline, tmp)
    return 0


def _interleaved(gui: Path, baseline: Path, runs: int, cold: bool,
                 data: Callable[[str, int], Path]) -> dict[str, list[float]]:
    """Start times of the wizard and the bare window, each wizard start beside a bare one."""
    times: dict[str, list[float]] = {"gui": [], "bare": []}
    for run in range(runs):
        times["gui"].append(start_time(gui, data("gui", run), cold))
        times["bare"].append(start_time(baseline, data("bare", run), cold))
    return times


def _report(label: str, times: dict[str, list[float]]) -> None:
    gui_s, bare_s = statistics.median(times["gui"]), statistics.median(times["bare"])
    ratio = gui_s / bare_s
    verdict = "within" if ratio <= TARGET_RATIO else "OVER"
    print(f"{label}: wizard {gui_s * 1000:.0f} ms, bare window {bare_s * 1000:.0f} ms, "
          f"ratio {ratio:.2f}x ({verdict} the {TARGET_RATIO}x target)")
    print("  wizard runs: " + ", ".join(f"{t * 1000:.0f}" for t in times["gui"]) + " ms")
    print("  bare runs:   " + ", ".join(f"{t * 1000:.0f}" for t in times["bare"]) + " ms")
    # On a shared machine the speed drifts by tens of percent within a minute: each
    # wizard start is timed beside a bare one, so the ratio of each pair is the
    # steadier figure.
    pairs = sorted(g / b for g, b in zip(times["gui"], times["bare"], strict=True))
    quarter = len(pairs) // 4
    print(f"  ratio of each interleaved pair: median {statistics.median(pairs):.2f}x, "
          f"middle half {pairs[quarter]:.2f}-{pairs[-1 - quarter]:.2f}x; ratio of the "
          f"fastest starts {min(times['gui']) / min(times['bare']):.2f}x")


if __name__ == "__main__":
    sys.exit(main())
