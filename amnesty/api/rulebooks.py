"""Rulebooks through the API: load one (with changes, or as a chain), show it, lint it, diff two.

Every other part of the API, and the command line, gets its rulebooks
from ``load_rulebook`` here, so ``--rulebook``, ``--set``, ``--disable``
and ``--then`` mean the same thing in every command.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import amnesty.api as api  # the package, read at call time: a test or notebook may replace api.load_rulebook
from amnesty.engine.chain import CompiledChain
from amnesty.engine.durable.fit import compile_checked
from amnesty.errors import RulebookError, ScenarioError
from amnesty.rules.compiler import CompiledRulebook
from amnesty.rules.pin import check_pin, split_pin

DEFAULT_RULEBOOK = "aanes-2024-law-10"

RulebookLike = str | Path | CompiledRulebook | CompiledChain


def load_rulebook(
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    *,
    set: Mapping[str, Any] | None = None,  # noqa: A002 - mirrors --set
    disable: Iterable[str] = (),
    then: Iterable[RulebookLike] = (),
) -> CompiledRulebook | CompiledChain:
    """A built-in id, a bundled scenario or chain id, or a rulebook, scenario or chain file, with
    optional parameter changes and rules switched off. A name may end in ``@VERSION`` or
    ``@sha256:PREFIX`` (``aanes-2024-law-10@2.2.0``): anything else installed is refused in one
    sentence (``amnesty.rules.pin``).

    ``then`` names later instruments (each any of the above): the result is a chain, decided
    instrument after instrument (data-dictionary.md, "Successive instruments"); ``set`` and
    ``disable`` change the first. ``"auto"`` picks, per record, the instrument of the
    authority holding the person (``amnesty/data/authorities.yaml``).
    """
    from amnesty.rules.scenario import load_variant
    from amnesty.engine.chain import chain_of
    from amnesty.analysis.chains import chain_names

    rulebook = DEFAULT_RULEBOOK if rulebook is None else rulebook  # None: the default, as when left out
    pin = None
    if isinstance(rulebook, str):  # a name may carry the version a job was checked against (rules.pin)
        rulebook, pin = split_pin(rulebook)
    disable = items(disable)
    later = [api.load_rulebook(item) for item in items(then)]
    if not isinstance(rulebook, str | Path) or str(rulebook) == "auto":  # compiled already, or the automatic choice
        if str(rulebook) == "auto":
            from amnesty.analysis.auto import load_auto

            if later or set or disable or pin:
                raise ScenarioError("--rulebook auto picks one instrument per record; it takes no --then, --set, "
                                    "--disable or @version")
            return load_auto()
        if set or disable:
            raise ValueError("pass changes with the rulebook's id or path, not with a compiled rulebook")
        first = rulebook
    else:
        names = chain_names(rulebook)
        if names is not None:
            first = api.load_rulebook(names[0], set=set, disable=disable, then=names[1:])
        else:
            source, overrides = load_variant(rulebook, set, disable)
            try:
                first = compile_checked(source, overrides)  # refused here if the engine cannot run it
            except RulebookError as exc:
                if not set and not list(disable):
                    raise
                from amnesty.analysis.set_errors import blame_change

                raise blame_change(rulebook, set, list(disable), exc) from None
    check_pin(first, pin)
    if not later:
        return first
    members = [*(first.members if isinstance(first, CompiledChain) else [first])]
    for item in later:
        members.extend(item.members if isinstance(item, CompiledChain) else [item])
    return chain_of(members)


def items(value: Any) -> list:
    """``then`` or ``disable`` as a list. One name (text, a path or a compiled rulebook) is one item, not
    its characters: ``then="aanes-2024-law-10"`` read as 17 rulebook names was a puzzling error."""
    if value is None:
        return []
    if isinstance(value, str | Path) or not hasattr(value, "__iter__"):
        return [value]
    return list(value)


def single_rulebook(
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    *,
    set: Mapping[str, Any] | None = None,  # noqa: A002 - mirrors --set
    disable: Iterable[str] = (),
) -> CompiledRulebook:
    """``load_rulebook`` for what shows or compares one law (``rulebooks show`` and ``diff``): a built-in
    id, a bundled scenario id, or a rulebook or scenario file; a chain or ``auto`` is refused in one sentence."""
    book = api.load_rulebook(rulebook, set=set, disable=disable)
    if isinstance(book, CompiledRulebook):
        return book
    if isinstance(book, CompiledChain):
        names = ", ".join(member.id for member in book.members)
        raise ScenarioError(f"{str(rulebook)!r} is a chain of several instruments ({names}); name one of them")
    raise ScenarioError(f"{str(rulebook)!r} picks an instrument per record; name one instrument")


def rulebook_info(rulebook: RulebookLike = DEFAULT_RULEBOOK) -> dict[str, Any]:
    """How a rulebook, scenario or chain is named in every output: ``label`` (its id and changes),
    ``id``, ``title``, ``version``, ``sha256``, ``overrides`` and ``changes`` in words."""
    from amnesty.analysis.compare import side_info

    return side_info(api.load_rulebook(rulebook))


def list_rulebooks() -> list:
    """The built-in rulebooks (each a ``Rulebook``: ``.id``, ``.title``, ``.enacted``, ``.version``, ``.rules``)."""
    from amnesty.rules.loader import builtin_ids, load_rulebook as load

    return [load(rulebook_id) for rulebook_id in builtin_ids()]


def list_scenarios(lang: str = "en") -> list[dict[str, Any]]:
    """The bundled scenarios as plain data, by id: ``id``, ``base``, ``title``, ``question``, ``notes``.

    Each id works wherever a rulebook is named. ``lang`` (ar, ku) gives the title, question and
    notes in that language where the project has translated them (every title and question), and
    English where it has not; id and base are names and stay as they are."""
    from amnesty.i18n import translator
    from amnesty.i18n.scenarios import scenario_words
    from amnesty.rules.scenario import bundled_scenarios

    lang = translator(lang).lang  # an unknown language is one sentence, before any file is read
    return [scenario_words(scenario_id, lang) for scenario_id in bundled_scenarios()]


def localise(book: CompiledRulebook | CompiledChain, lang: str):
    """``book`` with its reasons, summaries and notes in ``lang`` (en, ar, ku) where the project has
    translations (a chain or the automatic choice: each of its instruments, and the reasons it gives
    itself)."""
    from amnesty.i18n import translator
    from amnesty.i18n.rulebook import localise as translate

    return translate(book, translator(lang).lang)


def load_scenario(path: str | Path):
    """A scenario file or bundled scenario id, validated (``.scenario`` holds its question and changes).

    To evaluate it, pass the same path to ``load_rulebook`` or to any ``rulebook=`` argument.
    """
    from amnesty.rules.scenario import load_scenario as load

    return load(path)


def lint_rulebook(rulebook: str | Path):
    """Every problem in a rulebook file at once (``.errors``, ``.warnings``), each with file, line and rule:
    the rulebook layer's, the translations' and the engine's (what its rules library cannot hold).

    A scenario (bundled id or file) is checked as it is loaded: its changes against its base, first problem only.
    """
    from amnesty.analysis.audit import lint
    from amnesty.rules.lint import lint_scenario
    from amnesty.rules.scenario import is_scenario

    return lint_scenario(rulebook, load=compile_checked) if is_scenario(rulebook) else lint(rulebook)


def diff_rulebooks(first: RulebookLike, second: RulebookLike, lang: str = "en"):
    """Sources, articles, parameters and rules added, removed or changed between two rulebooks
    (``.lines()`` for text, ``.to_dict()``); each may be anything ``single_rulebook`` takes, scenarios included.

    ``lang`` (ar, ku) words conditions, effects, kinds and each side's title in that language, for
    ``.lines(tr=translator(lang))``; rule ids, parameter names and values stay as they are."""
    from amnesty.rules.diff import diff_rulebooks as run_diff

    if lang == "en":
        return run_diff(api.single_rulebook(first), api.single_rulebook(second))
    from amnesty.i18n import translator
    from amnesty.i18n.sides import book_title

    return run_diff(api.single_rulebook(first), api.single_rulebook(second), tr=translator(lang),
                    title=lambda book: book_title(book, lang))


def export_rulebook(rulebook: RulebookLike, output: str | Path, *, force: bool = False) -> CompiledRulebook:
    """Write a rulebook's own file, byte for byte, to ``output`` (``.yaml``): the copy a scheduled job
    was checked against. Loaded from there it is the same rulebook (the same sha256), so a job may
    name the copy itself, or, after an upgrade, compare it with the new version
    (``amnesty rulebooks diff COPY ID``). A scenario or a rulebook with changes is its base plus those
    changes, not a file of its own: export the base, and keep the scenario's file."""
    from amnesty.io.atomic import atomic_open

    book = api.single_rulebook(rulebook)
    if book.overrides:
        raise ScenarioError(f"{str(rulebook)!r} is {book.id} with changes (a scenario, or --set); export "
                            f"{book.id} itself, and keep the scenario's own file beside it")
    api.check_outputs([(output, ("yaml", "yml"))], force=force, inputs=(book.path,))
    data = Path(book.path).read_bytes()
    with atomic_open(output, force=force, mode="wb") as handle:
        handle.write(data)
    return book


