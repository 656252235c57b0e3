"""HTML views of a result and of a rule set, for Jupyter (``_repr_html_``). Every text is escaped."""
from __future__ import annotations

from html import escape
from typing import Any, Dict, Iterable, List

LEVEL_COLOURS = {"urgent": "#b00020", "recommend": "#d35400", "consider": "#1f6fb2", "info": "#5f6b7a"}
BOX = "font-family:sans-serif;max-width:52em;line-height:1.4"
TABLE = "border-collapse:collapse;margin:0.3em 0"
CELL = "border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top"


def _e(value: Any) -> str:
    return escape("" if value is None else str(value))


def _table(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    head = "".join(f'<th style="{CELL}">{_e(h)}</th>' for h in header)
    body = "".join("<tr>" + "".join(f'<td style="{CELL}">{c}</td>' for c in row) + "</tr>" for row in rows)
    return f'<table style="{TABLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _badge(level: str) -> str:
    colour = LEVEL_COLOURS.get(level, "#555")
    return (f'<span style="background:{colour};color:white;border-radius:3px;padding:0 5px;'
            f'font-size:85%;text-transform:uppercase">{_e(level)}</span>')


def _score_text(s: Dict[str, Any]) -> str:
    if s.get("not_applicable"):
        return "not applicable"
    if s.get("value") is not None:
        return _e(s.get("label", s["value"]))
    if "at_least" in s:
        return f"between {_e(s['at_least'])} and {_e(s['at_most'])} (undecided)"
    return "unknown"


def result_html(r: Dict[str, Any]) -> str:
    """A result document as HTML: guidance cards, undetermined guidance, scores and bands."""
    a = r.get("assessment", {})
    parts: List[str] = [f'<div style="{BOX}">']
    parts.append(f"<div><b>{_e(a.get('title') or a.get('id'))}</b> "
                 f"<small>version {_e(a.get('version'))}</small></div>")
    parts.append(f'<p style="font-style:italic;color:#555">{_e(r.get("disclaimer"))}</p>')
    fired = r.get("guidance", [])
    if fired:
        parts.append("<div><b>Guidance</b></div>")
    for g in fired:
        colour = LEVEL_COLOURS.get(g["level"], "#555")
        card = [f'<div style="border-left:4px solid {colour};padding:2px 8px;margin:6px 0">',
                f"{_badge(g['level'])} <b>{_e(g['title'])}</b> <code>{_e(g['id'])}</code>"]
        if g.get("text"):
            card.append(f"<div>{_e(g['text'])}</div>")
        if g.get("steps"):
            card.append("<ol>" + "".join(f"<li>{_e(s)}</li>" for s in g["steps"]) + "</ol>")
        if g.get("because"):
            card.append(f"<div><small>Why: {_e(g['because'])}</small></div>")
        if g.get("cites"):
            cites = "; ".join(f"{c.get('title')}" + (f", “{c['section']}”" if c.get("section") else "")
                              for c in g["cites"])
            card.append(f"<div><small>Sources: {_e(cites)}</small></div>")
        card.append("</div>")
        parts.append("".join(card))
    if not fired:
        parts.append("<div>No guidance fired.</div>")
    und = r.get("undetermined", [])
    if und:
        rows = []
        for g in und:
            missing = "<br>".join(f"<code>{_e(m['item'])}</code> {_e(m['prompt'])}" for m in g.get("missing", []))
            safety = " <b>(safety)</b>" if g.get("safety") else ""
            rows.append([f"{_badge(g['level'])} {_e(g['title'])}{safety}", missing])
        parts.append("<div><b>Undetermined</b>: would be decided by answering</div>")
        parts.append(_table(["guidance", "unanswered questions"], rows))
    scores = r.get("scores", {})
    bands = r.get("bands", {})
    if scores or bands:
        rows = [[f"<code>{_e(k)}</code>", _score_text(v)] for k, v in scores.items()]
        for k, v in bands.items():
            text = (_e(v.get("label", v["band"])) if v.get("band") is not None
                    else "could be " + _e(", ".join(v.get("could_be", []))) if "could_be" in v else "not applicable")
            rows.append([f"<code>{_e(k)}</code>", text])
        parts.append("<div><b>Scores and bands</b></div>")
        parts.append(_table(["value", "result"], rows))
    ans = r.get("answers", {})
    if ans:
        parts.append(f"<div><small>{_e(ans.get('answered'))} answered; "
                     f"{len(ans.get('unanswered', []))} unanswered; "
                     f"{len(ans.get('not_asked', []))} not asked.</small></div>")
    parts.append("</div>")
    return "".join(parts)


def ruleset_html(rules: Any) -> str:
    """A rule set as HTML: header, disclaimer, items by section, derived values and guidance."""
    parts: List[str] = [f'<div style="{BOX}">']
    parts.append(f"<div><b>{_e(rules.title)}</b> <code>{_e(rules.id)}</code> "
                 f"<small>version {_e(rules.version)} · {_e(rules.content_hash[:19])}…</small></div>")
    parts.append(f'<p style="font-style:italic;color:#555">{_e(rules.disclaimer)}</p>')
    section_title = {s.id: s.title for s in rules.sections}
    rows = []
    for it in rules.items:
        sc = it.scale
        if sc.kind in ("integer", "decimal"):
            answers = f"{sc.kind} {sc.lo:g} to {sc.hi:g}"
        else:
            answers = ", ".join(o.id for o in sc.options)
            if sc.kind == "multiple":
                answers = "any of " + answers
        flags = [f for f, on in (("required", it.required), ("safety", it.safety)) if on]
        if it.ask_when:
            flags.append(f"asked when <code>{_e(it.ask_when)}</code>")
        rows.append([_e(section_title.get(it.section, "")), f"<code>{_e(it.id)}</code>", _e(it.prompt),
                     _e(answers), "<br>".join(flags)])
    parts.append(f"<div><b>{len(rules.items)} items</b></div>")
    parts.append(_table(["section", "item", "prompt", "answers", ""], rows))
    values = [v for v in rules.values if v.kind != "threshold"]
    if values:
        rows = [[f"<code>{_e(v.id)}</code>", _e(v.type), f"<code>{_e(v.expression)}</code>"
                 + ("<br>" + _e(", ".join(b.id for b in v.bands)) if v.bands else "")] for v in values]
        parts.append(f"<div><b>{len(values)} derived values</b></div>")
        parts.append(_table(["value", "type", "definition"], rows))
    rows = [[_badge(g.level), f"<code>{_e(g.id)}</code>", _e(g.title), f"<code>{_e(g.when)}</code>"]
            for g in rules.guidance]
    parts.append(f"<div><b>{len(rules.guidance)} guidance</b></div>")
    parts.append(_table(["level", "guidance", "title", "when"], rows))
    parts.append("</div>")
    return "".join(parts)
