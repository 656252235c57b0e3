// Collecting and rendering diagnostics (our own renderer: Boost 1.74's X3 one miscounts columns).
#include "engine/source/diagnostics.hpp"

#include <algorithm>
#include <sstream>

namespace signpost {

void Diagnostics::error(std::string code, Span span, std::string message, std::string hint) {
  list_.push_back({std::move(code), Severity::error, span, std::move(message), std::move(hint)});
  ++errors_;
}

void Diagnostics::warning(std::string code, Span span, std::string message, std::string hint) {
  list_.push_back({std::move(code), Severity::warning, span, std::move(message), std::move(hint)});
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Diagnostic> out = list_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.span.file != b.span.file) return a.span.file < b.span.file;
    return a.span.begin < b.span.begin;
  });
  return out;
}

namespace {
size_t code_points(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}
}  // namespace

std::string render(const Diagnostic& d, const SourceSet& sources, bool color) {
  const char* bold = color ? "\x1b[1m" : "";
  const char* red = color ? "\x1b[1;31m" : "";
  const char* yellow = color ? "\x1b[1;33m" : "";
  const char* cyan = color ? "\x1b[1;36m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  std::ostringstream out;
  const bool is_error = d.severity == Severity::error;
  if (d.span.file >= sources.size()) {
    out << (is_error ? red : yellow) << (is_error ? "error" : "warning") << "[" << d.code << "]" << reset << ": "
        << bold << d.message << reset << "\n";
    if (!d.hint.empty()) out << "  = hint: " << d.hint << "\n";
    return out.str();
  }
  const SourceFile& f = sources.file(d.span.file);
  LineCol lc = f.locate(d.span.begin);
  out << bold << f.path() << ":" << lc.line << ":" << lc.column << ": " << reset << (is_error ? red : yellow)
      << (is_error ? "error" : "warning") << "[" << d.code << "]" << reset << ": " << bold << d.message << reset
      << "\n";
  std::string_view line = f.line(lc.line);
  std::string num = std::to_string(lc.line);
  std::string pad(num.size(), ' ');
  out << cyan << " " << num << " |" << reset << " " << line << "\n";
  // Caret: keep tabs so it lines up under tabbed source; count code points otherwise.
  std::string under;
  size_t col = lc.column - 1;
  size_t i = 0;
  for (size_t cp = 0; i < line.size() && cp < col; ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;
    under += (c == '\t') ? '\t' : ' ';
    ++cp;
  }
  // Length of the span on this line, at least one caret.
  LineCol end_lc = f.locate(d.span.end > d.span.begin ? d.span.end : d.span.begin);
  size_t width = 1;
  if (end_lc.line == lc.line && end_lc.column > lc.column) width = end_lc.column - lc.column;
  else if (end_lc.line != lc.line) width = std::max<size_t>(1, code_points(line) - col);
  out << cyan << " " << pad << " |" << reset << " " << under << (is_error ? red : yellow) << "^"
      << std::string(width - 1, '~') << reset << "\n";
  if (!d.hint.empty()) out << cyan << " " << pad << " =" << reset << " hint: " << d.hint << "\n";
  return out.str();
}

std::string render_all(const std::vector<Diagnostic>& ds, const SourceSet& sources, bool color) {
  std::string out;
  for (const auto& d : ds) {
    out += render(d, sources, color);
    out += "\n";
  }
  return out;
}

}  // namespace signpost
