"""Translations: RuleSet.languages, in_language and the lang= of evaluate, evaluate_many and
document, on the shipped partner check and its German translation."""
from __future__ import annotations

import pytest

import signpost
from conftest import SOURCE_DIR


@pytest.fixture(scope="module")
def partner() -> signpost.RuleSet:
    return signpost.load(SOURCE_DIR / "rules" / "partner.signpost")


def test_languages_and_the_result_says_which(partner: signpost.RuleSet) -> None:
    assert partner.languages == ("en", "de")
    de = partner.evaluate({"anyone_hurt": "yes"}, lang="de")
    assert de["language"] == "de" and de.guidance[0]["title"] == "Sicherheit geht vor"
    en = partner.evaluate({"anyone_hurt": "yes"})
    assert en["language"] == "en" and en.guidance[0]["title"] == "Safety comes first"
    assert partner.in_language("de").title.startswith("Eine Partnerin")


def test_many_and_the_document(partner: signpost.RuleSet) -> None:
    results = partner.evaluate_many([{"anyone_hurt": "yes"}, {"anyone_hurt": "no"}], lang="de")
    assert [r["language"] for r in results] == ["de", "de"]
    assert "Sicherheit in Ihrer Beziehung" in partner.document(lang="de")


def test_a_language_it_lacks_names_those_it_has(partner: signpost.RuleSet) -> None:
    with pytest.raises(ValueError, match="has en, de"):
        partner.evaluate({}, lang="fr")
