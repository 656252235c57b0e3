// The signpost grammar in Boost.Spirit X3. This is the only file that instantiates X3.
#include "engine/parse/grammar.hpp"

#include <boost/fusion/include/at_c.hpp>
#include <boost/spirit/home/x3.hpp>

#include "engine/check/functions.hpp"  // the built-in function names (a header of data only)

namespace signpost::parse {
namespace x3 = boost::spirit::x3;
namespace fusion = boost::fusion;
using Iter = const char*;

namespace {

// ---- position tagging ------------------------------------------------------
struct Base {
  Iter begin;
  uint32_t file;
};
struct base_tag;

template <typename Ctx>
Span span_of(Ctx const& ctx, Iter b, Iter e) {
  Base const* base = x3::get<base_tag>(ctx);
  return Span{base->file, static_cast<uint32_t>(b - base->begin), static_cast<uint32_t>(e - base->begin)};
}

// Rules whose ID derives from this record the span of what they matched.
struct annotate {
  template <typename It, typename Ctx, typename T>
  void on_success(It const& first, It const& last, T& node, Ctx const& ctx) {
    if constexpr (!std::is_same_v<std::remove_const_t<T>, x3::unused_type>) node.span = span_of(ctx, first, last);
  }
};

// ---- lexical pieces --------------------------------------------------------
// ASCII classes spelled out: x3::alnum and x3::space call <cctype> with a plain char, which is
// undefined (and asserts in debug builds) for bytes of 0x80 and above.
auto const ident_start = x3::char_("a-zA-Z_");
auto const ident_char = x3::char_("a-zA-Z0-9_");
auto const space_char = x3::char_(" \t\n\r\v\f");

// Reserved: declaration starters and the words of expressions. Other keywords are contextual.
const std::vector<std::string> kReserved = {
    "assessment", "disclaimer", "import", "source", "scale", "section", "item", "let", "threshold", "band",
    "guidance", "example", "property", "and", "or", "not", "includes", "where", "answer", "yes", "no", "true", "false",
    "unanswered", "minimum", "if", "then", "else"};
const std::vector<std::string> kDeclKeywords = {"assessment", "disclaimer", "import", "source",
                                                "scale",      "section",    "group",  "item",   "let",
                                                "threshold",  "band",       "table",  "guidance",
                                                "example",    "property"};

struct reserved_table : x3::symbols<unsigned> {
  reserved_table() {
    for (auto const& w : kReserved) add(w, 0u);
  }
} const reserved;

struct kw_tag;
inline auto kw(char const* word) {
  return x3::rule<kw_tag>{word} = x3::lexeme[x3::lit(word) >> !ident_char];
}

// Unsigned decimal numbers without inf/nan spellings (so `info` stays a name).
template <typename T>
struct plain_real_policies : x3::ureal_policies<T> {
  template <typename It, typename A>
  static bool parse_nan(It&, It const&, A&) { return false; }
  template <typename It, typename A>
  static bool parse_inf(It&, It const&, A&) { return false; }
};
x3::real_parser<double, plain_real_policies<double>> const udouble;

// A quoted text. Escapes: \" \\ \n \t. A line break and the indentation around it fold to one
// space, so long texts can wrap. A string still open when a line starts with a declaration
// keyword is reported at its opening quote instead of swallowing the rest of the file.
struct string_parser : x3::parser<string_parser> {
  using attribute_type = ast::Str;
  static bool const has_attribute = true;

  // Does this line look like rule-file code rather than prose? A declaration keyword, or a
  // text clause followed by its opening quote (`title "...`, `cites mhc "...`).
  static bool line_starts_code(Iter p, Iter last) {
    auto word = [&](Iter& q) {
      while (q != last && (*q == ' ' || *q == '\t')) ++q;
      Iter w = q;
      while (q != last && (std::isalnum(static_cast<unsigned char>(*q)) || *q == '_')) ++q;
      return std::string(w, q);
    };
    std::string first = word(p);
    if (first.empty() || p == last || !(*p == ' ' || *p == '\t')) return false;
    if (is_declaration_keyword(first)) return true;
    static const char* text_clauses[] = {"title", "text", "help", "because", "step", "steps", "note",
                                         "publisher", "date", "url", "file", "sections", "version", "language"};
    Iter q = p;
    if (first == "cites") word(q);  // the source name comes before the quote
    else if (std::find_if(std::begin(text_clauses), std::end(text_clauses),
                          [&](const char* c) { return first == c; }) == std::end(text_clauses))
      return false;
    while (q != last && (*q == ' ' || *q == '\t')) ++q;
    return q != last && *q == '"';
  }

