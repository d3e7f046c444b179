"""The records layer: observed statistics — the Table Schema, reading CSV/Excel and graded validation
(:mod:`.core`), the Excel form (:mod:`.form`), and the analysis on a record (:mod:`.assessment`).

Each takes ``plan`` (a :class:`~jnjp_analysis.plan.definition.Plan`, a shipped plan's id or a package
folder; None: the default plan): the units, years and targets a record is read and judged against
are the plan's, and its record format is the plan's ``records/record.schema.json``."""
