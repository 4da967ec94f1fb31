"""``amnesty rulebooks show``: a rulebook as a legal reviewer reads it, in English, Arabic or Kurmanji.

The one renderer of ``rulebooks show`` for every language (the data it lays
out is ``amnesty.rules.describe.describe``): the sources, the parameters
(value, sources, meaning, notes and conflicting readings), then article by
article its basis, summary, Arabic terms and sources, and its rules, each
with its state (enabled, off by default), what it says (with parameters
filled the language's way), the condition it applies on, its effect and
the rules it overrides, its sources, its interpretation notes and the
conflicts between sources: the places where the encoding made a choice,
each with its readings, the default, why, and the scenario that takes the
other reading.

The rulebook's summary comes first, and what the rulebook leaves unencoded
last. A scenario is named with its changes, and its title and question come
from the scenarios' catalogue (``amnesty.i18n.scenarios``).

In another language than English, the rulebook's own texts come from its
catalogue; a text without a translation is shown in English and marked,
never dropped. Words of the layout come from the app catalogue. Identifiers
(rule ids, article labels, parameter names, source and scenario ids),
record fields and their values stay as they are: they are what a person
types to look something up. A source's title is a citation and stays as
published.
"""

from __future__ import annotations

from amnesty.i18n import translator
from amnesty.i18n.rulebook import RulebookTexts, localise, location_of, render, shown
from amnesty.i18n.scenarios import ScenarioTexts
from amnesty.i18n.sides import change_lines
from amnesty.models.note import N_
from amnesty.rules.describe import describe, effect_words, fraction_words, window_words, words

_SOURCE_KINDS = {"official_text": N_("official text"), "official_statement": N_("official statement"),
                 "press": N_("press"), "ngo": N_("NGO"), "analysis": N_("analysis")}
_SOURCE_LANGUAGES = {"ar": N_("Arabic"), "en": N_("English"), "ku": N_("Kurdish")}
_BASES = {"official_text": N_("official text"), "reported": N_("reported")}


