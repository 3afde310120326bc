import { screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { Markdown } from "@/components/course/Markdown.tsx";
import { renderWithI18n } from "./render.tsx";

// The real Mermaid cannot lay out in jsdom (no SVG measurement): here it is replaced by a
// stand-in, to test how the component uses it. mermaid.real.test.tsx uses the real package.
const mermaid = vi.hoisted(() => ({
  initialize: vi.fn(),
  parse: vi.fn(async (_src: string) => true),
  render: vi.fn(async (_id: string, _src: string) => ({
    svg: '<svg data-testid="diagram"><g></g></svg>',
  })),
}));
vi.mock("mermaid", () => ({ default: mermaid }));

beforeEach(() => {
  mermaid.initialize.mockClear();
  mermaid.parse.mockClear();
  mermaid.render.mockClear();
});

describe("<Markdown> with untrusted model output", () => {
  it("renders no script and no raw HTML", () => {
    const { container } = renderWithI18n(
      <Markdown>
        {
          '# Title\n\n<script>window.pwned = true</script>\n\nText <img src=x onerror="alert(1)"> and <b>bold?</b>\n\n<iframe src="https://evil.example"></iframe>'
        }
      </Markdown>,
    );
    expect(container.querySelector("script")).toBeNull();
    expect(container.querySelector("iframe")).toBeNull();
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
    expect(container.querySelector("[onerror]")).toBeNull();
    expect((window as unknown as { pwned?: boolean }).pwned).toBeUndefined();
    expect(screen.getByRole("heading", { name: "Title" })).toBeInTheDocument();
  });

  it("drops javascript: links and opens external links without an opener", () => {
    renderWithI18n(
      <Markdown>{"[bad](javascript:alert(1)) [good](https://example.com/x)"}</Markdown>,
    );
    const bad = screen.getByText("bad").closest("a");
    expect(bad?.getAttribute("href") ?? "").not.toMatch(/javascript/i);
    const good = screen.getByRole("link", { name: "good" });
    expect(good).toHaveAttribute("href", "https://example.com/x");
    expect(good).toHaveAttribute("rel", expect.stringContaining("noopener"));
  });

  it("does not load images from model output", () => {
    const { container } = renderWithI18n(
      <Markdown>{"![tracker](https://evil.example/p.gif)"}</Markdown>,
    );
    expect(container.querySelector("img")).toBeNull();
    expect(screen.getByRole("link", { name: "[tracker]" })).toHaveAttribute(
      "href",
      "https://evil.example/p.gif",
    );
  });

  it("highlights code and renders GFM tables", () => {
    const { container } = renderWithI18n(
      <Markdown>
        {"```ts\nconst answer: number = 42;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |"}
      </Markdown>,
    );
    expect(container.querySelector("code.language-ts .hljs-keyword")).toHaveTextContent("const");
    expect(container.querySelector("table td")).toHaveTextContent("1");
  });

  it("draws ```mermaid blocks with Mermaid in strict mode", async () => {
    renderWithI18n(<Markdown>{"Intro\n\n```mermaid\ngraph TD\n  A --> B\n```\n"}</Markdown>);
    await waitFor(() => expect(screen.getByTestId("diagram")).toBeInTheDocument());
    expect(mermaid.initialize).toHaveBeenCalledWith(
      expect.objectContaining({ securityLevel: "strict" }),
    );
    expect(mermaid.render).toHaveBeenCalledWith(expect.any(String), "graph TD\n  A --> B");
  });

  it("falls back to the diagram's source, with the reason, when Mermaid fails", async () => {
    mermaid.parse.mockRejectedValueOnce(new Error("Parse error on line 2: unexpected token"));
    const { container } = renderWithI18n(
      <Markdown>{"```mermaid\ngraph TD\n  A -->\n```"}</Markdown>,
    );
    await waitFor(() => expect(container.querySelector('[data-state="failed"]')).not.toBeNull());
    expect(screen.getByRole("note")).toHaveTextContent("Parse error on line 2");
    expect(container.querySelector("pre code.language-mermaid")).toHaveTextContent(
      "graph TD A -->",
    );
  });
});
