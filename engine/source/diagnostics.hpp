// Diagnostics are data: collected by every stage, rendered once at the edge.
#pragma once
#include <string>
#include <vector>

#include "engine/source/source.hpp"

namespace signpost {

enum class Severity { error, warning };

struct Diagnostic {
  std::string code;  // stable id, e.g. "E010"
  Severity severity = Severity::error;
  Span span;
  std::string message;
  std::string hint;  // may be empty
};

class Diagnostics {
 public:
  void error(std::string code, Span span, std::string message, std::string hint = {});
  void warning(std::string code, Span span, std::string message, std::string hint = {});
  bool has_errors() const { return errors_ > 0; }
  size_t error_count() const { return errors_; }
  size_t warning_count() const { return list_.size() - errors_; }
  const std::vector<Diagnostic>& list() const { return list_; }
  // Sorted by file and position, as a reader meets them.
  std::vector<Diagnostic> sorted() const;

 private:
  std::vector<Diagnostic> list_;
  size_t errors_ = 0;
};

// "file:line:col: error[E010]: message", the source line, a caret under the span, the hint.
std::string render(const Diagnostic& d, const SourceSet& sources, bool color = false);
std::string render_all(const std::vector<Diagnostic>& ds, const SourceSet& sources, bool color = false);

}  // namespace signpost
