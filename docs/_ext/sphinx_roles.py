"""A griffe extension for the API reference: the docstrings use Sphinx's cross-reference roles
(``:func:`load```, ``:mod:`jnjp_analysis.records.core```), which numpydoc readers know but Markdown does
not; show each as inline code (``load``) instead of as literal ``:func:`` text."""

from __future__ import annotations

import re

import griffe

ROLE = re.compile(r":(?:func|mod|class|meth|data|attr|obj|exc|py:\w+):`~?([^`]+)`")


class SphinxRoles(griffe.Extension):
    def on_instance(self, *, node, obj, agent, **kwargs) -> None:
        if obj.docstring is not None:
            obj.docstring.value = ROLE.sub(r"`\1`", obj.docstring.value)
