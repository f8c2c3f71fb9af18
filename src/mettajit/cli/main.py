"""The ``mettajit`` command: argument parsing, exit codes and the user-facing error policy.

This module owns what a user sees of a failure. A user's mistake (a syntax error, a missing
file, an unknown flag) is one line on stderr and a non-zero exit status, never a Python
traceback. stdout carries only the program's own output and one ``[r1, r2]`` line per ``!``
query; statistics and diagnostics go to stderr.

Exit statuses (the sysexits values clox uses):

====  =========================================================
0     success
2     bad command line (argparse)
65    syntax error in the program (``FILE:LINE:COL: message``)
66    the program file cannot be read
70    internal error: a bug in mettajit, not in the program
130   interrupted (Ctrl-C)
====  =========================================================
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import signal
import sys
import traceback
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from pathlib import Path

from mettajit import __version__
from mettajit.atoms.reader import ParseError
from mettajit.config import Settings
from mettajit.runner import MeTTa

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_SYNTAX = 65
EXIT_NOINPUT = 66
EXIT_INTERNAL = 70
EXIT_INTERRUPTED = 130

TIERS = ("0", "1", "2", "auto")

_EPILOG = """\
commands:
  run FILE        run a MeTTa program, one result line per `!` query
                  (`mettajit FILE` is the same; FILE `-` reads the program from stdin)
  repl            interactive session (the default with no command)
  bench programs  time the packaged benchmark programs on each tier (answers checked first)
  bench seed      the seed report's benchmark tables

exit status: 0 ok, 2 bad usage, 65 syntax error, 66 unreadable file,
             70 internal error, 130 interrupted
