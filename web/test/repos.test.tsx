import { DEFAULT_MODEL, MODEL_IDS, MODELS } from "@fondation/shared";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import { ConvexError } from "convex/values";
import { describe, expect, it, vi } from "vitest";
import { JobActions } from "@/components/job/JobActions.tsx";
import { AddRepositoryForm } from "@/components/repos/AddRepositoryForm.tsx";
import { RepositoryList } from "@/components/repos/RepositoryList.tsx";
import { RequestCourseForm } from "@/components/repos/RequestCourseForm.tsx";
import type { RepositoryItem } from "@/lib/types.ts";
import { makeJob, renderWithI18n } from "./render.tsx";

function repo(name: string, overrides: Partial<RepositoryItem> = {}): RepositoryItem {
  return {
    _id: `id-${name}`,
    _creationTime: 0,
    source: "github",
    url: `https://github.com/${name}.git`,
    host: "github.com",
    github: { owner: name.split("/")[0] as string, name: name.split("/")[1] as string },
    name,
    private: false,
    updatedAt: 0,
    latestCourse: null,
    activeJob: null,
    ...overrides,
  };
}

const course = {
  _id: "course1",
  _creationTime: 0,
  jobId: "j0",
  title: "T",
  summary: "",
  language: "en",
  model: "claude-sonnet-5-5",
  lessonCount: 3,
  completedAt: 1_700_000_000_000,
};

const items = [
  repo("acme/rocket", { latestCourse: course }),
  repo("acme/engine", { activeJob: makeJob({ _id: "live", status: "cloning" }), private: true }),
  repo("other/tool", {
    source: "url",
    host: "git.example.org",
    github: undefined,
    url: "https://git.example.org/tool.git",
  }),
];

describe("<RepositoryList>", () => {
  it("shows each repository with its latest course or live job", () => {
    renderWithI18n(<RepositoryList items={items} />);
    expect(screen.getByText("3 of 3 repositories")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Read the course" })).toHaveAttribute(
      "href",
      "/courses/course1",
    );
    expect(screen.getByRole("link", { name: "Watch progress" })).toHaveAttribute(
      "href",
      "/jobs/live",
    );
    expect(screen.getByText("Cloning the repository")).toBeInTheDocument();
    expect(screen.getByText("Private")).toBeInTheDocument();
  });

  it("searches and filters", () => {
    renderWithI18n(<RepositoryList items={items} />);
    fireEvent.change(screen.getByLabelText("Search repositories"), { target: { value: "ACME" } });
    expect(screen.getByText("2 of 3 repositories")).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText("Show"), { target: { value: "active" } });
    expect(screen.getByRole("link", { name: "acme/engine" })).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "acme/rocket" })).toBeNull();
    fireEvent.change(screen.getByLabelText("Search repositories"), { target: { value: "" } });
    fireEvent.change(screen.getByLabelText("Show"), { target: { value: "all" } });
    fireEvent.change(screen.getByLabelText("Source"), { target: { value: "url" } });
    expect(screen.getByText("1 of 3 repositories")).toBeInTheDocument();
    fireEvent.change(screen.getByLabelText("Search repositories"), {
      target: { value: "nothing-like-this" },
    });
    expect(screen.getByText("No repository matches these filters.")).toBeInTheDocument();
  });

  it("explains what to do when there are none", () => {
    renderWithI18n(<RepositoryList items={[]} />);
    expect(screen.getByText(/Sync your GitHub repositories or add one by URL/)).toBeInTheDocument();
  });
});

