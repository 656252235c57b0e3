"""Jupyter views: Result._repr_html_ and RuleSet._repr_html_, with every text escaped."""
from __future__ import annotations

from html.parser import HTMLParser

import signpost

NASTY = """assessment nasty "Tags <b>here</b> & there" version "1"
disclaimer "For testing only <script>alert(1)</script>. It is not a diagnosis."
source s "S"
item q: yesno "Is <i>this</i> & that true?" cites s
guidance g level consider when q title "Title <img src=x onerror=alert(1)>" cites s
"""


class Balanced(HTMLParser):
    """Checks that tags are balanced and collects the visible text."""

    VOID = {"br", "img", "hr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack, self.text, self.tags = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack.pop() == tag, tag

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Balanced:
    p = Balanced()
    p.feed(html)
    p.close()
    assert p.stack == []
    return p


def test_result_html(small):
    r = small.evaluate(has_partner="no", unsafe="yes", tired="often", tense="often")
    html = r._repr_html_()
    p = parse(html)
    text = " ".join(p.text)
    for phrase in ["A small test assessment", "For testing only", "Your safety comes first", "Several signs",
                   "Talk to someone you trust.", "You marked 2 signs.", "sign_count", "High", "urgent"]:
        assert phrase in text, phrase
    assert text.index("Your safety comes first") < text.index("Several signs")  # urgent first


def test_undetermined_guidance_lists_the_questions_that_decide_it(small):
    html = small.evaluate(has_partner="yes")._repr_html_()
    text = " ".join(parse(html).text)
    assert "Undetermined" in text and "Do you feel unsafe at home?" in text and "(safety)" in text
    assert "No guidance fired." in text
    assert "could be low, high" in text


def test_ruleset_html(small):
    text = " ".join(parse(small._repr_html_()).text)
    for phrase in ["A small test assessment", "9 items", "I feel tired.", "never, sometimes, often",
                   "integer 16 to 120", "any of sad, angry, numb", "asked when", "count(tired, tense, touch)",
                   "4 guidance", "feel includes numb"]:
        assert phrase in text, phrase


def test_everything_is_escaped():
    rules = signpost.compile(NASTY)
    for html in (rules._repr_html_(), rules.evaluate(q=True)._repr_html_()):
        tags = set(parse(html).tags)
        assert not tags & {"script", "img", "i"}
        assert "&lt;script&gt;" in html
