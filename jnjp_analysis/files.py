"""Files, the foundation under every reader and writer: what may be read, where caches live, how a
file is written, and how text from a user's file is shown outside a page.

* :func:`regular_file` — a file a user names is read only if it is a regular file within the size
  limit: a folder, a FIFO (which would block the reader forever), a device, a socket, a dangling
  link or a link loop is refused with a sentence naming it, never a traceback or a hang.
* :func:`private_cache_dir` — caches that change what a page shows (the accepted record, the font
  subset the page's digits are drawn with) live in a per-user folder with mode 0700, checked on
  every use: a folder that is not the user's own and private is refused, so that nobody else on the
  machine can plant what the next build embeds. ``JNJP_CACHE_DIR`` names another folder (the same
  checks apply); the default is the platform's user cache folder (``platformdirs``).
* :func:`atomic_write` — the one way a file is written: a temp file beside it, then a rename, with
  the mode ``open()`` would give (the umask), so a reader never sees half a file.
* :func:`terminal_safe` — control characters (ANSI escapes in a file name, a carriage return in a
  cell) are shown escaped on the terminal, never acted on.
* :func:`csv_safe` — a text cell a spreadsheet would run as a formula is neutralised in the CSVs
  a user downloads (OWASP's CSV injection advice), numbers untouched.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import re
import stat
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from jnjp_analysis.checks import JnjpError
from jnjp_analysis.config import file_mode

CACHE_ENV = "JNJP_CACHE_DIR"
# A record or scenario file is a few hundred rows; these limits are far above any real one and far
# below what would take minutes or gigabytes to read.
MAX_FILE_BYTES = 20 * 1024 * 1024
_MODE = file_mode()  # read once at import, in the main thread (umask is process-wide)


def regular_file(path: Path | str, what: str = "file", max_bytes: int = MAX_FILE_BYTES) -> Path:
    """``path`` if it is a readable regular file of at most ``max_bytes``.

    Else a JnjpError saying what it is instead (not found, a folder, a FIFO, a link loop, too large).

    Parameters
    ----------
    path : Path or str
        The file a user named.
    what : str
        What it is, for the message ("record", "scenario file").
    max_bytes : int
        The size limit in bytes.

    Returns
    -------
    Path
        ``path`` as a Path.

    Raises
    ------
    JnjpError
        Naming what it is instead: not found, a dangling link, a link loop, unreadable, a folder, a FIFO,
        a socket, a device, too large.
    """
    p = Path(path)
    try:
        st = os.stat(p)
    except ValueError:  # a NUL in the name
        raise JnjpError(f"{what} {str(p)!r}: the file name holds a NUL character") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise JnjpError(f"{what} {p} is a symbolic link that loops (ELOOP): point it at a file") from None
        if exc.errno == errno.ENOENT:
            dangling = os.path.lexists(p)
            raise JnjpError(f"{what} {p} " + ("is a symbolic link to nothing" if dangling else "not found")) from None
        raise JnjpError(f"{what} {p} cannot be read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise JnjpError(f"{what} {p} is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode)
                else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) else "not a regular file")
        raise JnjpError(f"{what} {p} is {kind}, not a regular file: save the data to a file and name that")
    if st.st_size > max_bytes:
        raise JnjpError(f"{what} {p} is {st.st_size / 1e6:.1f} MB, above the limit of {max_bytes / 1e6:.0f} MB "
                        f"for a {what}: is it the right file?")
    return p


def read_bytes(path: Path | str, what: str = "file", max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file (:func:`regular_file`), read at most once past the limit.

    Parameters
    ----------
    path : Path or str
        The file a user named.
    what : str
        What it is, for the message ("record", "scenario file").
    max_bytes : int
        The size limit in bytes.

    Returns
    -------
    bytes
        The whole content of the file.

    Raises
    ------
    JnjpError
        If it is not a readable regular file within the limit (:func:`regular_file`), or grew past
        the limit while it was read.
    """
    p = regular_file(path, what, max_bytes)
    with open(p, "rb") as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew while we looked
        raise JnjpError(f"{what} {p} is above the limit of {max_bytes / 1e6:.0f} MB")
    return data


def _default_cache_root() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("jnjp_analysis", appauthor=False))


def private_cache_dir(name: str) -> Path | None:
    """``<cache root>/<name>``, created with mode 0700; None if it cannot be created.

    (A cache that cannot be written costs time, never a result.) Raises JnjpError if the folder (or
    the root) exists but is not a real folder owned by this user with no access for others.

    Parameters
    ----------
    name : str
        The cache's folder name under the root (``JNJP_CACHE_DIR``, else the user cache folder).

    Returns
    -------
    Path or None
        The private folder, or None if it (or the root) cannot be created.

    Raises
    ------
    JnjpError
        If the folder or the root is a symbolic link, not a folder, owned by another user, or open
        to others (any of mode 0o077).
    """
    root = Path(os.environ[CACHE_ENV]) if os.environ.get(CACHE_ENV) else _default_cache_root()
    d = root / name
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        d.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        for folder in (root, d):  # there but no folder (a file, a link to one): say so
            if os.path.lexists(folder) and not folder.is_dir():
                _check_private(folder)
        return None
    for folder in (root, d):
        _check_private(folder)
    return d


