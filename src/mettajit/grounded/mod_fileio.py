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
  (@desc "Function takes path to the file and open options (r, w, c, a, t) both in form of string, creates filehandle and
    returns it")
  (@params (
    (@param "Filepath (string atom)")
    (@param "Open options (string atom), r - read, w - write, c - create if file doesn't exist, a - append to file,
        t - truncate file")))
  (@return "Filehandle or error if combination of path and open options is wrong (e.g. file doesn't exist and no 'c'
    in options; or 'rc' option provided, since 'c' demands for 'w')"))
(@doc file-read-to-string!
  (@desc "Function takes filehandle provided by file-open! reads its content from current cursor place till the end of
    file and returns content in form of string.")
  (@params (
    (@param "Filehandle")))
  (@return "File's content"))
(@doc file-write!
  (@desc "Function takes filehandle provided by file-open!, content to be written (string atom) and puts content into
    file associated with filehandle")
  (@params (
    (@param "Filehandle")
    (@param "Content (string atom)")))
  (@return "Unit atom"))
(@doc file-seek!
  (@desc "Function takes filehandle provided by file-open! and desired cursor position (number) and sets cursor to
    provided position")
  (@params (
    (@param "Filehandle")
    (@param "Desired cursor position (number)")))
  (@return "Unit atom"))
(@doc file-read-exact!
  (@desc "Function takes filehandle provided by file-open! and desired number of bytes to read (number), reads content
  of file from current cursor position (number of read bytes <= input number of bytes to read) and returns it in form of
  string")
  (@params (
    (@param "Filehandle")
    (@param "Number of bytes to read")))
  (@return "File's content"))
(@doc file-get-size!
  (@desc "Function takes filehandle provided by file-open! and returns size of file")
  (@params (
    (@param "Filehandle")))
  (@return "Size of file"))
"""  # noqa: E501 - the reference\'s text, as it is


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