def rulebook_lines(book, lang: str = "en", name: str | None = None) -> list[str]:
    """The lines ``rulebooks show`` prints for ``book`` in ``lang``; ``name``: how the user named it
    (for the hint to lint, when texts are not yet translated)."""
    tr = translator(lang)
    english = tr.lang == "en"
    own = None if english else RulebookTexts(location_of(book), tr.lang)
    local = {} if english else {compiled.rule.id: compiled.text for compiled in localise(book, tr.lang).rules}
    compiled_rules = {compiled.rule.id: compiled for compiled in book.every_rule()}
    law = book.rulebook
    view = describe(book)
    sep = tr.list_sep()
    semi = tr("; ")
    untranslated = 0
    out: list[str] = []
    say = out.append

    def text(context: str, english: str, texts=own) -> str:
        nonlocal untranslated
        if texts is None:  # English: the rulebook's own words
            return english
        found = texts.lookup(context, english)
        if found is None:
            untranslated += 1
            return english + " " + tr("[not yet translated]")
        return found

    def ids(values) -> str:
        return sep.join(values)

    def source_line(source) -> str:
        about = [tr(_SOURCE_KINDS.get(source.kind.value, source.kind.value)) if source.kind else tr("kind not given"),
                 tr(_SOURCE_LANGUAGES.get(source.language, source.language)) if source.language
                 else tr("language not given")]
        if source.published:
            about.append(tr.date(source.published))
        line = f"[{source.id}] {source.title} ({sep.join(about)})"  # the title: a citation, as published
        return line + (f" <{source.url}>" if source.url else "")

    def conflict_lines(conflicts, indent: str) -> None:
        for conflict in conflicts:
            say(indent + tr("conflict: {topic}").format(topic=text("conflict", conflict.topic)))
            for reading in conflict.readings:
                say(indent + "  - " + tr("according to {sources}: {reading}").format(
                    sources=ids(reading.sources), reading=text("reading", reading.reading)))
            say(indent + "  " + tr("default: {reading}").format(reading=text("default", conflict.default)))
            say(indent + "  " + tr("why: {reason}").format(reason=text("why", conflict.why)))
            if conflict.scenario:
                say(indent + "  " + tr("the other reading: scenario {scenario}").format(scenario=conflict.scenario))

    def notes(items, indent: str) -> None:
        if items:
            say(indent + tr("interpretation notes") + ":")
            for note in items:
                say(indent + "  - " + text("note", note))

    scenario = book.overrides.get("scenario")
    changes = change_lines(book.overrides, tr, scenario=False)
    named = semi.join(([tr("scenario {name}").format(name=scenario)] if scenario else []) + changes)
    title = text("title", law.title, ScenarioTexts(book.path, tr.lang) if scenario and not english else own)
    say(f"{title} ({law.id} v{law.version}, sha256 {book.sha256[:12]}" + (f"{semi}{named})" if named else ")"))
    if scenario:
        found = _scenario_of(book)
        say(tr("Scenario {scenario} of {base}: {changes}").format(
            scenario=scenario, base=found.base if found else law.id, changes=semi.join(changes) or tr("no changes")))
        if found:
            say("  " + tr("question: {question}").format(
                question=text("question", found.question, None if english else ScenarioTexts(book.path, tr.lang))))
    elif changes:
        say(tr("Changed: {changes}").format(changes=semi.join(changes)))
    if law.authority:
        say(tr("{authority}; enacted {date}").format(authority=text("authority", law.authority), date=tr.date(law.enacted)))
    if law.summary:
        found_summary = None if english else own.lookup("summary", law.summary)
        summary = render(found_summary, book.parameters, tr) if found_summary else text("summary", book.summary or law.summary)
        if changes and (book.summary or law.summary) == law.summary:  # as English: the enacted law's, then the changes
            say(tr("the law as enacted, before this variant's changes: {summary}").format(summary=summary))
            say(tr("changed here: {changes}").format(changes=semi.join(changes)))
        else:
            say(summary)
    if changes and view.parameters:
        say(tr("(Rule summaries below are filled in with the values in force, the changed ones included.)"))
    if not english:
        say(tr("Translations in this language are the project's own, not an official or authoritative text of the law."))
    say("")
    say(tr("Sources of the law") + ":")
    for source in view.sources:
        say("  " + source_line(source))

    if view.parameters:
        say("")
        say(tr("Parameters") + ":")
        for pname, param, changed in view.parameters:
            value = _value(book.parameters.get(pname, param.value), param.unit, tr)
            mark = " (" + tr("changed") + ")" if changed else ""
            say(f"  {pname} = {value}{mark}" + semi + tr("sources: {sources}").format(sources=ids(param.sources)))
            if param.description:
                say("      " + text("parameter", param.description))
            if param.complement:
                message = (tr("every value of {field} not in {parameter} nor in {others}, which it follows")
                           if param.complement.except_ else tr("every value of {field} not in {parameter}, which it follows"))
                say("      " + message.format(field=param.complement.within, parameter=param.complement.of,
                                              others=ids(param.complement.except_)))
            notes(param.notes, "      ")
            conflict_lines(param.conflicts, "      ")

    for article in view.articles:
        say("")
        if article.basis:
            basis = tr(_BASES.get(article.basis, article.basis.replace("_", " ")))
            say(f"{article.label} (" + tr("basis: {basis}").format(basis=basis) + ")")
        else:
            say(f"{article.label} (" + tr("not in an articles block: basis not given") + ")")
        if article.summary:
            say("  " + text("article", article.summary))
        if article.terms:
            say("  " + tr("terms: {terms}").format(terms=semi.join(article.terms)))
        for source in article.sources:
            say("  " + tr("source: {source}").format(source=source_line(source)))
        if article.numbered_by:
            say("  " + tr("numbered by: {sources}").format(sources=ids(article.numbered_by)))
        if article.rules:
            say("  " + tr("Rules") + ":")
        for rule_view in article.rules:
            compiled = compiled_rules[rule_view.id]
            rule = compiled.rule
            state = tr("enabled") if rule_view.enabled else tr("off by default")
            if rule_view.switched:
                state += sep + tr("switched on by the scenario")
            say("  - " + tr("rule {rule} ({kind}, {state})").format(
                rule=rule.id, kind=tr.pgettext("kind", rule.kind.value), state=state))
            if english:
                says = compiled.text
            elif own.lookup("rule", rule.summary) is None:  # English, filled the English way, marked and counted
                untranslated += 1
                says = compiled.text + " " + tr("[not yet translated]")
            else:
                says = local.get(rule.id) or render(own.lookup("rule", rule.summary), book.parameters, tr)
            say("      " + tr("what the rule says") + ": " + says)
            say("      " + tr("when: {condition}").format(condition=words(compiled.tree, tr=tr)))
            if rule.as_of is not None:
                say("      " + tr("in force when: {condition}").format(condition=window_words(rule, book.parameters, tr)))
            effect = _effect(compiled.effect, tr)
            if rule_view.prevails_over:
                effect += tr("; overrides {rules}").format(rules=ids(rule_view.prevails_over))
            say("      " + tr("effect: {effect}").format(effect=effect))
            say("      " + tr("sources: {sources}").format(sources=ids(rule_view.sources)))
            notes(rule_view.notes, "      ")
            conflict_lines(rule_view.conflicts, "      ")

    if law.unencoded:
        say("")
        say(tr("Not encoded") + ":")
        for item in law.unencoded:
            say("  - " + text("unencoded", item))

    say("")
    say(tr("{count} worked cases; run them with: amnesty audit {id}").format(count=tr.number(view.cases), id=law.id))
    if untranslated:
        say(tr("{count} texts are not yet translated; lint lists them: amnesty rulebooks lint {name}").format(
            count=tr.number(untranslated), name=name or law.id))
    return out


def _scenario_of(book):
    """The scenario a compiled rulebook was built from (its file is the book's path), or None."""
    from amnesty.errors import AmnestyError
    from amnesty.rules.scenario import load_scenario

    try:
        return load_scenario(book.path).scenario if book.path else None
    except AmnestyError:
        return None


def _effect(effect, tr) -> str:
    """The effect's name in the language, with its numbers, parole and condition as the English gives them
    (in English, the rulebook's words for it: "not covered", "sentence becomes 20 years")."""
    if tr.lang == "en":
        return effect_words(effect, tr)
    said = tr.effect(effect.type.value)
    if effect.type.value in ("commute", "reduce"):
        return said + f" ({effect_words(effect, tr)})"
    if effect.parole_fraction is not None:
        said += tr("; parole possible after {share} of the new term").format(share=fraction_words(effect.parole_fraction))
    if effect.subject_to:
        said += tr("; subject to {condition}").format(condition=effect.subject_to)
    return said


def _value(value, unit: str | None, tr) -> str:
    """A parameter's value the language's way, a number of years or days with its unit (as the English gives it)."""
    if type(value) is int and unit in ("years", "days"):
        if unit == "years":
            return tr.ngettext("{n} year", "{n} years", value).format(n=tr.number(value))
        return tr.ngettext("{n} day", "{n} days", value).format(n=tr.number(value))
    return shown(value, tr)
