"""The built-in module ``fileio`` (hyperon 0.2.10's builtin_mods/fileio.rs and .metta).

``(file-open! path options)`` gives a ``FileHandle``; the options are letters: ``r`` read,
``w`` write, ``c`` create, ``a`` append, ``t`` truncate (Rust's ``OpenOptions``). Then
``file-read-to-string!``, ``file-write!``, ``file-seek!`` (from the start), ``file-read-exact!``
(reads up to N bytes into an N-byte buffer, zero bytes kept, as the reference does) and
``file-get-size!``.
"""

from __future__ import annotations

import os
from typing import Any, BinaryIO

from mettajit.atoms.core import NUMBER, STRING, UNIT, Atom, Grounded, Symbol
from mettajit.grounded.builtin_mods import builtin_module, op_token
from mettajit.grounded.host import Host, require
from mettajit.grounded.registry import OpError

FILE_HANDLE = Symbol("FileHandle")


class FileHandle:
    """An open file; prints as ``FileHandle-0x...``."""

    def __init__(self, f: BinaryIO) -> None:
        self.f = f

    def metta_repr(self) -> str:
        return f"FileHandle-0x{id(self):012x}"


def _open(path: str, options: str) -> BinaryIO:
    read, write, create = "r" in options, "w" in options, "c" in options
    append, truncate = "a" in options, "t" in options
    # Rust's OpenOptions: create and truncate need write (or append); nothing at all fails
    if ((create or truncate) and not (write or append)) or not (read or write or append):
        raise OSError("invalid options")
    flags = os.O_RDWR if read and (write or append) else os.O_RDONLY if read else os.O_WRONLY
    if create:
        flags |= os.O_CREAT
    if append:
        flags |= os.O_APPEND
    if truncate:
        flags |= os.O_TRUNC
    fd = os.open(path, flags, 0o666)
    mode = "r+b" if read and (write or append) else "rb" if read else "wb"
    return os.fdopen(fd, mode, buffering=0)  # type: ignore[return-value]


def _text(a: Atom, message: str) -> str:
    if type(a) is Grounded and a.type is STRING:
        return a.value  # type: ignore[no-any-return]
    raise OpError(message)


def _handle(a: Atom, message: str) -> FileHandle:
    if type(a) is Grounded and isinstance(a.value, FileHandle):
        return a.value
    raise OpError(message)


def _count(a: Atom, message: str) -> int:
    if type(a) is Grounded and a.type is NUMBER:
        return int(a.value)
    raise OpError(message)


def file_open(interp: Any, path: Atom, options: Atom) -> Atom:
    msg = "file-open! expects filepath and options in form of string atoms as an argument"
    p, o = _text(path, msg), _text(options, msg)
    sandbox = interp.sandbox
    require(sandbox, "file-open!", Host.READ, p)
    if any(c in o for c in "wcat"):
        require(sandbox, "file-open!", Host.WRITE, p)
    try:
        return Grounded(FileHandle(_open(p, o)), FILE_HANDLE)
    except OSError:
        raise OpError(f"Failed to open file with provided path={p} and options={o}") from None


def file_read_to_string(h: Atom) -> Atom:
    f = _handle(h, "file-read! expects filehandle as an argument").f
    try:
        return Grounded(f.read().decode("utf-8"), STRING)
    except (OSError, UnicodeDecodeError) as e:
        raise OpError(f"Failed to read file contents: {e}") from None


def file_write(h: Atom, content: Atom) -> Atom:
    msg = "file-write! expects filehandle and content (string atom) as an arguments"
    f = _handle(h, msg).f
    try:
        f.write(_text(content, msg).encode("utf-8"))
    except OSError as e:
        raise OpError(f"Failed to write content to file: {e}") from None
    return UNIT


def file_seek(h: Atom, pos: Atom) -> Atom:
    msg = "file-seek! expects filehandle and start byte (number) as an arguments"
    _handle(h, msg).f.seek(_count(pos, msg))
    return UNIT


def file_read_exact(h: Atom, n: Atom) -> Atom:
    msg = ("file-read-exact! expects filehandle and number of bytes to read (number) as an "
           "arguments")
    f = _handle(h, msg).f
    size = _count(n, msg)
    data = f.read(size) or b""
    try:
        return Grounded((data + b"\0" * (size - len(data))).decode("utf-8"), STRING)
    except UnicodeDecodeError as e:
        raise OpError(f"Read exact failed: {e}") from None


def file_get_size(h: Atom) -> Atom:
    f = _handle(h, "file-get-size! expects filehandle as an argument").f
    return Grounded(os.fstat(f.fileno()).st_size, NUMBER)


_DOCS = """
(@doc file-open!
  (@desc "Opens a file and gives a handle on it.")
  (@params ((@param "the file's path, a string")
            (@param "how to open it, a string of letters: r read, w write, a append, c create when absent, t truncate (c and t need w or a)")))
  (@return "the handle; an Error when the file cannot be opened so, or the letters do not go together"))
(@doc file-read-to-string!
  (@desc "Reads the rest of an open file, from where its handle stands.")
  (@params ((@param "the handle, from file-open!")))
  (@return "what was read, a string"))
(@doc file-write!
  (@desc "Writes a string into an open file, where its handle stands.")
  (@params ((@param "the handle, from file-open!") (@param "the string to write")))
  (@return "()"))
(@doc file-seek!
  (@desc "Moves the place an open file is read or written at.")
  (@params ((@param "the handle, from file-open!") (@param "the new place, in bytes from the start")))
  (@return "()"))
(@doc file-read-exact!
  (@desc "Reads at most a given number of bytes of an open file, from where its handle stands.")
  (@params ((@param "the handle, from file-open!") (@param "how many bytes to read")))
  (@return "what was read, a string"))
(@doc file-get-size!
  (@desc "Tells how long an open file is.")
  (@params ((@param "the handle, from file-open!")))
  (@return "its size in bytes"))
"""  # noqa: E501 - one @param's text is longer than a line


@builtin_module("fileio", _DOCS)
def tokens() -> dict[str, Atom]:
    h = "FileHandle"
    return dict([
        op_token("file-open!", f"(-> String String {h})", file_open, host=Host.READ,
                 needs_runtime=True),
        op_token("file-read-to-string!", f"(-> {h} String)", file_read_to_string),
        op_token("file-write!", f"(-> {h} String ())", file_write),
        op_token("file-seek!", f"(-> {h} Number ())", file_seek),
        op_token("file-read-exact!", f"(-> {h} Number String)", file_read_exact),
        op_token("file-get-size!", f"(-> {h} Number)", file_get_size),
    ])