  template <typename It, typename Ctx, typename RCtx, typename Attr>
  bool parse(It& first, It const& last, Ctx const& ctx, RCtx&, Attr& attr) const {
    x3::skip_over(first, last, ctx);
    if (first == last || *first != '"') return false;
    It i = first;
    ++i;
    std::string out;
    while (true) {
      if (i == last) boost::throw_exception(x3::expectation_failure<It>(first, "unterminated"));
      char c = *i;
      if (c == '"') {
        ++i;
        break;
      }
      if (c == '\\') {
        It esc = i;
        ++i;
        if (i == last) boost::throw_exception(x3::expectation_failure<It>(first, "unterminated"));
        switch (*i) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          default: boost::throw_exception(x3::expectation_failure<It>(esc, "escape"));
        }
        ++i;
        continue;
      }
      if (c == '\n' || c == '\r') {
        // fold the break and the blanks around it
        while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
        while (i != last && (*i == '\n' || *i == '\r')) ++i;
        if (line_starts_code(i, last))
          boost::throw_exception(x3::expectation_failure<It>(first, "unterminated"));
        while (i != last && (*i == ' ' || *i == '\t')) ++i;
        if (!out.empty()) out += ' ';
        continue;
      }
      out += c;
      ++i;
    }
    attr.text = std::move(out);
    first = i;
    return true;
  }
};

// ---- rules -----------------------------------------------------------------
struct name_class : annotate {};
struct str_class : annotate {};
struct number_class : annotate {};
struct citation_class : annotate {};
struct expr_class : annotate {};
struct or_class : annotate {};
struct and_class : annotate {};
struct not_class : annotate {};
struct cmp_class : annotate {};
struct add_class : annotate {};
struct mul_class : annotate {};
struct unary_class : annotate {};
struct primary_class : annotate {};
struct call_class : annotate {};
struct call_option_class : annotate {};
struct bound_class : annotate {};
struct if_class : annotate {};
struct func_class : annotate {};
struct func_option_class : annotate {};
struct option_class : annotate {};
struct point_class : annotate {};
struct band_row_class : annotate {};
struct value_class : annotate {};
struct given_class : annotate {};
struct expect_class : annotate {};
struct assessment_class : annotate {};
struct disclaimer_class : annotate {};
struct import_class : annotate {};
struct source_class : annotate {};
struct scale_class : annotate {};
struct section_class : annotate {};
struct group_class : annotate {};
struct item_class : annotate {};
struct let_class : annotate {};
struct band_class : annotate {};
struct table_key_class : annotate {};
struct table_outcome_class : annotate {};
struct table_row_class : annotate {};
struct table_class : annotate {};
struct guidance_class : annotate {};
struct example_class : annotate {};
struct step_class : annotate {};
struct property_class : annotate {};
struct translation_class : annotate {};
struct entry_kind_class : annotate {};
struct text_field_class : annotate {};
struct label_class : annotate {};
struct entry_class : annotate {};
struct decl_class {};

x3::rule<name_class, ast::Name> const name = "a name";
x3::rule<str_class, ast::Str> const str = "a quoted text";
x3::rule<number_class, ast::Number> const number = "a number";
x3::rule<citation_class, ast::Citation> const citation = "a citation (source name, then an optional \"section\")";
x3::rule<expr_class, ast::Expr> const expr = "an expression";
x3::rule<or_class, ast::Expr> const or_expr = "an expression";
x3::rule<and_class, ast::Expr> const and_expr = "an expression";
x3::rule<not_class, ast::Expr> const not_expr = "an expression";
x3::rule<cmp_class, ast::Expr> const cmp_expr = "an expression";
x3::rule<add_class, ast::Expr> const add_expr = "an expression";
x3::rule<mul_class, ast::Expr> const mul_expr = "an expression";
x3::rule<unary_class, ast::Expr> const unary_expr = "an expression";
x3::rule<primary_class, ast::Expr> const primary = "a value (a number, a name, yes/no, or an expression in parentheses)";
x3::rule<call_class, ast::Expr> const call = "an aggregate such as sum(...)";
x3::rule<call_option_class, ast::CallOption> const call_option = "an aggregate option (unanswered = ..., minimum = N)";
x3::rule<bound_class, ast::Number> const bound = "a number or a threshold's name";
x3::rule<if_class, ast::Expr> const if_expr = "a conditional value (if ... then ... else ...)";
x3::rule<func_class, ast::Expr> const func = "a function such as round(...)";
x3::rule<func_option_class, ast::CallOption> const func_option = "a rounding rule (half_up, half_even, half_down) or decimals = N";
x3::rule<option_class, ast::OptionDecl> const option = "an option (name = value \"Label\")";
x3::rule<point_class, ast::PointDecl> const point = "option = points";
x3::rule<band_row_class, ast::BandRow> const band_row = "a band row (e.g. 0 to 2: low \"Low\")";
x3::rule<value_class, ast::Value> const value = "a value (an option name, a number, yes/no or [a, b])";
x3::rule<given_class, ast::Given> const given = "an answer (item = value)";
x3::rule<expect_class, ast::Expect> const expect = "an expectation (guidance, not guidance, undetermined guidance, or name = value)";
x3::rule<assessment_class, ast::AssessmentDecl> const assessment = "an assessment";
x3::rule<disclaimer_class, ast::DisclaimerDecl> const disclaimer = "a disclaimer";
x3::rule<import_class, ast::ImportDecl> const import_ = "an import";
x3::rule<source_class, ast::SourceDecl> const source = "a source";
x3::rule<scale_class, ast::ScaleDecl> const scale = "a scale";
x3::rule<section_class, ast::SectionDecl> const section = "a section";
x3::rule<group_class, ast::GroupDecl> const group = "a group";
x3::rule<item_class, ast::ItemDecl> const item = "an item";
x3::rule<let_class, ast::LetDecl> const let = "a derived value";
x3::rule<band_class, ast::BandDecl> const band = "a band table";
x3::rule<table_key_class, ast::Name> const table_key = "a value of the input (an option, a band row, yes or no)";
x3::rule<table_outcome_class, ast::TableOutcome> const table_outcome = "an outcome (name \"Label\")";
x3::rule<table_row_class, ast::TableRow> const table_row = "a table row (value: outcome, outcome, ...)";
x3::rule<table_class, ast::TableDecl> const table = "a two-way table";
x3::rule<guidance_class, ast::GuidanceDecl> const guidance = "a guidance";
x3::rule<example_class, ast::ExampleDecl> const example = "an example";
x3::rule<step_class, ast::StepDecl> const step = "a step (\"Text\", then optional tags and `only when`)";
x3::rule<property_class, ast::PropertyDecl> const property = "a property";
x3::rule<translation_class, ast::TranslationDecl> const translation = "translation \"LANGUAGE\"";
x3::rule<entry_kind_class, ast::Name> const entry_kind = "what is translated (assessment, disclaimer, scale, section, item, band or guidance)";
x3::rule<text_field_class, ast::TextField> const text_field = "a translated text (title, text, help, step, because)";
x3::rule<label_class, ast::TextField> const label = "an option or band row and its translated label";
x3::rule<entry_class, ast::TranslationEntry> const entry = "a translation entry";
x3::rule<decl_class, ast::Decl> const declaration = "a declaration";

// ---- actions ---------------------------------------------------------------
template <typename M>
auto set(M m) {
  return [m](auto& ctx) { x3::_val(ctx).*m = x3::_attr(ctx); };
}
template <typename M>
auto push(M m) {
  return [m](auto& ctx) { (x3::_val(ctx).*m).push_back(x3::_attr(ctx)); };
}
template <typename M>
auto append(M m) {
  return [m](auto& ctx) {
    auto& v = x3::_attr(ctx);
    (x3::_val(ctx).*m).insert((x3::_val(ctx).*m).end(), v.begin(), v.end());
  };
}
// Records that a clause keyword was seen, for duplicate-clause checks.
auto clause(char const* word) {
  return x3::omit[x3::raw[kw(word)][([word](auto& ctx) {
    auto const& r = x3::_attr(ctx);
    x3::_val(ctx).clauses.push_back({word, span_of(ctx, r.begin(), r.end())});
  })]];
}
auto const copy = [](auto& ctx) { x3::_val(ctx) = std::move(x3::_attr(ctx)); };
// An option of a call (`minimum = 2`, `half_up`): its key, and its value kept in member `m`.
template <typename M>
auto keep_option(char const* key, M m) {
  return [key, m](auto& ctx) {
    x3::_val(ctx).key.text = key;
    x3::_val(ctx).*m = x3::_attr(ctx);
  };
}
// The head of a call, `sum(` or `round(`: the operation, and the name with its place.
auto call_head(ast::Op op) {
  return [op](auto& ctx) {
    x3::_val(ctx).op = op;
    x3::_val(ctx).name.text = x3::_attr(ctx);
    auto w = x3::_where(ctx);
    x3::_val(ctx).name.span = span_of(ctx, w.begin(), w.end());
  };
}

// Refuses expressions so tall that walking them could exhaust the stack.
template <typename Ctx>
void limit_depth(Ctx const& ctx, const ast::Expr& e) {
  if (e.depth <= ast::kMaxExprDepth) return;
  Base const* base = x3::get<base_tag>(ctx);
  boost::throw_exception(x3::expectation_failure<Iter>(base->begin + e.span.begin, "too deep"));
}

ast::Expr make_binary(ast::Op op, ast::Expr lhs, ast::Expr rhs) {
  ast::Expr e;
  e.op = op;
  e.depth = std::max(lhs.depth, rhs.depth) + 1;
  e.span = Span{lhs.span.file, lhs.span.begin, rhs.span.end};
  e.args.push_back(std::move(lhs));
  e.args.push_back(std::move(rhs));
  return e;
}
auto fold(ast::Op op) {
  return [op](auto& ctx) {
    x3::_val(ctx) = make_binary(op, std::move(x3::_val(ctx)), std::move(x3::_attr(ctx)));
    limit_depth(ctx, x3::_val(ctx));
  };
}
auto const fold_op = [](auto& ctx) {
  auto& a = x3::_attr(ctx);
  x3::_val(ctx) = make_binary(fusion::at_c<0>(a), std::move(x3::_val(ctx)), std::move(fusion::at_c<1>(a)));
  limit_depth(ctx, x3::_val(ctx));
};
auto const fold_includes = [](auto& ctx) {
  ast::Expr e;
  e.op = ast::Op::includes;
  e.name = x3::_attr(ctx);
  e.span = Span{x3::_val(ctx).span.file, x3::_val(ctx).span.begin, e.name.span.end};
  e.depth = x3::_val(ctx).depth + 1;
  e.args.push_back(std::move(x3::_val(ctx)));
  x3::_val(ctx) = std::move(e);
};
// `not not x` and `- - x` are parsed iteratively so no input can exhaust the stack.
auto prefix(ast::Op op) {
  return [op](auto& ctx) {
    auto& a = x3::_attr(ctx);
    ast::Expr e = std::move(fusion::at_c<1>(a));
    if (e.depth + fusion::at_c<0>(a).size() > ast::kMaxExprDepth) {
      e.depth += uint32_t(std::min<size_t>(fusion::at_c<0>(a).size(), ast::kMaxExprDepth));
      limit_depth(ctx, e);
    }
    for (size_t k = 0; k < fusion::at_c<0>(a).size(); ++k) {
      ast::Expr u;
      u.op = op;
      u.span = e.span;
      u.depth = e.depth + 1;
      u.args.push_back(std::move(e));
      e = std::move(u);
    }
    x3::_val(ctx) = std::move(e);
  };
}
auto leaf_bool(bool b) {
  return [b](auto& ctx) {
    x3::_val(ctx).op = ast::Op::boolean;
    x3::_val(ctx).boolean = b;
  };
}
auto const leaf_number = [](auto& ctx) {
  x3::_val(ctx).op = ast::Op::number;
  x3::_val(ctx).number = x3::_attr(ctx).value;
};
auto const leaf_name = [](auto& ctx) {
  x3::_val(ctx).op = ast::Op::name;
  x3::_val(ctx).name = x3::_attr(ctx);
};
auto const leaf_answer = [](auto& ctx) { x3::_val(ctx).op = ast::Op::answer; };

struct cmp_table : x3::symbols<ast::Op> {
  cmp_table() {
    add("<", ast::Op::lt)("<=", ast::Op::le)(">", ast::Op::gt)(">=", ast::Op::ge)("==", ast::Op::eq)(
        "=", ast::Op::eq)("!=", ast::Op::ne);
  }
} const cmp_op;
struct add_table : x3::symbols<ast::Op> {
  add_table() { add("+", ast::Op::add)("-", ast::Op::sub); }
} const add_op;
struct mul_table : x3::symbols<ast::Op> {
  mul_table() { add("*", ast::Op::mul)("/", ast::Op::div); }
} const mul_op;
struct aggregate_table : x3::symbols<std::string> {
  aggregate_table() {
    for (const auto& f : model::kAggregates) add(f.name, std::string(f.name));
  }
} const aggregate_name;
// Functions of one value. Not reserved: only a following `(` makes the word a function.
struct function_table : x3::symbols<std::string> {
  function_table() {
    for (const auto& f : model::kFunctions)
      if (f.shape != model::Shape::conditional) add(f.name, std::string(f.name));
  }
} const function_name;


// Boost 1.74 hands `unused` to on_success when a rule's right-hand side has semantic actions.
// Wrapping the actions in an inner rule keeps them from the outer rule, whose on_success then
// sees the real node and records its span.
struct act_tag;
template <typename T, typename P>
auto act(P const& p) {
  return x3::rule<act_tag, T>{"a part"} = p;
}

// ---- lexical rules ---------------------------------------------------------
auto const name_def = act<ast::Name>(x3::lexeme[!(reserved >> !ident_char) >>
                                 x3::raw[ident_start >> *ident_char]]
    [([](auto& ctx) { x3::_val(ctx).text.assign(x3::_attr(ctx).begin(), x3::_attr(ctx).end()); })]);
auto const str_def = string_parser{};
auto const number_def = act<ast::Number>(x3::lexeme[(-x3::char_('-') >> udouble) >> !ident_char]
    [([](auto& ctx) {
      auto& a = x3::_attr(ctx);
      double v = fusion::at_c<1>(a);
      x3::_val(ctx).value = fusion::at_c<0>(a) ? -v : v;
    })]);
struct line_no_class;
x3::rule<line_no_class, uint32_t> const line_no = "a line number";
auto const line_no_def = x3::lexeme[x3::uint_ >> !ident_char];
BOOST_SPIRIT_DEFINE(line_no)
auto const citation_def = act<ast::Citation>(name[set(&ast::Citation::source)] >>
                                             -(str[set(&ast::Citation::section)] >>
                                               -(kw("line") > line_no[set(&ast::Citation::line)])));

// ---- expressions -----------------------------------------------------------
auto const expr_def = or_expr;
auto const or_expr_def = act<ast::Expr>(and_expr[copy] >> *((kw("or") > and_expr)[fold(ast::Op::or_)]));
auto const and_expr_def = act<ast::Expr>(not_expr[copy] >> *((kw("and") > not_expr)[fold(ast::Op::and_)]));
auto const not_expr_def = act<ast::Expr>((*(kw("not") >> x3::attr(1)) >> cmp_expr)[prefix(ast::Op::not_)]);
auto const cmp_expr_def = act<ast::Expr>(add_expr[copy] >> -((cmp_op > add_expr)[fold_op] | (kw("includes") > name)[fold_includes]));
auto const add_expr_def = act<ast::Expr>(mul_expr[copy] >> *((add_op > mul_expr)[fold_op]));
auto const mul_expr_def = act<ast::Expr>(unary_expr[copy] >> *((mul_op > unary_expr)[fold_op]));
auto const unary_expr_def = act<ast::Expr>((*(x3::lit('-') >> x3::attr(1)) >> primary)[prefix(ast::Op::neg)]);
auto const primary_def = act<ast::Expr>(number[leaf_number] | (kw("yes") | kw("true"))[leaf_bool(true)] |
                         (kw("no") | kw("false"))[leaf_bool(false)] | kw("answer")[leaf_answer] | call[copy] |
                         func[copy] | if_expr[copy] |
                         // a name followed by a text is a clause (`title "..."`), not an operand
                         (name >> !x3::lit('"'))[leaf_name] | (x3::lit('(') > expr > x3::lit(')'))[copy]);
auto const call_option_def = act<ast::CallOption>((kw("unanswered") > x3::lit('=') > name)[keep_option("unanswered", &ast::CallOption::word)] |
                                                  (kw("minimum") > x3::lit('=') > bound)[keep_option("minimum", &ast::CallOption::number)]);
auto const call_def = act<ast::Expr>(x3::lexeme[aggregate_name >> !ident_char >> &(*space_char >> '(')][call_head(ast::Op::call)] >
    x3::lit('(') > (name % ',')[([](auto& ctx) { x3::_val(ctx).refs = x3::_attr(ctx); })] >
    -(kw("where") > expr)[([](auto& ctx) {
      x3::_val(ctx).depth = x3::_attr(ctx).depth + 1;
      x3::_val(ctx).where = std::make_shared<ast::Expr>(x3::_attr(ctx));
    })] >
    *(x3::lit(',') > call_option)[push(&ast::Expr::options)] > x3::lit(')'));

// A threshold's name where a number is expected (`minimum = need`, band edges); check resolves it.
auto const bound_def = act<ast::Number>(number[copy] | name[([](auto& ctx) {
                                          x3::_val(ctx).ref = x3::_attr(ctx).text;
                                          x3::_val(ctx).span = x3::_attr(ctx).span;
                                        })]);
// `if C then A else B`; without `else` the value is not applicable when C is false.
auto const if_expr_def = act<ast::Expr>((kw("if") > expr > kw("then") > expr > -(kw("else") > expr))[([](auto& ctx) {
  auto& a = x3::_attr(ctx);
  ast::Expr e;
  e.op = ast::Op::if_;
  e.args.push_back(std::move(fusion::at_c<0>(a)));
  e.args.push_back(std::move(fusion::at_c<1>(a)));
  if (fusion::at_c<2>(a)) e.args.push_back(std::move(*fusion::at_c<2>(a)));
  for (const auto& x : e.args) e.depth = std::max(e.depth, x.depth + 1);
  x3::_val(ctx) = std::move(e);
  limit_depth(ctx, x3::_val(ctx));
})]);
auto const func_option_def = act<ast::CallOption>((kw("decimals") > x3::lit('=') > number)[keep_option("decimals", &ast::CallOption::number)] |
                                                  name[keep_option("rule", &ast::CallOption::word)]);
auto const func_def = act<ast::Expr>(x3::lexeme[function_name >> !ident_char >> &(*space_char >> '(')][call_head(ast::Op::func)] >
    x3::lit('(') > expr[([](auto& ctx) {
      x3::_val(ctx).depth = x3::_attr(ctx).depth + 1;
      x3::_val(ctx).args.push_back(x3::_attr(ctx));
      limit_depth(ctx, x3::_val(ctx));
    })] >
    *(x3::lit(',') > func_option)[push(&ast::Expr::options)] > x3::lit(')'));

// ---- declarations ----------------------------------------------------------
auto const cites = (clause("cites") > (citation % ','));

auto const assessment_def = act<ast::AssessmentDecl>(kw("assessment") > name[set(&ast::AssessmentDecl::id)] > str[set(&ast::AssessmentDecl::title)] >
    *((clause("version") > str)[set(&ast::AssessmentDecl::version)] |
      (clause("language") > str)[set(&ast::AssessmentDecl::language)] |
      (clause("audience") > name)[set(&ast::AssessmentDecl::audience)] |
      (clause("wording") > kw("conditions") > (str % ','))[append(&ast::AssessmentDecl::wording_conditions)]));

auto const disclaimer_def = act<ast::DisclaimerDecl>(kw("disclaimer") > str[set(&ast::DisclaimerDecl::text)]);
auto const import__def = act<ast::ImportDecl>(kw("import") > str[set(&ast::ImportDecl::path)]);

auto const source_def = act<ast::SourceDecl>(kw("source") > name[set(&ast::SourceDecl::id)] > str[set(&ast::SourceDecl::title)] >
                        *((clause("publisher") > str)[set(&ast::SourceDecl::publisher)] |
                          (clause("date") > str)[set(&ast::SourceDecl::date)] |
                          (clause("url") > str)[set(&ast::SourceDecl::url)] |
                          (clause("file") > str)[set(&ast::SourceDecl::file)] |
                          (clause("sections") > (str % ','))[append(&ast::SourceDecl::sections)]));

auto const option_def = act<ast::OptionDecl>(name[set(&ast::OptionDecl::id)] >> -(x3::lit('=') > number[set(&ast::OptionDecl::value)]) >>
                        -str[set(&ast::OptionDecl::label)]);
auto scale_kind(ast::ScaleKind k) {
  return [k](auto& ctx) { x3::_val(ctx).kind = k; };
}
auto const scale_range = number[set(&ast::ScaleDecl::lo)] > kw("to") > number[set(&ast::ScaleDecl::hi)];
auto const scale_def = act<ast::ScaleDecl>(kw("scale") > name[set(&ast::ScaleDecl::id)] > -str[set(&ast::ScaleDecl::title)] > x3::lit(':') >
    ((kw("integer")[scale_kind(ast::ScaleKind::integer)] > scale_range) |
     (kw("decimal")[scale_kind(ast::ScaleKind::decimal)] > scale_range) |
     (kw("multiple")[scale_kind(ast::ScaleKind::multiple)] > (option % ',')[append(&ast::ScaleDecl::options)]) |
     (option % ',')[append(&ast::ScaleDecl::options)]) >
    *((clause("endorse") > kw("from") > name)[set(&ast::ScaleDecl::endorse_from)]));

auto const section_def = act<ast::SectionDecl>(kw("section") > name[set(&ast::SectionDecl::id)] > str[set(&ast::SectionDecl::title)] >
                         *(cites[append(&ast::SectionDecl::cites)] |
                           clause("context")[([](auto& ctx) { x3::_val(ctx).context = true; })]));

// Members may be none: the checker says so (E084) rather than a syntax error.
auto const group_def = act<ast::GroupDecl>(kw("group") > name[set(&ast::GroupDecl::id)] > x3::lit(':') >
                                           -(name % ',')[set(&ast::GroupDecl::items)]);

auto const point_def = act<ast::PointDecl>(name[set(&ast::PointDecl::option)] > x3::lit('=') > number[set(&ast::PointDecl::points)]);
auto flag(bool ast::ItemDecl::*m) {
  return [m](auto& ctx) { x3::_val(ctx).*m = true; };
}
// The clause keyword was just recorded by clause(); it carries the word and its span.
auto const requirement = [](auto& ctx) {
  const ast::Clause& c = x3::_val(ctx).clauses.back();
  x3::_val(ctx).requirement = ast::Name{c.keyword, c.span};
};
// `ignored` or `refused`, after `answer` in an item (the rest of the clause: `when not asked`).
auto const unasked_answer = act<ast::Name>(x3::raw[x3::lexeme[(x3::lit("ignored") | x3::lit("refused")) >> !ident_char]][(
    [](auto& ctx) {
      auto const& r = x3::_attr(ctx);
      x3::_val(ctx).text.assign(r.begin(), r.end());
      x3::_val(ctx).span = span_of(ctx, r.begin(), r.end());
    })]);
auto const item_def = act<ast::ItemDecl>(kw("item") > name[set(&ast::ItemDecl::id)] > x3::lit(':') > name[set(&ast::ItemDecl::scale)] >
    str[set(&ast::ItemDecl::prompt)] >
    *((clause("help") > str)[set(&ast::ItemDecl::help)] | cites[append(&ast::ItemDecl::cites)] |
      clause("required")[requirement] | clause("optional")[requirement] |
      (clause("ask") > kw("when") > expr)[set(&ast::ItemDecl::ask_when)] |
      clause("reverse")[flag(&ast::ItemDecl::reverse)] | clause("safety")[flag(&ast::ItemDecl::safety)] |
      (clause("points") > (point % ','))[append(&ast::ItemDecl::points)] |
      (clause("counts") > kw("as") > value > kw("when") > kw("not") > kw("asked"))[set(&ast::ItemDecl::unasked_value)] |
      (clause("answer") > unasked_answer > kw("when") > kw("not") > kw("asked"))[set(&ast::ItemDecl::unasked_answer)]));

auto const let_tail = name[set(&ast::LetDecl::id)] > x3::lit('=') > expr[set(&ast::LetDecl::value)] >
                      *((kw("note") > str[set(&ast::LetDecl::note)]) |
                        (kw("decimals") > number[set(&ast::LetDecl::decimals)]));
auto const let_def = act<ast::LetDecl>((kw("let") > let_tail) |
                     (kw("threshold")[([](auto& ctx) { x3::_val(ctx).threshold = true; })] > let_tail));

auto const strict_lo = [](auto& ctx) {
  x3::_val(ctx).lo = x3::_attr(ctx);
  x3::_val(ctx).lo_inclusive = false;
};
auto const open_hi = [](auto& ctx) {
  x3::_val(ctx).hi = x3::_attr(ctx);
  x3::_val(ctx).hi_inclusive = false;
};
// Edges are numbers or thresholds. `above A` leaves A out of the row (a strict lower bound).
auto const band_row_def = act<ast::BandRow>(((bound[set(&ast::BandRow::lo)] >> kw("to") >> kw("under") > bound[open_hi]) |
     (bound[set(&ast::BandRow::lo)] >> kw("to") > bound[set(&ast::BandRow::hi)]) |
     (bound[set(&ast::BandRow::lo)] >> kw("or") >> kw("more")) |
     // actions of alternatives tried before this one are not undone: clear the lower bound
     (bound >> kw("or") >> kw("less"))[([](auto& ctx) {
       x3::_val(ctx).hi = x3::_attr(ctx);
       x3::_val(ctx).lo.reset();
     })] |
     (kw("under") > bound[([](auto& ctx) {  // `under` may have been read as a threshold's name above
        x3::_val(ctx).lo.reset();
        x3::_val(ctx).hi = x3::_attr(ctx);
        x3::_val(ctx).hi_inclusive = false;
      })]) |
     (kw("above") >> bound[strict_lo] >> kw("to") >> kw("under") > bound[open_hi]) |
     (kw("above") >> bound[strict_lo] >> kw("to") > bound[set(&ast::BandRow::hi)]) |
     (kw("above") > bound[strict_lo])) >
    x3::lit(':') > name[set(&ast::BandRow::id)] > str[set(&ast::BandRow::label)]);
auto const band_def = act<ast::BandDecl>(kw("band") > name[set(&ast::BandDecl::id)] > kw("from") > expr[set(&ast::BandDecl::source)] >
                      x3::lit(':') > +band_row[push(&ast::BandDecl::rows)]);

// `table NAME from ROWS by COLUMNS:`, its outcomes, its columns, then one row per value of ROWS.
// Row and column keys are any word (`yes` and `no` are reserved as names); check matches them
// against the inputs' values. A row is a word and a colon, so the next declaration ends the rows.
auto const table_key_def = act<ast::Name>(x3::lexeme[x3::raw[ident_start >> *ident_char]][([](auto& ctx) {
  auto const& r = x3::_attr(ctx);
  x3::_val(ctx).text.assign(r.begin(), r.end());
})]);
auto const table_outcome_def = act<ast::TableOutcome>(name[set(&ast::TableOutcome::id)] > str[set(&ast::TableOutcome::label)]);
auto const table_row_def = act<ast::TableRow>((table_key >> x3::lit(':'))[set(&ast::TableRow::key)] >
                                              (name % ',')[set(&ast::TableRow::cells)]);
auto const table_def = act<ast::TableDecl>(kw("table") > name[set(&ast::TableDecl::id)] > kw("from") > expr[set(&ast::TableDecl::rows)] >
    kw("by") > expr[set(&ast::TableDecl::columns)] > x3::lit(':') > kw("outcomes") >
    (table_outcome % ',')[set(&ast::TableDecl::outcomes)] > kw("columns") > (table_key % ',')[set(&ast::TableDecl::column_keys)] >
    +table_row[push(&ast::TableDecl::body)]);

// `steps "a", "b"` lists plain steps; `step "a" tags t only when EXPR` may carry tags and a condition.
auto const step_text = act<ast::StepDecl>(str[set(&ast::StepDecl::text)]);
auto const step_def = act<ast::StepDecl>(str[set(&ast::StepDecl::text)] >>
                                         -(kw("tags") > (name % ','))[set(&ast::StepDecl::tags)] >>
                                         -(kw("only") > kw("when") > expr[set(&ast::StepDecl::when)]));

auto const guidance_def = act<ast::GuidanceDecl>(kw("guidance") > name[set(&ast::GuidanceDecl::id)] >
    *((clause("level") > name)[set(&ast::GuidanceDecl::level)] |
      (clause("when") > expr)[set(&ast::GuidanceDecl::when)] |
      (clause("title") > str)[set(&ast::GuidanceDecl::title)] |
      (clause("text") > str)[set(&ast::GuidanceDecl::text)] |
      (clause("steps") > (step_text % ','))[append(&ast::GuidanceDecl::steps)] |
      (clause("step") > step)[push(&ast::GuidanceDecl::steps)] |
      (clause("tags") > (name % ','))[append(&ast::GuidanceDecl::tags)] |
      (clause("because") > str)[set(&ast::GuidanceDecl::because)] | cites[append(&ast::GuidanceDecl::cites)]));

auto value_kind(ast::Value::Kind k) {
  return [k](auto& ctx) { x3::_val(ctx).kind = k; };
}
auto const value_def = act<ast::Value>((x3::lit('[') > -(name % ',')[set(&ast::Value::list)] > x3::lit(']'))[value_kind(ast::Value::Kind::list)] |
    number[([](auto& ctx) {
      x3::_val(ctx).kind = ast::Value::Kind::number;
      x3::_val(ctx).number = x3::_attr(ctx).value;
    })] |
    (kw("yes") | kw("true"))[([](auto& ctx) {
      x3::_val(ctx).kind = ast::Value::Kind::boolean;
      x3::_val(ctx).boolean = true;
    })] |
    (kw("no") | kw("false"))[([](auto& ctx) {
      x3::_val(ctx).kind = ast::Value::Kind::boolean;
      x3::_val(ctx).boolean = false;
    })] |
    kw("unknown")[value_kind(ast::Value::Kind::unknown)] |
    name[([](auto& ctx) {
      x3::_val(ctx).kind = ast::Value::Kind::name;
      x3::_val(ctx).name = x3::_attr(ctx);
    })]);
auto const given_def = act<ast::Given>(name[set(&ast::Given::item)] > x3::lit('=') > value[set(&ast::Given::value)]);
auto expect_kind(ast::Expect::Kind k) {
  return [k](auto& ctx) {
    x3::_val(ctx).kind = k;
    x3::_val(ctx).target = x3::_attr(ctx);
  };
}
auto const expect_def = act<ast::Expect>((kw("not") > name[expect_kind(ast::Expect::Kind::not_fires)]) |
                        (kw("undetermined") > name[expect_kind(ast::Expect::Kind::undetermined)]) |
                        (name[expect_kind(ast::Expect::Kind::fires)] >>
                         -(x3::lit('=') > value[([](auto& ctx) {
                             x3::_val(ctx).kind = ast::Expect::Kind::equals;
                             x3::_val(ctx).value = x3::_attr(ctx);
                           })])));
auto const example_def = act<ast::ExampleDecl>(kw("example") > str[set(&ast::ExampleDecl::title)] >
                         *((kw("given") > (given % ','))[append(&ast::ExampleDecl::givens)] |
                           (kw("expect") > (expect % ','))[append(&ast::ExampleDecl::expects)]));

auto property_kind(ast::PropertyDecl::Kind k) {
  return [k](auto& ctx) { x3::_val(ctx).kind = k; };
}
auto const property_def = act<ast::PropertyDecl>(kw("property") > name[set(&ast::PropertyDecl::id)] > str[set(&ast::PropertyDecl::title)] >
    ((kw("while") > -kw("possibly")[([](auto& ctx) { x3::_val(ctx).possibly = true; })] >
      expr[set(&ast::PropertyDecl::condition)] > kw("never") > (name % ',')[set(&ast::PropertyDecl::targets)]) |
     (kw("whenever")[property_kind(ast::PropertyDecl::Kind::always)] > expr[set(&ast::PropertyDecl::condition)] >
      kw("always") > (name % ',')[set(&ast::PropertyDecl::targets)]) |
     (kw("never") >> kw("together"))[property_kind(ast::PropertyDecl::Kind::together)] > (name % ',')[set(&ast::PropertyDecl::targets)] |
     (kw("never") > (name % ',')[set(&ast::PropertyDecl::targets)]) |
     (kw("raising")[property_kind(ast::PropertyDecl::Kind::raising)] > (name % ',')[set(&ast::PropertyDecl::over)] >
      kw("keeps") > (name % ',')[set(&ast::PropertyDecl::targets)])));

// ---- translation files ----------------------------------------------------
auto const translation_def = act<ast::TranslationDecl>(kw("translation") > str[set(&ast::TranslationDecl::language)]);
auto const raw_name = [](auto& ctx) {
  auto const& r = x3::_attr(ctx);
  x3::_val(ctx).text.assign(r.begin(), r.end());
};
auto const entry_kind_def = act<ast::Name>(x3::lexeme[x3::raw[x3::lit("assessment") | x3::lit("disclaimer") | x3::lit("scale") |
                                                               x3::lit("section") | x3::lit("item") | x3::lit("band") |
                                                               x3::lit("guidance")] >>
                                                      !ident_char][raw_name]);
auto const field_key = [](auto& ctx) {
  auto const& r = x3::_attr(ctx);
  x3::_val(ctx).key.text.assign(r.begin(), r.end());
  x3::_val(ctx).key.span = span_of(ctx, r.begin(), r.end());
};
auto const text_field_def = act<ast::TextField>(
    x3::raw[x3::lexeme[(x3::lit("title") | x3::lit("text") | x3::lit("help") | x3::lit("because") | x3::lit("step")) >>
                       !ident_char]][field_key] > str[set(&ast::TextField::text)]);
// Any word names an option here: the built-in yesno's are the reserved `yes` and `no`.
auto const label_def = act<ast::TextField>(x3::raw[x3::lexeme[ident_start >> *ident_char]][field_key] >
                                           str[set(&ast::TextField::text)]);
// `steps "a", "b"`: one `step` field per text, in order.
auto const step_fields = [](auto& ctx) {
  for (auto& t : x3::_attr(ctx)) x3::_val(ctx).fields.push_back(ast::TextField{ast::Name{"step", t.span}, t, t.span});
};
auto const entry_def = act<ast::TranslationEntry>(entry_kind[set(&ast::TranslationEntry::kind)] >> -name[set(&ast::TranslationEntry::id)] >>
    -str[set(&ast::TranslationEntry::text)] >> -(x3::lit(':') > (label % ','))[append(&ast::TranslationEntry::labels)] >>
    *(text_field[push(&ast::TranslationEntry::fields)] | (kw("steps") > (str % ','))[step_fields] |
      (kw("original") > str)[set(&ast::TranslationEntry::original)]));

auto const declaration_def = act<ast::Decl>(translation[copy] | assessment[copy] | disclaimer[copy] | import_[copy] | source[copy] | scale[copy] |
                             section[copy] | group[copy] | item[copy] | let[copy] | band[copy] | table[copy] | guidance[copy] | example[copy] |
                             property[copy]);

BOOST_SPIRIT_DEFINE(name, str, number, citation, expr, or_expr, and_expr, not_expr, cmp_expr, add_expr, mul_expr,
                    unary_expr, primary, call, call_option, bound, if_expr, func, func_option, option, point, band_row, value, given, expect,
                    assessment, disclaimer, import_, source, scale, section, group, item, let, band, table_key, table_outcome,
                    table_row, table, guidance, example,
                    step, property, translation, entry_kind, text_field, label, entry, declaration)

auto const skipper = space_char | x3::lexeme['#' >> *(x3::char_ - x3::eol)];

}  // namespace

