import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { JobHeading } from "@/components/job/JobHeading.tsx";
import { JobProgress } from "@/components/job/JobProgress.tsx";
import { progressView } from "@/lib/progress.ts";
import { makeJob, renderWithI18n } from "./render.tsx";

const usage = {
  inputTokens: 100_000,
  outputTokens: 20_000,
  cacheCreationInputTokens: 5_000,
  cacheReadInputTokens: 75_000,
  costUsd: 0.9123,
};

describe("progressView", () => {
  it("is 0% while queued and 100% only on success", () => {
    expect(progressView(makeJob({ status: "queued" }), 2_000_000).percent).toBe(0);
    const done = makeJob({
      status: "succeeded",
      progress: { step: 6, totalSteps: 6, chaptersDone: 8, chaptersTotal: 8, message: "" },
    });
    expect(progressView(done, 2_000_000).percent).toBe(100);
    const almost = makeJob({
      status: "publishing",
      progress: { step: 6, totalSteps: 6, chaptersDone: 8, chaptersTotal: 8, message: "" },
    });
    expect(progressView(almost, 2_000_000).percent).toBe(99);
  });

  it("counts chapters inside chapter steps", () => {
    const job = makeJob({
      progress: { step: 4, totalSteps: 6, chaptersDone: 3, chaptersTotal: 6, message: "" },
    });
    // 3 full steps + half of the 4th, out of 6.
    expect(progressView(job, 0).percent).toBe(Math.floor((3.5 / 6) * 100));
    const early = makeJob({
      progress: { step: 2, totalSteps: 6, chaptersDone: 0, chaptersTotal: 0, message: "" },
    });
    expect(progressView(early, 0).percent).toBe(Math.floor((1 / 6) * 100));
    expect(progressView(early, 0).stepName).toBe("relationships");
  });

  it("clamps nonsense and computes elapsed time and actions", () => {
    const job = makeJob({
      startedAt: 1_000_000,
      progress: { step: 42, totalSteps: 6, chaptersDone: 9, chaptersTotal: 4, message: "" },
      usage,
    });
    const view = progressView(job, 1_065_000);
    expect(view.step).toBe(6);
    expect(view.chaptersDone).toBe(4);
    expect(view.elapsedMs).toBe(65_000);
    expect(view.tokens).toBe(200_000);
    expect(view.canCancel).toBe(true);
    expect(view.canRetry).toBe(false);
    const failed = progressView(makeJob({ status: "failed", finishedAt: 1_010_000 }), 9_999_999);
    expect(failed.elapsedMs).toBe(10_000);
    expect(failed.canCancel).toBe(false);
    expect(failed.canRetry).toBe(true);
    expect(progressView(makeJob({ cancelRequested: true }), 0).canCancel).toBe(false);
  });
});

describe("<JobProgress>", () => {
  const job = makeJob({
    startedAt: 1_000_000,
    progress: {
      step: 4,
      totalSteps: 6,
      chaptersDone: 3,
      chaptersTotal: 8,
      message: "Writing chapter 4",
    },
    usage,
  });

  it("shows step k of 6, chapters, the bar, elapsed time, tokens and cost", () => {
    renderWithI18n(<JobProgress job={job} now={1_125_000} />);
    expect(screen.getByRole("heading", { name: "Writing the course" })).toBeInTheDocument();
    expect(screen.getByText(/Step 4 of 6: Writing chapters/)).toBeInTheDocument();
    expect(screen.getByText("3 of 8 chapters")).toBeInTheDocument();
    const bar = screen.getByRole("progressbar", { name: "Progress" });
    expect(bar).toHaveAttribute("value", String(Math.floor(((3 + 3 / 8) / 6) * 100)));
    expect(screen.getByTestId("job-elapsed")).toHaveTextContent("2 min 05 s");
    expect(screen.getByTestId("job-tokens")).toHaveTextContent("200K");
    expect(screen.getByTestId("job-cost")).toHaveTextContent("$0.91");
    expect(screen.getByText("Writing chapter 4")).toBeInTheDocument();
  });

  it("speaks French", () => {
    renderWithI18n(<JobProgress job={job} now={1_125_000} />, "fr");
    expect(screen.getByText(/Étape 4 sur 6 : Écriture des chapitres/)).toBeInTheDocument();
    expect(screen.getByText("3 chapitres sur 8")).toBeInTheDocument();
  });
});

