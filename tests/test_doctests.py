"""The examples in module and function docstrings run, and print what they say.

Every module of the installed ``policykg`` namespace is imported by its package name (so the
``graph/``, ``loaders/`` … folders are tested as ``policykg.graph`` …, as users import them)
and its doctests are run; a failing example fails its module's test with doctest's report.
"""
from __future__ import annotations

import doctest
import importlib
import io
import pkgutil

import pytest

import policykg

#: modules whose import has side effects or which need a service (they carry no runnable examples)
_LEFT_OUT = ("policykg.__main__",)


#: the packages of the namespace (an editable install maps graph/, loaders/ … onto them, so
#: walking ``policykg.__path__`` alone would not find them)
_PACKAGES = ("policykg", "policykg.graph", "policykg.loaders", "policykg.queries", "policykg.stores", "policykg.viz")


def _module_names() -> list[str]:
    names = set()
    for package_name in _PACKAGES:
        package = importlib.import_module(package_name)
        names.add(package_name)
        for info in pkgutil.walk_packages(package.__path__, package_name + "."):
            names.add(info.name)
    return sorted(n for n in names if n not in _LEFT_OUT and ".neo4j_server" not in n)


def test_the_namespace_has_modules_with_examples():
    assert len(_module_names()) > 40


@pytest.mark.parametrize("name", _module_names())
def test_docstring_examples_run(name, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # an example that writes files writes them here, never into the tree
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report = io.StringIO()
    for test in finder.find(module, name):
        runner.run(test, out=report.write)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, report.getvalue()
