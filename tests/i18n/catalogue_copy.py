"""A built-in rulebook with some of its translations taken out, for the tests of what lint and show
say about a text without one."""

from __future__ import annotations


def copy_without(tmp_path, rulebook_id: str, lang: str, *markers: str):
    """A built-in rulebook copied to ``tmp_path/law.yaml`` with its ``lang`` catalogue beside it, less
    every entry whose text holds one of ``markers`` (a comment such as ``#. parameter release_age``
    or a context line): a rulebook whose translation misses exactly those texts."""
    from amnesty.i18n.rulebook import catalogue_path

    source = catalogue_path(rulebook_id, lang).parent
    mine = tmp_path / "law.yaml"
    mine.write_text((source / "rulebook.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    blocks = (source / f"{lang}.po").read_text(encoding="utf-8").split("\n\n")
    kept = [block for block in blocks if not any(marker in block for marker in markers)]
    (tmp_path / f"law.{lang}.po").write_text("\n\n".join(kept), encoding="utf-8")
    return mine
