// The verify report as text: a line per check, and under each failure the smallest set of
// answers that shows it, as answers JSON and as an `example` block ready to paste.
#include <cmath>
#include <sstream>

#include "engine/verify/verify.hpp"

namespace signpost::verify {

using Status = Finding::Status;

std::string answers_json(const model::Model& m, const AnswerRow& row) {
  nlohmann::json j = nlohmann::json::object();
  for (size_t i = 0; i < row.size(); ++i)
    if (!std::isnan(row[i])) j[m.items[i].id] = answer_json(m, int(i), row[i]);
  return j.dump();
}

std::string example_block(const model::Model& m, const AnswerRow& row, const std::string& title,
                          const std::vector<std::string>& expect) {
  std::ostringstream out;
  out << "example \"" << title << "\"\n";
  std::string given;
  for (size_t i = 0; i < row.size(); ++i) {
    if (std::isnan(row[i])) continue;
    std::string a = answer_id(m, int(i), row[i]);
    if (m.scales[size_t(m.items[i].scale)].kind == model::Scale::Kind::multiple) a = "[" + a + "]";
    given += (given.empty() ? "" : ", ") + m.items[i].id + " = " + a;
  }
  if (!given.empty()) out << "  given " << given << "\n";
  std::string ex;
  for (const auto& e : expect) ex += (ex.empty() ? "" : ", ") + e;
  if (!ex.empty()) out << "  expect " << ex << "\n";
  return out.str();
}

namespace {

size_t answered(const AnswerRow& row) {
  size_t n = 0;
  for (double a : row) n += !std::isnan(a);
  return n;
}

// What a pasted example should expect once the rules are fixed.
std::vector<std::string> expectations(const model::Model& m, const Finding& f, size_t which) {
  std::vector<std::string> out;
  for (const auto& pr : m.properties) {
    if (pr.id != f.check || f.builtin) continue;
    for (const auto& t : pr.targets) {
      if (t.guidance < 0) continue;
      if (pr.kind == model::Property::Kind::always) out.push_back(t.name);
    }
    if (pr.kind == model::Property::Kind::never || pr.kind == model::Property::Kind::together)
      for (const auto& g : m.guidance)
        if (f.detail.find(g.id + " fires") != std::string::npos) out.push_back("not " + g.id);
    if (pr.kind == model::Property::Kind::raising && which <= 1)
      for (const auto& g : m.guidance)
        if (f.detail.find(g.id + " stops firing") != std::string::npos) out.push_back(g.id);
  }
  if (f.builtin && f.check == "urgent-when-safety") out.push_back(f.subject);
  return out;
}

void counterexample(std::ostringstream& out, const model::Model& m, const Finding& f) {
  const char* names[] = {"counterexample", "after raising"};
  for (size_t k = 0; k < f.answers.size() && k < 2; ++k) {
    const AnswerRow& row = f.answers[k];
    out << "      " << names[k] << " (" << answered(row) << " answered): " << answers_json(m, row) << "\n";
  }
  for (size_t k = 0; k < f.answers.size() && k < 2; ++k) {
    std::vector<std::string> expect = expectations(m, f, k);
    std::string title = f.check + (f.subject.empty() ? "" : " " + f.subject) + (k ? " (raised)" : "");
    std::string block = example_block(m, f.answers[k], title, expect);
    if (expect.empty()) block += "  # nothing here can expect a step or a tag: check the report of these answers\n";
    std::istringstream lines(block);
    for (std::string line; std::getline(lines, line);) out << "      | " << line << "\n";
  }
}

}  // namespace

std::string render(const model::Model& m, const Report& r, bool verbose) {
  std::ostringstream out;
  size_t builtin_ok = 0, builtin_total = 0;
  for (const auto& f : r.findings) {
    if (f.builtin) {
      ++builtin_total;
      if (f.status == Status::proved) ++builtin_ok;
      if (f.status == Status::proved && !verbose) continue;
    }
    const char* word = f.status == Status::proved ? "proved " : f.status == Status::failed ? "FAILED " : "UNKNOWN";
    out << "  " << word << " " << (f.builtin ? "[built-in] " : "property ") << (f.builtin ? f.statement : f.check + ": " + f.statement)
        << (verbose ? " (" + std::to_string(int(f.ms)) + " ms)" : "") << "\n";
    if (!f.detail.empty()) out << "      " << f.detail << "\n";
    if (f.status == Status::failed) counterexample(out, m, f);
    else if (verbose && f.builtin && !f.answers.empty())
      out << "      witness (" << answered(f.answers[0]) << " answered): " << answers_json(m, f.answers[0]) << "\n";
  }
  out << "  built-in checks: " << builtin_ok << " of " << builtin_total
      << " hold (each guidance can fire and can stay silent, none is shadowed, urgent guidance fires whenever its "
         "safety items are yes)\n";
  return out.str();
}

}  // namespace signpost::verify
