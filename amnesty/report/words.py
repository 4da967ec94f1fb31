"""The report's sentences that carry figures, names or inline marks, in the reader's language.

``amnesty.i18n.html.translate_page`` puts a rendered page into another language one whole text
at a time, so a sentence that holds a date, a count, a file name or a ``<code>`` cannot be
found in the catalogue once drawn. These are made here, from their catalogue entries, before
the page is drawn; in English each gives the bytes the template once held itself. A translation
is escaped as text (quotes kept as they are, as the template writes them); only the marks made
here (badges, code) are markup.
"""

from __future__ import annotations

import html
from typing import Any

from markupsafe import Markup, escape

from amnesty.i18n import Translator, note_words
from amnesty.i18n.scenarios import localised
from amnesty.i18n.sides import book_title, law_title, variant_words
from amnesty.report.provenance import overrides_text
from amnesty.rules.compiler import CompiledRulebook


def _text(value: str) -> Markup:
    return Markup(html.escape(value, quote=False))


def _code(text: str) -> Markup:
    return Markup("<code>") + _text(text) + Markup("</code>")


def _badge(outcome: str) -> Markup:
    return Markup(f'<span class="badge o-{outcome}">{outcome}</span>')


def _say(translated: str, **values: Any) -> Markup:
    """A translated sentence as markup, its values escaped unless they are marks made here."""
    marked = {k: v if isinstance(v, Markup) else _text(str(v)) for k, v in values.items()}
    return _text(translated).format(**marked)


