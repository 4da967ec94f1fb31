"""Lint of a rulebook's translations: which languages are incomplete, and where.

A catalogue that exists must translate every rule summary (the sentence a
decision shows as its reason); Arabic, the language the laws were issued
in, must also translate every article summary, note (a rule's or a
parameter's), parameter description (the words ``sweep`` and ``rulebooks
show`` give a parameter) and every part of a conflict between sources
(topic, readings, default, why).
Built-in rulebooks must carry Arabic and Kurmanji. A translation whose ``{parameter}``
placeholders differ from the English is an error: it would be silently
replaced by the English at run time, or worse, show the wrong number.
"""

from __future__ import annotations

from babel.messages.pofile import PoFileError, read_po

from amnesty.i18n import LANGUAGES
from amnesty.i18n.rulebook import BUILTIN_LANGUAGES, FULL_LANGUAGES, catalogue_path, placeholders, texts
from amnesty.rules.lint import Problem
from amnesty.rules.loader import builtin_ids


def translation_problems(rulebook, name: str, rule_lines: dict | None = None) -> list:
    """Problems with the translations of ``rulebook``, cited by ``name``: a check for ``rules.lint.lint``."""
    problems = []
    rule_lines = rule_lines or {}
    required = BUILTIN_LANGUAGES if name in builtin_ids() else ()
    for lang in LANGUAGES:
        if lang == "en":
            continue
        path = catalogue_path(name, lang)
        if path is None or not path.is_file():
            if lang in required:
                problems.append(Problem(name, None, f"no {lang} translations: write {path}", severity="warning"))
            continue
        try:
            with path.open("rb") as handle:
                catalog = read_po(handle, abort_invalid=True)
        except (PoFileError, OSError, ValueError) as exc:
            problems.append(Problem(str(path), None, f"cannot read the {lang} translations: {exc}"))
            continue
        missing = []
        for text in texts(rulebook):
            if text.required == "full" and lang not in FULL_LANGUAGES:
                continue
            message = catalog.get(text.english, context=text.context)
            owned = text.of == "rule"  # a rule's summary, notes and conflicts point at the rule
            line = rule_lines.get(text.owner) if owned else None
            if message is None or not message.string or message.fuzzy:
                missing.append((text, line))
                continue
            if placeholders(message.string) != placeholders(text.english):
                problems.append(Problem(
                    str(path), message.lineno,
                    f"{lang} translation of the {text.context} text of {text.owner!r} has placeholders "
                    f"{sorted(placeholders(message.string))}, the English {sorted(placeholders(text.english))}",
                    rule=text.owner if owned else None,
                ))
        for text, line in missing:
            problems.append(Problem(
                name, line, f"no {lang} translation of the {text.context} text of {text.owner!r}: {_short(text.english)}",
                rule=text.owner if text.of == "rule" else None, severity="warning",
            ))
    return problems


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
