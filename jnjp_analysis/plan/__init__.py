"""The plan layer: a plan (:mod:`.definition`, :mod:`.load`), its text and provenance (:mod:`.text`), the annex
reader of Tibet's 13th Five-Year plan (:mod:`.xizang_13fyp`) and the regional catalogue with the
reconciliation (:mod:`.catalogue`)."""