"""

COMMANDS = ("run", "repl", "bench")
STDIN = "-"  # the FILE that means "read the program from stdin"


class CliError(Exception):
    """A failure to report as one line on stderr, with the exit status to use."""

    def __init__(self, message: str, status: int, *, bare: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.bare = bare  # print the message alone, without the "mettajit: " prefix


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: ``run``, ``repl`` and ``bench`` with their options."""
    parser = argparse.ArgumentParser(
        prog="mettajit",
        description="A MeTTa runtime in three tiers: tree-walker, bytecode VM, llvmlite JIT.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"mettajit {__version__}")
    add_traceback_option(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="run a MeTTa program")
    run.add_argument("file", metavar="FILE", help=f"the .metta program ({STDIN} reads stdin)")
    add_tier_options(run)
    add_traceback_option(run)

    repl = sub.add_parser("repl", help="interactive session")
    repl.add_argument("--tier", choices=TIERS, default=None, help="execution tier")
    add_limit_options(repl)
    add_traceback_option(repl)

    bench = sub.add_parser("bench", help="benchmarks")
    add_traceback_option(bench)
    bench_sub = bench.add_subparsers(dest="suite", metavar="SUITE", required=True)
    programs = bench_sub.add_parser("programs", help="whole programs, per tier")
    add_traceback_option(programs)
    programs.add_argument("--json", metavar="FILE", type=_path, help="write the records here")
    programs.add_argument(
        "--tiers", default=None,
        help="comma-separated tiers (default: 0,1,2,auto; with --peers: auto)"
    )
    programs.add_argument(
        "--peers", action="store_true",
        help="also PeTTa (METTAJIT_PETTA: a checkout) and hyperon's metta-py "
        "(METTAJIT_HYPERON, else on PATH) when installed, and a PNG plot",
    )
    programs.add_argument(
        "--size", action="append", default=[], metavar="NAME=N[,N...]",
        help="resize a program: list_ops, peano, nondet (candidates), kb_query, fib, "
        "tail_sum (repeatable)",
    )
    programs.add_argument(
        "--issue-sizes", action="store_true",
        help="issue 10's sizes: list_ops 300000, peano 300, nondet 64000, "
        "kb_query 4000 and 16000, fib 30, tail_sum 2000000",
    )
    programs.add_argument(
        "--no-bytecode-cache", action="store_true",
        help="run the children in this environment as it is (by default they may write and "
             "read .pyc files, under a folder of the bench, after one warm-up run)")
    programs.add_argument("--plot", metavar="FILE", type=_path, default=None,
                          help="the PNG plot (default with --peers: mettajit-bench.png)")
    programs.add_argument("--repeat", type=int, default=3, help="timed runs per cell (median)")
    programs.add_argument(
        "--budget",
        type=float,
        default=60.0,
        help="seconds per program and tier; a first run longer than this is a timeout",
    )
    programs.add_argument(
        "--dir", type=_path, default=None, help="folder of NAME.metta + NAME.expected"
    )
    programs.add_argument("--only", default=None, help="comma-separated program names")
    seed = bench_sub.add_parser("seed", help="the seed report's tables")
    seed.add_argument("--json", metavar="FILE", type=_path, help="write the records here")
    seed.add_argument("--quick", action="store_true", help="fewer iterations")
    add_traceback_option(seed)
    return parser


def add_traceback_option(p: argparse.ArgumentParser, *, top: bool = False) -> None:
    """``--traceback`` on the command and on every subcommand, so it may stand anywhere.

    A subcommand's copy has no default, so it does not undo one given before the command.
    """
    p.add_argument(
        "--traceback",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="on an internal error, print the Python traceback (for bug reports)",
    )


def implicit_run(argv: list[str]) -> list[str]:
    """``mettajit FILE [options]`` as ``mettajit run FILE [options]``, as hyperon's
    ``metta-py FILE`` and PeTTa's ``run.sh FILE`` take it.

    The first word that is not ``--traceback`` decides: a command name, ``-h``/``--help``/
    ``--version`` or nothing leave the line alone; a file name (or ``-``) or an option of
    ``run`` (``mettajit --tier 0 FILE``) get ``run`` put before it.
    """
    run_options = _run_option_strings()
    for i, word in enumerate(argv):
        if word == "--traceback":
            continue
        if word in COMMANDS or word in ("-h", "--help", "--version", "--"):
            return argv
        option = word.split("=", 1)[0]
        if word == STDIN or not word.startswith("-") or option in run_options:
            return [*argv[:i], "run", *argv[i:]]
        return argv
    return argv


def _run_option_strings() -> set[str]:
    actions = add_tier_options(argparse.ArgumentParser(add_help=False))
    return {s for a in actions for s in a.option_strings}


def add_tier_options(p: argparse.ArgumentParser) -> list[argparse.Action]:
    """The options that become a :class:`Settings` (returned, for :func:`implicit_run`)."""
    return [
        p.add_argument(
            "--tier", choices=TIERS, default=None, help="execution tier (default: auto)"
        ),
        p.add_argument("--stats", action="store_true", help="counters and timings on stderr"),
        p.add_argument("--trace", action="store_true", help="trace execution on stderr"),
        p.add_argument(
            "--dump-bytecode", action="store_true", help="disassemble each compiled chunk"
        ),
        p.add_argument("--dump-ir", action="store_true", help="LLVM IR of each JIT unit"),
        p.add_argument("--dump-opt-ir", action="store_true", help="... after optimisation"),
        p.add_argument("--dump-asm", action="store_true", help="... as machine code"),
        p.add_argument("--no-jit-cache", action="store_true",
                       help="compile every native unit (no object code from or to disk)"),
        p.add_argument("--jit-cache-dir", metavar="DIR", default=None,
                       help="the folder of tier 2's object code cache "
                       "(default: $METTAJIT_CACHE_DIR, else $XDG_CACHE_HOME/mettajit)"),
        *add_limit_options(p),
    ]


def _at_least(kind: type[int] | type[float], low: float) -> Callable[[str], int | float]:
    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low:g}, got {text}")
        return value

    return parse


