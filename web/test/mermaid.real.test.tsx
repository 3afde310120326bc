import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { MermaidDiagram } from "@/components/course/MermaidDiagram.tsx";
import { renderWithI18n } from "./render.tsx";

// The real mermaid package: a diagram that does not parse is shown as readable source.
describe("<MermaidDiagram> with the real Mermaid", () => {
  it("shows the source and Mermaid's reason for invalid syntax", async () => {
    const source = "graph TD\n  A -->|oops\n  B((";
    const { container } = renderWithI18n(<MermaidDiagram source={source} />);
    await waitFor(() => expect(container.querySelector('[data-state="failed"]')).not.toBeNull(), {
      timeout: 10_000,
    });
    expect(screen.getByRole("note")).toHaveTextContent(/could not be drawn/);
    expect(container.querySelector("pre code")?.textContent).toBe(source);
    expect(container.querySelector("svg")).toBeNull();
  });
});