def page_words(prov: dict[str, Any], titles: dict[str, str], tr: Translator,
               comparison: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every such sentence of the page; ``titles`` are the charts' titles by chart name, as drawn;
    ``comparison`` the report's comparison section, when it has one."""
    ref, source = prov["rulebook"], prov["input"]
    as_of = _say(tr("as of {as_of}"), as_of=prov["as_of"])
    words = {
        "page_title": _say(tr("Amnesty report: {title}, as of {as_of}"), title=ref["title"], as_of=prov["as_of"]),
        "as_of": as_of,
        # between the parts of a row the template joins (the as-of date's note and how it was chosen; the
        # input's name and its size): the language's own marks, not the English "; " and ", "
        "semicolon": _text(tr("; ")),
        "comma": _text(tr.list_sep()),
        "records_from": _say(tr("{records} records from {source}"), records=tr.number(source["records_in"]),
                            source=source["name"]),
        "side": _say(tr("scenario {label}") if prov.get("compare") else tr("variant {label}"), label=ref["label"]),
        "law_version": _say(tr("version {version}, enacted {enacted}"), version=ref["version"], enacted=ref["enacted"]),
        "bytes": _say(tr("{bytes} bytes"), bytes=tr.number(source["bytes"])),
        "input_digest": _say(tr("input sha256 {digest}"), digest=source["sha256"][:12]),
        "input_shown": _say(tr("the bundled synthetic sample ({path})"), path="amnesty/data/sample.csv")
        if source["bundled"] else _text(source["shown"]),
        "up_to_note": _say(tr('"Up to": the records that could have the outcome once their unknown facts are known (a '
                          "record in review counts towards every outcome it could have, so these do not add up). "
                          "{triage} ranks the facts worth collecting first."), triage=_code("amnesty triage")),
        "regions_caption": _say(tr(
            "{title}: people per region, split by outcome. Each outcome has its own colour and hatching; numbers are "
            "written on the bars."), title=titles.get("outcomes-by-region", "")),
        "facilities_caption": _say(tr(
            "{title}: people per facility, split by outcome. The facility table below has every count; click a "
            "facility to see its decisions."), title=titles.get("outcomes-by-facility", "")),
        "releases_caption": _say(tr(
            "{title}. A {release} counts on the as-of date; a {reduced} sentence counts in the month of its projected "
            "release date. Release in phases, as reported for some laws, is not modelled here ({phase} models it). "
            'The table counts exact dates: "within N years" means on or before the as-of date plus N years.'),
            title=titles.get("releases-over-time", ""), release=_badge("release"), reduced=_badge("reduced"),
            phase=_code("amnesty timeline --phase")),
        "reasons_caption": _say(tr(
            '{title}. A bar counts every {excluded} or {not_covered} person the rule definitely applies to; "first '
            'reason" counts those for whom it is the most decisive.'),
            title=titles.get("exclusion-reasons", ""), excluded=_badge("excluded"), not_covered=_badge("not_covered")),
    }
    if prov.get("compare"):
        words["against"] = _say(tr("against baseline {label}"), label=prov["compare"]["label"])
        words.update(comparison_words(prov, comparison or {}, tr))
    words["notes"] = [_text(note_words(note, tr)) for note in prov["notes"]]
    return words


def comparison_words(prov: dict[str, Any], comparison: dict[str, Any], tr: Translator) -> dict[str, Any]:
    """The baseline's provenance row and the paragraph that opens the comparison."""
    baseline = prov["compare"]

    def side(label: str, changes: list[str], field: str) -> Markup:
        code = Markup(f'<code data-field="{field}">') + _text(label) + Markup("</code>")
        return _say(tr("{label} with {changes}"), label=code, changes=tr("; ").join(changes)) if changes else code

    version = _say(tr("version {version}, sha256 {digest}"), version=baseline["version"],
                  digest=Markup('<code class="hash">') + _text(baseline["sha256"]) + Markup("</code>"))
    if baseline["changes"]:
        version += _say(tr("; changes: {changes}"), changes=tr("; ").join(baseline["changes"]))
    records, changed = comparison.get("records", 0), comparison.get("changed", 0)
    sides = _say(tr("Baseline ({option}): {baseline}. Scenario (this report's rulebook and its changes): {scenario}."),
                option=_code("--compare"), baseline=side(baseline["label"], baseline["changes"], "baseline-label"),
                scenario=side(prov["rulebook"]["label"], prov["changes"], "scenario-label"))
    same = _say(tr.ngettext(
        "Every change below is scenario minus baseline. Both evaluated on the same {records} record as of {as_of}, "
        "so the differences are the law's, not the calendar's.",
        "Every change below is scenario minus baseline. Both evaluated on the same {records} records as of {as_of}, "
        "so the differences are the law's, not the calendar's.", records),
        records=tr.number(records), as_of=comparison.get("as_of", prov["as_of"]))
    moved = _say(tr.ngettext("{changed} record changes outcome, sentence or release date; {list_them}.",
                            "{changed} records change outcome, sentence or release date; {list_them}.", changed),
                changed=Markup('<strong data-field="changed">') + _text(tr.number(changed)) + Markup("</strong>"),
                list_them=Markup('<button type="button" class="link" data-filter-changed="1">')
                + _text(tr("list them")) + Markup("</button>"))
    return {"compare_version": version, "compare_intro": sides + Markup(" ") + same + Markup(" ") + moved,
            "from_to": Markup(html.escape(tr("{before} to {after}")))}  # an attribute's value: quotes escaped


def script_words(tr: Translator) -> dict[str, Any]:
    """The words the decisions table's script writes as it runs (a record's details, the status line),
    with their figures as ``{name}`` for the script to fill; and each effect's name."""
    from amnesty.i18n.vocabulary import EFFECTS

    return {
        "missing_fact": tr("depends on a missing fact"),
        "missing_facts": tr("Missing facts: {facts}"),
        "error": tr("Error: {error}"),
        "under_baseline": tr("Under the baseline: {outcome}"),
        "released": tr("released {date}"),
        "deciding": tr("rules that made the difference: {rules}"),
        "no_rule": tr("No rule applied."),
        "no_id": tr("(no id)"),
        "all": tr("All {total} decisions."),
        "match": tr("{count} of {total} decisions match."),
        "rows": tr("rows {first}–{last} of {count} (page {page} of {pages})"),
        "no_rows": tr("no rows"),
        "comma": tr.list_sep(),
        "semicolon": tr("; "),
        "group": tr.number(1000)[1:-3],  # what the reader's language puts between thousands
        "effects": {effect: tr.effect(effect) for _context, effect in EFFECTS},
    }


def localise_provenance(prov: dict[str, Any], tr: Translator, book: Any, other: Any) -> None:
    """The provenance's sentences that carry figures or names, in ``tr``'s language before the page is
    drawn (``translate_page`` replaces only whole texts it finds in the catalogue); a law's title as
    its translation gives it, a chain's each instrument's title joined by the language's "then"; a
    variant's label in the language's words; a scenario's title, question and notes from the
    scenarios' catalogue (English where it has none, as the page shows any text it has no words for)."""
    for key, law in (("rulebook", book), ("compare", other)):
        if not prov.get(key):
            continue
        if isinstance(law, CompiledRulebook):  # a scenario's title from the catalogue beside its file
            prov[key]["title"] = book_title(law, tr.lang)
        else:  # a chain, or the instrument of each person's custodial authority
            prov[key]["title"] = law_title(prov[key], tr)
        prov[key]["label"] = variant_words(law.id, law.overrides, tr)
    for found, law in ((prov, book), (prov.get("compare") or {}, other)):
        if found.get("scenario"):  # its title, question and notes
            found["scenario"] = localised(found["scenario"], law.path, tr.lang)
    prov["changes"] = overrides_text(prov["rulebook"].get("overrides") or {}, tr)
    if prov.get("compare") and isinstance(other, CompiledRulebook):
        prov["compare"]["changes"] = overrides_text(other.overrides, tr)
    prov["as_of_chosen"] = note_words(prov["as_of_chosen"], tr)
    prov["records_words"] = records_words(prov["input"], tr)


def records_words(counts: dict[str, Any], tr: Translator) -> Markup:
    """The provenance's records sentence in ``tr``'s language: read, decided, invalid, and columns ignored."""
    words = escape(tr("{read} read, {made} decisions made ({invalid} invalid)").format(
        read=tr.number(counts["records_in"]), made=tr.number(counts["decisions_out"]),
        invalid=tr.number(counts["invalid"])))
    if counts["records_in"] == counts["decisions_out"]:
        words += Markup(" &mdash; ") + tr("every record has exactly one decision")
    if counts["extra_columns"]:
        words += tr("; ") + tr("ignored columns the data dictionary does not name: {columns}").format(
            columns=", ".join(counts["extra_columns"]))
    return words


def rulebook_words(prov: dict[str, Any], tr: Translator) -> str:
    """``aanes-2024-law-10 + life_commuted_years=20 v1.0.0 (sha256 ...), as of 2024-07-17 (how it was chosen)``,
    in the report's language."""
    ref = prov["rulebook"]
    return (f"{ref['label']} v{ref['version']} (sha256 {ref['sha256'][:12]}){tr.list_sep()}" + tr("as of {as_of}").format(
        as_of=prov["as_of"]) + (f" ({prov['as_of_chosen']})" if prov.get("as_of_chosen") else ""))
