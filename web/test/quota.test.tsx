/** Fair-use limits in the UI (issue 11): the summary, the request form, the error sentences. */
import { DEFAULT_MODEL, type QuotaLine } from "@fondation/shared";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { ConvexError } from "convex/values";
import { describe, expect, it, vi } from "vitest";
import { QuotaSummary } from "@/components/repos/QuotaSummary.tsx";
import { RequestCourseForm } from "@/components/repos/RequestCourseForm.tsx";
import { errorMessage } from "@/lib/errors.ts";
import { translator } from "@/lib/i18n/index.ts";
import type { QuotaView } from "@/lib/quota.ts";
import { renderWithI18n } from "./render.tsx";

const MIDNIGHT = Date.UTC(2031, 2, 15);
const FIRST = Date.UTC(2031, 3, 1);

function lines(
  overrides: Partial<Record<QuotaLine["kind"], Partial<QuotaLine>>> = {},
): QuotaLine[] {
  const base: QuotaLine[] = [
    { kind: "activeJobs", used: 1, limit: 2 },
    { kind: "jobsPerDay", used: 3, limit: 20, resetsAt: MIDNIGHT },
    { kind: "repositories", used: 12, limit: 100 },
    { kind: "spendPerDay", used: 1.2, limit: 5, resetsAt: MIDNIGHT },
    { kind: "spendPerMonth", used: 8.4, limit: 50, resetsAt: FIRST },
  ];
  return base.map((line) => ({ ...line, ...overrides[line.kind] }));
}

function view(
  over: Parameters<typeof lines>[0] = {},
  allowed: QuotaView["models"]["allowed"] = [DEFAULT_MODEL],
): QuotaView {
  return { lines: lines(over), models: { allowed, preferred: allowed[0] ?? DEFAULT_MODEL } };
}

const line = (kind: string) => {
  const el = document.querySelector(`.quota-line[data-kind="${kind}"]`);
  if (!(el instanceof HTMLElement)) throw new Error(`no line ${kind}`);
  return el;
};

describe("<QuotaSummary>", () => {
  it("shows each limit with what is used, in English", () => {
    renderWithI18n(<QuotaSummary lines={lines()} />);
    expect(screen.getByRole("heading", { name: "Your limits" })).toBeInTheDocument();
    expect(line("activeJobs")).toHaveTextContent("Courses at once1 of 2");
    expect(line("jobsPerDay")).toHaveTextContent("Courses requested today3 of 20");
    expect(line("jobsPerDay")).toHaveTextContent(/resets /);
    expect(line("repositories")).toHaveTextContent("12 of 100");
    expect(line("spendPerDay")).toHaveTextContent("$1.20 of $5.00");
    expect(line("spendPerMonth")).toHaveTextContent("$8.40 of $50.00");
    expect(document.querySelectorAll(".quota-line.reached")).toHaveLength(0);
  });

  it("says when there is no limit, and marks a reached one, in French", () => {
    renderWithI18n(
      <QuotaSummary lines={lines({ activeJobs: { used: 2 }, spendPerMonth: { limit: null } })} />,
      "fr",
    );
    expect(screen.getByRole("heading", { name: "Vos limites" })).toBeInTheDocument();
    expect(line("activeJobs")).toHaveClass("reached");
    expect(line("activeJobs")).toHaveTextContent("2 sur 2");
    expect(line("spendPerMonth")).toHaveTextContent("(sans limite)");
    expect(line("spendPerMonth").querySelector("meter")).toBeNull();
  });
});

