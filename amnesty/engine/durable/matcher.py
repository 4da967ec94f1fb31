"""The one module that imports durable_rules.

durable_rules is unmaintained and fails silently in known ways (see
docs/durable-rules.md). It is used through its low-level module only, the
checked way: one raw handle per process, every fact asserted, every
activation drained, then retracted; a sentinel rule proves each fact was
evaluated exactly once; the state is reset on any surprise while draining and
never left with an abandoned action (which crashes the process), and a handle
the engine itself failed on is never touched again.
"""

from __future__ import annotations

import json
from typing import Any

import durable_rules_engine as dre

from amnesty.errors import EngineError
from amnesty.engine.durable.ruleset import SENTINEL, shards

_FORBIDDEN_KEYS = ("id", "sid")


def dumps(value: Any) -> str:
    """The one serialisation for rules and facts (the engine never matches mixed forms)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


class DurableMatcher:
    """A compiled ruleset and the names of the rules each fact matches.

    A ruleset larger than the engine holds in one is compiled as several (``ruleset.shards``),
    each with its sentinel; a fact is matched against each, every one the checked way.
    """

    def __init__(self, name: str, ruleset: dict[str, dict]):
        if SENTINEL not in ruleset:
            raise EngineError("the ruleset lacks its sentinel rule")
        self._handles: list[Any] = []
        try:
            for number, part in enumerate(shards(ruleset)):
                self._handles.append(dre.create_ruleset(f"{name}#{number}" if number else name, dumps(part)))
        except Exception as exc:  # noqa: BLE001 - the engine raises its own bare error type
            for handle in self._handles:
                dre.delete_ruleset(handle)
            raise EngineError(f"the rules engine refused the ruleset: {exc}") from None
        self._open = True
        self._failed: str | None = None

    def matches(self, fact: dict[str, Any]) -> set[str]:
        """Names of every rule that matches ``fact`` (not only the first)."""
        if not self._open:
            raise EngineError("the ruleset was closed")
        if self._failed:
            raise EngineError(f"the rules engine failed earlier ({self._failed}); start a new run")
        for key in _FORBIDDEN_KEYS:
            if key in fact:
                raise EngineError(f"a fact may not carry the key {key!r}")
        text = dumps(fact)
        found: set[str] = set()
        for handle in self._handles:
            found |= self._matched(handle, text)
        return found

    def _matched(self, handle: Any, text: str) -> set[str]:
        try:
            code, state = dre.assert_fact(handle, text)
        except Exception as exc:  # noqa: BLE001 - e.g. error 303, too many conditions pending at once
            # An error inside the engine can leave its memory corrupt: after error 303,
            # delete_state crashes the process and later asserts return stale activations.
            # No handle is touched again.
            self._failed = str(exc)
            raise EngineError(f"the rules engine failed on a record: {exc}") from None
        if code != 0:
            self._reset(handle)
            raise EngineError(f"the rules engine refused a fact (code {code})")
        names: list[str] = []
        try:
            result = dre.start_action_for_state(handle, state)
            while result:
                message = result[1] if type(result) is tuple else result
                names.append(message[2 : message.index('"', 2)])
                result = dre.complete_and_start_action(handle, state)
            dre.retract_fact(handle, text)
        except BaseException:
            self._reset(handle)
            raise
        if names.count(SENTINEL) != 1:
            raise EngineError("the rules engine did not evaluate the record exactly once")
        return {name for name in names if name != SENTINEL}

    @staticmethod
    def _reset(handle: Any) -> None:
        try:
            dre.delete_state(handle, None)
        except Exception:  # noqa: BLE001 - already failing; keep the first error
            pass

    def close(self) -> None:
        if self._open:
            self._open = False
            if not self._failed:  # failed handles are left alone (see _matched)
                for handle in self._handles:
                    dre.delete_ruleset(handle)

    def __enter__(self) -> DurableMatcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass
