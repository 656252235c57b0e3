#!/usr/bin/python3
"""Print every person-visible text of the given rule files, one per line (line breaks folded).

Used once to seed the legitimate half of tests/wording/corpus.tsv; kept so the provenance of
those rows can be re-checked. Visible: the assessment title, the disclaimer, section titles,
item prompts and help, scale titles and option labels, band labels, and guidance title, text,
steps and because. Not visible: source titles and sections, citations, versions, notes, example titles.
"""
import re, sys

VISIBLE = {"title", "text", "step", "steps", "because", "help", "disclaimer", "assessment", "section", "item", "scale", "band"}
KEYWORDS = VISIBLE | {"cites", "source", "sections", "version", "language", "publisher", "date", "url", "note",
                      "example", "import", "given", "expect", "guidance", "let", "threshold", "level", "when", "line",
                      "audience", "context", "safety"}

def texts(src):
    i, last, n = 0, None, len(src)
    while i < n:
        c = src[i]
        if c == '#':
            while i < n and src[i] != '\n': i += 1
        elif c == '"':
            j, out = i + 1, []
            while src[j] != '"':
                if src[j] == '\\':
                    out.append({'n': '\n', 't': '\t'}.get(src[j + 1], src[j + 1])); j += 2
                else:
                    out.append(src[j]); j += 1
            s = re.sub(r'[ \t]*\n[ \t\n]*', ' ', ''.join(out))
            if last in VISIBLE: yield s
            i = j + 1
        elif c.isalpha() or c == '_':
            j = i
            while j < n and (src[j].isalnum() or src[j] == '_'): j += 1
            if src[i:j] in KEYWORDS: last = src[i:j]
            i = j
        else:
            i += 1

for path in sys.argv[1:]:
    for t in texts(open(path, encoding='utf-8').read()):
        print(t)