def describe_rulebook(
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    *,
    set: Mapping[str, Any] | None = None,  # noqa: A002 - mirrors --set
    disable: Iterable[str] = (),
):
    """A rulebook article by article, as data (``.to_dict()``); ``show_rulebook`` gives it as text.

    A scenario is shown with its values in force (summaries filled in from them) and named with its changes.
    """
    from amnesty.rules.describe import describe
    from amnesty.rules.scenario import load_scenario as load

    book = api.single_rulebook(rulebook, set=set, disable=disable)
    scenario = None
    if book.overrides.get("scenario") and not isinstance(rulebook, CompiledRulebook):
        found = load(rulebook).scenario
        scenario = {"id": found.id, "title": found.title, "base": found.base, "question": found.question}
    return describe(book, scenario)


def show_rulebook(
    rulebook: RulebookLike = DEFAULT_RULEBOOK,
    *,
    lang: str = "en",
    set: Mapping[str, Any] | None = None,  # noqa: A002 - mirrors --set
    disable: Iterable[str] = (),
) -> list[str]:
    """The lines ``amnesty rulebooks show`` prints: the rulebook article by article in ``lang`` (en, ar, ku)."""
    from amnesty.i18n.show import rulebook_lines

    book = api.single_rulebook(rulebook, set=set, disable=disable)
    return rulebook_lines(book, lang, name=str(rulebook) if isinstance(rulebook, str | Path) else None)
