/**
 * The reader's Ask panel over a fake that behaves like convex/questions.ts (ask queues a
 * question in a thread, cancel ends an open one, limits refuse with limit_reached) and a
 * fake worker that streams the answer in: asking with Enter, the answer rendered as it grows,
 * citations leading to the source viewer, the retrieval label, cancel, failure, follow-ups
 * and history, canAsk's refusals, and a limit named in the refusal.
 */
import { act, cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { ConvexError } from "convex/values";
import { useState, useSyncExternalStore } from "react";
import { describe, expect, it, vi } from "vitest";
import { AskBox } from "@/components/ask/AskBox.tsx";
import type { AskAccess, QuestionView } from "@/lib/types.ts";
import { renderWithI18n } from "./render.tsx";

vi.mock("mermaid", () => ({ default: { initialize: vi.fn() } }));

/** Questions as convex/questions.ts keeps them, plus the worker's writes. */
class FakeQuestions {
  rows: QuestionView[] = [];
  private listeners = new Set<() => void>();
  private version = 0;
  /** Set to refuse the next ask like checkNewQuestion does. */
  refuse: Error | null = null;
  asked: { question: string; threadId: string | null }[] = [];

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
  snapshot = () => this.version;
  private changed() {
    this.version += 1;
    for (const l of this.listeners) l();
  }

  ask(question: string, threadId: string | null): { threadId: string } {
    if (this.refuse) throw this.refuse;
    this.asked.push({ question, threadId });
    const _id = `q${this.rows.length + 1}`;
    const row: QuestionView = {
      _id,
      threadId: threadId ?? _id,
      question,
      status: "queued",
      answer: "",
      citations: [],
      createdAt: this.rows.length,
    };
    this.rows = [...this.rows, row];
    this.changed();
    return { threadId: row.threadId };
  }
  cancel(id: string) {
    const q = this.find(id);
    if (q.status !== "queued" && q.status !== "answering") {
      throw new ConvexError({ code: "conflict", message: `This question is already ${q.status}.` });
    }
    this.patch(id, { status: "canceled" });
  }
  thread(threadId: string) {
    return this.rows.filter((q) => q.threadId === threadId);
  }
  history() {
    return [...this.rows].reverse();
  }
  find(id: string): QuestionView {
    const q = this.rows.find((r) => r._id === id);
    if (!q) throw new Error(`no question ${id}`);
    return q;
  }
  patch(id: string, change: Partial<QuestionView>) {
    this.rows = this.rows.map((r) => (r._id === id ? { ...r, ...change } : r));
    this.changed();
  }
  // The worker's side: lease, streamed batches, the end.
  start(id: string) {
    act(() => this.patch(id, { status: "answering" }));
  }
  append(id: string, text: string) {
    act(() => this.patch(id, { answer: this.find(id).answer + text }));
  }
  finish(id: string, change: Partial<QuestionView>) {
    act(() => this.patch(id, { status: "answered", writtenBy: "model", ...change }));
  }
}

function Harness({ fake, access }: { fake: FakeQuestions; access: AskAccess }) {
  useSyncExternalStore(fake.subscribe, fake.snapshot);
  const [threadId, setThreadId] = useState<string | null>(null);
  return (
    <AskBox
      access={access}
      threadId={threadId}
      thread={threadId ? fake.thread(threadId) : undefined}
      history={fake.history()}
      sources={{ courseId: "c1", from: "intro", share: null }}
      signInHref="/sign-in?next=%2Fcourses%2Fc1%2Fintro"
      onAsk={async (question) => setThreadId(fake.ask(question, threadId).threadId)}
      onCancel={async (id) => fake.cancel(id)}
      onOpen={setThreadId}
    />
  );
}

const ALLOWED: AskAccess = { canAsk: true, reason: null };

function setup(access: AskAccess = ALLOWED, locale: "en" | "fr" = "en") {
  const fake = new FakeQuestions();
  renderWithI18n(<Harness fake={fake} access={access} />, locale);
  return fake;
}

const box = () => screen.getByRole("textbox", { name: "Your question about the code" });

describe("asking", () => {
  it("Enter asks, Shift+Enter starts a new line, the counter follows the text", async () => {
    const fake = setup();
    expect(screen.getByRole("button", { name: "Ask" })).toBeDisabled();
    await userEvent.type(box(), "Where is{Shift>}{Enter}{/Shift}the token refreshed?");
    expect(fake.asked).toEqual([]);
    expect(box()).toHaveValue("Where is\nthe token refreshed?");
    expect(screen.getByText("29 / 2,000 characters")).toBeInTheDocument();
    expect(box()).toHaveAttribute("maxLength", "2000");

    await userEvent.type(box(), "{Enter}");
    expect(fake.asked).toEqual([{ question: "Where is\nthe token refreshed?", threadId: null }]);
    expect(await screen.findByText("Waiting for its turn…")).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Ask a follow-up" })).toHaveValue("");
  });

  it("shows the answer as the worker streams it, with its citations leading to the viewer", async () => {
    const fake = setup();
    await userEvent.type(box(), "Where is the token refreshed?{Enter}");
    await screen.findByText("Waiting for its turn…");
    fake.start("q1");
    expect(screen.getByText("Writing…")).toBeInTheDocument();

    fake.append("q1", "The token is refreshed ");
    const live = screen.getByText(/The token is refreshed/).closest("[aria-live]");
    expect(live).toHaveAttribute("aria-live", "polite");
    expect(live).toHaveAttribute("aria-busy", "true");
    fake.append("q1", "in `src/auth/refresh.ts:10-24`, before it expires.");
    expect(live).toHaveTextContent("The token is refreshed in src/auth/refresh.ts:10-24, before");
    // The inline citation is a link to the source viewer, back to this lesson.
    const inline = within(live as HTMLElement).getByRole("link", {
      name: "src/auth/refresh.ts:10-24",
    });
    expect(inline).toHaveAttribute(
      "href",
      "/courses/c1/~source/src/auth/refresh.ts?lines=10-24&from=intro",
    );
    expect(screen.getByText("Writing…")).toBeInTheDocument();

    fake.finish("q1", { citations: [{ path: "src/auth/refresh.ts", start: 10, end: 24 }] });
    expect(screen.queryByText("Writing…")).toBeNull();
    expect(live).toHaveAttribute("aria-busy", "false");
    const sources = screen.getByRole("navigation", { name: "Sources of this answer" });
    expect(
      within(sources).getByRole("link", { name: "src/auth/refresh.ts:10-24" }),
    ).toHaveAttribute("href", "/courses/c1/~source/src/auth/refresh.ts?lines=10-24&from=intro");
    expect(screen.queryByText("Found in the code, not written by a model")).toBeNull();
    expect(screen.queryByRole("button", { name: "Cancel this question" })).toBeNull();
  });

  it("labels an answer made offline from the code", async () => {
    const fake = setup();
    await userEvent.type(box(), "What does parse do?{Enter}");
    await screen.findByText("Waiting for its turn…");
    fake.append("q1", "`src/parse.ts:1-9` declares `parse(text)`.");
    fake.finish("q1", { writtenBy: "retrieval" });
    expect(screen.getByText("Found in the code, not written by a model")).toBeInTheDocument();
  });

  it("cancels a question not answered yet", async () => {
    const fake = setup();
    await userEvent.type(box(), "Why?{Enter}");
    fake.start("q1");
    await userEvent.click(screen.getByRole("button", { name: "Cancel this question" }));
    expect(fake.find("q1").status).toBe("canceled");
    expect(screen.getByText("Canceled.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Cancel this question" })).toBeNull();
  });

  it("shows the server's reason when no answer came", async () => {
    const fake = setup();
    await userEvent.type(box(), "Why?{Enter}");
    act(() =>
      fake.patch("q1", {
        status: "failed",
        error: { code: "model_error", message: "The model service did not answer. Ask again." },
      }),
    );
    expect(
      screen.getByText("No answer: The model service did not answer. Ask again."),
    ).toBeInTheDocument();
  });
});

