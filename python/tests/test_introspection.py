"""RuleSet introspection: items, sections, scales, values, guidance, sources; enough to build a form."""
from __future__ import annotations

import dataclasses

import pytest

import signpost


def test_items_in_order_with_their_scales(small):
    assert small.items.ids() == ("has_partner", "home", "years", "tired", "tense", "touch", "feel", "sleep", "unsafe")
    tired = small.items["tired"]
    assert isinstance(tired, signpost.Item)
    assert tired.prompt == "I feel tired." and tired.section == "signs"
    assert tired.scale.id == "frequency" and tired.scale.kind == "options" and tired.scale.scored
    assert tired.scale.option_ids() == ("never", "sometimes", "often")
    assert tired.scale.options[2] == signpost.Option("often", "Often", 2.0)
    assert tired.scale.endorse_from == "often"
    assert tired.cites == (signpost.Citation("leaflet", "Signs"),)
    assert not tired.required and not tired.safety and tired.ask_when is None
    assert small.items["has_partner"].required
    assert small.items["unsafe"].safety
    assert small.items["touch"].ask_when == "has_partner"


def test_every_kind_of_scale(small):
    kinds = {it.id: it.scale.kind for it in small.items}
    assert kinds["has_partner"] == "boolean" and small.items["has_partner"].scale.option_ids() == ("no", "yes")
    assert kinds["home"] == "options" and not small.items["home"].scale.scored
    assert small.items["home"].scale.options[0].value is None
    assert kinds["feel"] == "multiple"
    years, sleep = small.items["years"].scale, small.items["sleep"].scale
    assert (years.kind, years.lo, years.hi) == ("integer", 16, 120)
    assert (sleep.kind, sleep.lo, sleep.hi) == ("decimal", 0, 24)
    assert small.items["home"].scale.title == "Who do you live with?"
    assert "yesno" in small.scales and "frequency" in small.scales


def test_sections(small):
    assert small.sections.ids() == ("context", "signs")
    ctx, signs = small.sections
    assert ctx.context and not signs.context
    assert ctx.items == ("has_partner", "home", "years")
    assert signs.title == "Signs" and signs.cites == (signpost.Citation("leaflet", "Signs"),)


def test_values(small):
    assert small.values.ids() == ("cutoff", "sign_count", "many", "where_living", "short_sleep", "level")
    cutoff = small.values["cutoff"]
    assert (cutoff.kind, cutoff.type, cutoff.note, cutoff.expression) == ("threshold", "number", "Two signs.", "2")
    count = small.values["sign_count"]
    assert (count.kind, count.type, count.expression) == ("let", "number", "count(tired, tense, touch)")
    assert (count.lo, count.hi, count.integral) == (0, 3, True)
    assert small.values["many"].type == "boolean"
    assert small.values["where_living"].type == "option" and small.values["where_living"].scale == "living"
    level = small.values["level"]
    assert level.kind == "band" and level.type == "band" and level.expression == "sign_count"
    assert [(b.id, b.label) for b in level.bands] == [("low", "Low"), ("high", "High")]
    assert level.bands[0].lo == 0 and level.bands[0].hi == 1 and level.bands[0].hi_inclusive


def test_guidance(small):
    assert small.guidance.ids() == ("safety_first", "several_signs", "numbness", "little_sleep")
    g = small.guidance["several_signs"]
    assert (g.level, g.title, g.text, g.when) == ("consider", "Several signs", "Several signs came up.", "many")
    assert g.steps == ("Talk to someone you trust.",)
    assert g.items == ("has_partner", "tired", "tense", "touch")  # through the value and touch's ask when
    assert small.guidance["safety_first"].level == "urgent"
    assert small.guidance["numbness"].when == "feel includes numb"


def test_sources(small, shipped):
    (leaflet,) = small.sources
    assert (leaflet.id, leaflet.title, leaflet.publisher, leaflet.url) == ("leaflet", "A leaflet", "Tests", None)
    assert leaflet.sections == ("Signs", "Help")
    assert len(shipped.sources) >= 1 and all(s.title for s in shipped.sources)


def test_catalog_lookup():
    rules = signpost.compile('assessment a "A" version "1"\ndisclaimer "For testing only. Not a diagnosis."\n'
                             'source s "S"\nitem pull_away: yesno "Q?" cites s\n')
    items = rules.items
    assert isinstance(items, tuple) and len(items) == 1
    assert items[0] is items["pull_away"] and "pull_away" in items and items[0] in items
    assert items.get("nope") is None
    with pytest.raises(KeyError, match="did you mean 'pull_away'"):
        items["pul_away"]
    assert repr(items) == "Catalog(['pull_away'])"


def test_objects_are_frozen(small):
    with pytest.raises(dataclasses.FrozenInstanceError):
        small.items[0].prompt = "changed"  # type: ignore[misc]


def test_enough_to_build_a_form(shipped):
    """A form from introspection alone: every item with its prompt and its answer choices."""
    form = []
    for section in shipped.sections:
        for item_id in section.items:
            item = shipped.items[item_id]
            choices = [o.label for o in item.scale.options] or [f"{item.scale.lo:g}..{item.scale.hi:g}"]
            form.append((section.title, item.prompt, choices, item.ask_when))
    assert len(form) == len(shipped.items)
    assert all(prompt and choices for _, prompt, choices, _ in form)


def test_examples_and_disassembly(small):
    outcomes = small.run_examples()
    assert [(o.title, o.passed, o.failures) for o in outcomes] == [("two signs", True, ())]
    assert outcomes[0].file == "small.signpost" and outcomes[0].line > 1
    assert "guidance" in small.disassemble().lower()


def test_repr(small):
    assert repr(small) == "<signpost.RuleSet small '1.2.3': 9 items, 6 values, 4 guidance>"
