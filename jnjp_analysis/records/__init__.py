"""The records layer: observed statistics — the record format from the plan (:mod:`.schema`), a row,
a finding and the accepted record (:mod:`.record`), reading CSV/Excel/ODS (:mod:`.read`), graded
validation (:mod:`.validate`), loading with its cache (:mod:`.store`); :mod:`.core` re-exports their
public names in one module. The Excel form (:mod:`.form`), and the analysis on a record (:mod:`.assessment`).

Each takes ``plan`` (a :class:`~jnjp_analysis.plan.definition.Plan`, a shipped plan's id or a package
folder; required, never defaulted): the units, years and targets a record is read and judged against
are the plan's, and its record format is the plan's ``records/record.schema.json``."""
