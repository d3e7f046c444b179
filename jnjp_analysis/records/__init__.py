"""The records layer: observed statistics — the Table Schema, reading CSV/Excel and graded validation
(:mod:`.core`), the Excel form (:mod:`.form`), and the analysis on a record (:mod:`.assessment`)."""
