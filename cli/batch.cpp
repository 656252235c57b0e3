// `signpost batch`: evaluates every response in a CSV or NDJSON file.
//
// The input is read in chunks of whole records (cli/batch/input.cpp). Each chunk is decoded into
// one column per item and evaluated with run_batch (CSV, cli/batch/csv_*.cpp) or one response at
// a time (NDJSON, whose output is the full result; cli/batch/ndjson.cpp), and formatted; chunks
// go through the engine's for_each_chunk and are written in input order, so the output does not
// depend on how many threads did the work. Memory stays bounded by the chunks in flight, whatever
// the file size.
//
// A bad row stops the run, and the output file is not created (results go to a temporary file
// that is renamed at the end, cli/batch/output.cpp); with --skip-invalid every bad row is
// reported and left out.
#include "cli/batch.hpp"
#include "cli/command.hpp"

#include <unistd.h>

#include <cstring>
#include <iostream>
#include <optional>

#include "cli/batch/csv.hpp"
#include "cli/batch/input.hpp"
#include "cli/batch/ndjson.hpp"
#include "cli/batch/output.hpp"
#include "cli/translate.hpp"
#include "cli/io.hpp"
#include "engine/evaluate/chunks.hpp"
#include "engine/signpost.hpp"

namespace signpost::cli {
namespace batch {

std::string render(const std::string& file, const Problem& p, bool skipped) {
  std::string head = file + ":" + std::to_string(p.line) + ": " + (skipped ? "row skipped: " : "");
  if (!p.syntax.empty()) return head + "error: " + p.syntax + "\n";
  std::string out;
  for (const AnswerError& e : p.errors) {
    out += head + "error[" + e.code + "]: " + e.message + "\n";
    if (!e.allowed.empty()) out += "  = allowed: " + e.allowed + "\n";
  }
  return out;
}

}  // namespace batch

namespace {
using namespace batch;

constexpr int kOk = 0, kFindings = 1, kUsage = 2;

std::optional<Format> format_of(const std::string& path) {
  auto ends = [&](const char* ext) {
    size_t n = std::strlen(ext);
    return path.size() >= n && path.compare(path.size() - n, n, ext) == 0;
  };
  if (ends(".csv")) return Format::csv;
  if (ends(".ndjson") || ends(".jsonl")) return Format::ndjson;
  return std::nullopt;
}

// The format of the input; nullopt (after saying why) when it cannot be told or the output is
// named for another.
std::optional<Format> batch_format(const BatchOptions& opt) {
  Format format;
  if (!opt.format.empty()) format = opt.format == "csv" ? Format::csv : Format::ndjson;
  else if (auto f = format_of(opt.input)) format = *f;
  else {
    std::cerr << "signpost: cannot tell the format of '" << opt.input << "'; name it .csv or .ndjson, or use --format\n";
    return std::nullopt;
  }
  if (!opt.output.empty() && opt.output != "-") {
    auto out_format = format_of(opt.output);
    if (out_format && *out_format != format) {
      std::cerr << "signpost: the output is written in the input's format ("
                << (format == Format::csv ? "CSV" : "NDJSON") << "); name it accordingly\n";
      return std::nullopt;
    }
  }
  return format;
}

// One run: the rules, the input and its header, the output, and the totals.
struct Run {
  const BatchOptions& opt;
  Format format;
  std::string name;  // the input, as messages name it
  RecordReader input;
  InputConventions conv;
  CsvLayout layout;
  std::string first_storage;  // the first chunk, past the CSV header
  std::string_view first;
  bool have_first = false, first_pending = false;
  size_t next_line = 1, rows = 0, written = 0, skipped = 0;
  bool failed = false, io_error = false;

  Run(const BatchOptions& o, Format f)
      : opt(o), format(f), name(o.input == "-" ? "<stdin>" : o.input), input(f, o.chunk_bytes) {}