// X3 names an expected parser by its rule name, except when a semantic action wraps the rule:
// then it gives a mangled type name, from which we recover the rule.
std::string describe(const std::string& which) {
  if (which.find("spirit") == std::string::npos) return which;
  static const std::pair<const char*, const char*> rules[] = {
      {"name_class", "a name"},         {"str_class", "a quoted text"},   {"number_class", "a number"},
      {"citation_class", "a citation"}, {"expr_class", "an expression"},  {"band_row_class", "a band row"},
      {"option_class", "an option"},    {"point_class", "option = points"}, {"value_class", "a value"},
      {"given_class", "an answer (item = value)"}, {"expect_class", "an expectation"},
      {"call_option_class", "an aggregate option"}, {"line_no_class", "a line number"},
      {"bound_class", "a number or a threshold's name"}, {"func_option_class", "a rounding rule or decimals = N"},
      {"if_class", "a conditional value"}, {"func_class", "a function"},
      {"table_outcome_class", "an outcome (name \"Label\")"}, {"table_row_class", "a table row"},
      {"table_key_class", "a value of the input"},
      {"label_class", "an option or band row and its translated label"}, {"text_field_class", "a translated text"},
      {"entry_class", "a translation entry"}, {"translation_class", "translation \"LANGUAGE\""}};
  size_t best = std::string::npos;
  const char* text = "something else";
  for (const auto& [cls, desc] : rules) {
    size_t at = which.find(cls);
    if (at != std::string::npos && (best == std::string::npos || at < best)) best = at, text = desc;
  }
  return text;
}

