"""Decisions files read back, as ``evaluate`` writes them: JSON Lines, CSV, a JSON array or Parquet,
plain or compressed with gzip, bzip2 or xz, as one table of the fields a comparison of two runs
needs (``COLUMNS``).

A million decisions are 771 MB of JSON Lines; read line by line in Python they took 20 s and
1.9 GB for two files, so they are read in blocks of whole lines by polars (the reasons, the
sentence and the rulebook kept as JSON text and taken apart by column expressions), and only a
block polars cannot read is read again line by line, to name the line that is wrong. A
decisions file is the tool's own output: a line that is not a decision means the wrong file was
given, and stops the read with one sentence naming the file, line, field and value.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn

from amnesty.errors import InputFileError
from amnesty.io.cells import TRIGGERS
from amnesty.io.compressed import compression_of, decompressed, inner_suffix
from amnesty.models.decision import OUTCOME_ORDER

if TYPE_CHECKING:
    import polars as pl

OUTCOMES = tuple(o.value for o in OUTCOME_ORDER)
FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".json": "json", ".parquet": "parquet"}
COLUMNS = ("line", "record_id", "facility_id", "outcome", "release_date", "sentence", "rules", "as_of",
           "rulebook_id", "rulebook_version", "rulebook_sha256", "overrides")
_FEW = ("facility_id", "outcome", "release_date", "sentence", "rules", "as_of", "rulebook_id", "rulebook_version",
        "rulebook_sha256", "overrides")  # columns of few distinct values, held as categories
BLOCK = 1 << 25  # bytes of whole lines parsed at a time: bounded memory for a file of any size
_JSON_FIELDS = ("record_id", "facility_id", "outcome", "reasons", "sentence_after", "release_date", "as_of",
                "rulebook")
_CSV_FIELDS = ("record_id", "facility_id", "outcome", "reasons", "sentence_after_type", "sentence_after_months",
               "release_date", "as_of", "rulebook_id", "rulebook_version", "rulebook_sha256")
_RULE = r'(?:^|[\[{,]\s*)"rule":\s*"((?:[^"\\]|\\.)*)"'  # a reason's rule id in the reasons' JSON text


def read_decision_frame(path: str | Path) -> pl.DataFrame:
    """Every decision of the file at ``path``, in its order, as ``COLUMNS``; checked."""
    import polars as pl

    path = Path(path)
    if str(path) == "-":
        raise InputFileError("a decisions file is read from its path, not standard input", path="-")
    fmt = FORMATS.get(inner_suffix(str(path)))
    if fmt is None:
        raise InputFileError("cannot tell the format of the decisions from the name; give a file as evaluate "
                             "writes it: .jsonl, .csv, .json or .parquet, plain or .gz, .bz2 or .xz", path=str(path))
    try:
        raw = open(path, "rb")
    except FileNotFoundError:
        raise InputFileError("decisions file not found", path=str(path)) from None
    except OSError as exc:
        raise InputFileError(f"cannot read the decisions file: {exc.strerror}", path=str(path)) from None
    with raw:
        if fmt == "parquet":
            frame = _compact(_parquet(path))
        else:
            compression = compression_of(raw.read(6))
            raw.seek(0)
            stream = decompressed(raw, compression, str(path)) if compression else raw
            reader = {"jsonl": _jsonl, "csv": _csv, "json": _json_array}[fmt]
            parts = [_compact(part) for part in reader(stream, str(path))]
            frame = pl.concat(parts) if parts else _compact(_empty())
    return _checked(frame, str(path), "line" if fmt in ("jsonl", "csv") else "decision")


def _compact(frame: pl.DataFrame) -> pl.DataFrame:
    """Columns of few values as categories: a block's strings otherwise keep the buffers polars read
    them into (a million decisions held 557 MB where their values take 58 MB)."""
    import polars as pl

    return frame.with_columns(pl.col(*_FEW).cast(pl.Categorical))


def _empty() -> pl.DataFrame:
    import polars as pl

    return pl.DataFrame(schema={name: pl.Int64 if name == "line" else pl.String for name in COLUMNS})


def _blocks(stream: BinaryIO, path: str) -> Iterator[tuple[list[int], bytes]]:
    """(the line numbers of its non-blank lines, those lines joined) for each block of whole lines."""
    line, carry = 1, b""
    head = stream.read(3)
    carry = b"" if head == codecs.BOM_UTF8 else head  # a spreadsheet that saved the file again put one there
    while True:
        data = stream.read(BLOCK)
        at_end = not data
        data = carry + data
        if not data:
            return
        end = len(data) if at_end else data.rfind(b"\n") + 1
        if end == 0:  # no line ends in this block: read on, up to a limit
            if len(data) > 8 * BLOCK:
                raise InputFileError(f"line {line}: a line of over {8 * BLOCK >> 20} MB; is it a decisions file?",
                                     path=path)
            carry = data
            continue
        block, carry = data[:end], data[end:]
        count = block.count(b"\n") + (not block.endswith(b"\n"))
        if b"\n\n" not in block and not block.startswith(b"\n") and b"\r" not in block and b" \n" not in block:
            yield list(range(line, line + count)), block  # every line holds something: nothing to split
        else:
            pieces = block.split(b"\n")[:count]
            kept = [(line + i, piece) for i, piece in enumerate(pieces) if piece.strip()]
            yield [n for n, _ in kept], b"\n".join(p for _, p in kept)
        line += count
        if at_end:
            return


def _jsonl(stream: BinaryIO, path: str) -> Iterator[pl.DataFrame]:
    import polars as pl

    schema = {name: pl.String for name in _JSON_FIELDS}
    for numbers, block in _blocks(stream, path):
        if not numbers:
            continue
        try:
            frame = pl.read_ndjson(io.BytesIO(block), schema=schema)
        except Exception:  # noqa: BLE001 - polars says only that the block is wrong: find the line
            _first_bad_json(numbers, block, path)
        if frame.height != len(numbers):
            _first_bad_json(numbers, block, path)
        yield _from_json_text(frame, numbers)


def _first_bad_json(numbers: list[int], block: bytes, path: str) -> NoReturn:
    """Raise the one sentence that names the first line of ``block`` that is not a decision."""
    for number, text in zip(numbers, block.split(b"\n")):
        try:
            item = json.loads(text)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputFileError(f"line {number}: not a line of JSON ({exc}); is it a decisions file?",
                                 path=path) from None
        if not isinstance(item, dict):
            raise InputFileError(f"line {number}: {_shown(item)} is not a decision (a JSON object)", path=path)
    raise InputFileError(f"line {numbers[0]}: a block of lines that cannot be read as decisions", path=path)


def _from_json_text(frame: pl.DataFrame, numbers: list[int]) -> pl.DataFrame:
    """The table's columns from decisions as JSON (reasons, sentence and rulebook still JSON text)."""
    import polars as pl

    after, book = pl.col("sentence_after"), pl.col("rulebook")
    return frame.select(
        pl.Series("line", numbers, dtype=pl.Int64),
        "record_id", "facility_id", "outcome", "release_date",
        _sentence(after.str.json_path_match("$.type"), after.str.json_path_match("$.months")),
        pl.col("reasons").str.extract_all(_RULE).list.eval(
            pl.element().str.extract(_RULE, 1)).list.join(";").fill_null("").alias("rules"),
        "as_of",
        book.str.json_path_match("$.id").alias("rulebook_id"),
        book.str.json_path_match("$.version").alias("rulebook_version"),
        book.str.json_path_match("$.sha256").alias("rulebook_sha256"),
        book.str.json_path_match("$.overrides").alias("overrides"),
    )


