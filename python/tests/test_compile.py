"""signpost.load and signpost.compile: rule sets, warnings, and CompileError with its diagnostics."""
from __future__ import annotations

import os
import pickle
import subprocess
from pathlib import Path

import pytest

import signpost
from conftest import SMALL_PATH, SOURCE_DIR

BROKEN = """assessment broken "Broken" version "1"
disclaimer "For testing only. It is not a diagnosis."
source s "S"
scale frequency: never = 0, sometimes = 1, often = 2
item a: frequency "A?" cites s
let n = count(a where answer >= oftn)
item b: nosuchscale "B?" cites s
"""


def test_load_a_file(small):
    rules = signpost.load(SMALL_PATH)  # a Path works as well as a str
    assert isinstance(rules, signpost.RuleSet)
    assert rules.id == "small" and rules.version == "1.2.3"
    assert rules.content_hash == small.content_hash
    assert rules.name == str(SMALL_PATH)
    assert rules.files == (str(SMALL_PATH),)


def test_load_resolves_imports(shipped):
    assert shipped.files[0].endswith("self-check.signpost")  # the main file first, then its imports
    assert any(f.endswith("common.signpost") for f in shipped.files[1:])


def test_compile_text(small_text):
    rules = signpost.compile(small_text, name="small.signpost")
    assert rules.title == "A small test assessment"
    assert rules.audience == "researcher" and rules.language == "en"
    assert "not a diagnosis" in rules.disclaimer
    assert rules.warnings == ()
    assert rules.content_hash.startswith("sha256:")


def test_compile_text_with_imports_relative_to_name():
    text = (SOURCE_DIR / "rules" / "self-check.signpost").read_text()
    rules = signpost.compile(text, name=str(SOURCE_DIR / "rules" / "inline.signpost"))
    assert rules.files[1].endswith("common.signpost")


def test_compile_error_lists_every_error():
    with pytest.raises(signpost.CompileError) as info:
        signpost.compile(BROKEN, name="broken.signpost")
    e = info.value
    assert isinstance(e, ValueError)
    assert [d.code for d in e.errors] == ["E015", "E012"]
    d = e.errors[0]
    assert (d.file, d.line, d.column) == ("broken.signpost", 6, 33)
    assert d.end_line == 6 and d.end_column == 37
    assert d.severity == "error" and d.is_error
    assert d.message == "'oftn' is not an option of scale 'frequency'"
    assert d.hint == "did you mean 'often'?"
    assert d.location == "broken.signpost:6:33"
    assert str(d).startswith("broken.signpost:6:33: error[E015]: 'oftn' is not an option")
    assert "^~~~" in str(d)
    assert e.name == "broken.signpost"
    assert str(e).endswith("broken.signpost: 2 error(s), 0 warning(s)")
    assert e.diagnostics == e.errors + e.warnings


def test_compile_error_renders_like_the_command_line(tmp_path):
    cli = os.environ.get("SIGNPOST_CLI")
    if not cli:
        pytest.skip("SIGNPOST_CLI not set (ctest sets it)")
    path = tmp_path / "broken.signpost"
    path.write_text(BROKEN)
    out = subprocess.run([cli, "check", str(path)], capture_output=True, text=True)
    assert out.returncode == 1
    with pytest.raises(signpost.CompileError) as info:
        signpost.load(path)
    assert str(info.value) + "\n" == out.stderr


def test_warnings_are_kept_on_a_rule_set_that_compiles():
    text = BROKEN.replace("item b: nosuchscale \"B?\" cites s\n", "").replace("oftn", "often")
    text += 'item c: yesno "C?"\n'  # no citation: W048
    rules = signpost.compile(text)
    assert [w.code for w in rules.warnings] == ["W048"]
    assert rules.warnings[0].severity == "warning" and not rules.warnings[0].is_error


def test_unreadable_file():
    with pytest.raises(signpost.CompileError) as info:
        signpost.load("/no/such/file.signpost")
    d = info.value.errors[0]
    assert d.code == "E050"
    assert d.file is None and d.line is None and d.column is None
    assert "cannot read '/no/such/file.signpost'" in d.message
    assert str(d).startswith("error[E050]")


def test_compile_needs_text():
    with pytest.raises(TypeError):
        signpost.compile(b"assessment")  # type: ignore[arg-type]


def test_compile_error_pickles():
    with pytest.raises(signpost.CompileError) as info:
        signpost.compile(BROKEN)
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value) and again.diagnostics == info.value.diagnostics


def test_text_without_an_assessment_is_a_library():
    lib = signpost.compile('scale s: a = 0, b = 1\nsource x "X"\n')
    assert lib.id == "" and lib.scales.ids()[-1] == "s" and lib.items == ()
    with pytest.raises(signpost.AnswerError) as info:
        lib.evaluate({})
    assert info.value.problems[0].code == "A012"


def test_shipped_rule_sets_compile():
    for path in sorted((SOURCE_DIR / "rules").glob("*.signpost")):
        rules = signpost.load(path)
        assert rules.content_hash.startswith("sha256:")
