"""The report's charts, drawn with matplotlib for screen, print and slides.

Readers may be colour-blind or hold a greyscale print-out, so every series
has an Okabe-Ito colour *and* a hatch or line style, bars carry their
numbers, and every axis names its unit. Figures are built with
``matplotlib.figure.Figure`` (no pyplot, no global state) on the Agg backend.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date

from matplotlib import dates as mdates
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from amnesty.i18n import Translator, translator
from amnesty.i18n.html import phrase
from amnesty.report.collect import OUTCOMES

# Okabe & Ito (2008) colour-blind-safe palette; hatches keep series apart in greyscale.
OUTCOME_STYLE: dict[str, tuple[str, str, str]] = {
    "release": ("#009E73", "", "release: out at the as-of date"),
    "reduced": ("#56B4E9", "//", "reduced: out at a later date"),
    "review": ("#F0E442", "..", "review: a person must decide"),
    "deferred": ("#0072B2", "++", "deferred: relief once a condition is met"),
    "excluded": ("#D55E00", "xx", "excluded"),
    "not_covered": ("#CC79A7", "\\\\", "not covered by the law"),
    "invalid": ("#999999", "--", "invalid record"),
}
STACK_ORDER = ("release", "reduced", "deferred", "review", "excluded", "not_covered", "invalid")
LINE_STYLES = (
    ("#E69F00", "-", "o"), ("#0072B2", "--", "s"), ("#009E73", "-.", "^"), ("#D55E00", ":", "D"),
    ("#CC79A7", (0, (6, 2)), "v"), ("#56B4E9", (0, (3, 1, 1, 1)), "P"), ("#000000", "-", "X"),
)
EDGE = "#333333"
WIDTH = 9.0  # inches; 900 px at the PNG's 100 dpi


@dataclass(frozen=True)
class Chart:
    """One figure with the words a reader or a screen reader needs around it."""

    name: str
    title: str
    description: str
    figure: Figure


def _described(title: str, items: list[str], tr: Translator) -> str:
    """What a screen reader says for a chart: its title, then every figure it draws, in ``tr``'s
    language (the labels drawn inside are put into it later, ``amnesty.i18n.charts``)."""
    return f"{phrase(title, tr) or title}: " + tr("; ").join(items)


def _figure(height: float, title: str) -> tuple[Figure, object]:
    """A figure titled for slides, with thousands separators on the count axis."""
    figure = Figure(figsize=(WIDTH, height), layout="constrained")
    figure.suptitle(title, x=0.01, ha="left", fontsize=11, fontweight="bold")
    ax = figure.subplots()
    ax.xaxis.set_major_formatter(_thousands)
    return figure, ax


def _thousands(value, _position) -> str:
    return f"{value:,.0f}"


def _outcome_legend(ax, outcomes) -> None:
    handles = [Patch(facecolor=OUTCOME_STYLE[o][0], hatch=OUTCOME_STYLE[o][1], edgecolor=EDGE, label=OUTCOME_STYLE[o][2])
               for o in outcomes]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.01), ncols=3, frameon=False, fontsize=9)


def stacked_outcomes(name: str, title: str, counts: dict[str, dict[str, int]], unit: str,
                     tr: Translator | None = None) -> Chart:
    """Horizontal bars, one per facility or region, split by outcome, with counts on the segments."""
    labels = list(counts)
    figure, ax = _figure(1.9 + 0.34 * max(len(labels), 3), title)
    present = [o for o in STACK_ORDER if any(c.get(o, 0) for c in counts.values())]
    biggest = max((sum(c.values()) for c in counts.values()), default=1) or 1
    left = [0] * len(labels)
    positions = list(range(len(labels)))[::-1]
    for outcome in present:
        colour, hatch, _label = OUTCOME_STYLE[outcome]
        values = [counts[label].get(outcome, 0) for label in labels]
        ax.barh(positions, values, left=left, color=colour, hatch=hatch, edgecolor=EDGE, linewidth=0.5, height=0.72)
        for y, start, value in zip(positions, left, values):
            if value and value / biggest > 0.045:
                ax.text(start + value / 2, y, f"{value:,}", ha="center", va="center", fontsize=7.5,
                        bbox={"boxstyle": "square,pad=0.12", "fc": "white", "ec": "none", "alpha": 0.85})
        left = [a + b for a, b in zip(left, values)]
    for y, total in zip(positions, left):
        ax.text(total + biggest * 0.01, y, f"{total:,}", va="center", fontsize=8, fontweight="bold")
    ax.set_yticks(positions, labels, fontsize=9)
    ax.set_xlim(0, biggest * 1.1)
    ax.set_xlabel(f"records (people) — total per {unit} in bold")
    ax.spines[["top", "right"]].set_visible(False)
    _outcome_legend(ax, present)
    tr = tr or translator("en")
    description = _described(title, [
        f"{label} " + tr.list_sep().join(f"{tr.outcome(o)} {tr.number(counts[label].get(o, 0))}" for o in present)
        for label in labels], tr)
    return Chart(name, title, description, figure)


def with_context(chart: Chart, context: str) -> Chart:
    """The chart with the law, scenario and as-of date written inside the image, for a slide seen alone."""
    chart.figure.supxlabel(textwrap.fill(context, 120), x=0.01, ha="left", fontsize=8, color="#333333")
    return Chart(chart.name, chart.title, f"{chart.description} ({context})", chart.figure)


def releases_over_time(timeline: dict, as_of: date, tr: Translator | None = None) -> Chart:
    """Cumulative projected releases per region and month: people (top) and each region's share of its own
    releases (bottom), so a region of a few dozen people is as readable as one of a thousand.

    The time axis ends at the last projected release: nothing is drawn past the data.
    """
    title = "Projected releases over time, cumulative by month, by region"
    figure = Figure(figsize=(WIDTH, 8.4), layout="constrained")
    figure.suptitle(title, x=0.01, ha="left", fontsize=11, fontweight="bold")
    ax, share_ax = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    months = [max(as_of, date(int(p[:4]), int(p[5:7]), 1)) for p in timeline["periods"]]
    series = {region: counts for region, counts in timeline["cumulative"].items() if counts and counts[-1]}
    last = _last_change(months, series.values()) if series else (months[-1] if months else as_of)
    ends = []
    upper = timeline.get("possible_cumulative", {})
    banded = False
    for index, (region, counts) in enumerate(series.items()):
        colour, style, marker = LINE_STYLES[index % len(LINE_STYLES)]
        high = upper.get(region)
        if high and any(h > c for h, c in zip(high, counts)):  # the lighter band: who could be out, facts permitting
            ax.fill_between(months, counts, high, step="post", color=colour, alpha=0.15, linewidth=0)
            banded = True
        every = max(1, len(months) // 8)
        shares = [100 * c / counts[-1] for c in counts]
        for axes, values in ((ax, counts), (share_ax, shares)):
            axes.step(months, values, where="post", color=colour, linestyle=style, linewidth=1.8,
                      label=region if axes is ax else None)
            axes.plot(months[::every], values[::every], linestyle="none", marker=marker, color=colour, markersize=4.5)
        ends.append([counts[-1], region, colour, last])
    if months and last > months[0]:
        ax.set_xlim(mdates.date2num(months[0]), mdates.date2num(last))
    _label_ends(ax, ends)
    if banded:  # the band's top stays in view
        band_top = max(max(h) for region, h in upper.items() if region in series and h)
        ax.set_ylim(0, max(ax.get_ylim()[1], band_top * 1.05))
    if ends:  # room on the right for the region labels, which sit outside the axes
        figure.get_layout_engine().set(rect=(0, 0, 0.9, 1))
    ax.axvline(as_of, color=EDGE, linewidth=0.8, linestyle=":")
    ax.annotate(f"as of {as_of.isoformat()}", (as_of, 1), xycoords=("data", "axes fraction"),
                xytext=(3, -12), textcoords="offset points", fontsize=8)
    ax.set_ylabel("people released (cumulative)")
    share_ax.set_ylabel("share of the region's releases (%)")
    share_ax.set_ylim(0, 105)
    share_ax.axvline(as_of, color=EDGE, linewidth=0.8, linestyle=":")
    share_ax.set_xlabel("projected release date (month)")
    share_ax.xaxis.set_major_locator(mdates.YearLocator(base=2))
    share_ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.yaxis.set_major_formatter(_thousands)
    for axes in (ax, share_ax):
        axes.grid(axis="y", color="#dddddd", linewidth=0.6)
        axes.spines[["top", "right"]].set_visible(False)
    if series:
        share_ax.legend(*ax.get_legend_handles_labels(), loc="upper center", bbox_to_anchor=(0.5, -0.2),
                        ncols=min(len(series), 7), frameon=False, fontsize=9, handlelength=3)
    else:
        ax.text(0.5, 0.5, "no releases projected", transform=ax.transAxes, ha="center")
    tr = tr or translator("en")
    items = [tr("{region} {people} in all").format(region=region, people=tr.number(counts[-1]))
             for region, counts in series.items()]
    if banded:
        items.append(tr("the lighter band above each line reaches the people who could be out by then, depending on "
                        "unknown facts (up to {people} in all)").format(
                            people=tr.number(sum(h[-1] for h in upper.values() if h))))
    description = _described(title, items, tr)
    return Chart("releases-over-time", title, description, figure)


def _last_change(months: list[date], series) -> date:
    """The month of the last projected release of any region: where the data ends."""
    last = 0
    for counts in series:
        for index in range(len(counts) - 1, 0, -1):
            if counts[index] != counts[index - 1]:
                last = max(last, index)
                break
    return months[last] if months else date.today()


def _label_ends(ax, ends: list[list]) -> None:
    """Region names in the right margin, beside the end of each line, nudged apart so none overlap."""
    if not ends:
        return
    top = max(end[0] for end in ends) or 1
    gap = top * 0.06
    ends.sort(key=lambda end: end[0])
    placed: list[float] = []
    for value, region, colour, _final in ends:
        y = max(value, placed[-1] + gap) if placed else value
        placed.append(y)
        ax.annotate(f"{region}: {value:,}", (1.0, y), xycoords=("axes fraction", "data"), xytext=(6, 0),
                    textcoords="offset points", fontsize=8, color="black", va="center", annotation_clip=False,
                    bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": colour, "linewidth": 1.2})
    ax.set_ylim(0, max(placed[-1], top) * 1.08)


def barring_reasons(reasons: list[dict], limit: int = 12, tr: Translator | None = None) -> Chart:
    """The rules that keep most people out, each bar naming the rule and its article."""
    title = "Reasons that keep most people out (scope and exclusion rules)"
    shown = reasons[:limit]
    figure, ax = _figure(1.9 + 0.36 * max(len(shown), 3), title)
    positions = list(range(len(shown)))[::-1]
    styles = {"not_covered": OUTCOME_STYLE["not_covered"], "exclude": OUTCOME_STYLE["excluded"]}
    biggest = max((r["people"] for r in shown), default=1) or 1
    for y, reason in zip(positions, shown):
        colour, hatch, _ = styles.get(reason["effect"], OUTCOME_STYLE["invalid"])
        ax.barh(y, reason["people"], color=colour, hatch=hatch, edgecolor=EDGE, linewidth=0.5, height=0.7)
        ax.text(reason["people"] + biggest * 0.01, y, f"{reason['people']:,} (first reason for {reason['decisive']:,})",
                va="center", fontsize=8)
    ax.set_yticks(positions, [f"{r['article']} · {r['rule']}" for r in shown], fontsize=9)
    ax.set_xlim(0, biggest * 1.3)
    ax.set_xlabel("people the rule keeps out (one person may be kept out by several rules)")
    ax.spines[["top", "right"]].set_visible(False)
    handles = [Patch(facecolor=styles[k][0], hatch=styles[k][1], edgecolor=EDGE, label=label)
               for k, label in (("not_covered", "scope: the law does not cover them"), ("exclude", "exclusion: the law bars them"))]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.01), ncols=2, frameon=False, fontsize=9)
    if not shown:
        ax.text(0.5, 0.5, "no one is kept out", transform=ax.transAxes, ha="center")
    tr = tr or translator("en")
    description = _described(title, [f"{r['article']} {r['rule']} {tr.number(r['people'])}" for r in shown], tr)
    return Chart("exclusion-reasons", title, description, figure)


def comparison_totals(totals: dict[str, dict[str, int]], baseline: str, scenario: str,
                      tr: Translator | None = None) -> Chart:
    """Outcome totals side by side: plain grey for the baseline, blue with hatching for the scenario."""
    title = "Outcome totals, baseline against scenario"
    outcomes = [o for o in OUTCOMES if totals[o]["baseline"] or totals[o]["scenario"]]
    figure, ax = _figure(1.9 + 0.6 * max(len(outcomes), 3), title)
    positions = list(range(len(outcomes)))[::-1]
    biggest = max((max(totals[o]["baseline"], totals[o]["scenario"]) for o in outcomes), default=1) or 1
    for y, outcome in zip(positions, outcomes):
        row = totals[outcome]
        ax.barh(y + 0.19, row["baseline"], height=0.36, color="#BBBBBB", edgecolor=EDGE, linewidth=0.5)
        ax.barh(y - 0.19, row["scenario"], height=0.36, color="#0072B2", hatch="//", edgecolor=EDGE, linewidth=0.5)
        ax.text(row["baseline"] + biggest * 0.01, y + 0.19, f"{row['baseline']:,}", va="center", fontsize=8)
        ax.text(row["scenario"] + biggest * 0.01, y - 0.19, f"{row['scenario']:,} ({row['delta']:+,})",
                va="center", fontsize=8, fontweight="bold")
    ax.set_yticks(positions, outcomes, fontsize=9)
    ax.set_xlim(0, biggest * 1.2)
    ax.set_xlabel("records (people); scenario bars show the change from the baseline in brackets")
    ax.spines[["top", "right"]].set_visible(False)
    tr = tr or translator("en")  # the legend names each side by its label, in the reader's words
    handles = [Patch(facecolor="#BBBBBB", edgecolor=EDGE, label=tr("baseline: {label}").format(label=baseline)),
               Patch(facecolor="#0072B2", hatch="//", edgecolor=EDGE, label=tr("scenario: {label}").format(label=scenario))]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.01), ncols=2, frameon=False, fontsize=9)
    description = _described(title, [
        tr("{outcome} {before} to {after}").format(outcome=tr.outcome(o), before=tr.number(totals[o]["baseline"]),
                                                   after=tr.number(totals[o]["scenario"]))
        for o in outcomes], tr)
    return Chart("comparison-outcomes", title, description, figure)
