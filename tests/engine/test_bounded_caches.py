"""Memory that stays flat on a long input must not change a byte of the output."""

from amnesty import api
from amnesty.engine import evaluator
from amnesty.synth import write_sample_csv


def test_key_caches_that_start_afresh_give_the_same_bytes(tmp_path, monkeypatch):
    source = tmp_path / "records.csv"
    write_sample_csv(source, 3000, seed=7)
    api.evaluate_file(source, output=tmp_path / "default.jsonl", workers=1)
    sizes = []
    close = evaluator.Evaluator.close
    monkeypatch.setattr(evaluator.Evaluator, "close", lambda self: (sizes.append(self.cache_size), close(self)))
    api.evaluate_file(source, output=tmp_path / "default-again.jsonl", workers=1)
    monkeypatch.setattr(evaluator, "MAX_KEYS", 5)
    api.evaluate_file(source, output=tmp_path / "small.jsonl", workers=1)
    assert sizes[0] > 50 and sizes[1] <= 5  # the keys of this file, then a cache that started afresh
    assert (tmp_path / "small.jsonl").read_bytes() == (tmp_path / "default.jsonl").read_bytes()


def test_cell_memories_that_start_afresh_give_the_same_bytes(tmp_path, monkeypatch):
    """Both memories of a column's cells (the record model's verdicts, the polars frame) start
    afresh when full, in the middle of a batch too."""
    from amnesty.engine import cells, column_frames

    source = tmp_path / "records.csv"
    write_sample_csv(source, 3000, seed=11)
    api.evaluate_file(source, output=tmp_path / "default.jsonl", workers=1)
    monkeypatch.setattr(cells, "MAX_CELLS", 7)
    monkeypatch.setattr(column_frames, "MAX_CELLS", 7)
    api.evaluate_file(source, output=tmp_path / "small.jsonl", workers=1)
    assert (tmp_path / "small.jsonl").read_bytes() == (tmp_path / "default.jsonl").read_bytes()


def test_a_column_frame_that_starts_afresh_numbers_its_cells_in_sorted_order(monkeypatch):
    """Class numbers do not depend on the order polars happens to list a batch's distinct cells."""
    from amnesty.engine import column_frames

    class Column:  # what a ColumnFrame reads of a column: its name, a class and a value per cell
        name = "nationality"

        def __init__(self):
            self.value: dict[str, str] = {}

        def lookup(self, cell: str) -> int:
            self.value[cell] = cell
            return ord(cell[0])

    monkeypatch.setattr(column_frames, "MAX_CELLS", 3)
    frame = column_frames.ColumnFrame(Column())
    frame.learn(["b", "a"])
    frame.learn(["e", "c", "a", "d"])  # two new cells would make four: the frame starts afresh with the batch's cells
    assert frame.cells.to_list() == ["a", "c", "d", "e"]
    assert frame.classes.to_list() == [ord(c) for c in "acde"]