describe("threads", () => {
  it("asks follow-ups in the same thread, starts a new one, reopens an earlier one", async () => {
    const fake = setup();
    await userEvent.type(box(), "Where is the token refreshed?{Enter}");
    await userEvent.type(
      screen.getByRole("textbox", { name: "Ask a follow-up" }),
      "And when?{Enter}",
    );
    expect(fake.asked[1]).toEqual({ question: "And when?", threadId: "q1" });
    expect(
      screen.getAllByRole("listitem").map((li) => li.querySelector(".ask-question")?.textContent),
    ).toEqual(["Where is the token refreshed?", "And when?"]);

    await userEvent.click(screen.getByRole("button", { name: "New question" }));
    expect(screen.queryByText("And when?")).toBeNull();
    await userEvent.type(box(), "What is a lease?{Enter}");
    expect(fake.asked[2]).toEqual({ question: "What is a lease?", threadId: null });

    // The earlier thread, named by its first question, with its follow-up counted.
    await userEvent.click(screen.getByText("Your earlier questions"));
    const earlier = screen.getByRole("button", { name: "Where is the token refreshed?" });
    expect(earlier.parentElement).toHaveTextContent("1 follow-up");
    await userEvent.click(earlier);
    expect(await screen.findByText("And when?")).toBeInTheDocument();
    expect(screen.queryByText("What is a lease?", { selector: ".ask-question" })).toBeNull();
  });
});

