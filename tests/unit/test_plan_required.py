"""Below the pages a Plan is required, never defaulted (issue 29, item 3).

Every function and method of the model, scenario, record and plan-catalogue modules that takes a
``plan`` takes it without a default, and a missing plan (None) is a clear error naming the parameter.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import jnjp_analysis
from jnjp_analysis.errors import JnjpError

PACKAGES = ("jnjp_analysis.model", "jnjp_analysis.scenarios", "jnjp_analysis.records")
MODULES = ("jnjp_analysis.plan.catalogue",)


def _modules():
    names = list(MODULES)
    for pkg in PACKAGES:
        mod = importlib.import_module(pkg)
        names.append(pkg)
        names += [f"{pkg}.{m.name}" for m in pkgutil.iter_modules(mod.__path__)]
    return [importlib.import_module(n) for n in names]


def _callables(module):
    """The functions, classes' methods and classes' constructors defined in ``module``."""
    for name, obj in vars(module).items():
        if getattr(obj, "__module__", None) != module.__name__:
            continue  # imported from elsewhere: checked where it is defined
        if inspect.isfunction(obj):
            yield f"{module.__name__}.{name}", obj
        elif inspect.isclass(obj):
            yield f"{module.__name__}.{name}", obj  # a dataclass's field: its __init__ parameter
            for mname, m in vars(obj).items():
                f = m.__func__ if isinstance(m, (staticmethod, classmethod)) else m
                if inspect.isfunction(f):
                    yield f"{module.__name__}.{name}.{mname}", f


def test_no_plan_parameter_has_a_default():
    defaulted = []
    for module in _modules():
        for qual, obj in _callables(module):
            try:
                sig = inspect.signature(obj)
            except (TypeError, ValueError):
                continue
            p = sig.parameters.get("plan")
            if p is not None and p.default is not inspect.Parameter.empty:
                defaulted.append(qual)
    assert sorted(set(defaulted)) == []


def test_a_missing_plan_is_an_error_naming_the_parameter():
    from jnjp_analysis.records import schema
    from jnjp_analysis.scenarios import definition

    with pytest.raises(JnjpError, match="plan"):
        schema.get_plan(None)
    with pytest.raises(JnjpError, match="plan"):
        definition.parameters(None)


def test_the_public_api_loads_the_plan_for_the_user():
    # the top: jnjp.load_plan() with no id is the default plan, Tibet's 13th Five-Year plan
    assert jnjp_analysis.load_plan().id == "xizang-13fyp"