def _sentence(kind: pl.Expr, months: pl.Expr) -> pl.Expr:
    """``fixed 26.5``, ``fixed 120`` (months, whole ones without ``.0``) or ``life``; null for none."""
    import polars as pl

    number = months.cast(pl.Float64, strict=False)
    shown = pl.when(number == number.floor()).then(number.cast(pl.Int64).cast(pl.String)).otherwise(
        number.cast(pl.String))
    return pl.when(months.is_null() | (months.cast(pl.String) == "")).then(kind).otherwise(
        pl.concat_str([kind.fill_null(""), shown], separator=" ")).alias("sentence")


def _csv(stream: BinaryIO, path: str) -> Iterator[pl.DataFrame]:
    import polars as pl

    header = None
    for numbers, block in _blocks(stream, path):
        if header is None:
            if not numbers:
                continue
            header, numbers, block = block.split(b"\n", 1)[0], numbers[1:], block.partition(b"\n")[2]
            names = header.decode("utf-8", "replace").split(",")
            lacking = [name for name in _CSV_FIELDS if name not in names]
            if lacking:
                raise InputFileError(f"line 1: its header lacks {', '.join(lacking)}, columns of a decisions "
                                     "file as evaluate writes it", path=path)
        if not numbers:
            continue
        try:
            frame = pl.read_csv(io.BytesIO(header + b"\n" + block), columns=list(_CSV_FIELDS), infer_schema=False)
        except Exception as exc:  # noqa: BLE001 - one sentence for any way polars refuses the block
            why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise InputFileError(f"lines {numbers[0]} to {numbers[-1]}: cannot be read as decisions in CSV ({why})",
                                 path=path) from None
        if frame.height != len(numbers):  # a value with a line break in it: the lines are not the rows
            raise InputFileError(f"lines {numbers[0]} to {numbers[-1]}: {frame.height} decisions on {len(numbers)} "
                                 "lines; a decisions file as evaluate writes it has one per line", path=path)
        yield frame.select(
            pl.Series("line", numbers, dtype=pl.Int64),
            _undefused("record_id"), _undefused("facility_id"), "outcome",
            pl.col("release_date").replace("", None),
            _sentence(pl.col("sentence_after_type").replace("", None), pl.col("sentence_after_months")),
            pl.col("reasons").fill_null("").alias("rules"),
            "as_of", "rulebook_id", "rulebook_version", "rulebook_sha256",
            pl.lit(None, dtype=pl.String).alias("overrides"),
        )


