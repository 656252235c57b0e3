// Diagnostics as JSON, SARIF 2.1.0 and GitHub workflow commands (see check_format.hpp).
#include "cli/check_format.hpp"

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

namespace signpost::cli {
namespace {
using json = nlohmann::ordered_json;
namespace fs = std::filesystem;

// Where a diagnostic is, when it points into a source file.
struct Where {
  std::string path;  // as the file was named (imports: resolved beside the importing file)
  LineCol start, end;
};

std::optional<Where> where(const Diagnostic& d, const CheckedFile& f) {
  if (!f.sources || d.span.file >= f.sources->size()) return std::nullopt;
  const SourceFile& src = f.sources->file(d.span.file);
  return Where{src.path(), src.locate(d.span.begin), src.locate(std::max(d.span.begin, d.span.end))};
}

const char* severity_word(Severity s) { return s == Severity::error ? "error" : "warning"; }

// The path relative to the working directory when the file is inside it (CI annotations and
// SARIF viewers resolve paths against the checkout); otherwise absolute.
std::string relative_path(const std::string& path, bool& inside) {
  std::error_code ec;
  fs::path abs = fs::weakly_canonical(fs::absolute(path, ec), ec);
  fs::path cwd = fs::weakly_canonical(fs::current_path(ec), ec);
  fs::path rel = abs.lexically_relative(cwd);
  inside = !ec && !rel.empty() && *rel.begin() != "..";
  return inside ? rel.generic_string() : abs.generic_string();
}

// RFC 3986: everything but unreserved characters and '/' percent-encoded.
std::string uri_path(const std::string& path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') out += char(c);
    else out += {'%', hex[c >> 4], hex[c & 15]};
  }
  return out;
}

std::string message_with_hint(const Diagnostic& d) { return d.hint.empty() ? d.message : d.message + "\nhint: " + d.hint; }

}  // namespace

std::string diagnostics_json(const std::vector<CheckedFile>& files) {
  json out = {{"version", 1}, {"errors", 0}, {"warnings", 0}, {"files", json::array()}};
  for (const CheckedFile& f : files) {
    json entry = {{"path", f.path}, {"errors", 0}, {"warnings", 0}, {"diagnostics", json::array()}};
    for (const Diagnostic& d : f.diagnostics) {
      auto w = where(d, f);
      json j = {{"code", d.code}, {"severity", severity_word(d.severity)}, {"message", d.message}, {"hint", d.hint},
                {"file", w ? w->path : f.path}, {"span", nullptr}, {"start", nullptr}, {"end", nullptr}};
      if (w) {
        j["span"] = {{"begin", d.span.begin}, {"end", d.span.end}};
        j["start"] = {{"line", w->start.line}, {"column", w->start.column}};
        j["end"] = {{"line", w->end.line}, {"column", w->end.column}};
      }
      const char* count = d.severity == Severity::error ? "errors" : "warnings";
      entry[count] = entry[count].get<int>() + 1;
      out[count] = out[count].get<int>() + 1;
      entry["diagnostics"].push_back(std::move(j));
    }
    out["files"].push_back(std::move(entry));
  }
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

// A SARIF reporting descriptor: the code and its meaning, as docs/language.md's tables give it.
static json rule_json(const std::string& code, const char* level) {
  static const std::map<std::string, std::string> kMeanings = {
#include "diagnostic_codes.inc"
  };
  json rule = {{"id", code}, {"defaultConfiguration", {{"level", level}}}};
  auto it = kMeanings.find(code);
  if (it != kMeanings.end()) rule["shortDescription"] = {{"text", it->second}};
  return rule;
}

std::string diagnostics_sarif(const std::vector<CheckedFile>& files, const std::string& tool_version) {
  json rules = json::array(), results = json::array();
  std::map<std::string, size_t> rule_index;  // code -> index in rules, in order of first use
  std::error_code ec;
  for (const CheckedFile& f : files) {
    for (const Diagnostic& d : f.diagnostics) {
      const char* level = severity_word(d.severity);
      auto [it, added] = rule_index.emplace(d.code, rules.size());
      if (added)
        rules.push_back(rule_json(d.code, level));
      auto w = where(d, f);
      bool inside = false;
      const std::string path = relative_path(w ? w->path : f.path, inside);
      json artifact = {{"uri", inside ? uri_path(path) : "file://" + uri_path(path)}};
      if (inside) artifact["uriBaseId"] = "SRCROOT";
      json physical = {{"artifactLocation", artifact}};
      if (w)
        physical["region"] = {{"startLine", w->start.line},
                              {"startColumn", w->start.column},
                              {"endLine", w->end.line},
                              {"endColumn", w->end.column}};
      json result = {{"ruleId", d.code},
                     {"ruleIndex", it->second},
                     {"level", level},
                     {"message", {{"text", message_with_hint(d)}}},
                     {"locations", json::array({{{"physicalLocation", physical}}})}};
      if (!d.hint.empty()) result["properties"] = {{"hint", d.hint}};
      results.push_back(std::move(result));
    }
  }
  std::string root = fs::current_path(ec).generic_string();
  if (root.empty() || root.back() != '/') root += '/';
  json run = {{"tool",
               {{"driver",
                 {{"name", "signpost"},
                  {"version", tool_version},
                  {"rules", rules}}}}},
              {"originalUriBaseIds", {{"SRCROOT", {{"uri", "file://" + uri_path(root)}}}}},
              {"columnKind", "unicodeCodePoints"},
              {"results", results}};
  json log = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", json::array({run})}};
  return log.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

namespace {
// GitHub's escaping of a workflow command's data and, stricter, of its property values.
std::string escape_data(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '%') out += "%25";
    else if (c == '\r') out += "%0D";
    else if (c == '\n') out += "%0A";
    else out += c;
  }
  return out;
}
std::string escape_property(const std::string& s) {
  std::string out;
  for (char c : escape_data(s)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}
}  // namespace

std::string diagnostics_github(const std::vector<CheckedFile>& files) {
  std::string out;
  for (const CheckedFile& f : files) {
    for (const Diagnostic& d : f.diagnostics) {
      auto w = where(d, f);
      bool inside = false;
      std::string props = "file=" + escape_property(relative_path(w ? w->path : f.path, inside));
      if (w)
        props += ",line=" + std::to_string(w->start.line) + ",col=" + std::to_string(w->start.column) +
                 ",endLine=" + std::to_string(w->end.line) + ",endColumn=" + std::to_string(w->end.column);
      props += ",title=" + escape_property(d.code);
      out += std::string("::") + severity_word(d.severity) + " " + props + "::" + escape_data(message_with_hint(d)) + "\n";
    }
  }
  return out;
}

}  // namespace signpost::cli
