"""Scenarios live in ``amnesty.rules.scenario``; this module keeps the one name the sweep imports from here."""

from amnesty.rules.changes import merge_overrides

__all__ = ["merge_overrides"]