def _undefused(name: str) -> pl.Expr:
    """A CSV cell as the decision held it: the writer put a ``'`` before a value a spreadsheet would run."""
    import polars as pl

    column = pl.col(name).replace("", None)
    starts = pl.lit(False)
    for trigger in TRIGGERS:
        starts = starts | column.str.starts_with("'" + trigger)
    return pl.when(starts).then(column.str.slice(1)).otherwise(column).alias(name)


def _json_array(stream: BinaryIO, path: str) -> Iterator[pl.DataFrame]:
    """A JSON array is read whole (JSON Lines or Parquet for a large run)."""
    import polars as pl

    try:
        items = json.load(io.TextIOWrapper(stream, encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputFileError(f"cannot be read as a JSON array of decisions ({exc})", path=path) from None
    if not isinstance(items, list):
        raise InputFileError("holds JSON that is not an array of decisions", path=path)
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InputFileError(f"decision {number}: {_shown(item)} is not a decision (a JSON object)", path=path)
    text = {name: [None if item.get(name) is None else
                   item[name] if isinstance(item[name], str) else json.dumps(item[name], ensure_ascii=False)
                   for item in items] for name in _JSON_FIELDS}
    yield _from_json_text(pl.DataFrame(text, schema={name: pl.String for name in _JSON_FIELDS}),
                          list(range(1, len(items) + 1)))


def _parquet(path: Path) -> pl.DataFrame:
    import polars as pl

    try:
        frame = pl.read_parquet(path, columns=list(_JSON_FIELDS))
        after, book = pl.col("sentence_after"), pl.col("rulebook")
        return frame.select(
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias("line"),
            "record_id", "facility_id", "outcome", pl.col("release_date").cast(pl.String),
            _sentence(after.struct.field("type"), after.struct.field("months")),
            pl.col("reasons").list.eval(pl.element().struct.field("rule")).list.join(";").fill_null("").alias("rules"),
            pl.col("as_of").cast(pl.String),
            book.struct.field("id").alias("rulebook_id"), book.struct.field("version").alias("rulebook_version"),
            book.struct.field("sha256").alias("rulebook_sha256"), book.struct.field("overrides").alias("overrides"),
        )
    except InputFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - polars has many error types; each is one sentence here
        raise InputFileError(f"cannot be read as decisions in Parquet ({type(exc).__name__}: "
                             f"{str(exc).splitlines()[0] if str(exc) else ''})", path=str(path)) from None


def _checked(frame: pl.DataFrame, path: str, unit: str) -> pl.DataFrame:
    """The table, or one sentence naming the first line (``unit``: a JSON array's or Parquet file's
    decisions are counted, not lines), field and value no decision holds."""
    import polars as pl

    day = r"^\d{4}-\d{2}-\d{2}$"
    text = {name: pl.col(name).cast(pl.String) for name in ("outcome", "as_of", "release_date")}
    checks = [
        ("outcome", ~text["outcome"].is_in(OUTCOMES) | text["outcome"].is_null(), "is not an outcome"),
        ("as_of", ~text["as_of"].str.contains(day).fill_null(False), "is not a date (YYYY-MM-DD)"),
        ("release_date", text["release_date"].is_not_null() & ~text["release_date"].str.contains(day),
         "is not a date (YYYY-MM-DD)"),
        ("rulebook_id", pl.any_horizontal(pl.col("rulebook_id", "rulebook_version", "rulebook_sha256").is_null()),
         "does not name a rulebook (id, version, sha256)"),
        # the last column but one of a CSV line: a line cut short anywhere before it fails here or above
        ("rulebook_sha256", ~pl.col("rulebook_sha256").cast(pl.String).str.contains(r"^[0-9a-f]{64}$"),
         "is not a sha256 (64 hexadecimal digits); a line cut short?"),
    ]
    for field, wrong, what in checks:
        bad = frame.filter(wrong).head(1)
        if bad.height:
            value = bad[field][0]
            raise InputFileError(f"{unit} {bad['line'][0]}: field {field}: {_shown(value)} {what}; is it a "
                                 "decisions file written by amnesty evaluate?", path=path)
    try:
        return frame.with_columns(_canonical(frame["overrides"]))
    except ValueError:  # not JSON: say where
        bad = frame.filter(pl.col("overrides").is_not_null()).head(1)
        raise InputFileError(f"{unit} {bad['line'][0]}: field rulebook.overrides is not the JSON of a rulebook's "
                             "changes; is it a decisions file written by amnesty evaluate?", path=path) from None


def _canonical(overrides: pl.Series) -> pl.Series:
    """The changes made to a rulebook as one text for one meaning (key order and spacing aside)."""
    import polars as pl

    overrides = overrides.cast(pl.String)
    texts = {text: json.dumps(json.loads(text), sort_keys=True, ensure_ascii=False)
             for text in overrides.drop_nulls().unique().to_list()}
    canonical = overrides.replace_strict(texts, default=None, return_dtype=pl.String) if texts else overrides
    return canonical.cast(pl.Categorical)


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
