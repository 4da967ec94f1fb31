"""Fixtures: the small test rulebooks of chain_books.py, compiled and as files."""

from chain_books import book_files, first, held, second  # noqa: F401 - fixtures