describe("<RequestCourseForm> with limits", () => {
  it("offers only the operator's models and says so", () => {
    renderWithI18n(<RequestCourseForm onRequest={vi.fn()} quota={view()} />);
    const select = screen.getByLabelText("Model");
    expect(
      within(select)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["Claude Sonnet 5.5"]);
    expect(screen.getByTestId("allowed-models")).toHaveTextContent(
      "This deployment offers Claude Sonnet 5.5 only.",
    );
  });

  it("starts on the operator's preferred model when the default is not offered", async () => {
    const onRequest = vi.fn().mockResolvedValue({});
    renderWithI18n(
      <RequestCourseForm
        onRequest={onRequest}
        quota={view({}, ["claude-opus-5-5", "claude-haiku-4-5"])}
      />,
    );
    expect(screen.getByLabelText("Model")).toHaveValue("claude-opus-5-5");
    expect(screen.getByTestId("allowed-models")).toHaveTextContent(
      "Models offered on this deployment: Claude Opus 5.5 and Claude Haiku 4.5.",
    );
    fireEvent.click(screen.getByRole("button", { name: "Request the course" }));
    await waitFor(() =>
      expect(onRequest).toHaveBeenCalledWith({ language: "en", model: "claude-opus-5-5" }),
    );
  });

  it("shows the request limits and what is used", () => {
    renderWithI18n(<RequestCourseForm onRequest={vi.fn()} quota={view()} />);
    const quota = screen.getByTestId("quota");
    expect(within(quota).getByText("Courses at once")).toBeInTheDocument();
    expect(within(quota).getByText("3 of 20")).toBeInTheDocument();
    // Repositories are a dashboard matter, not a request limit.
    expect(within(quota).queryByText("Repositories")).toBeNull();
    expect(screen.getByRole("button", { name: "Request the course" })).toBeEnabled();
  });

  it("a reached limit is said in words and disables the button", () => {
    renderWithI18n(
      <RequestCourseForm onRequest={vi.fn()} quota={view({ jobsPerDay: { used: 20 } })} />,
    );
    expect(screen.getByRole("button", { name: "Request the course" })).toBeDisabled();
    expect(screen.getByTestId("limit-reached")).toHaveTextContent(
      /Courses requested today: 20 of 20, the most allowed per day\. You can request more after /,
    );
  });

  it("a reached spend cap, in French", () => {
    renderWithI18n(
      <RequestCourseForm onRequest={vi.fn()} quota={view({ spendPerMonth: { used: 51.5 } })} />,
      "fr",
    );
    expect(screen.getByRole("button", { name: "Demander le cours" })).toBeDisabled();
    expect(screen.getByTestId("limit-reached")).toHaveTextContent(
      /Vos cours ont coûté 51,50\s\$US ce mois-ci ; la limite est de 50,00\s\$US par mois\./,
    );
  });

  it("a refusal from the server is shown in the user's language", async () => {
    const onRequest = vi.fn().mockRejectedValue(
      new ConvexError({
        code: "limit_reached",
        kind: "activeJobs",
        used: 2,
        limit: 2,
        message: "You already have 2 courses queued…",
      }),
    );
    renderWithI18n(<RequestCourseForm onRequest={onRequest} quota={view()} />, "fr");
    fireEvent.click(screen.getByRole("button", { name: "Demander le cours" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Impossible de demander le cours : Cours en attente ou en cours d’écriture en même temps : 2 sur 2, le maximum autorisé.",
    );
  });
});

describe("errorMessage for fair-use refusals", () => {
  const en = translator("en");
  const fr = translator("fr");

  it("limit_reached: every kind has a sentence with its figures", () => {
    for (const kind of [
      "activeJobs",
      "jobsPerDay",
      "repositories",
      "spendPerDay",
      "spendPerMonth",
    ] as const) {
      const error = new ConvexError({
        code: "limit_reached",
        kind,
        used: 3,
        limit: 3,
        resetsAt: MIDNIGHT,
        message: "x",
      });
      expect(errorMessage(en, error)).toMatch(/3/);
      expect(errorMessage(fr, error, "fr")).not.toBe(errorMessage(en, error));
    }
    expect(
      errorMessage(
        en,
        new ConvexError({
          code: "limit_reached",
          kind: "repositories",
          used: 100,
          limit: 100,
          message: "x",
        }),
      ),
    ).toBe("Repositories: 100 of 100, the most allowed. Request courses for the ones you have.");
  });

  it("model_not_allowed names the offered models", () => {
    const error = new ConvexError({
      code: "model_not_allowed",
      model: "claude-opus-5-5",
      allowed: ["claude-sonnet-5-5", "claude-haiku-4-5"],
      message: "x",
    });
    expect(errorMessage(en, error)).toBe(
      "Claude Opus 5.5 is not offered on this deployment. Choose Claude Sonnet 5.5 or Claude Haiku 4.5.",
    );
    expect(errorMessage(fr, error, "fr")).toBe(
      "Claude Opus 5.5 n’est pas proposé sur ce déploiement. Choisissez Claude Sonnet 5.5 ou Claude Haiku 4.5.",
    );
  });

  it("an unknown limit kind falls back to the server's message", () => {
    const error = new ConvexError({
      code: "limit_reached",
      kind: "planets",
      used: 1,
      limit: 1,
      message: "Server says no.",
    });
    expect(errorMessage(en, error)).toBe("Server says no.");
  });
});

describe("<RequestCourseForm> when the workers have no model key", () => {
  it("offers no model and no prices, and says the course is written offline", () => {
    renderWithI18n(<RequestCourseForm onRequest={vi.fn()} quota={view()} writer="offline" />);
    expect(screen.queryByLabelText("Model")).not.toBeInTheDocument();
    expect(screen.queryByText(/per million input tokens/)).not.toBeInTheDocument();
    expect(screen.queryByTestId("estimate")).not.toBeInTheDocument();
    expect(screen.getByTestId("offline-writer")).toHaveTextContent("written offline");
  });

  it("offers models when a worker has a key", () => {
    renderWithI18n(<RequestCourseForm onRequest={vi.fn()} quota={view()} writer="model" />);
    expect(screen.getByLabelText("Model")).toBeInTheDocument();
    expect(screen.queryByTestId("offline-writer")).not.toBeInTheDocument();
  });
});