describe("a finished job's headline", () => {
  it("shows every step done once the course is published, whatever the last report said", () => {
    const late = { step: 5, totalSteps: 6, chaptersDone: 7, chaptersTotal: 8, message: "" };
    const view = progressView(makeJob({ status: "succeeded", progress: late }), 0);
    expect([view.step, view.chaptersDone, view.percent]).toEqual([6, 8, 100]);
    // A failed job keeps where it stopped.
    expect(progressView(makeJob({ status: "failed", progress: late }), 0).step).toBe(5);
  });
});

describe("<JobHeading>", () => {
  const cases = [
    [makeJob({ status: "queued" }), "Course in progress"],
    [makeJob({ status: "publishing" }), "Course in progress"],
    [makeJob({ status: "succeeded" }), "Course ready"],
    [makeJob({ status: "succeeded", upToDate: true }), "Already up to date"],
    [makeJob({ status: "failed" }), "The course could not be written"],
    [makeJob({ status: "canceled" }), "Course canceled"],
  ] as const;
  it.each(cases)("titles a %s job by its state", (job, title) => {
    renderWithI18n(<JobHeading job={job} repositoryName="shop" />);
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent(title);
  });

  it("names the repository, the course language and who writes it", () => {
    const job = makeJob({ options: { language: "fr", model: "claude-sonnet-5-5" } });
    const { unmount } = renderWithI18n(<JobHeading job={job} repositoryName="shop" />);
    expect(screen.getByText(/^shop · Français · Claude/)).toBeInTheDocument();
    unmount();
    renderWithI18n(<JobHeading job={{ ...job, offline: true }} repositoryName="shop" />, "fr");
    expect(screen.getByText("shop · Français · hors ligne, sans modèle")).toBeInTheDocument();
    expect(screen.getByRole("heading", { level: 1 })).toHaveTextContent(
      "Cours en cours d’écriture",
    );
  });
});

describe("<JobProgress> offline", () => {
  it("shows no tokens or cost, and says the course is written without a model", () => {
    renderWithI18n(<JobProgress job={makeJob({ offline: true })} now={1_125_000} />);
    expect(screen.queryByTestId("job-tokens")).not.toBeInTheDocument();
    expect(screen.queryByTestId("job-cost")).not.toBeInTheDocument();
    expect(screen.getByTestId("job-writer")).toHaveTextContent("offline, without a model");
  });
});

describe("disconnected from Convex", () => {
  it("says so, and the job's buttons wait for the connection", async () => {
    const { ConnectionNotice } = await import("@/components/ConnectionNotice.tsx");
    const { JobActions } = await import("@/components/job/JobActions.tsx");
    const noop = async () => {};
    const { rerender } = renderWithI18n(
      <>
        <ConnectionNotice disconnected />
        <JobActions job={makeJob()} onCancel={noop} onRetry={noop} disconnected />
      </>,
    );
    expect(screen.getByTestId("connection-lost")).toHaveTextContent(
      "Connection to the server lost",
    );
    expect(screen.getByRole("button", { name: "Cancel" })).toBeDisabled();
    rerender(
      <>
        <ConnectionNotice disconnected={false} />
        <JobActions job={makeJob()} onCancel={noop} onRetry={noop} />
      </>,
    );
    expect(screen.queryByTestId("connection-lost")).not.toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Cancel" })).toBeEnabled();
  });
});
