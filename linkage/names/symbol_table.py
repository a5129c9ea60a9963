"""rigour's person-name symbols as a plain lookup table, cached on disk.

rigour tags a name by running an Aho-Corasick automaton over ~550k aliases. Building
that automaton costs ~7 s of CPU and ~500 MB in every process that tags a name, and
vetreg only ever tags one word at a time. For one word the tagger's answer reduces to
dictionary lookups of the word's normalised parts (`linkage.names.symbols` explains
why), so this module builds that dictionary from the same data rigour builds its
tagger from, normalised by rigour's own code, and keeps it in a cache file.

rigour stays the source of truth: it compiles its data files into its native module
as zstd frames, and they are read from there, not copied into this repository. The
cache file is named after a digest of that module, so an upgraded or rebuilt rigour
gets a fresh table. Anything unexpected (a data layout this code does not
know) makes `load_table` return None, and the caller falls back to rigour's tagger.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import marshal
import mmap
import os
import re
import struct
import tempfile
import threading
import time
import zlib
from collections.abc import Iterator, Mapping
from importlib import metadata
from pathlib import Path

import rigour._core
import zstandard
from rigour.text.normalize import Cleanup, Normalize, normalize

log = logging.getLogger(__name__)

# Bump when the table's content or file layout changes; it is part of the file name.
TABLE_FORMAT = 4

# The flags rigour's name tagger normalises its aliases with (TAGGER_FLAGS in rigour's
# names/analyze.rs), which are also what Name.norm_form amounts to for a name:
# casefold, then tokenize_name rejoined with single spaces.
TAGGER_FLAGS = Normalize.CASEFOLD | Normalize.NAME

# Separates the symbols of one key in the table; no symbol id may contain it.
SEPARATOR = "\t"
# The table also answers the other way round, for NAME symbols: under this prefix and
# the symbol id, the one-word Latin spellings of that name (a normalised alias never
# holds the character, so these keys cannot meet an alias).
_SPELLINGS = "\0"
# A one-word Latin alias, or one with the Arabic article before it ("al omari"), whose
# word is the spelling kept: names are compared without the article.
_LATIN_WORD = re.compile(r"(?:(?:al|el) )?([a-z]{2,})")

_ALIAS_SHARDS = 256  # a first lookup reads one ~60 KB shard, not the whole ~15 MB table
# The Latin spellings by symbol (_SPELLINGS keys) lie in shards of their own after those:
# only Arabic-script words ask for them, so load_all leaves them to be read when asked.
_SHARDS = 2 * _ALIAS_SHARDS
_MAGIC = b"vetreg-name-symbols\0"
_HEADER = struct.Struct("<I")
_SPAN = struct.Struct("<QQ")

# Which symbols.json entries feed rigour's person tagger, and as which category
# (build_person_tagger in rigour's names/tagger.rs). Its other sources, ordinals, only
# give NUMERIC symbols, which vetreg does not keep.
_SYMBOL_FIELDS = {"person_symbols": "SYMBOL", "person_name_parts": "NAME", "person_nick": "NICK"}

# Corpus lines are "alias, alias, ... => Q12345" (Wikidata) or "=> X..." (manual).
_GROUP_ID = re.compile(r"[QX][0-9A-Za-z_]+")

# Rust's str::trim strips White_Space; Python's str.strip() would also strip U+001C..1F.
_RUST_WHITESPACE = "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006" \
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"

_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class TableUnavailable(Exception):
    """The table cannot be built here; the caller should use rigour's tagger."""


def normalise(text: str) -> str | None:
    """A name as rigour's tagger sees it: casefolded tokens joined by single spaces."""
    return normalize(text, TAGGER_FLAGS, Cleanup.Noop)


def _shard_of(key: str) -> int:
    # A stable hash: Python's own hash() of a str changes with every process.
    shard = zlib.crc32(key.encode("utf-8")) % _ALIAS_SHARDS
    return shard + _ALIAS_SHARDS if key.startswith(_SPELLINGS) else shard


