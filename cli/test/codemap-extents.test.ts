/**
 * Where declarations end, per language: the code map's `endLine` is what a lesson cites, so
 * a wrong end cites half a declaration (or a neighbour's too). Each case is a small source
 * with the shapes that fooled a line matcher: braces in strings and comments, lifetimes,
 * raw strings, headers over several lines, docstring-only bodies.
 */
import { describe, expect, it } from "vitest";
import { outlineGeneric } from "../src/codemap/generic.ts";
import { outlineGo } from "../src/codemap/go.ts";
import { outlineJs } from "../src/codemap/javascript.ts";
import { outlinePython } from "../src/codemap/python.ts";
import { implTarget } from "../src/codemap/rustowner.ts";
import type { OutlineItem } from "../src/types.ts";

const ranges = (outline: OutlineItem[]) =>
  Object.fromEntries(outline.map((o) => [o.name, [o.line, o.endLine]]));

describe("Rust declaration ends", () => {
  const source = [
    "/// A searcher.", // 1
    "#[derive(Clone, Debug)]", // 2
    "pub struct Searcher<'a, T: 'a> {", // 3
    "    open: char, // '{' in a comment", // 4
    "    close: &'static str,", // 5
    "}", // 6
    "", // 7
    "impl<T> Sink for Box<T>", // 8
    "where", // 9
    "    T: Sink + ?Sized,", // 10
    "{", // 11
    "    pub fn matched<'s>(&'s mut self) -> Result<bool, T::Error> {", // 12
    '        let s = "}}}";', // 13
    '        let r = r#"{ "quoted" }"#;', // 14
    "        let c = '}';", // 15
    "        /* nested /* } */ still a comment } */", // 16
    "        Ok(true)", // 17
    "    }", // 18
    "    fn sig(&self)", // 19
    "        -> u8;", // 20
    "}", // 21
    "pub struct Unit;", // 22
    "pub struct Pair(pub u32, u32);", // 23
    "#[macro_export]", // 24
    "macro_rules! hello {", // 25
    "    ($x:expr) => {{ $x }};", // 26
    "}", // 27
    "pub fn generic<", // 28
    "    F: Fn(&[u8; 4]) -> bool,", // 29
    ">(f: F) -> bool", // 30
    "where F: Copy", // 31
    "{", // 32
    "    f(&[0; 4])", // 33
    "}", // 34
    "pub(crate) type Alias = Vec<", // 35
    "    u8,", // 36
    ">;", // 37
    "mod tests;", // 38
    "// pub fn commented_out() {}", // 39
  ].join("\n");
  const outline = outlineGeneric(source, "rust").outline;

  it("ends each item at its closing brace or semicolon, whatever strings and lifetimes hold", () => {
    expect(ranges(outline)).toEqual({
      Searcher: [3, 6],
      "Box.matched": [12, 18],
      "Box.sig": [19, 20],
      Unit: [22, 22],
      Pair: [23, 23],
      hello: [25, 27],
      generic: [28, 34],
      Alias: [35, 37],
      tests: [38, 38],
    });
  });

  it("keeps the doc above attributes, and names impl methods after their type", () => {
    const byName = Object.fromEntries(outline.map((o) => [o.name, o]));
    expect(byName.Searcher?.doc).toBe("A searcher.");
    expect(byName["Box.matched"]).toMatchObject({ kind: "method", exported: true });
    expect(byName.hello).toMatchObject({ exported: true });
  });

  it("reads the implemented type of an impl header", () => {
    expect(implTarget("impl<'a, S: Sink<T>> SinkContext<'a> {")).toBe("SinkContext");
    expect(implTarget("impl fmt::Display for Error {")).toBe("Error");
    expect(implTarget("unsafe impl<T: Send> Send for &'a mut Wrapper<T> where T: Copy {")).toBe(
      "Wrapper",
    );
    expect(implTarget("fn implement() {")).toBeNull();
  });
});

describe("Go declaration ends", () => {
  it("raw strings over lines, runes, struct tags, grouped and bodiless types", () => {
    const source = [
      "package x", // 1
      "type Engine struct {", // 2
      '\tname string `json:"}"`', // 3
      "}", // 4
      "func (e *Engine) Run(", // 5
      "\taddr ...string,", // 6
      ") (err error) {", // 7
      "\tr := '}'", // 8
      "\ts := `{", // 9
      "}}`", // 10
      "\treturn nil /* } */", // 11
      "}", // 12
      "type Handler func(*Context)", // 13
      "type (", // 14
      "\tA int", // 15
      "\tB struct{ x int }", // 16
      ")", // 17
      "var routes = map[string]int{", // 18
      '\t"a": 1,', // 19
      "}", // 20
    ].join("\n");
    expect(ranges(outlineGo(source).outline)).toEqual({
      Engine: [2, 4],
      "Engine.Run": [5, 12],
      Handler: [13, 13],
      A: [15, 15],
      B: [16, 16],
      routes: [18, 20],
    });
  });
});

