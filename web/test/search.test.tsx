/**
 * Search in the web app: matched words highlighted as text (never HTML), and the reader's
 * search box driven from the keyboard ("/" focuses, Up/Down choose, Enter opens the lesson
 * at its heading, Escape closes), with a stand-in for the Convex query.
 */
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { CourseSearch } from "@/components/search/CourseSearch.tsx";
import { Highlighted } from "@/components/search/Highlighted.tsx";
import { highlightParts } from "@/components/search/highlight.ts";
import { nextActive } from "@/components/search/keyboard.ts";
import { renderWithI18n } from "./render.tsx";

const nav = vi.hoisted(() => ({ push: vi.fn(), params: new URLSearchParams() }));
vi.mock("next/navigation", () => ({
  useRouter: () => ({ push: nav.push, replace: vi.fn() }),
  useSearchParams: () => nav.params,
}));

const HITS = [
  {
    slug: "the-queue",
    lessonTitle: "The order queue",
    heading: "How orders flow",
    headingId: "section-how-orders-flow",
    snippet: "…rolls down the conveyor belt.",
  },
  {
    slug: "build-a-widget",
    lessonTitle: "Build a widget",
    heading: "",
    headingId: null,
    snippet: "The conveyor <b>stops</b> here.",
  },
];
const convex = vi.hoisted(() => ({ calls: [] as unknown[], answer: undefined as unknown }));
vi.mock("convex/react", () => ({
  useQuery: (_fn: unknown, args: unknown) => {
    convex.calls.push(args);
    return args === "skip" ? undefined : convex.answer;
  },
}));

beforeEach(() => {
  nav.push.mockReset();
  nav.params = new URLSearchParams();
  convex.calls = [];
  convex.answer = HITS;
});

describe("highlightParts", () => {
  it("marks whole words that start with a searched term, case-insensitively", () => {
    expect(highlightParts("Widgets roll; a widget stops.", "WIDGET stop")).toEqual([
      { text: "Widgets", match: true },
      { text: " roll; a ", match: false },
      { text: "widget", match: true },
      { text: " ", match: false },
      { text: "stops", match: true },
      { text: ".", match: false },
    ]);
  });

  it("does not mark a term in the middle of a word, and treats regexp characters as text", () => {
    expect(highlightParts("rewidget (a+b)", "widget a+b")).toEqual([
      { text: "rewidget (", match: false },
      { text: "a", match: true },
      { text: "+", match: false },
      { text: "b", match: true },
      { text: ")", match: false },
    ]);
    expect(highlightParts("text", "  ")).toEqual([{ text: "text", match: false }]);
  });

  it("renders markup in a snippet as text, with <mark> around matches", () => {
    const { container } = renderWithI18n(
      <Highlighted text={"<img src=x onerror=alert(1)> widget"} query="widget" />,
    );
    expect(container.querySelector("img")).toBeNull();
    expect(container.textContent).toBe("<img src=x onerror=alert(1)> widget");
    expect(container.querySelector("mark")?.textContent).toBe("widget");
  });
});

describe("nextActive", () => {
  it("moves down and up, wrapping around, and stays within the list", () => {
    expect(nextActive(-1, 3, "ArrowDown")).toBe(0);
    expect(nextActive(2, 3, "ArrowDown")).toBe(0);
    expect(nextActive(0, 3, "ArrowUp")).toBe(2);
    expect(nextActive(-1, 3, "ArrowUp")).toBe(2);
    expect(nextActive(5, 2, "")).toBe(1);
    expect(nextActive(1, 0, "ArrowDown")).toBe(-1);
  });
});

describe("CourseSearch", () => {
  const courseId = "course-1" as never;

  async function typeQuery(text: string) {
    const user = userEvent.setup();
    renderWithI18n(<CourseSearch courseId={courseId} />);
    await user.keyboard("/");
    const box = screen.getByRole("combobox", { name: "Search this course" });
    expect(box).toHaveFocus();
    await user.keyboard(text);
    await screen.findByText("Matching sections: 2");
    return { user, box };
  }

  it('"/" focuses the box; results show titles and highlighted snippets as text', async () => {
    await typeQuery("conveyor");
    expect(convex.calls).toContainEqual({ courseId, query: "conveyor" });
    const options = screen.getAllByRole("option");
    expect(options.map((o) => o.querySelector(".search-hit-title")?.textContent)).toEqual([
      "The order queue · How orders flow",
      "Build a widget",
    ]);
    expect(options[1]?.querySelector("b")).toBeNull();
    expect([...document.querySelectorAll("mark")].map((m) => m.textContent)).toEqual([
      "conveyor",
      "conveyor",
    ]);
  });

  it("Down/Up choose a result and Enter opens its lesson at the heading", async () => {
    const { user, box } = await typeQuery("conveyor");
    await user.keyboard("{ArrowDown}{ArrowDown}{ArrowUp}");
    const first = screen.getAllByRole("option")[0];
    expect(first).toHaveAttribute("aria-selected", "true");
    expect(box).toHaveAttribute("aria-activedescendant", first?.id);
    await user.keyboard("{Enter}");
    expect(nav.push).toHaveBeenCalledWith("/courses/course-1/the-queue#section-how-orders-flow");
  });

  it("Escape closes the list; a click opens a result, keeping a share key", async () => {
    nav.params = new URLSearchParams("share=abcdefghijklmnopqrstuv");
    const { user, box } = await typeQuery("conveyor");
    expect(convex.calls).toContainEqual({
      courseId,
      query: "conveyor",
      share: "abcdefghijklmnopqrstuv",
    });
    await user.keyboard("{Escape}");
    expect(box).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByRole("option")).toBeNull();
    await user.keyboard("{ArrowDown}");
    await user.click(screen.getAllByRole("option")[1] as HTMLElement);
    expect(nav.push).toHaveBeenCalledWith(
      "/courses/course-1/build-a-widget?share=abcdefghijklmnopqrstuv",
    );
  });

  it("keeps the previous results on screen while the next ones load", async () => {
    const { user } = await typeQuery("conveyor");
    convex.answer = undefined;
    await user.keyboard(" belt");
    // Wait for the debounced query to be asked for (a state, not a timer).
    await waitFor(() => expect(convex.calls).toContainEqual({ courseId, query: "conveyor belt" }));
    expect(screen.getAllByRole("option")).toHaveLength(2);
  });
});