def _split(mapping: Mapping[str, str]) -> list[dict[str, str]]:
    shards: list[dict[str, str]] = [{} for _ in range(_SHARDS)]
    for key, symbols in mapping.items():
        shards[_shard_of(key)][key] = symbols
    return shards


class SymbolTable:
    """Normalised alias -> the symbols rigour's person tagger gives it, shard by shard."""

    def __init__(self, path: Path | None, shards: list[dict[str, str] | None],
                 spans: list[tuple[int, int]]) -> None:
        self._path = path
        self._shards = shards
        self._spans = spans
        self._view: mmap.mmap | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, str]) -> SymbolTable:
        return cls(None, list(_split(mapping)), [])

    @classmethod
    def open(cls, path: Path) -> SymbolTable:
        """A table whose shards are read from `path` when first looked up."""
        with path.open("rb") as handle:
            view = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)  # empty: ValueError
        start = len(_MAGIC)
        if view[:start] != _MAGIC or len(view) < start + _HEADER.size + _SHARDS * _SPAN.size:
            raise ValueError(f"{path} is not a name-symbol table")
        (count,) = _HEADER.unpack_from(view, start)
        if count != _SHARDS:
            raise ValueError(f"{path} has {count} shards, expected {_SHARDS}")
        first = start + _HEADER.size
        spans = [_SPAN.unpack_from(view, first + i * _SPAN.size) for i in range(count)]
        if any(offset + length > len(view) for offset, length in spans):
            raise ValueError(f"{path} is truncated")
        table = cls(path, [None] * count, spans)
        table._view = view
        return table

    def get(self, key: str) -> str | None:
        """SEPARATOR-joined symbols of one normalised alias, or None."""
        index = _shard_of(key)
        shard = self._shards[index]
        if shard is None:
            shard = self._load(index)
        return shard.get(key)

    def load_all(self) -> None:
        """Read every alias shard (the spellings by symbol stay on disk until asked for)."""
        for index, shard in enumerate(self._shards[:_ALIAS_SHARDS]):
            if shard is None:
                self._load(index)

    def keys(self) -> Iterator[str]:
        """Every normalised alias (loads the alias shards)."""
        self.load_all()
        for shard in self._shards[:_ALIAS_SHARDS]:
            assert shard is not None
            yield from shard

    def spellings(self, symbol: str) -> tuple[str, ...]:
        """The one-word Latin aliases of a NAME symbol ("NAME:Q134689293" -> musharraf,
        musharrafa), in normalised form."""
        found = self.get(_SPELLINGS + symbol)
        return tuple(found.split(SEPARATOR)) if found else ()

    def _load(self, index: int) -> dict[str, str]:
        with self._lock:
            shard = self._shards[index]
            if shard is None:
                assert self._view is not None
                offset, length = self._spans[index]
                try:
                    loaded = marshal.loads(self._view[offset:offset + length])
                except (EOFError, TypeError) as exc:
                    raise ValueError(f"{self._path}: shard {index} is damaged") from exc
                if not isinstance(loaded, dict):
                    raise ValueError(f"{self._path}: shard {index} is not a mapping")
                shard = self._shards[index] = loaded
            return shard


def write_table(mapping: Mapping[str, str], path: Path) -> None:
    """Write `mapping` to `path` atomically: readers see the old file or the whole new one."""
    blobs = [marshal.dumps(shard) for shard in _split(mapping)]
    offset = len(_MAGIC) + _HEADER.size + _SHARDS * _SPAN.size
    spans = []
    for blob in blobs:
        spans.append(_SPAN.pack(offset, len(blob)))
        offset += len(blob)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        os.fchmod(fd, 0o644)  # mkstemp makes it 0600; the table is no secret
        with os.fdopen(fd, "wb") as out:
            out.write(_MAGIC + _HEADER.pack(_SHARDS) + b"".join(spans))
            for blob in blobs:
                out.write(blob)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# -- reading rigour's data ---------------------------------------------------------------


