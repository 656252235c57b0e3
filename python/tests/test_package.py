"""The package itself: where it is imported from, its names, docstrings, help() and stubs."""
from __future__ import annotations

import ast
import inspect
import os
import pydoc
import subprocess
import sys
from pathlib import Path

import signpost
from signpost import _signpost

PACKAGE = Path(signpost.__file__).parent


def test_runs_against_the_build_tree():
    """ctest sets SIGNPOST_PACKAGE_DIR: the package under test is the one just built."""
    expected = os.environ.get("SIGNPOST_PACKAGE_DIR")
    if expected:
        assert PACKAGE.resolve() == Path(expected).resolve()


def test_version_is_the_engine_version():
    assert signpost.__version__ == _signpost.version()
    assert signpost.__version__.count(".") == 2


def test_public_names():
    for name in signpost.__all__:
        assert hasattr(signpost, name), name
    assert issubclass(signpost.CompileError, ValueError)
    assert issubclass(signpost.AnswerError, ValueError)
    assert signpost.RuleSet.__module__ == "signpost"


def public_members():
    for name in signpost.__all__:
        obj = getattr(signpost, name)
        if name.startswith("__"):
            continue
        yield name, obj
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if attr.startswith("_") or not (callable(member) or isinstance(member, property)):
                    continue
                yield f"{name}.{attr}", member


def test_every_public_function_class_method_and_property_has_a_docstring():
    missing = [name for name, obj in public_members() if not (inspect.getdoc(obj) or "").strip()]
    assert missing == []


def test_help_reads_well():
    text = pydoc.render_doc(signpost, renderer=pydoc.plaintext)
    for phrase in ["Quick start", "evaluate_frame", "Unanswered is unknown", "class RuleSet", "load(path)"]:
        assert phrase in text
    rules_help = pydoc.render_doc(signpost.RuleSet, renderer=pydoc.plaintext)
    assert "evaluate_many" in rules_help and "content_hash" in rules_help


def test_typed_package_with_stubs_for_the_compiled_module():
    assert (PACKAGE / "py.typed").exists()
    stub = PACKAGE / "_signpost.pyi"
    assert stub.exists()
    tree = ast.parse(stub.read_text())
    stubbed = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    compiled = {n for n in dir(_signpost) if not n.startswith("_")}
    assert stubbed == compiled
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "CompiledRules")
    methods = {n.name for n in cls.body if isinstance(n, ast.FunctionDef)}
    assert methods == {n for n in dir(_signpost.CompiledRules) if not n.startswith("_")}


def test_importing_does_not_import_pandas():
    """Services that never call evaluate_frame need neither pandas nor numpy loaded."""
    code = "import sys, signpost; print('pandas' in sys.modules, 'numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ})
    assert out.stdout.split() == ["False", "False"]
