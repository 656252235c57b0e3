"""The package's types hold up: mypy --strict passes on the package (its .py files and the
_signpost.pyi stub) and on typical user code. Skipped where mypy is not installed."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import signpost

pytest.importorskip("mypy")

USER_CODE = '''
import signpost

rules: signpost.RuleSet = signpost.load("rules.signpost")
result = rules.evaluate({"a": 1}, b="often")
fired: tuple[str, ...] = result.fired
first: signpost.Item = rules.items[0]
by_id: signpost.Item = rules.items["a"]
labels: list[str] = [o.label for o in by_id.scale.options]
levels = {g.id: g.level for g in rules.guidance}
try:
    signpost.compile("", name="x")
except signpost.CompileError as error:
    where: int | None = error.diagnostics[0].line
try:
    rules.evaluate_many([{"a": 1}], threads=2)
except signpost.AnswerError as error:
    items = [p.item for p in error.problems]
'''


def mypy(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "MYPYPATH": str(Path(signpost.__file__).parent.parent)}
    return subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull,
                           "--ignore-missing-imports", *args], capture_output=True, text=True, cwd=cwd, env=env)


def test_package_is_strictly_typed(tmp_path):
    out = mypy("-p", "signpost", cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr


def test_user_code_type_checks(tmp_path):
    (tmp_path / "use.py").write_text(USER_CODE)
    out = mypy("use.py", cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr


def test_mistakes_are_caught(tmp_path):
    (tmp_path / "bad.py").write_text('import signpost\n'
                                     'rules = signpost.load(42)\n'
                                     'title: int = rules.title\n'
                                     'rules.evaluate_many([], threads="2")\n')
    out = mypy("bad.py", cwd=tmp_path)
    assert out.returncode == 1
    assert [line.split(":")[1] for line in out.stdout.splitlines() if ": error:" in line] == ["2", "3", "4"]