  // Reading stopped at a record too long: say so. True when it did.
  bool record_too_long() const {
    auto line = input.record_too_long();
    if (line)
      std::cerr << "signpost: " << name << ":" << *line << ": error: a record longer than " << (kMaxRecordBytes >> 20)
                << " MiB (is a quote never closed?); nothing was written\n";
    return line.has_value();
  }
  int open(const RuleSet& rs);
  int read_csv_header(const RuleSet& rs);
  bool read(Chunk& c);
  bool emit(Chunk& c, Output& output, Progress& progress);
};

// Opens the input and reads the CSV header. kOk, or the exit code.
int Run::open(const RuleSet& rs) {
  std::string error;
  if (!input.open(opt.input, error)) {
    std::cerr << "signpost: " << error << "\n";
    return kUsage;
  }
  if (!declared_conventions(opt.conventions, conv, error)) {
    std::cerr << "signpost: " << error << "\n";
    return kUsage;
  }
  if (conv.any() && format != Format::csv) {
    std::cerr << "signpost: --missing, --keep, --redcap and --codes apply to CSV input\n";
    return kUsage;
  }
  have_first = input.next(first_storage, first);
  if (record_too_long()) return kFindings;
  if (format == Format::csv) {
    int code = read_csv_header(rs);
    if (code != kOk) return code;
  }
  first_pending = !first.empty();
  return kOk;
}

// The header comes first, on its own.
int Run::read_csv_header(const RuleSet& rs) {
  if (!have_first) {
    std::cerr << "signpost: " << name << " is empty: a CSV input starts with a header of item ids\n";
    return kFindings;
  }
  std::vector<Field> fields;
  std::deque<std::string> scratch;
  size_t lines = 0;
  bool bad = false;
  size_t end = split_record(first, 0, fields, scratch, lines, bad);
  Problem problem;
  if (!read_header(rs, first.substr(0, end), layout, problem, conv, opt.id)) {
    std::cerr << render(name, problem, false);
    return kFindings;
  }
  first.remove_prefix(end);
  next_line = 1 + lines;
  return kOk;
}

// Fills the chunk with the next records; false at the end.
bool Run::read(Chunk& c) {
  c.reset();
  if (!have_first) return false;
  if (first_pending) {  // what follows the header in the first chunk
    c.storage.assign(first);
    c.text = c.storage;
    first_pending = false;
    return true;
  }
  return input.next(c.storage, c.text);
}

// Writes a finished chunk; false when the run must stop.
bool Run::emit(Chunk& c, Output& output, Progress& progress) {
  for (Problem& p : c.problems) p.line += next_line - 1;  // chunk lines -> file lines
  next_line += c.lines;
  rows += c.rows;
  if (!c.problems.empty() && !opt.skip_invalid) {
    progress.clear();
    std::cerr << "signpost: " << name << " has a bad row; nothing was written:\n" << render(name, c.problems.front(), false);
    failed = true;
    return false;
  }
  if (!c.problems.empty()) {
    progress.clear();
    for (const Problem& p : c.problems) std::cerr << render(name, p, true);
  }
  skipped += c.problems.size();
  written += c.written;
  if (!output.write(c.out)) {
    io_error = true;
    return false;
  }
  input.release(c.text.data() + c.text.size());
  progress.update(input.consumed(), input.size(), rows);
  return true;
}

// The rules, compiled; nullopt (after saying why, with the exit code in `code`) when they cannot be used.
std::optional<Compiled> batch_rules(const BatchOptions& opt, bool color_err, int& code) {
  std::optional<Compiled> compiled = compile_assessment(opt.rules, "evaluate", color_err, code, true);
  if (!compiled) return std::nullopt;
  std::vector<std::string> inputs{opt.input};
  const RuleSet& rs = *compiled->ruleset;
  for (size_t f = 0; f < rs.sources().size(); ++f) inputs.push_back(rs.sources().file(uint32_t(f)).path());
  if (auto clash = same_file_as(opt.output, inputs)) {
    std::cerr << "signpost: the output '" << opt.output << "' is the input '" << *clash
              << "'; writing it would destroy the input. Choose another output file\n";
    code = kUsage;
    return std::nullopt;
  }
  return compiled;
}

// Every chunk through the workers of the format, emitted in input order.
void run_chunks(Run& run, const RuleSet& rs, const TextAnswers& text, Output& output, Progress& progress) {
  auto read = [&](Chunk& c) { return run.read(c); };
  auto emit = [&](Chunk& c) { return run.emit(c, output, progress); };
  const unsigned threads = std::max(1u, run.opt.threads);
  if (run.format == Format::csv)
    for_each_chunk<Chunk>(
        threads, [&] { return CsvWorker(rs, run.layout, text, run.conv); }, read,
        [](CsvWorker& w, Chunk& c) { w.run(c); }, emit);
  else
    for_each_chunk<Chunk>(
        threads, [&] { return NdjsonWorker(rs, run.opt.id); }, read, [](NdjsonWorker& w, Chunk& c) { w.run(c); },
        emit);
}

// After the chunks: what went wrong, or the output moved into place. The exit code.
int finish(Run& run, Output& output) {
  if (!run.failed && run.record_too_long()) return kFindings;
  if (run.input.failed()) {
    std::cerr << "signpost: cannot read '" << run.name << "'\n";
    return kUsage;
  }
  if (run.io_error) {
    std::cerr << "signpost: cannot write '" << (run.opt.output.empty() ? "standard output" : run.opt.output) << "'\n";
    return kUsage;
  }
  if (run.failed) return kFindings;
  std::string error;
  if (!output.commit(error)) {
    std::cerr << "signpost: " << error << "\n";
    return kUsage;
  }
  if (run.skipped > 0) {
    std::cerr << "signpost: " << run.skipped << " of " << run.rows << " rows skipped (listed above); " << run.written
              << " written\n";
    return kFindings;
  }
  return kOk;
}

}  // namespace

int run_batch_command(const BatchOptions& opt, bool color_err) {
  std::optional<Format> format = batch_format(opt);
  if (!format) return kUsage;
  int code = kOk;
  std::optional<Compiled> compiled = batch_rules(opt, color_err, code);
  if (!compiled) return code;
  const std::optional<RuleSet> shown = in_language(*compiled->ruleset, opt.lang, std::cerr);  // cli/translate.hpp
  if (!shown) return kUsage;
  const RuleSet& rs = *shown;
  Run run(opt, *format);
  if ((code = run.open(rs)) != kOk) return code;
  Progress progress(opt.progress == "always" || (opt.progress == "auto" && isatty(STDERR_FILENO)));
  Output output;
  std::string error;
  if (!output.open(opt.output, opt.skip_invalid, error)) {
    std::cerr << "signpost: " << error << "\n";
    return kUsage;
  }
  TextAnswers text(rs.model(), &run.conv);
  if (*format == Format::csv) output.write(CsvWriter(rs, run.layout).header());
  run_chunks(run, rs, text, output, progress);
  progress.update(run.input.consumed(), run.input.size(), run.rows, true);
  progress.clear();
  return finish(run, output);
}

Command batch_command(CLI::App& app, const char* exit_codes) {
  auto d = declare<BatchOptions>(app, "batch", "Evaluate every response in a CSV or NDJSON file", &BatchOptions::rules);
  d.cmd->add_option("-i,--input", d.opt->input, "Responses: .csv (a header of item ids) or .ndjson (one answers object per line); '-' for stdin")
      ->required();
  d.cmd->add_option("-o,--output", d.opt->output,
                    "Results: CSV for CSV input, NDJSON for NDJSON input; standard output when not given");
  d.cmd->add_option("--format", d.opt->format, "csv or ndjson, when the input's extension does not say")
      ->check(CLI::IsMember({"csv", "ndjson"}));
  d.cmd->add_option("-t,--threads", d.opt->threads, "Threads that evaluate (the output is the same for any number)")
      ->check(CLI::Range(1u, 256u))
      ->capture_default_str();
  d.cmd->add_option("-l,--lang", d.opt->lang,
                    "The language of the answers and results (the rule set's own, or one of its translations): "
                    "options may be given by their labels in it, and NDJSON results show their texts in it");
  d.cmd->add_flag("--skip-invalid", d.opt->skip_invalid, "Report every bad row and leave it out, instead of stopping at the first");
  d.cmd->add_option("--id", d.opt->id, "The column (CSV) or key (NDJSON) copied to the output to identify each response")
      ->capture_default_str();
  d.cmd->add_option("--progress", d.opt->progress, "A progress bar on standard error: auto (when it is a terminal), always, never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  add_convention_options(d.cmd, d.opt->conventions);  // cli/conventions.cpp
  d.cmd->footer(std::string("\nExamples:\n"
                "  signpost batch rules/self-check.signpost --input responses.csv --output results.csv --threads 2\n"
                "  signpost batch rules/self-check.signpost --input responses.ndjson > results.ndjson\n\n"
                "CSV output: the id column (if any), every derived value (? while undecided, empty when it\n"
                "does not apply), and one column per guidance: 1 fired, 0 not, ? undetermined.\n"
                "NDJSON output: the full result of `signpost eval` for each response, one per line.\n"
                "A bad row stops the run and nothing is written; --skip-invalid reports and leaves out each.\n\n") +
              kConventionsHelp + exit_codes);
  return {d.cmd, [opt = d.opt](const RunContext& c) { return run_batch_command(*opt, c.color_err); }};
}

}  // namespace signpost::cli