def _check_private(folder: Path) -> None:
    st = os.lstat(folder)
    uid = os.getuid()
    why = None
    if stat.S_ISLNK(st.st_mode):
        why = "is a symbolic link"
    elif not stat.S_ISDIR(st.st_mode):
        why = "is not a folder"
    elif st.st_uid != uid:
        why = f"belongs to user id {st.st_uid}, not to you ({uid})"
    elif st.st_mode & 0o077:
        why = f"can be read or written by others (mode {stat.S_IMODE(st.st_mode):04o})"
    if why:
        raise JnjpError(f"the cache folder {folder} {why}: a cache there could hold what someone else put in it. "
                        f"Remove it (it is rebuilt, private), or set {CACHE_ENV} to a folder of your own with mode 0700")


def atomic_write(path: Path | str, data: str | bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder and a rename.

    ``mode`` defaults to what ``open()`` would give (0o666 less the umask).

    Parameters
    ----------
    path : Path or str
        The file to write (replaced if it exists).
    data : str or bytes
        The content; a str is written as UTF-8.
    mode : int or None
        The file's permission bits (``0o644``); None for the umask's default.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, _MODE if mode is None else mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def terminal_safe(text: object) -> str:
    """``text`` with control characters shown as ``\\xNN`` / ``\\uNNNN``.

    Control characters are C0 but newline and tab, DEL, C1, bidirectional and zero-width marks: an
    ANSI escape in a file name prints as text.

    Parameters
    ----------
    text : object
        What to show; anything but a str is shown as ``str(text)``.

    Returns
    -------
    str
        The text, each control character escaped.
    """
    def esc(m: re.Match) -> str:
        c = ord(m.group(0))
        return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"

    return _CONTROL.sub(esc, str(text))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # and full-width forms
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def csv_safe(value: object) -> object:
    """A cell for a CSV a user downloads, never run as a formula.

    Text that starts like a formula (``=``, ``+``, ``-``, ``@``, tab, CR) gets a leading apostrophe,
    as OWASP advises; numbers, and text that is a plain number (``-0.03``), are left as they are.

    Parameters
    ----------
    value : object
        A cell's value.

    Returns
    -------
    object
        ``value``, or ``"'" + value`` for text that starts like a formula.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


@lru_cache(maxsize=1)
def package_source_sha() -> str:
    """SHA-256 of the package's own code and templates.

    It covers the path and bytes of every ``*.py``, ``*.j2``, ``*.json`` and ``*.toml`` (the text catalogues)
    under the package: what a
    cache of derived results must key on, so that a new rule or template is never served stale.

    Returns
    -------
    str
        The hex digest (64 characters), computed once per process.
    """
    import hashlib

    from jnjp_analysis.config import PACKAGE_DIR

    h = hashlib.sha256()
    files = sorted(f for f in PACKAGE_DIR.rglob("*") if f.suffix in (".py", ".j2", ".json", ".toml") and f.is_file()
                   and "_resources" not in f.relative_to(PACKAGE_DIR).parts)
    for f in files:
        h.update(f.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def table_csv(df) -> str:
    """A table as the CSV text of a data bundle.

    Every text cell goes through :func:`csv_safe` (a value a user typed cannot become a formula in the
    reader's spreadsheet), floats with six decimals.

    Parameters
    ----------
    df : pandas.DataFrame
        The table; its index is not written.

    Returns
    -------
    str
        The CSV text, a header row then one line per row, ``\\n`` line ends.
    """
    from pandas.api.types import is_numeric_dtype

    safe = df.copy()
    for c in safe.columns:
        if not is_numeric_dtype(safe[c]):  # object or string columns: text cells, maybe mixed
            safe[c] = safe[c].astype(object).map(csv_safe)
    return safe.to_csv(index=False, lineterminator="\n", float_format="%.6f")


# ------------------------------------------------------------------------------------- encodings
def decode(data: bytes, path: Path | str, what: str = "file") -> str:
    """UTF-8 text (a leading BOM dropped); otherwise a JnjpError naming the file.

    Parameters
    ----------
    data : bytes
        The file's bytes.
    path : Path or str
        The file they were read from, for the message.
    what : str
        What it is, for the message ("scenario file", "plan text").

    Returns
    -------
    str
        The decoded text, without a byte-order mark.

    Raises
    ------
    JnjpError
        If ``data`` is not UTF-8, naming the first bad byte and its offset, with how to save as UTF-8.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JnjpError(
            f"{path}: the {what} is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8 "
            "(in Excel: 'CSV UTF-8 (comma delimited)'; Excel's plain 'CSV' on Chinese Windows is GBK)") from None
    return text[1:] if text.startswith("\ufeff") else text


def read_text(path: Path | str, what: str = "file") -> str:
    """A UTF-8 text file; a folder, FIFO, link loop or a file over the size limit is refused
    (:func:`regular_file`).

    Parameters
    ----------
    path : Path or str
        The file a user named.
    what : str
        What it is, for the message.

    Returns
    -------
    str
        The file's text, without a byte-order mark.

    Raises
    ------
    JnjpError
        If it is not a readable regular file within the size limit, or is not UTF-8.
    """
    return decode(read_bytes(path, what), path, what)


def csv_rows(path: Path | str, what: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """(header, [(row number, {column: cell})]) of a UTF-8 CSV; row 1 is the header.

    Cells beyond the header are refused rather than dropped.

    Parameters
    ----------
    path : Path or str
        The CSV file.
    what : str
        What it is, for the message ("scenario file", "record").

    Returns
    -------
    header : list of str
        The column names, stripped.
    rows : list of tuple of (int, dict of str to str)
        Each non-blank row's number (the header is row 1) and its stripped cells by column; a short
        row is padded with ``""``.

    Raises
    ------
    JnjpError
        If the file cannot be read as UTF-8 text (:func:`read_text`), is empty, is not readable as CSV
        (naming the line), or a row has more cells than the header has columns.
    """
    text = read_text(path, what)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise JnjpError(f"{path}: the {what} is empty") from None
    except csv.Error as exc:
        raise JnjpError(f"{path}, row 1: not a readable CSV header ({exc})") from None
    rows = []
    it = enumerate(reader, start=2)
    while True:
        try:
            i, cells = next(it)
        except StopIteration:
            break
        except csv.Error as exc:
            line = reader.line_num
            hint = (f"a cell is longer than {csv.field_size_limit():,} characters" if "field larger" in str(exc)
                    else str(exc))
            raise JnjpError(f"{path}, line {line}: the {what} cannot be read as CSV: {hint}") from None
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise JnjpError(f"{path}, row {i}: {len(cells)} cells but the header has {len(header)} columns "
                            f"(extra: {short_repr(cells[len(header):])}); a comma inside a value needs quotes")
        rows.append((i, dict(zip(header, [c.strip() for c in cells] + [""] * (len(header) - len(cells))))))
    return header, rows


def csv_table(path: Path | str, what: str, columns: Sequence[str],
              error: type[JnjpError] = JnjpError) -> list[tuple[int, dict[str, str]]]:
    """The rows of a CSV that must have exactly ``columns`` (in any order), as :func:`csv_rows` gives them.

    Parameters
    ----------
    path : Path or str
        The CSV file.
    what : str
        What it is, for the messages ("statistics", "annual targets").
    columns : sequence of str
        Its columns.
    error : type of JnjpError
        The error raised (a plan's file: :class:`~jnjp_analysis.errors.PlanError`).

    Returns
    -------
    list of tuple of (int, dict of str to str)
        Each non-blank row's number and its cells by column.

    Raises
    ------
    JnjpError
        ``error``: as :func:`csv_rows`, or a missing or unknown column (naming row 1 and every column).
    """
    try:
        header, rows = csv_rows(path, what)
    except error:
        raise
    except JnjpError as exc:
        raise error(str(exc)) from None
    missing = [c for c in columns if c not in header]
    unknown = [c for c in header if c not in columns]
    if missing or unknown:
        raise error(f"{path}, row 1: " + "; ".join(
            ([f"missing column(s) {', '.join(missing)}"] if missing else [])
            + ([f"unknown column(s) {', '.join(unknown)}"] if unknown else []))
            + f"; the {what} file has the columns {', '.join(columns)}")
    return rows


def short_repr(x: object, n: int = 200) -> str:
    """``repr(x)``, cut to ``n`` characters with the full length said, for messages.

    Parameters
    ----------
    x : object
        What to show.
    n : int, default 200
        The most characters kept.

    Returns
    -------
    str
        The representation, or its first ``n`` characters and "… (N characters)".
    """
    r = repr(x)
    return r if len(r) <= n else r[:n] + f"… ({len(r):,} characters)"


def file_sha(path: Path | str) -> str:
    """SHA-256 of a file's bytes.

    Parameters
    ----------
    path : Path or str
        The file.

    Returns
    -------
    str
        The hex digest (64 characters).
    """
    import hashlib

    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
