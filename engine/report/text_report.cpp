// A readable report for the person who answered, built from the result JSON alone.
#include <algorithm>
#include <sstream>

#include "engine/report/report.hpp"

namespace signpost {
using nlohmann::json;

namespace {

// Wraps text at `width` columns with a hanging indent.
std::string wrap(const std::string& text, size_t indent, size_t width = 78) {
  std::istringstream words(text);
  std::string word, line, out;
  std::string pad(indent, ' ');
  while (words >> word) {
    if (!line.empty() && indent + line.size() + 1 + word.size() > width) {
      out += pad + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out += pad + line + "\n";
  return out;
}

// "    - prompt" lines for the questions left unanswered.
std::string missing_list(const json& missing) {
  std::string out;
  for (const auto& m : missing) out += "    - " + wrap(m.at("prompt").get<std::string>(), 6).substr(6);
  return out;
}

// "Title, "Section"; ..." once per section: line locators are for reviewers, not for this text.
std::string cite_line(const json& cites) {
  std::string out;
  std::vector<std::string> seen;
  for (const auto& c : cites) {
    std::string one = c.at("title").get<std::string>();
    if (!c.at("section").get<std::string>().empty()) one += ", \"" + c.at("section").get<std::string>() + "\"";
    if (std::find(seen.begin(), seen.end(), one) != seen.end()) continue;
    seen.push_back(one);
    if (!out.empty()) out += "; ";
    out += one;
  }
  return out;
}

}  // namespace

std::string report_text(const json& r, bool color) {
  const char* bold = color ? "\x1b[1m" : "";
  const char* red = color ? "\x1b[1;31m" : "";
  const char* dim = color ? "\x1b[2m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  std::ostringstream out;
  const json& a = r.at("assessment");
  out << bold << a.at("title").get<std::string>() << reset << dim << "  (version " << a.at("version").get<std::string>()
      << ")" << reset << "\n\n";
  out << wrap(r.at("disclaimer").get<std::string>(), 0) << "\n";

  const json& guidance = r.at("guidance");
  const json& undetermined = r.at("undetermined");
  bool urgent_open = false;
  for (const auto& u : undetermined)
    if (u.at("level") == "urgent") urgent_open = true;

  auto section = [&](const std::string& title) { out << bold << "== " << title << " ==" << reset << "\n\n"; };
  // Text, steps (under `steps_heading` when there is one), reason and sources of one guidance.
  auto body = [&](const json& g, const char* steps_heading) {
    if (!g.at("text").get<std::string>().empty()) out << wrap(g.at("text").get<std::string>(), 2);
    if (!g.at("steps").empty() && *steps_heading) out << "  " << steps_heading << "\n";
    for (const auto& s : g.at("steps")) out << "    - " << wrap(s.get<std::string>(), 6).substr(6);
    if (!g.at("because").get<std::string>().empty())
      out << dim << wrap("Why you are seeing this: " + g.at("because").get<std::string>(), 2) << reset;
    out << dim << wrap("Source: " + cite_line(g.at("cites")), 2) << reset << "\n";
  };
  bool any_urgent = false;
  for (const auto& g : guidance) any_urgent = any_urgent || g.at("level") == "urgent";
  if (any_urgent || urgent_open) section("Please read this first");
  for (const auto& g : guidance) {
    if (g.at("level") != "urgent") continue;
    out << red << "! " << g.at("title").get<std::string>() << reset << "\n";
    body(g, "");
  }
  for (const auto& u : undetermined) {
    if (u.at("level") != "urgent") continue;
    out << red << "? " << u.at("title").get<std::string>() << reset << "\n";
    out << wrap("Some questions about your safety were not answered, so we cannot tell whether this applies to "
                "you.",
                2)
        << "  Not answered:\n"
        << missing_list(u.at("missing")) << "\n";
  }
  if (r.contains("urgent_help") && r.at("urgent_help").is_object()) {
    const json& help = r.at("urgent_help");
    out << bold << "If you need help now" << reset
        << (help.contains("region") ? " (" + help.at("region").get<std::string>() + ")" : std::string()) << "\n"
        << wrap(help.at("text").get<std::string>(), 2);
    for (const auto& c : help.at("contacts")) {
      std::string line = c.at("name").get<std::string>();
      for (const char* k : {"phone", "text", "url"})
        if (c.contains(k)) line += ": " + c.at(k).get<std::string>();
      if (c.contains("hours")) line += " (" + c.at("hours").get<std::string>() + ")";
      out << "    - " << wrap(line, 6).substr(6);
    }
    out << "\n";
  }

  bool any_other = false;
  for (const auto& g : guidance) any_other = any_other || g.at("level") != "urgent";
  if (any_other) section("What may help");
  for (const auto& g : guidance) {
    if (g.at("level") == "urgent") continue;
    out << bold << "* " << g.at("title").get<std::string>() << reset << dim << "  [" << g.at("level").get<std::string>()
        << "]" << reset << "\n";
    body(g, "Things you could try:");
  }

  bool any_open = false;
  for (const auto& u : undetermined) any_open = any_open || u.at("level") != "urgent";
  if (any_open) {
    section("We could not tell");
    for (const auto& u : undetermined) {
      if (u.at("level") == "urgent") continue;
      out << "* " << u.at("title").get<std::string>() << "\n"
          << "  This depends on questions you did not answer:\n"
          << missing_list(u.at("missing")) << "\n";
    }
  }

  bool any_signs = false;
  for (const auto& s : r.at("signs")) any_signs = any_signs || !s.at("endorsed").empty();
  if (any_signs) {
    section("Signs you recognised");
    for (const auto& s : r.at("signs")) {
      if (s.at("endorsed").empty()) continue;
      out << s.at("title").get<std::string>() << " (" << s.at("endorsed").size() << " of " << s.at("asked").get<size_t>()
          << ")\n";
      for (const auto& e : s.at("endorsed"))
        out << wrap(e.at("prompt").get<std::string>() + " (" + e.at("label").get<std::string>() + ")", 4).replace(2, 2, "- ");
      out << "\n";
    }
  }
  if (guidance.empty() && undetermined.empty())
    out << wrap("None of the guidance in this check-in applies to your answers.", 0) << "\n";
  out << dim << "Rule set " << a.at("id").get<std::string>() << " " << a.at("version").get<std::string>() << ", "
      << a.at("content_hash").get<std::string>().substr(0, 19) << reset << "\n";
  return out.str();
}

}  // namespace signpost