describe("<AddRepositoryForm>", () => {
  it("sends the trimmed URL and shows the server's reason on refusal", async () => {
    const onAdd = vi
      .fn()
      .mockRejectedValueOnce(
        new ConvexError({
          code: "invalid_argument",
          message: "Only https git URLs are supported.",
        }),
      )
      .mockResolvedValueOnce({});
    renderWithI18n(<AddRepositoryForm onAdd={onAdd} />);
    const input = screen.getByLabelText("Git URL");
    fireEvent.change(input, { target: { value: "  ftp://x/y  " } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Could not add the repository: Only https git URLs are supported.",
    );
    expect(onAdd).toHaveBeenCalledWith("ftp://x/y");
    expect(input).toHaveAttribute("aria-invalid", "true");
    fireEvent.change(input, { target: { value: "https://github.com/a/b.git" } });
    fireEvent.click(screen.getByRole("button", { name: "Add" }));
    expect(await screen.findByRole("status")).toHaveTextContent("Repository added.");
    expect(input).toHaveValue("");
  });
});

/** A deployment whose operator offers every model and sets no limit. */
const OPEN_QUOTA = { lines: [], models: { allowed: [...MODEL_IDS], preferred: DEFAULT_MODEL } };

describe("<RequestCourseForm>", () => {
  it("sends the chosen language and model and says what will happen", async () => {
    const onRequest = vi.fn().mockResolvedValue({});
    renderWithI18n(<RequestCourseForm onRequest={onRequest} quota={OPEN_QUOTA} />);
    expect(screen.getByText(/At most 60 chapters and tutorials; 3 attempts/)).toBeInTheDocument();
    expect(screen.getByTestId("estimate")).toHaveTextContent("No estimate yet");
    fireEvent.change(screen.getByLabelText("Course language"), { target: { value: "de" } });
    fireEvent.change(screen.getByLabelText("Model"), { target: { value: "claude-haiku-4-5" } });
    expect(
      screen.getByText(/Claude Haiku 4.5: \$1.00 per million input tokens/),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "Request the course" }));
    await waitFor(() =>
      expect(onRequest).toHaveBeenCalledWith({ language: "de", model: "claude-haiku-4-5" }),
    );
  });

  it("estimates from the last course's usage, priced for the chosen model", () => {
    const previousUsage = {
      inputTokens: 1_000_000,
      outputTokens: 100_000,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 0,
      costUsd: 4.5,
    };
    renderWithI18n(
      <RequestCourseForm onRequest={vi.fn()} previousUsage={previousUsage} quota={OPEN_QUOTA} />,
    );
    // Priced from the shared model table: input and output tokens at the model's rates.
    const dollars = (id: string) => {
      const price = MODELS.find((m) => m.id === id)?.price;
      if (!price) throw new Error(`no model ${id}`);
      return `$${(price.inputPerMTok * 1 + price.outputPerMTok * 0.1).toFixed(2)}`;
    };
    expect(screen.getByTestId("estimate")).toHaveTextContent(
      `about 1.1M tokens, ${dollars(DEFAULT_MODEL)}`,
    );
    fireEvent.change(screen.getByLabelText("Model"), { target: { value: "claude-haiku-4-5" } });
    expect(screen.getByTestId("estimate")).toHaveTextContent(dollars("claude-haiku-4-5"));
  });

  it("is disabled while a course is being written", () => {
    renderWithI18n(<RequestCourseForm onRequest={vi.fn()} activeJob />);
    expect(screen.getByRole("button", { name: "Request the course" })).toBeDisabled();
    expect(
      screen.getByText("A course is already being written for this repository."),
    ).toBeInTheDocument();
  });
});

describe("<JobActions>", () => {
  it("offers cancel on a running job and shows a refusal", async () => {
    const onCancel = vi
      .fn()
      .mockRejectedValue(
        new ConvexError({ code: "conflict", message: "The job already finished." }),
      );
    renderWithI18n(<JobActions job={makeJob()} onCancel={onCancel} onRetry={vi.fn()} />);
    expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The job already finished.");
    expect(onCancel).toHaveBeenCalledOnce();
  });

  it("offers retry after a failure and the course after success", () => {
    const onRetry = vi.fn().mockResolvedValue({});
    const { unmount } = renderWithI18n(
      <JobActions job={makeJob({ status: "failed" })} onCancel={vi.fn()} onRetry={onRetry} />,
    );
    expect(screen.queryByRole("button", { name: "Cancel" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(onRetry).toHaveBeenCalledOnce();
    unmount();
    renderWithI18n(
      <JobActions
        job={makeJob({ status: "succeeded", courseId: "c9" })}
        onCancel={vi.fn()}
        onRetry={vi.fn()}
      />,
    );
    expect(screen.getByRole("link", { name: "Read the course" })).toHaveAttribute(
      "href",
      "/courses/c9",
    );
  });

  it("says a cancel was requested instead of offering it twice", () => {
    renderWithI18n(
      <JobActions job={makeJob({ cancelRequested: true })} onCancel={vi.fn()} onRetry={vi.fn()} />,
    );
    expect(screen.getByText("Cancel requested; the worker is stopping.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Cancel" })).toBeNull();
  });
});
