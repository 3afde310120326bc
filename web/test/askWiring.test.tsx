/**
 * The Ask panel and the sharing panel's switch wired to Convex (a stand-in for convex/react
 * that answers by function name): the share key reaches canAsk and ask, the thread is
 * subscribed once asked, nothing private is asked for while the reader may not ask, and the
 * owner's switch calls courses.setAllowQuestions.
 */
import type { Id } from "@convex/_generated/dataModel";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { getFunctionName } from "convex/server";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { AskPanel } from "@/components/ask/AskPanel.tsx";
import { ShareControl } from "@/components/share/ShareControl.tsx";
import { renderWithI18n } from "./render.tsx";

const convex = vi.hoisted(() => ({
  answers: {} as Record<string, unknown>,
  queries: [] as { name: string; args: unknown }[],
  mutations: [] as { name: string; args: unknown }[],
  results: {} as Record<string, unknown>,
  /** What a mutation changes in the queries' answers, as the backend would. */
  effects: {} as Record<string, () => void>,
}));
vi.mock("convex/react", () => ({
  useQuery: (fn: unknown, args: unknown) => {
    const name = getFunctionName(fn as never);
    if (args === "skip") return undefined;
    convex.queries.push({ name, args });
    return convex.answers[name];
  },
  useMutation: (fn: unknown) => {
    const name = getFunctionName(fn as never);
    return async (args: unknown) => {
      convex.mutations.push({ name, args });
      convex.effects[name]?.();
      return convex.results[name] ?? null;
    };
  },
}));
vi.mock("next/navigation", () => ({
  usePathname: () => "/courses/c1/intro",
  useSearchParams: () => new URLSearchParams("share=k1"),
}));
vi.mock("mermaid", () => ({ default: { initialize: vi.fn() } }));

const COURSE = "c1" as Id<"courses">;
const names = (list: { name: string }[]) => list.map((c) => c.name);

beforeEach(() => {
  convex.answers = {};
  convex.queries = [];
  convex.mutations = [];
  convex.results = {};
  convex.effects = {};
  sessionStorage.clear();
});

describe("the Ask panel over Convex", () => {
  it("asks with the share key and then follows the thread", async () => {
    convex.answers["questions:canAsk"] = { canAsk: true, reason: null };
    convex.answers["questions:listForCourse"] = [];
    convex.answers["questions:thread"] = [];
    convex.results["questions:ask"] = { questionId: "q1", threadId: "q1" };
    convex.effects["questions:ask"] = () => {
      convex.answers["questions:listForCourse"] = [{ _id: "q1", threadId: "q1", question: "?" }];
    };
    renderWithI18n(<AskPanel courseId={COURSE} share="k1" from="intro" />);
    expect(convex.queries).toContainEqual({
      name: "questions:canAsk",
      args: { courseId: "c1", share: "k1" },
    });
    expect(names(convex.queries)).not.toContain("questions:thread");

    await userEvent.type(screen.getByRole("textbox"), "Where is it?{Enter}");
    expect(convex.mutations).toEqual([
      { name: "questions:ask", args: { courseId: "c1", question: "Where is it?", share: "k1" } },
    ]);
    await waitFor(() =>
      expect(convex.queries).toContainEqual({ name: "questions:thread", args: { threadId: "q1" } }),
    );
    // A follow-up names the thread.
    await userEvent.type(screen.getByRole("textbox"), "And then?{Enter}");
    expect(convex.mutations[1]?.args).toEqual({
      courseId: "c1",
      question: "And then?",
      threadId: "q1",
      share: "k1",
    });
  });

  it("does not reopen a remembered thread that is no longer the reader's", () => {
    sessionStorage.setItem("fondation.ask.c1", "gone");
    convex.answers["questions:canAsk"] = { canAsk: true, reason: null };
    convex.answers["questions:listForCourse"] = [];
    renderWithI18n(<AskPanel courseId={COURSE} share="k1" from="intro" />);
    expect(names(convex.queries)).not.toContain("questions:thread");
    expect(screen.getByRole("textbox", { name: "Your question about the code" })).toBeEnabled();
  });

  it("asks for no question of a reader who may not ask, and sends them to sign in back here", () => {
    convex.answers["questions:canAsk"] = { canAsk: false, reason: "sign_in" };
    renderWithI18n(<AskPanel courseId={COURSE} share="k1" from="intro" />);
    expect(names(convex.queries)).toEqual(["questions:canAsk"]);
    expect(screen.getByRole("link", { name: /Sign in to ask/ }).getAttribute("href")).toContain(
      encodeURIComponent("/courses/c1/intro?share=k1"),
    );
  });
});

describe("the owner's switch", () => {
  it("lets readers of the shared link ask, or stops them", async () => {
    convex.answers["courses:sharing"] = { shareKey: "k1", allowQuestions: false };
    renderWithI18n(<ShareControl courseId={COURSE} />);
    const box = screen.getByRole("checkbox", {
      name: "Let readers of the shared link ask questions",
    });
    expect(box).not.toBeChecked();
    await userEvent.click(box);
    expect(convex.mutations).toEqual([
      { name: "courses:setAllowQuestions", args: { courseId: "c1", allow: true } },
    ]);
  });
});
