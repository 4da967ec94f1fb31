"""Everything about durable_rules, the library that matches records against the rules, in one place.

durable_rules is unmaintained (its last upstream change is from 2020) and fails
silently in known ways (docs/durable-rules.md), so it is kept behind this
folder and used the checked way only:

- ``ruleset``: a compiled rulebook's condition trees as a durable_rules
  ruleset (plain JSON data), each rule twice, for true and for false;
- ``limits``: what durable_rules cannot do safely, measured, and checked
  before it is asked to;
- ``fit``: a rulebook that crosses those limits refused in one sentence
  naming its file, line and rule, when it is loaded or linted, before any
  record is read;
- ``matcher``: the one module that imports durable_rules (its low-level
  module, one handle per process, every fact asserted, drained, retracted).

Nothing below the engine knows durable_rules exists; the rulebook layer
compiles condition trees, and the plain evaluator of those trees is the
reference every durable_rules answer is checked against, in every run and
in the differential tests.
"""