def zstd_frames(binary: bytes) -> Iterator[bytes]:
    """Decompressed contents of the zstd frames embedded in `binary`.

    rigour's build compresses each data file with zstd and includes the bytes in its
    native module; a frame starts with the zstd magic number. Sequences that merely
    look like one fail to parse and are skipped.
    """
    view = memoryview(binary)  # slices of a view copy nothing
    start = binary.find(_ZSTD_MAGIC)
    while start >= 0:
        # The frames do not record their decompressed size: a streaming decompressor
        # needs none, and it stops at the end of the frame it began.
        frame = zstandard.ZstdDecompressor().decompressobj()
        try:
            data = frame.decompress(view[start:])
        except zstandard.ZstdError:
            data = None  # corrupt, or not a frame at all
        if data is not None and frame.eof:
            yield data
        start = binary.find(_ZSTD_MAGIC, start + 1)


def _symbol_aliases(frame: bytes) -> dict[str, dict[str, list[str]]] | None:
    """symbols.json's person entries, if `frame` is that file."""
    if not frame.startswith(b"{"):
        return None
    try:
        data = json.loads(frame)
    except ValueError:
        return None
    if not isinstance(data, dict) or not set(_SYMBOL_FIELDS) <= set(data):
        return None
    fields = {field: data[field] for field in _SYMBOL_FIELDS}
    for entries in fields.values():
        if not isinstance(entries, dict) or not all(
            isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)
            for aliases in entries.values()
        ):
            raise TableUnavailable("rigour's symbols.json has an unknown shape")
    return fields


def _corpus_text(frame: bytes) -> str | None:
    """The person-names corpus, if `frame` is that file."""
    head = frame[:4096].split(b"\n", 1)[0]
    if b" => " not in head or frame.startswith((b"{", b"[")):
        return None
    try:
        return frame.decode("utf-8")
    except UnicodeDecodeError:
        return None


def rigour_sources(binary: bytes) -> tuple[dict[str, dict[str, list[str]]], str]:
    """(symbols.json person entries, person-names corpus) from rigour's native module."""
    symbols: list[dict[str, dict[str, list[str]]]] = []
    corpora: list[str] = []
    for frame in zstd_frames(binary):
        if (found := _symbol_aliases(frame)) is not None:
            symbols.append(found)
        elif (text := _corpus_text(frame)) is not None:
            corpora.append(text)
    if len(symbols) != 1 or len(corpora) != 1:
        raise TableUnavailable(
            f"found {len(symbols)} symbol files and {len(corpora)} name corpora in rigour")
    return symbols[0], corpora[0]


def build_mapping(symbols: Mapping[str, Mapping[str, list[str]]], corpus: str) -> dict[str, str]:
    """Normalised alias -> SEPARATOR-joined symbols, as rigour's person tagger builds them.

    Mirrors build_person_tagger in rigour's names/tagger.rs for the kept categories:
    every alias is normalised with TAGGER_FLAGS and dropped if that leaves nothing; a
    corpus line only counts if it has two distinct normalised aliases.
    """
    found: dict[str, set[str]] = {}
    for field, category in _SYMBOL_FIELDS.items():
        for key, aliases in symbols[field].items():
            symbol = f"{category}:{key.upper()}"
            for alias in aliases:
                if form := normalise(alias):
                    found.setdefault(form, set()).add(symbol)
    # Rust's str::lines splits on "\n" only (dropping a "\r" before it), unlike splitlines.
    for raw in corpus.split("\n"):
        line = raw.removesuffix("\r").strip(_RUST_WHITESPACE)
        forms, sep, group = line.rpartition(" => ")
        if not line or not sep:
            continue
        if not _GROUP_ID.fullmatch(group):
            raise TableUnavailable(f"unexpected group id in rigour's name corpus: {group!r}")
        normed = {form for alias in forms.split(", ") if (form := normalise(alias))}
        if len(normed) < 2:
            continue
        for form in normed:
            found.setdefault(form, set()).add(f"NAME:{group}")
    if any(SEPARATOR in s for symbols_ in found.values() for s in symbols_):
        raise TableUnavailable("a rigour symbol id contains the table's separator")
    spellings: dict[str, set[str]] = {}
    for form, symbols_ in found.items():
        if latin := _LATIN_WORD.fullmatch(form):
            for symbol in symbols_:
                if symbol.startswith("NAME:"):
                    spellings.setdefault(symbol, set()).add(latin.group(1))
    return {
        **{form: SEPARATOR.join(sorted(symbols_)) for form, symbols_ in found.items()},
        **{_SPELLINGS + symbol: SEPARATOR.join(sorted(forms))
           for symbol, forms in spellings.items()},
    }


