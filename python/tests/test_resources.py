"""RuleSet.with_resources (a deployment's contacts for urgent guidance) and RuleSet.document."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import signpost
from conftest import SOURCE_DIR

UK = {"region": "United Kingdom",
      "urgent": {"text": "If you are in danger now, call 999.",
                 "contacts": [{"name": "Emergency services", "phone": "999", "hours": "24 hours"}]}}


def test_default_contacts_name_no_number(small):
    r = small.evaluate(has_partner="no", unsafe="yes")
    help_now = r.urgent_help
    assert help_now is not None and help_now["from"] == "default" and help_now["contacts"] == []
    assert "emergency services" in help_now["text"]
    assert small.evaluate(has_partner="no", unsafe="no").urgent_help is None


def test_unanswered_safety_still_shows_contacts(small):
    assert small.evaluate(has_partner="no").urgent_help is not None  # `unsafe` left unanswered


def test_deployment_contacts_from_a_mapping_and_a_file(small, tmp_path: Path):
    deployed = small.with_resources(UK)
    r = deployed.evaluate(has_partner="no", unsafe="yes")
    assert r.urgent_help == {**UK["urgent"], "from": "deployment", "region": "United Kingdom"}
    path = tmp_path / "resources.json"
    path.write_text(json.dumps(UK), encoding="utf-8")
    assert small.with_resources(path).evaluate(has_partner="no", unsafe="yes").urgent_help == r.urgent_help
    assert small.evaluate(has_partner="no", unsafe="yes").urgent_help["from"] == "default"  # unchanged
    assert deployed.content_hash == small.content_hash


def test_every_resources_problem_is_listed(small):
    with pytest.raises(signpost.ResourcesError) as info:
        small.with_resources({"regoin": "UK", "urgent": {"contacts": [{"name": "Helpline"}]}})
    codes = [(p.code, p.pointer) for p in info.value.problems]
    assert ("R002", "/regoin") in codes
    assert ("R003", "/urgent/text") in codes
    assert ("R003", "/urgent/contacts/0") in codes
    assert "did you mean 'region'" in str(info.value)
    assert isinstance(info.value, ValueError)
    with pytest.raises(TypeError):
        small.with_resources(42)  # type: ignore[arg-type]


def test_document_is_what_signpost_doc_writes():
    rules = signpost.load(str(SOURCE_DIR / "rules" / "partner.signpost"))
    assert rules.document() == (SOURCE_DIR / "rules" / "partner.md").read_text(encoding="utf-8")
