"""Every ```python example in docs/python.md runs, in order, in one namespace, from the
repository root; where a ``` block right after one says "prints", the output must match."""
from __future__ import annotations

import contextlib
import io
import os
import re

import pytest

from conftest import SOURCE_DIR

DOC = SOURCE_DIR / "docs" / "python.md"


def blocks():
    text = DOC.read_text(encoding="utf-8")
    pattern = re.compile(r"```python\n(.*?)```\n(?:\nprints\n\n```\n(.*?)```\n)?", re.S)
    return [(m.group(1), m.group(2)) for m in pattern.finditer(text)]


def test_there_are_examples():
    assert len(blocks()) >= 8


def test_examples_run():
    pytest.importorskip("pandas")
    namespace: dict = {}
    cwd = os.getcwd()
    os.chdir(SOURCE_DIR)
    try:
        for k, (code, printed) in enumerate(blocks()):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(compile(code, f"{DOC.name} example {k + 1}", "exec"), namespace)
            if printed is not None:
                assert out.getvalue() == printed, f"example {k + 1} printed:\n{out.getvalue()}"
    finally:
        os.chdir(cwd)