# -- the cache -----------------------------------------------------------------------------


def cache_dir() -> Path:
    """VETREG_CACHE_DIR, else the user's cache directory (XDG) under "vetreg"."""
    if configured := os.environ.get("VETREG_CACHE_DIR"):
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "vetreg"


def _rigour_binary() -> Path:
    return Path(rigour._core.__file__)


TABLE_GLOB = "name-symbols-rigour*.bin"
UNUSED_DAYS = 30  # a table of another rigour build not opened for this long is removed


def table_path() -> Path:
    """The cache file for the installed rigour: its version and its native module's digest."""
    with _rigour_binary().open("rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()[:24]
    version = metadata.version("rigour")
    return cache_dir() / f"name-symbols-rigour{version}-{digest}-f{TABLE_FORMAT}.bin"


def build_table() -> dict[str, str]:
    symbols, corpus = rigour_sources(_rigour_binary().read_bytes())
    return build_mapping(symbols, corpus)


def table_in_memory() -> SymbolTable | None:
    """The table built afresh and kept in this process only; None if it cannot be built."""
    try:
        return SymbolTable.from_mapping(build_table())
    except (TableUnavailable, OSError) as exc:
        log.warning("name-symbol table unavailable, using rigour's tagger: %s", exc)
        return None


def load_table() -> SymbolTable | None:
    """The cached table, built first if missing; None if it cannot be had here."""
    try:
        path = table_path()
    except (OSError, RuntimeError) as exc:  # RuntimeError: Path.home() without a home
        log.warning("no cache for the name-symbol table: %s", exc)
        return table_in_memory()
    try:
        if path.exists():
            table = SymbolTable.open(path)
            _mark_used(path)
            return table
    except (OSError, ValueError) as exc:
        log.warning("name-symbol table unreadable, rebuilding: %s", exc)
    try:
        return _build_and_store(path)
    except (TableUnavailable, OSError) as exc:
        log.warning("name-symbol table unavailable, using rigour's tagger: %s", exc)
        return None


def _build_and_store(path: Path) -> SymbolTable | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = (path.parent / (path.name + ".lock")).open("a")
    except OSError as exc:
        log.warning("cannot cache the name-symbol table in %s: %s", path.parent, exc)
        return table_in_memory()
    with lock:
        # Processes starting together (gunicorn workers) build once: the others wait
        # here and then find the file.
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if path.exists():
                try:
                    return SymbolTable.open(path)
                except (OSError, ValueError):
                    pass
            log.info("building the name-symbol table from rigour (once per rigour build)")
            mapping = build_table()
            try:
                write_table(mapping, path)
            except OSError as exc:
                log.warning("cannot cache the name-symbol table at %s: %s", path, exc)
            _remove_unused(path)
            return SymbolTable.from_mapping(mapping)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _mark_used(path: Path) -> None:
    """Set the table's modification time to now: its last use, which _remove_unused reads
    (access times are not kept on many file systems)."""
    try:
        os.utime(path)
    except OSError:
        pass  # a read-only cache still serves; it is only never cleaned


def _remove_unused(current: Path) -> None:
    """Remove the tables of other rigour builds not used for UNUSED_DAYS (18 MB each).

    Another installation sharing the cache directory keeps its own table in use, and a
    table removed by mistake is only rebuilt (a few seconds)."""
    cutoff = time.time() - UNUSED_DAYS * 86_400
    for other in current.parent.glob(TABLE_GLOB):
        try:
            if other != current and other.stat().st_mtime < cutoff:
                other.unlink()
                (other.parent / (other.name + ".lock")).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("cannot remove the unused name-symbol table %s: %s", other, exc)
