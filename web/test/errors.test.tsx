import { JOB_ERROR_CODES } from "@fondation/shared";
import { screen } from "@testing-library/react";
import { ConvexError } from "convex/values";
import { describe, expect, it } from "vitest";
import { JobErrorNotice } from "@/components/job/JobErrorNotice.tsx";
import { errorMessage, jobErrorText } from "@/lib/errors.ts";
import { en } from "@/lib/i18n/en.ts";
import { fr } from "@/lib/i18n/fr.ts";
import { format, negotiateLocale, translator } from "@/lib/i18n/index.ts";
import { renderWithI18n } from "./render.tsx";

describe("job error text", () => {
  it("has a specific sentence for every job error code, in English and French", () => {
    for (const locale of ["en", "fr"] as const) {
      const t = translator(locale);
      const texts = JOB_ERROR_CODES.map((code) => jobErrorText(t, { code }));
      expect(new Set(texts).size).toBe(JOB_ERROR_CODES.length);
      expect(texts).not.toContain(t("error.unknown"));
    }
  });

  it("falls back to a generic sentence for an unknown code", () => {
    const t = translator("en");
    expect(jobErrorText(t, { code: "from_the_future" as never })).toBe(en["error.unknown"]);
  });

  it("French translates every English key", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(fr[key], key).toBeTruthy();
      // Placeholders must match, or a value would go missing.
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(fr[key]), key).toEqual(names(en[key]));
    }
  });
});

describe("<JobErrorNotice>", () => {
  it("says what happened and what to do for a failed job", () => {
    renderWithI18n(
      <JobErrorNotice
        status="failed"
        error={{ code: "repository_not_found", message: "git: 404 from host", retryable: false }}
      />,
    );
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("The repository was not found. Check the URL");
    expect(alert).toHaveTextContent("git: 404 from host");
    expect(alert).not.toHaveTextContent("This can be retried.");
  });

  it("announces a scheduled retry without alarming, in French", () => {
    renderWithI18n(
      <JobErrorNotice
        status="queued"
        error={{ code: "worker_crashed", message: "x", retryable: true }}
      />,
      "fr",
    );
    expect(screen.getByRole("status")).toHaveTextContent("Le worker va réessayer cette tâche");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows nothing for a job without an error", () => {
    const { container } = renderWithI18n(<JobErrorNotice status="analyzing" />);
    expect(container).toBeEmptyDOMElement();
  });
});

describe("errorMessage", () => {
  const t = translator("en");
  it("maps ConvexError codes and keeps the server's message", () => {
    expect(
      errorMessage(t, new ConvexError({ code: "invalid_argument", message: "Only https URLs." })),
    ).toBe("Only https URLs.");
    expect(errorMessage(t, new ConvexError({ code: "unauthenticated", message: "x" }))).toBe(
      "You are signed out. Sign in again.",
    );
    expect(
      errorMessage(t, new ConvexError({ code: "github_error", message: "rate limited" })),
    ).toBe("GitHub answered with an error: rate limited");
  });

  it("strips Convex's request prefix from plain errors", () => {
    expect(
      errorMessage(t, new Error("[CONVEX M(jobs:cancel)] [Request ID: abc] Server Error")),
    ).toBe("Server Error");
  });

  it("says 'not found' for a URL whose id is not an id, not the validator's report", () => {
    const raw = new Error(
      '[CONVEX Q(courses:get)] [Request ID: abc] Server Error\nArgumentValidationError: Value does not match validator.\nPath: .courseId\nValue: "chapters"\nValidator: v.id("courses")',
    );
    expect(errorMessage(t, raw)).toBe(en["convexError.not_found"]);
    expect(errorMessage(translator("fr"), raw)).toBe(fr["convexError.not_found"]);
    // The same refusal as the client library words it.
    const client = new Error(
      'Uncaught Error: Validator error: Expected ID for table "courses", got `chapters`\n  Called by client',
    );
    expect(errorMessage(t, client)).toBe(en["convexError.not_found"]);
  });
});

describe("i18n helpers", () => {
  it("fills placeholders and negotiates the locale", () => {
    expect(format("{a} of {b}", { a: 1, b: 2 })).toBe("1 of 2");
    expect(format("{missing}", {})).toBe("{missing}");
    expect(negotiateLocale("fr", "en-US")).toBe("fr");
    expect(negotiateLocale(undefined, "fr-CA,fr;q=0.9,en;q=0.8")).toBe("fr");
    expect(negotiateLocale("xx", "de-DE")).toBe("en");
  });
});
