// A readable listing of a compiled program: one instruction per line.
#include <cmath>
#include <sstream>

#include "engine/compile/program.hpp"
#include "engine/source/text.hpp"

namespace signpost {

const char* opcode_name(OpCode op) {
  static const char* names[] = {"konst", "load", "map", "set_score", "neg", "not", "and", "or", "add", "sub", "mul",
                                "div",   "lt",   "le",  "gt",        "ge",  "eq",  "ne",  "includes", "agg", "band",
                                "select", "round"};
  return names[static_cast<int>(op)];
}

namespace {
std::string interval(Interval v) {
  if (v.na()) return "n/a";
  if (v.known()) return format_number(v.lo);
  return "[" + format_number(v.lo) + ", " + format_number(v.hi) + "]";
}
}  // namespace

std::string disassemble(const Program& p, const model::Model& m) {
  std::ostringstream out;
  // Names of the slots that hold items, values and guidance conditions.
  std::unordered_map<uint32_t, std::string> label;
  for (size_t i = 0; i < p.item_slot.size(); ++i) label[p.item_slot[i]] = "item " + m.items[i].id;
  for (size_t v = 0; v < p.value_slot.size(); ++v) label[p.value_slot[v]] = "let " + m.values[v].id;
  for (size_t g = 0; g < p.guidance_slot.size(); ++g)
    if (!label.count(p.guidance_slot[g])) label[p.guidance_slot[g]] = "guidance " + m.guidance[g].id;
  out << "; " << p.code.size() << " instructions, " << p.slot_count << " slots\n";
  for (size_t k = 0; k < p.code.size(); ++k) {
    const Instr& in = p.code[k];
    std::ostringstream line;
    line << "s" << in.dst << " = " << opcode_name(in.op);
    switch (in.op) {
      case OpCode::konst: line << " " << interval(p.consts[in.a]); break;
      case OpCode::load:
        line << " " << m.items[in.a].id;
        if (in.b != kNone) line << " if s" << in.b;
        break;
      case OpCode::map:
      case OpCode::set_score: {
        line << " s" << in.a << " [";
        for (size_t j = 0; j < p.maps[in.c].size(); ++j) line << (j ? " " : "") << format_number(p.maps[in.c][j]);
        line << "]";
        break;
      }
      case OpCode::neg:
      case OpCode::not_: line << " s" << in.a; break;
      case OpCode::includes: line << " s" << in.a << " bit " << in.c; break;
      case OpCode::band: {
        line << " s" << in.a << " rows";
        for (const auto& r : p.bands[in.c])
          line << " " << (std::isinf(r.lo) ? "-inf" : format_number(r.lo)) << ".." << (r.hi_inclusive ? "" : "<")
               << (std::isinf(r.hi) ? "inf" : format_number(r.hi));
        break;
      }
      case OpCode::agg: {
        const AggInfo& a = p.aggs[in.c];
        line << " " << model::agg_name(a.agg) << "(";
        for (uint32_t j = 0; j < in.b; ++j) line << (j ? " " : "") << "s" << p.members[in.a + j].slot;
        line << ")";
        if (a.policy != model::Policy::unknown) line << " unanswered=" << model::policy_name(a.policy);
        if (a.minimum) line << " minimum=" << a.minimum;
        break;
      }
      case OpCode::select: line << " s" << in.a << " ? s" << in.b << " : s" << in.c; break;
      case OpCode::round: {
        static const char* rules[] = {"half_up", "half_down", "half_even", "down", "up"};
        line << " s" << in.a << " " << rules[in.c] << " " << in.b;
        break;
      }
      default: line << " s" << in.a << ", s" << in.b;
    }
    std::string text = line.str();
    auto it = label.find(in.dst);
    if (it != label.end()) text += std::string(text.size() < 40 ? 40 - text.size() : 1, ' ') + "; " + it->second;
    out << text << "\n";
  }
  return out.str();
}

}  // namespace signpost
