// The wording pass: every text a person can see, against diagnostic wording (E042). What counts as
// a claim of a diagnosis, and its word lists, are lint.cpp's.
#include "engine/check/lint.hpp"
#include "engine/check/passes.hpp"

namespace signpost::checker {

void check_wording(const std::vector<ast::File>& files, Diagnostics& d) {
  std::vector<std::string> extra = lint::wording_conditions(files);
  for (const auto& v : lint::visible_texts(files))
    for (const auto& issue : lint::diagnostic_wording(v.text->text, extra))
      d.error("E042", v.text->span, std::string("wording claims a diagnosis in ") + v.where + ": \"" + issue.phrase + "\"",
              issue.why + "; " + issue.hint);
}

}  // namespace signpost::checker
