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


def test_answers_by_their_labels_in_the_language_shown(partner: signpost.RuleSet) -> None:
    # a rule set with translations reads an option by its label in the language chosen
    de = partner.evaluate({"anyone_hurt": "Ja", "listen_without_fixing": "Meistens oder immer"}, lang="de")
    en = partner.evaluate({"anyone_hurt": "yes", "listen_without_fixing": "usually"})
    assert [g["id"] for g in de.guidance] == [g["id"] for g in en.guidance]
    with pytest.raises(signpost.AnswerError):
        partner.evaluate({"listen_without_fixing": "Meistens oder immer"})  # not English


def test_frame_answers_by_their_labels(partner: signpost.RuleSet) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"anyone_hurt": ["Ja", "nein", None], "listen_without_fixing": ["Selten", "Oft", "oft"]})
    by_label = partner.evaluate_frame(frame, lang="de")
    by_id = partner.evaluate_frame(pd.DataFrame({"anyone_hurt": ["yes", "no", None],
                                                 "listen_without_fixing": ["rarely", "often", "often"]}))
    pd.testing.assert_frame_equal(by_label, by_id)
    with pytest.raises(signpost.AnswerError):
        partner.evaluate_frame(frame)  # German labels, English rules