describe("other brace languages and Ruby", () => {
  it("Java and C#: braces in text blocks, chars and verbatim strings do not count", () => {
    const java = [
      "public class Parser {", // 1
      "    char open = '{';", // 2
      '    String s = """', // 3
      "        }}} not code", // 4
      '        """;', // 5
      "}", // 6
      "enum Mode { A, B }", // 7
    ].join("\n");
    expect(ranges(outlineGeneric(java, "java").outline)).toEqual({ Parser: [1, 6], Mode: [7, 7] });
    const csharp = ["public class Paths", "{", '    string p = @"C:\\{dir}""";', "}"].join("\n");
    expect(ranges(outlineGeneric(csharp, "csharp").outline)).toEqual({ Paths: [1, 4] });
  });

  it("C: a K&R brace on the next line, and a prototype that ends where it stands", () => {
    const c = [
      "static int parse(const char *s)", // 1
      "{", // 2
      "    if (*s == '}') return \"}\"[0];", // 3
      "    return 0;", // 4
      "}", // 5
      "struct point {", // 6
      "    int x;", // 7
      "};", // 8
    ].join("\n");
    expect(ranges(outlineGeneric(c, "c").outline)).toEqual({ parse: [1, 5], point: [6, 8] });
  });

  it("Kotlin: a class without a body ends on its own line", () => {
    const kotlin = [
      "data class Point(val x: Int, val y: Int)", // 1
      "class Box(", // 2
      "    val p: Point,", // 3
      ") {", // 4
      // biome-ignore lint/suspicious/noTemplateCurlyInString: this line is the source under test
      '    val s = "${p.x} }"', // 5
      "}", // 6
    ].join("\n");
    expect(ranges(outlineGeneric(kotlin, "kotlin").outline)).toEqual({
      Point: [1, 1],
      Box: [2, 6],
    });
  });

  it("Ruby: a block ends at the `end` of its own indentation", () => {
    const ruby = [
      "class Cart", // 1
      "  def total", // 2
      "    items.sum { |i| i.price }", // 3
      "  end", // 4
      "", // 5
      "  def empty?; items.none?; end", // 6
      "end", // 7
    ].join("\n");
    expect(ranges(outlineGeneric(ruby, "ruby").outline)).toEqual({
      Cart: [1, 7],
      total: [2, 4],
      "empty?": [6, 6],
    });
  });
});

describe("Python and JavaScript declaration ends", () => {
  it("Python: a body that is only a docstring, decorators and strings at column 0", () => {
    const source = [
      "class HTTPError(RequestException):", // 1
      '    """An HTTP error occurred."""', // 2
      "", // 3
      "@decorator", // 4
      "def f(", // 5
      "    a,", // 6
      "    b='''x", // 7
      "''',", // 8
      "):", // 9
      '    s = """', // 10
      "text at column 0", // 11
      '"""', // 12
      "    return s", // 13
      "x = 1", // 14
      "class Conflict(RuntimeError):", // 15
      '    """Two cookies match.', // 16
      "Use .get with a domain.", // 17
      '    """', // 18
      "", // 19
      "y = 2", // 20
    ].join("\n");
    expect(ranges(outlinePython(source).outline)).toEqual({
      HTTPError: [1, 2],
      f: [5, 13],
      x: [14, 14],
      Conflict: [15, 18],
      y: [20, 20],
    });
  });

  it("TypeScript: type parameters one per line, `extends` on the next line", () => {
    const source = [
      "export interface Procedure<", // 1
      "  TType extends string,", // 2
      "> {", // 3
      "  a: TType;", // 4
      "}", // 5
      "export interface TRPCRequest", // 6
      "  extends Base<", // 7
      "    { path: string }", // 8
      "  > {}", // 9
      "export type Alias = A<B>", // 10
      "export const make = <T,>(", // 11
      "  v: T,", // 12
      ") => {", // 13
      "  return v;", // 14
      "};", // 15
    ].join("\n");
    expect(ranges(outlineJs(source).outline)).toEqual({
      Procedure: [1, 5],
      TRPCRequest: [6, 9],
      Alias: [10, 10],
      make: [11, 15],
    });
  });

  it("JavaScript: functions assigned to objects, prototypes and module.exports", () => {
    const source = [
      "var app = exports = module.exports = {};", // 1
      "/** Mounts middleware. */", // 2
      "app.use = function use(fn) {", // 3
      "  return fn;", // 4
      "};", // 5
      "Router.prototype._private = async (x) => {", // 6
      "  return x;", // 7
      "};", // 8
      "exports.helper = function () {};", // 9
      "module.exports = function createServer() {", // 10
      "  return app;", // 11
      "};", // 12
      "app.settings = {};", // 13
    ].join("\n");
    const outline = outlineJs(source).outline;
    expect(ranges(outline)).toMatchObject({
      "app.use": [3, 5],
      "Router._private": [6, 8],
      helper: [9, 9],
      createServer: [10, 12],
    });
    const byName = Object.fromEntries(outline.map((o) => [o.name, o]));
    expect(byName["app.use"]).toMatchObject({
      kind: "method",
      exported: true,
      doc: "Mounts middleware.",
    });
    expect(byName["Router._private"]?.exported).toBe(false);
    expect(byName["app.settings"]).toBeUndefined();
  });

  it("TypeScript: a comment between type parameters does not end the declaration", () => {
    const source = [
      "export interface Box<", // 1
      "  /** @ts-ignore variance */", // 2
      "  out T extends object = {},", // 3
      "> extends Base<T> {", // 4
      "  value: T;", // 5
      "}", // 6
      "export const after = 1;", // 7
    ].join("\n");
    expect(ranges(outlineJs(source).outline)).toMatchObject({ Box: [1, 6], after: [7, 7] });
  });

  it("JavaScript: a function exported by name through module.exports, chained or not", () => {
    for (const exportLine of [
      "module.exports = createApplication;",
      "exports = module.exports = createApplication;",
    ]) {
      const source = [
        "function createApplication() {",
        "  return {};",
        "}",
        "function helper() {}",
        exportLine,
      ].join("\n");
      const byName = Object.fromEntries(outlineJs(source).outline.map((o) => [o.name, o]));
      expect(byName.createApplication?.exported).toBe(true);
      expect(byName.helper?.exported).toBe(false);
    }
  });
});
