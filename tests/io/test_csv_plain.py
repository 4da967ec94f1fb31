"""Plain lines handed out unparsed give exactly the rows the careful reader gives."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from amnesty.errors import InputFileError
from amnesty.io.csv_plain import PlainLines, split_plain
from amnesty.io.readers import open_records

CORPUS = Path(__file__).parent.parent / "corpus"
HEADER = "record_id,facility_id,note,nationality,sentence_months\n"


def careful(path: Path) -> list[tuple]:
    with open_records(path, "csv") as source:
        return [(r.line, tuple(r.values.values()) if r.values else None, r.problem, r.record_id) for r in source]


def chunked(path: Path, size: int) -> tuple[list[tuple], int]:
    rows, plain = [], 0
    with open_records(path, "csv") as source:
        layout = source.layout
        for item in source.chunks(size):
            if isinstance(item, PlainLines):
                plain += 1
                rows.extend(split_plain(layout, item))
            else:
                rows.append((item.line, tuple(item.values.values()) if item.values else None, item.problem, item.record_id))
    return rows, plain


def test_every_corpus_file_reads_the_same_in_chunks():
    for path in sorted(CORPUS.glob("*.csv")):
        try:
            want = careful(path)
        except Exception as exc:  # noqa: BLE001 - a refused file must be refused the same way
            try:
                chunked(path, 64)
            except type(exc) as again:
                assert str(again) == str(exc)
                continue
            raise AssertionError(f"{path.name}: refused read whole, accepted in chunks")
        for size in (1, 64, 1 << 18):
            assert chunked(path, size)[0] == want, path.name


def test_a_plain_file_goes_out_unparsed(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text(HEADER + "".join(f"R{i},F,,SY,{i}\n" for i in range(500)))
    rows, plain = chunked(path, 1 << 12)
    assert rows == careful(path) and len(rows) == 500 and plain > 1


_cell = st.text(alphabet=st.sampled_from(list('ab ,"\r\n\0é;') + ["\u0627", "\ufeff"]), max_size=6)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.lists(_cell, min_size=0, max_size=7), max_size=12), size=st.sampled_from([1, 7, 64, 4096]))
def test_any_lines_read_the_same_in_chunks(tmp_path_factory, lines, size):
    path = tmp_path_factory.mktemp("plain") / "records.csv"
    path.write_bytes((HEADER + "".join(",".join(cells) + "\n" for cells in lines)).encode("utf-8", "surrogatepass"))
    assert _either(lambda: chunked(path, size)[0]) == _either(lambda: careful(path))


def _either(read):
    """The rows, or the sentence a refused file is refused with."""
    try:
        return read()
    except InputFileError as exc:
        return str(exc)
