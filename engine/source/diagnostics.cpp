// Collecting and rendering diagnostics (our own renderer: Boost 1.74's X3 one miscounts columns).
#include "engine/source/diagnostics.hpp"

#include <algorithm>
#include <sstream>

#include "engine/source/text.hpp"

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
// A source line as shown under a diagnostic: printable (control characters and bytes that are
// not UTF-8 escaped, tabs kept so the caret lines up), and cut to a window around the column
// when it is long. `under` is the blank run that puts the caret under the column.
struct ShownLine {
  std::string text, under;
  size_t width = 1;
};

ShownLine show_line(std::string_view line, size_t col, size_t width) {
  constexpr size_t kBefore = 60, kWindow = 160;
  ShownLine s;
  const size_t first = col > kBefore && code_points(line) > kWindow ? col - kBefore : 0;
  if (first > 0) s.text = "\xe2\x80\xa6", s.under = " ";
  size_t cp = 0, shown_width = 0;
  for (size_t i = 0; i < line.size(); ++cp) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    size_t k = c < 0x80 ? 1 : utf8_sequence(line, i);
    const bool plain = c == '\t' || (c >= 0x20 && c != 0x7F && k != 0);
    std::string piece = plain ? std::string(line.substr(i, k)) : display_text(line.substr(i, 1));
    i += k == 0 ? 1 : k;
    if (cp < first) continue;
    if (cp >= first + kWindow) {
      s.text += "\xe2\x80\xa6";
      break;
    }
    const size_t cells = plain ? 1 : piece.size();
    if (cp < col) s.under += c == '\t' ? std::string("\t") : std::string(cells, ' ');
    else if (cp < col + width) shown_width += cells;
    s.text += piece;
  }
  s.width = std::max<size_t>(1, std::min(shown_width, kWindow));
  return s;
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
  if (lc.line == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // a byte-order mark: not a column
  std::string num = std::to_string(lc.line);
  std::string pad(num.size(), ' ');
  LineCol end_lc = f.locate(d.span.end > d.span.begin ? d.span.end : d.span.begin);
  const size_t col = lc.column - 1;
  size_t width = 1;  // the span on this line, at least one caret
  if (end_lc.line == lc.line && end_lc.column > lc.column) width = end_lc.column - lc.column;
  else if (end_lc.line != lc.line) width = std::max<size_t>(1, code_points(line) - std::min(col, code_points(line)));
  ShownLine shown = show_line(line, col, width);
  out << cyan << " " << num << " |" << reset << " " << shown.text << "\n";
  out << cyan << " " << pad << " |" << reset << " " << shown.under << (is_error ? red : yellow) << "^"
      << std::string(shown.width - 1, '~') << reset << "\n";
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