def add_limit_options(p: argparse.ArgumentParser) -> list[argparse.Action]:
    """The bounds of each query and the sandbox (``interpreter.limits``, ``grounded.host``)."""
    return [
        p.add_argument("--max-steps", metavar="N", type=_at_least(int, 1), default=None,
                       help="end a query after N steps (rule applications)"),
        p.add_argument("--timeout", metavar="S", type=_at_least(float, 0.001), default=None,
                       help="end a query after S seconds"),
        p.add_argument("--max-memory", metavar="MB", type=_at_least(int, 1), default=None,
                       help="end a query that grows the resident memory by MB megabytes"),
        p.add_argument("--sandbox", action="store_true",
                       help="refuse host access: files outside the program's folder, "
                       "writing files, Python, the environment"),
    ]


def settings_from(args: argparse.Namespace) -> Settings:
    """The Settings a parsed command line asks for (defaults for what it does not say)."""
    changes: dict[str, object] = {}
    if getattr(args, "tier", None) is not None:
        changes["tier"] = args.tier
    for flag in ("stats", "trace", "dump_bytecode", "dump_ir", "dump_opt_ir", "dump_asm",
                 "sandbox"):
        if getattr(args, flag, False):
            changes[flag] = True
    if getattr(args, "no_jit_cache", False):
        changes["jit_cache"] = False
    if getattr(args, "jit_cache_dir", None):
        changes["jit_cache_dir"] = args.jit_cache_dir
        changes.setdefault("jit_cache", True)
    for limit in ("max_steps", "timeout", "max_memory"):
        if getattr(args, limit, None) is not None:
            changes[limit] = getattr(args, limit)
    return Settings().with_(**changes)


def make_runtime(settings: Settings, out: TextIO) -> MeTTa:
    """A fresh runtime."""
    return MeTTa(settings=settings, out=out)


def _path(text: str) -> Path:
    """An argument that names a file (pathlib is imported only for the commands that
    take one: ``mettajit run`` starts without it)."""
    from pathlib import Path

    return Path(text)


def check_readable(path: str) -> None:
    """Fail with one clean line if ``path`` is not a readable text file."""
    if not os.path.exists(path):
        raise CliError(f"{path}: no such file", EXIT_NOINPUT)
    if os.path.isdir(path):
        raise CliError(f"{path}: is a directory", EXIT_NOINPUT)
    try:
        with open(path, "rb") as f:
            f.read(1)
    except OSError as exc:
        raise CliError(f"{path}: {exc.strerror or exc}", EXIT_NOINPUT) from exc


def read_stdin() -> str:
    """The program on stdin (``mettajit run -``), decoded as UTF-8 whatever the locale."""
    try:
        return sys.stdin.buffer.read().decode("utf-8")
    except AttributeError:  # a text stream without a buffer (a test's StringIO)
        return sys.stdin.read()


def cmd_run(args: argparse.Namespace) -> int:
    from_stdin = args.file == STDIN
    if not from_stdin:
        check_readable(args.file)
    settings = settings_from(args)
    name = "<stdin>" if from_stdin else args.file
    previous = _exit_on_interrupt()
    try:
        text = read_stdin() if from_stdin else None
        metta = make_runtime(settings, sys.stdout)
        if text is None:
            metta.run_file(args.file)
        else:
            metta.run_file(name, text=text)
    except ParseError as exc:
        raise CliError(str(exc), EXIT_SYNTAX, bare=True) from exc
    except UnicodeDecodeError as exc:
        raise CliError(f"{name}: not UTF-8 text ({exc.reason})", EXIT_NOINPUT) from exc
    finally:
        _restore_interrupt(previous)
    sys.stdout.flush()
    if settings.stats:
        print(metta.stats.report(), file=sys.stderr)
    # the process ends: the collections of its finalisation need not walk what the run left
    # (a program of 30,000 facts: 0.45 s)
    gc.freeze()
    return EXIT_OK


