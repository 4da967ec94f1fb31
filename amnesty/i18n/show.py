"""``amnesty rulebooks show --lang ar|ku``: a rulebook as its readers in that language read it.

Rule summaries (with parameters filled the language's way), article
summaries, parameter descriptions and interpretation notes come from the
rulebook's catalogue; a
text without a translation is shown in English and marked, never dropped.
Identifiers (rule ids, article labels, parameter names) stay as they are:
they are what a person types to look something up.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from amnesty.i18n import translator
from amnesty.i18n.rulebook import RulebookTexts, localise, location_of, shown
from amnesty.rules.diff import effect_words


def show_translated(book, lang: str, console: Console, name: str) -> None:
    tr = translator(lang)
    own = RulebookTexts(location_of(book), tr.lang)
    local = localise(book, tr.lang)
    law = book.rulebook
    justify = "right" if tr.rtl else "left"
    untranslated = 0

    def text(context: str, english: str) -> str:
        nonlocal untranslated
        found = own.lookup(context, english)
        if found is None:
            untranslated += 1
            return english + " " + tr("[not yet translated]")
        return found

    console.print(f"{text('title', law.title)} ({law.id} v{law.version}, sha256 {book.sha256[:12]})", style="bold")
    if law.authority:
        console.print(tr("{authority}; enacted {date}").format(authority=text("authority", law.authority), date=tr.date(law.enacted)))
    console.print(tr("Translations in this language are the project's own, not an official or authoritative text of the law."))
    if law.articles:
        articles = Table(title=tr("Articles"), title_justify=justify, show_lines=True)
        for column in (tr("article"), tr("summary")):
            articles.add_column(column, overflow="fold")
        for label, article in law.articles.items():
            articles.add_row(label, text("article", article.summary))
        console.print(articles)
    params = Table(title=tr("Parameters"), title_justify=justify, show_lines=True)
    for column in (tr("name"), tr("value"), tr("meaning")):
        params.add_column(column, overflow="fold")
    for pname, value in book.parameters.items():
        if pname in law.parameters:
            params.add_row(pname, shown(value, tr), text("parameter", law.parameters[pname].description))
    console.print(params)
    rules = Table(title=tr("Rules"), title_justify=justify, show_lines=True)
    for column in (tr("article"), tr("rule"), tr("kind"), tr("what the rule says"), tr("effect"), tr("interpretation notes")):
        rules.add_column(column, overflow="fold", no_wrap=column in (tr("rule"),))
    for compiled, localised in zip(book.rules, local.rules):
        rule = compiled.rule
        if own.lookup("rule", rule.summary) is None:
            untranslated += 1
            says = localised.text + " " + tr("[not yet translated]")
        else:
            says = localised.text
        effect = tr.effect(compiled.effect.type.value)
        if compiled.effect.type.value in ("commute", "reduce"):
            effect += f" ({effect_words(compiled.effect, tr)})"
        rules.add_row(rule.article, rule.id, tr.pgettext("kind", rule.kind.value), says, effect,
                      "\n".join(f"- {text('note', note)}" for note in rule.notes))
    console.print(rules)
    if untranslated:
        console.print(tr("{count} texts are not yet translated; lint lists them: amnesty rulebooks lint {name}").format(
            count=tr.number(untranslated), name=name))
