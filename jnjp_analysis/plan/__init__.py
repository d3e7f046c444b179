"""The plan layer: a plan's text and provenance (:mod:`.text`), its units (:mod:`.units`), the annex
reader of Tibet's 13th Five-Year plan (:mod:`.xizang_13fyp`) and the regional catalogue with the
reconciliation (:mod:`.catalogue`)."""
