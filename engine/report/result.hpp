// The typed result of evaluating one set of answers: what every output format renders.
//
// It is built once per evaluation by ResultBuilder (one explanation pass: the answers that made
// each guidance fire, its "because" text, the questions that could settle what is undetermined)
// and then rendered: JSON (json_text.cpp, the one description of the JSON format), the text
// report (text_report.cpp), the HTML report (html_report.cpp). Texts that do not depend on the
// answers (titles, prompts, citations) stay in the model and are reached through indices, so
// building a result copies almost nothing.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "engine/check/model.hpp"
#include "engine/compile/program.hpp"
#include "engine/evaluate/evaluate.hpp"
#include "engine/report/resources.hpp"

namespace signpost {

struct Result {
  // The rule set the result is about; it refers into it (valid while the RuleSet lives).
  const model::Model* model = nullptr;
  std::string content_hash;
  std::string language;  // a rule set with translations: the language of the texts; else empty
  AnswerRow answers;             // per item, encoded (NaN: unanswered or not asked)
  std::vector<ItemState> items;  // per item: answered, unanswered or not asked

  // A score or band: known ([v, v]), a range while answers are missing, or NaN (not applicable).
  struct Value {
    size_t index;  // into model->values
    Interval range;
  };
  std::vector<Value> scores, bands;  // in id order

  struct Fired {
    size_t guidance;           // into model->guidance
    std::vector<int> answers;  // the answered items that made it fire, in declaration order
    std::string because;       // the guidance's `because` with its values filled in
    std::vector<size_t> steps;  // the steps shown (a step may have its own condition)
  };
  struct Undetermined {
    size_t guidance;
    std::vector<int> missing;  // the unanswered items that could settle it (report.hpp: OpenQuestions)
    size_t more_missing = 0;   // its other unanswered items, which could settle it only together
    bool safety = false;       // it depends on a safety question
  };
  // Most pressing level first (urgent first), then in declaration order.
  std::vector<Fired> guidance;
  std::vector<Undetermined> undetermined;

  struct Signs {
    size_t section;             // into model->sections (context sections are left out)
    std::vector<int> endorsed;  // the signs recognised; safety answers are not signs
    size_t asked = 0, answered = 0;
  };
  std::vector<Signs> signs;

  // Who to contact: set whenever urgent guidance fired or could not be ruled out.
  const Resources* urgent_help = nullptr;

  size_t answered() const;
  const model::Guidance& guidance_of(size_t g) const { return model->guidance[g]; }
};

// What a result is made from, besides the answers: the rule set and who to contact.
struct ReportContext {
  const model::Model& model;
  const Program& program;
  std::string content_hash;
  const Resources* resources = nullptr;  // who to contact when safety is at stake; null: the default
  std::string language = {};  // set when the rule set has translations: the language the result is in
};

// Makes results for one rule set. What does not depend on the answers (the order of guidance,
// the explanation tree) is prepared once; build() is then cheap and thread-safe.
class ResultBuilder {
 public:
  explicit ResultBuilder(const ReportContext& ctx);
  ~ResultBuilder();
  // `resources`: the deployment's contacts; null: the neutral default for the audience.
  void build(const AnswerRow& answers, const Evaluation& ev, const Resources* resources, Result& out) const;

  struct Prepared;  // result.cpp

 private:
  const ReportContext ctx_;
  std::unique_ptr<Prepared> prepared_;
};

}  // namespace signpost
