// Citations against the sources' own words (see citations.hpp).
#include "engine/check/citations.hpp"

#include <algorithm>
#include <map>

#include "engine/source/text.hpp"

namespace signpost {
namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

// Where each declared section's heading is in the text: the first line that reads exactly as
// the section (blanks around it ignored). 1-based line -> section; sections not found are
// reported once.
std::map<uint32_t, std::string> find_headings(const model::Source& s, Diagnostics& d) {
  std::map<uint32_t, std::string> headings;
  for (const auto& sec : s.sections) {
    bool found = false;
    for (size_t k = 0; k < s.lines.size() && !found; ++k) {
      if (trim_blanks(s.lines[k]) != sec) continue;
      headings.emplace(uint32_t(k + 1), sec);
      found = true;
    }
    if (!found)
      d.warning("W019", s.file_span, "section \"" + display_text(sec) + "\" of source '" + s.id + "' is not a line of '" + s.file + "'",
                "a section is named by its heading, exactly as the text has it");
  }
  return headings;
}

struct SourceText {
  const model::Source* source = nullptr;
  std::map<uint32_t, std::string> headings;
};

void check_one(const model::Citation& c, const SourceText& t, Diagnostics& d) {
  const model::Source& s = *t.source;
  if (!c.line) return;
  if (c.line > s.lines.size()) {
    d.error("E018", c.span, "line " + std::to_string(c.line) + " is past the end of '" + s.file + "' (" +
            std::to_string(s.lines.size()) + " lines)", "cite the line of the text the claim rests on");
    return;
  }
  if (trim_blanks(s.lines[c.line - 1]).empty()) {
    d.warning("W019", c.span, "line " + std::to_string(c.line) + " of '" + s.file + "' is blank",
              "cite the line of the text the claim rests on");
    return;
  }
  bool named_found = std::any_of(t.headings.begin(), t.headings.end(), [&](const auto& h) { return h.second == c.section; });
  if (c.section.empty() || !named_found) return;  // an unknown heading is reported once, at the source
  auto under = t.headings.upper_bound(c.line);
  if (under == t.headings.begin()) {
    d.warning("W019", c.span, "line " + std::to_string(c.line) + " of '" + s.file + "' comes before any section",
              "\"" + display_text(c.section) + "\" begins at line " + std::to_string(t.headings.begin()->first));
    return;
  }
  --under;
  if (under->second != c.section)
    d.warning("W019", c.span, "line " + std::to_string(c.line) + " of '" + s.file + "' is under \"" +
              display_text(under->second) + "\" (line " + std::to_string(under->first) + "), not \"" + display_text(c.section) + "\"",
              "cite the section the line is in, or check the line number");
}

}  // namespace

void check_citations(model::Model& m, const FileReader& read, Diagnostics& d) {
  std::vector<SourceText> texts(m.sources.size());
  for (size_t i = 0; i < m.sources.size(); ++i) {
    model::Source& s = m.sources[i];
    if (s.file.empty()) continue;
    std::string error;
    std::optional<std::string> text = read(s.file, error);
    if (!text) {
      d.error("E018", s.file_span, "cannot read the text of source '" + s.id + "': '" + s.file + "': " + error,
              "`file` is relative to the rule file that declares the source");
      continue;
    }
    s.lines = split_lines(*text);
    texts[i] = {&s, find_headings(s, d)};
  }
  auto check_all = [&](const std::vector<model::Citation>& cites) {
    for (const auto& c : cites)
      if (c.source >= 0 && texts[size_t(c.source)].source) check_one(c, texts[size_t(c.source)], d);
  };
  for (const auto& it : m.items) check_all(it.cites);
  for (const auto& sec : m.sections) check_all(sec.cites);
  for (const auto& g : m.guidance) check_all(g.cites);
}

}  // namespace signpost
