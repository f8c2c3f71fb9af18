"""The interactive session: read until the parentheses balance, run, print, repeat.

This module owns the REPL's input handling: line editing and history through prompt_toolkit
when stdin is a terminal, plain line reading otherwise (``echo '!(+ 1 2)' | mettajit``), the
decision of when an entry is complete, and the rule that no error ends the session or
prints a Python traceback. ``!expr`` prints its results as ``[r1, r2]``; any other atom is
added to the space, as in a file.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

from mettajit.atoms.printer import format_results
from mettajit.atoms.reader import ParseError
from mettajit.config import Settings

if TYPE_CHECKING:
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import History
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output

    from mettajit.runner import MeTTa

HISTORY_FILE = Path.home() / ".mettajit_history"
PROMPT = "metta> "
CONTINUATION = "  ...> "
HELP = """\
Enter MeTTa atoms. `!expr` evaluates expr and prints its results; any other atom is added
to the space. Input continues over several lines until the parentheses balance.
  :help    this text
  :quit    leave (Ctrl-D works too; Ctrl-C abandons the current input)"""


def open_depth(text: str) -> int:
    """How many ``(`` are still open at the end of ``text``, ignoring strings and comments.

    Negative when there are more ``)`` than ``(``; an unterminated string counts as one open
    level, so a string may continue on the next line.
    """
    depth, i, n = 0, 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            if i >= n:
                return depth + 1
        elif c == ";":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        i += 1
    return depth


def is_complete(text: str) -> bool:
    """True when ``text`` is ready to run: balanced (or over-closed, for the parser to report)
    and not ending in a bare ``!`` that waits for its expression."""
    if open_depth(text) > 0:
        return False
    words = _code_words(text)
    return not (words and words[-1] == "!")


def _code_words(text: str) -> list[str]:
    return [w for line in text.splitlines() for w in line.split(";")[0].split()]


class Session:
    """One REPL session over a runtime; ``feed`` takes a complete entry and prints its results."""

    def __init__(self, metta: MeTTa, out: TextIO, err: TextIO) -> None:
        self.metta = metta
        self.out = out
        self.err = err

    def feed(self, text: str) -> None:
        try:
            results = self.metta.run(text)
        except ParseError as exc:
            print(f"syntax error at {exc.line}:{exc.col}: {exc.message}", file=self.err)
            return
        except RecursionError:
            print("error: Python recursion limit reached", file=self.err)
            return
        except Exception as exc:  # a failure of the runtime: report it, keep the session
            print(f"error: {type(exc).__name__}: {exc}", file=self.err)
            return
        for result in results:
            print(format_results(result), file=self.out)
        self.out.flush()


def entries(lines: Iterator[str]) -> Iterator[str]:
    """Group raw lines into complete entries (a final incomplete one is still yielded)."""
    buf: list[str] = []
    for line in lines:
        buf.append(line)
        text = "\n".join(buf)
        if is_complete(text):
            if text.strip():
                yield text
            buf = []
    if "\n".join(buf).strip():
        yield "\n".join(buf)


def run_repl(settings: Settings, make: Callable[[Settings], MeTTa]) -> int:
    """Run a session on stdin/stdout; returns the exit status."""
    session = Session(make(settings), sys.stdout, sys.stderr)
    if sys.stdin.isatty() and sys.stdout.isatty():
        return _interactive(session)
    for entry in entries(line.rstrip("\n") for line in sys.stdin):
        if entry.strip() in (":quit", ":q"):
            break
        session.feed(entry)
    return 0


def _interactive(session: Session) -> int:
    history: History
    try:
        HISTORY_FILE.touch(exist_ok=True)
        history = FileHistory(str(HISTORY_FILE))
    except OSError:
        history = InMemoryHistory()
    print("mettajit REPL. :help for help, Ctrl-D to leave.", file=session.err)
    return interact(session, make_prompt(history))


def make_prompt(
    history: History, input: Input | None = None, output: Output | None = None
) -> PromptSession[str]:
    """A prompt whose entry is one whole MeTTa entry, however many lines it spans.

    Enter ends the entry when :func:`is_complete` says so and starts a new line otherwise,
    so an entry is edited as one buffer and the history recalls it whole (Up brings back
    the full definition, not its last line).
    """
    keys = KeyBindings()

    @keys.add("enter")
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        text = buffer.text
        if is_complete(text) or text.strip().startswith(":"):
            buffer.validate_and_handle()
        else:
            buffer.insert_text("\n")

    return PromptSession(
        PROMPT,
        history=history,
        multiline=True,
        key_bindings=keys,
        prompt_continuation=CONTINUATION,
        input=input,
        output=output,
    )


def interact(session: Session, prompt: PromptSession[str]) -> int:
    """Read entries from ``prompt`` until Ctrl-D or ``:quit``; returns the exit status."""
    while True:
        try:
            text = prompt.prompt()
        except KeyboardInterrupt:
            continue  # abandon the current entry, keep the session
        except EOFError:
            return 0
        command = text.strip()
        if command in (":quit", ":q", ":exit"):
            return 0
        if command == ":help":
            print(HELP, file=session.err)
            continue
        if command:
            try:
                session.feed(text)
            except KeyboardInterrupt:
                print("interrupted", file=session.err)
