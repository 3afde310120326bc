/** Renders a component inside the providers every component expects. */
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { I18nProvider } from "@/lib/i18n/context.tsx";
import type { Locale } from "@/lib/i18n/index.ts";
import type { JobView } from "@/lib/types.ts";

export function renderWithI18n(ui: ReactElement, locale: Locale = "en") {
  return render(ui, {
    wrapper: ({ children }) => <I18nProvider initialLocale={locale}>{children}</I18nProvider>,
  });
}

export function makeJob(overrides: Partial<JobView> = {}): JobView {
  return {
    _id: "job1",
    _creationTime: 1_000_000,
    repositoryId: "repo1",
    options: { language: "en", model: "claude-sonnet-5-5" },
    status: "analyzing",
    attempt: 1,
    maxAttempts: 3,
    runAt: 1_000_000,
    cancelRequested: false,
    eventCount: 0,
    eventsTruncated: false,
    updatedAt: 1_000_000,
    ...overrides,
  };
}