namespace {
// Parses one `rule` at `pos` into `out` and advances `pos` past it.
template <typename Rule, typename Attr>
DeclOutcome parse_one(Rule const& rule, const char* file_begin, const char*& pos, const char* end, uint32_t file_id,
                      Attr& out) {
  Base base{file_begin, file_id};
  DeclOutcome result;
  try {
    auto const parser = x3::with<base_tag>(&base)[rule];
    if (!x3::phrase_parse(pos, end, parser, skipper, out)) result.kind = DeclOutcome::Kind::no_declaration;
  } catch (x3::expectation_failure<Iter> const& e) {
    result.kind = DeclOutcome::Kind::syntax_error;
    result.error_at = e.where();
    result.expected = describe(e.which());
  }
  return result;
}
}  // namespace

DeclOutcome parse_translation_entry(const char* file_begin, const char*& pos, const char* end, uint32_t file_id,
                                    ast::Decl& out) {
  ast::TranslationEntry e;
  DeclOutcome result = parse_one(entry, file_begin, pos, end, file_id, e);
  if (result.kind == DeclOutcome::Kind::parsed) out = std::move(e);
  return result;
}

bool skip_blank(const char*& pos, const char* end) {
  x3::parse(pos, end, *skipper);
  return pos != end;
}

bool is_declaration_keyword(const std::string& word) {
  return std::find(kDeclKeywords.begin(), kDeclKeywords.end(), word) != kDeclKeywords.end();
}

const std::vector<std::string>& keywords() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> k = kReserved;
    for (char const* w : {"version", "language", "audience", "publisher", "date", "url", "file", "sections", "integer",
                          "decimal", "multiple", "endorse", "from", "to", "cites", "help", "required", "optional",
                          "ask", "when", "context", "line", "reverse", "safety", "points", "note", "under", "more", "less", "level",
                          "wording", "conditions",
                          "title", "text", "steps", "step", "because", "given", "expect", "undetermined", "unknown",
                          "tags", "only", "while", "possibly", "never", "whenever", "always", "together",
                          "raising", "keeps", "above", "decimals", "round", "floor", "ceil", "half_up",
                          "half_down", "half_even", "translation", "original", "counts", "as", "asked",
                          "ignored", "refused", "table", "by", "outcomes", "columns"})
      k.push_back(w);
    return k;
  }();
  return all;
}

DeclOutcome parse_declaration(const char* file_begin, const char*& pos, const char* end, uint32_t file_id,
                              ast::Decl& out) {
  return parse_one(declaration, file_begin, pos, end, file_id, out);
}

}  // namespace signpost::parse
