"""The Python API: everything the command line does, callable from a notebook.

    >>> from amnesty import api
    >>> book = api.load_rulebook("aanes-2024-law-10", set={"life_commuted_years": 20})
    >>> summary = api.evaluate_file(api.SAMPLE, rulebook=book, output="decisions.jsonl")
    >>> summary.outcomes

Every name is used as ``api.NAME``; the modules behind them are
``rulebooks`` (load, show, lint, diff), ``summary`` (the counts of a run),
``files`` (evaluate a records file, find a record, samples, schemas),
``analyses`` (compare, changes, sweep, timeline, triage, explain, audit) and
``pages`` (the report, notices). Their functions read ``api.SAMPLE`` and
call ``api.load_rulebook`` through this package when they run, so
replacing either here (a notebook's own sample) reaches every function.
Analyses and pages are imported only when called: ``import amnesty.api``
loads the engine, not them.

Every ``as_of`` takes a ``date`` or an ISO day as text (``"2024-09-01"``, as
``--as-of`` takes it); anything else is one sentence (``AmnestyError``).
"""

from __future__ import annotations

from amnesty.api.rulebooks import (
    DEFAULT_RULEBOOK, RulebookLike, describe_rulebook, diff_rulebooks, export_rulebook, lint_rulebook, list_rulebooks,
    list_scenarios, load_rulebook, load_scenario, localise, rulebook_info, show_rulebook, single_rulebook,
)
from amnesty.api.summary import OUTCOMES, SUMMARY_FORMAT, RunSummary, bounds, summary_document
from amnesty.api.files import (
    SAMPLE, check_outputs, decisions_frame, evaluate_file, evaluate_records, json_schema, write_sample,
)
from amnesty.api.find import find_record, find_row
from amnesty.api.analyses import audit, changes, compare, explain_record, sweep, sweep_grid, timeline, triage
from amnesty.api.pages import notices, report, write_notices
from amnesty.engine.allocators import tune_with_workers as tune_allocators  # for a process that runs amnesty alone
from amnesty.engine.collector import tune as tune_collector  # for a process that runs amnesty alone
from amnesty.engine.evaluator import Evaluation
from amnesty.io.encoding import OUTPUT_FORMATS
from amnesty.io.estimate import estimate_records
from amnesty.io.redact import Redactor
from amnesty.rules.changes import describe_changes, parse_assignments

__all__ = [
    "DEFAULT_RULEBOOK", "SAMPLE", "OUTCOMES", "RunSummary", "Evaluation", "Redactor", "tune_allocators",
    "tune_collector", "load_rulebook",
    "single_rulebook", "list_rulebooks", "list_scenarios", "localise", "parse_assignments", "describe_changes", "evaluate_records",
    "evaluate_file", "decisions_frame", "check_outputs", "find_record", "find_row", "explain_record", "report", "notices",
    "write_notices", "load_scenario", "compare", "changes", "sweep", "sweep_grid", "timeline", "audit", "lint_rulebook",
    "diff_rulebooks", "export_rulebook", "describe_rulebook", "show_rulebook", "json_schema", "write_sample", "triage", "rulebook_info",
    "OUTPUT_FORMATS", "RulebookLike", "bounds", "SUMMARY_FORMAT", "summary_document", "estimate_records",
]