describe("who may ask", () => {
  it("a signed-out reader is asked to sign in, and given no box", () => {
    setup({ canAsk: false, reason: "sign_in" });
    expect(
      screen.getByRole("link", { name: "Sign in to ask this course a question." }),
    ).toHaveAttribute("href", "/sign-in?next=%2Fcourses%2Fc1%2Fintro");
    expect(screen.queryByRole("textbox")).toBeNull();
  });

  it("a shared reader learns the owner has not turned questions on", () => {
    setup({ canAsk: false, reason: "not_allowed" });
    expect(
      screen.getByText(
        "The owner of this course has not turned questions on for readers of the shared link.",
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole("textbox")).toBeNull();
  });
});

describe("limits", () => {
  it("names the limit reached, and keeps the question to ask again", async () => {
    const fake = setup();
    fake.refuse = new ConvexError({
      code: "limit_reached",
      kind: "questionsPerDay",
      used: 100,
      limit: 100,
      resetsAt: Date.UTC(2026, 11, 5),
      message: "Questions asked today: 100 of 100.",
    });
    await userEvent.type(box(), "One more?{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      /^Questions asked today: 100 of 100, the most allowed per day\. You can ask more after .*2026/,
    );
    expect(box()).toHaveValue("One more?");
    expect(screen.getByRole("button", { name: "Ask" })).toBeEnabled();

    fake.refuse = null;
    await userEvent.click(screen.getByRole("button", { name: "Ask" }));
    await waitFor(() => expect(screen.queryByRole("alert")).toBeNull());
    expect(fake.asked).toHaveLength(1);
  });

  it("says the open-questions limit in French", async () => {
    const fake = setup(ALLOWED, "fr");
    fake.refuse = new ConvexError({
      code: "limit_reached",
      kind: "openQuestions",
      used: 3,
      limit: 3,
    });
    await userEvent.type(
      screen.getByRole("textbox", { name: "Votre question sur le code" }),
      "Pourquoi ?{Enter}",
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Questions en attente de réponse : 3 sur 3, le maximum autorisé en même temps.",
    );
  });

  it("says each refusal of questions.ask in the reader's language, under the box", async () => {
    const refusals = [
      [
        { code: "invalid_argument", reason: "question_too_long", length: 2_001, max: 2_000 },
        "The question is 2,001 characters; the most is 2,000. Shorten it or split it in two.",
        "La question fait 2 001 caractères ; le maximum est 2 000. Raccourcissez-la ou coupez-la en deux.",
      ],
      [
        { code: "invalid_argument", reason: "thread_full", max: 50 },
        "This conversation has 50 questions, the most one holds. Start a new question to go on.",
        "Cette conversation compte 50 questions, le maximum. Commencez une nouvelle question pour continuer.",
      ],
      [
        { code: "forbidden", reason: "questions_not_allowed" },
        "The owner of this course does not take questions from its readers.",
        "Le propriétaire de ce cours ne prend pas de questions de ses lecteurs.",
      ],
      [
        {
          code: "limit_reached",
          kind: "spendPerDay",
          used: 2.5,
          limit: 2,
          resetsAt: Date.UTC(2026, 11, 5),
        },
        "Your courses and answers cost $2.50 today; the limit is $2.00 per day. You can ask again after",
        "Vos cours et réponses ont coûté 2,50",
      ],
    ] as const;
    for (const [data, en, fr] of refusals) {
      for (const [locale, text] of [
        ["en", en],
        ["fr", fr],
      ] as const) {
        const fake = setup(ALLOWED, locale);
        // The English message is the server's fallback: the sentence must come from the reason.
        fake.refuse = new ConvexError({ ...data, message: "server text" });
        const input = screen.getByRole("textbox");
        await userEvent.type(input, "Q?{Enter}");
        const alert = await screen.findByRole("alert");
        // toHaveTextContent folds the narrow spaces of French figures into plain ones.
        expect(alert, `${data.code} ${locale}`).toHaveTextContent(text);
        expect(alert).not.toHaveTextContent("server text");
        expect(input).toHaveValue("Q?");
        cleanup();
      }
    }
  });
});

describe("answer failures", () => {
  it("says why no answer came by its code, in French too; an unknown code shows the server's message", async () => {
    const fake = setup(ALLOWED, "fr");
    await userEvent.type(screen.getByRole("textbox"), "Pourquoi ?{Enter}");
    act(() =>
      fake.patch("q1", {
        status: "failed",
        error: { code: "course_not_found", message: "The course was removed…" },
      }),
    );
    expect(
      screen.getByText(
        "Pas de réponse : Le cours a été supprimé avant que la question ait sa réponse. Interrogez un autre cours.",
      ),
    ).toBeInTheDocument();
  });
});
