// `signpost check --format`: the diagnostics of several rule files as text, JSON, SARIF 2.1.0 or
// GitHub Actions workflow commands, for people, editors and CI annotations alike.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "engine/source/diagnostics.hpp"

namespace signpost::cli {

// One checked file: its diagnostics (spans point into `sources`; a span whose file is past the
// end of `sources`, as for an unreadable file, has no location and is reported against `path`).
struct CheckedFile {
  std::string path;
  std::shared_ptr<const SourceSet> sources;
  std::vector<Diagnostic> diagnostics;
};

// A stable JSON document (docs/cli.md, "Machine-readable diagnostics").
std::string diagnostics_json(const std::vector<CheckedFile>& files);
// A SARIF 2.1.0 log with one run; artifact URIs relative to the working directory.
std::string diagnostics_sarif(const std::vector<CheckedFile>& files, const std::string& tool_version);
// One `::error file=…,line=…::message` (or `::warning`) workflow command per diagnostic.
std::string diagnostics_github(const std::vector<CheckedFile>& files);

}  // namespace signpost::cli