def _exit_on_interrupt() -> object:
    """Ctrl-C ends ``run`` at once with status 130: what was printed stays (each result
    line is flushed when printed), and nothing unwinds or frees a deep evaluation first,
    which took up to a quarter of a second. Native code reaches this handler too
    (``interpreter.limits``: its step poll checks for signals). Returns the handler it
    replaced (None where signals cannot be set: not the main thread)."""
    def stop(signum: int, frame: object) -> None:
        with contextlib.suppress(OSError, ValueError, RuntimeError):  # closed, or busy
            sys.stdout.flush()
        os._exit(EXIT_INTERRUPTED)

    try:
        return signal.signal(signal.SIGINT, stop)
    except ValueError:
        return None


def _restore_interrupt(previous: object) -> None:
    if previous is not None:
        signal.signal(signal.SIGINT, previous)  # type: ignore[arg-type]


def cmd_repl(args: argparse.Namespace) -> int:
    from mettajit.cli.repl import run_repl  # prompt_toolkit loads for the REPL alone (~90 ms)

    return run_repl(settings_from(args), lambda s: make_runtime(s, sys.stdout))


def cmd_bench(args: argparse.Namespace) -> int:
    from mettajit.cli import bench  # loads for `bench` alone (~55 ms)

    if args.suite == "seed":
        return bench.run_seed(args.json, args.quick)
    tier_list = args.tiers if args.tiers is not None else ("auto" if args.peers
                                                           else "0,1,2,auto")
    tiers = [t.strip() for t in tier_list.split(",") if t.strip()]
    bad = [t for t in tiers if t not in TIERS]
    if bad or not tiers:
        raise CliError(
            f"--tiers: expected some of {', '.join(TIERS)}, got {args.tiers!r}", EXIT_USAGE
        )
    if args.repeat < 1:
        raise CliError("--repeat must be at least 1", EXIT_USAGE)
    only = None if args.only is None else {n.strip() for n in args.only.split(",")}
    if args.dir is not None and not args.dir.is_dir():
        raise CliError(f"{args.dir}: no such folder of benchmark programs", EXIT_NOINPUT)
    specs = list(args.size)
    if args.issue_sizes:
        specs = [f"{k}={','.join(map(str, v))}" for k, v in bench.ISSUE_SIZES.items()] + specs
    try:
        sizes = bench.parse_sizes(specs)
    except ValueError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    return bench.run_programs(
        tiers=tiers,
        repeat=args.repeat,
        budget=args.budget,
        folder=args.dir,
        json_path=args.json,
        only=only,
        sizes=sizes,
        peers=args.peers,
        plot_path=args.plot,
        settings=Settings(),
        bytecode_cache=not args.no_bytecode_cache,
    )


def dispatch(args: argparse.Namespace) -> int:
    if args.command == "run":
        return cmd_run(args)
    if args.command == "bench":
        return cmd_bench(args)
    return cmd_repl(args)  # "repl", or no command at all


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``mettajit`` console script and of ``python -m mettajit``."""
    parser = build_parser()
    args = parser.parse_args(implicit_run(list(sys.argv[1:] if argv is None else argv)))
    if hasattr(sys.stdout, "reconfigure"):
        # results are printed as soon as computed: let a pipe see each line when it is written
        sys.stdout.reconfigure(line_buffering=True)
    try:
        return dispatch(args)
    except CliError as exc:
        print(exc if exc.bare else f"mettajit: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK
    except RecursionError:
        print("mettajit: internal error: Python recursion limit reached", file=sys.stderr)
        return EXIT_INTERNAL
    except Exception as exc:  # a bug of ours: one line, unless asked for the traceback
        if args.traceback:
            traceback.print_exc()
        else:
            where = _innermost_frame(exc)
            print(
                f"mettajit: internal error: {type(exc).__name__}: {exc}{where}"
                " (rerun with --traceback for details)",
                file=sys.stderr,
            )
        return EXIT_INTERNAL


def _innermost_frame(exc: BaseException) -> str:
    tb = exc.__traceback__
    if tb is None:
        return ""
    frames = traceback.extract_tb(tb)
    last = frames[-1]
    return f" at {os.path.basename(last.filename)}:{last.lineno}"


def _silence_stdout() -> None:
    # the reader of our output went away (`mettajit run x | head`): drop what is buffered
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
