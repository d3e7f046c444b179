"""The pages layer: i18n, display helpers, charts, the briefing and overview content, the record
view, the embedded web font, PDF printing, the explorer and the nbconvert template."""
