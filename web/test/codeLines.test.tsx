/** Code excerpts in the reader: source line numbers (codeLines.ts, rehypeCodeLines.ts), scroll boxes. */
import { describe, expect, it } from "vitest";
import { Markdown } from "@/components/course/Markdown.tsx";
import { lineNumbers, parseRange } from "@/lib/codeLines.ts";
import { renderWithI18n } from "./render.tsx";

const gutter = (el: Element | null) => el?.querySelector(".code-lines")?.textContent?.split("\n");

describe("lineNumbers", () => {
  it("numbers from the range's first line, 1..n without a range", () => {
    expect(lineNumbers("a\nb\nc\n", parseRange("src/a.ts:12-14"))).toEqual([12, 13, 14]);
    expect(lineNumbers("a\nb", null)).toEqual([1, 2]);
    expect(parseRange("src/a.ts:9-3")).toBeNull();
    // A range of another length is not this block's.
    expect(lineNumbers("a\nb", parseRange("src/a.ts:12-20"))).toEqual([1, 2]);
  });

  it("skips the elision comment and ends on the range's last line", () => {
    const code = "function f() {\n  a();\n  // … 20 lines …\n}";
    // 2 shown + 20 left out + the closing line = 23 lines: 40..62.
    expect(lineNumbers(code, parseRange("f.ts:40-62"))).toEqual([40, 41, null, 62]);
  });

  it("gives no number to the line closing a docstring cut open", () => {
    const code = 'def f():\n    """Doc\n    """\n    # … 5 lines …\n    return 1';
    // def + doc line shown (2) + 5 left out + return = 8 lines: the `"""` line is not in the file.
    expect(lineNumbers(code, parseRange("f.py:1-8"))).toEqual([1, 2, null, null, 8]);
  });
});

describe("<Markdown> code blocks", () => {
  it("reads the range from the paragraph before the fence, or from the info string", () => {
    const { container } = renderWithI18n(
      <Markdown>
        {
          "`src/a.ts:7-8`\n\n```ts\nconst a = 1;\nconst b = 2;\n```\n\n```ts src/b.ts:30-31\nx;\ny;\n```\n\n```\nplain\n```\n"
        }
      </Markdown>,
    );
    const blocks = [...container.querySelectorAll(".code-block")];
    expect(blocks.map(gutter)).toEqual([["7", "8"], ["30", "31"], ["1"]]);
    // The copy button and a named, focusable scroll box around the code.
    const box = blocks[0]?.querySelector(".code-scroll");
    expect(box).toHaveAttribute("tabindex", "0");
    expect(box).toHaveAccessibleName("Code: src/a.ts:7-8");
    expect(blocks[0]?.querySelector("button")).toHaveTextContent("Copy");
  });

  it("reads a tutorial's range at the end of the list item's text", () => {
    const { container } = renderWithI18n(
      <Markdown>
        {
          "1. Open the definition of `run` (`src/main.ts:3-4`): starts it.\n\n   ```ts\n   a();\n   b();\n   ```\n"
        }
      </Markdown>,
    );
    expect(gutter(container.querySelector(".code-block"))).toEqual(["3", "4"]);
  });

  it("puts a table in a named scroll box", () => {
    const { container } = renderWithI18n(
      <Markdown>{"| a | b |\n|---|---|\n| 1 | 2 |\n"}</Markdown>,
    );
    const box = container.querySelector(".table-scroll");
    expect(box).toHaveAttribute("tabindex", "0");
    expect(box).toHaveAccessibleName("Table");
    expect(box?.querySelector("table td")).toHaveTextContent("1");
  });
});
