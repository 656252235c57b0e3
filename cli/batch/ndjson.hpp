// `signpost batch`, NDJSON: each line an answers object in, the full result of `signpost eval` out.
#pragma once
#include <string>

#include "cli/batch/chunk.hpp"
#include "engine/signpost.hpp"

namespace signpost::cli::batch {

class NdjsonWorker {
 public:
  // `id`: the key copied to each result to identify the response (unless it is an item).
  NdjsonWorker(const RuleSet& rs, const std::string& id) : rs_(rs), id_(rs.model().item_index.count(id) ? "" : id) {}
  void run(Chunk& chunk);

 private:
  const RuleSet& rs_;
  std::string id_;
};

}  // namespace signpost::cli::batch
