import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { EVENT_PAGE_SIZE, EventLog } from "@/components/job/EventLog.tsx";
import type { JobEventView } from "@/lib/types.ts";
import { renderWithI18n } from "./render.tsx";

function events(n: number): JobEventView[] {
  return Array.from({ length: n }, (_, i) => ({
    seq: i + 1,
    ts: 1_700_000_000_000 + i * 1000,
    kind: "log",
    level: i % 50 === 0 ? "warn" : "info",
    message: `line ${i + 1}`,
  }));
}

describe("<EventLog>", () => {
  it("renders only a window of a 5,000-line log, following the newest line", async () => {
    renderWithI18n(
      <EventLog events={events(5000)} status="Exhausted" loadMore={() => {}} height={240} />,
    );
    expect(screen.getByText("5000 events")).toBeInTheDocument();
    // Following: the log scrolls to the newest line, which is then drawn.
    expect(await screen.findByText("line 5000")).toBeInTheDocument();
    const rows = screen.getAllByRole("listitem");
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(100);
    expect(screen.queryByText("line 1")).not.toBeInTheDocument();
  });

  it("shows messages with their level, in seq order", () => {
    renderWithI18n(<EventLog events={events(3)} status="Exhausted" loadMore={() => {}} />);
    const log = screen.getByRole("log", { name: "Event log" });
    const rows = log.querySelectorAll("li");
    expect([...rows].map((r) => r.getAttribute("data-seq"))).toEqual(["1", "2", "3"]);
    expect(rows[0]).toHaveClass("level-warn");
    expect(rows[1]).toHaveTextContent("line 2");
  });

  it("loads the next page when the end of what is loaded is in view", () => {
    const loadMore = vi.fn();
    renderWithI18n(<EventLog events={events(30)} status="CanLoadMore" loadMore={loadMore} />);
    expect(loadMore).toHaveBeenCalledWith(EVENT_PAGE_SIZE);
    loadMore.mockClear();
    fireEvent.click(screen.getByRole("button", { name: "Load more" }));
    expect(loadMore).toHaveBeenCalledWith(EVENT_PAGE_SIZE);
  });

  it("does not ask for more while a page is loading or when exhausted", () => {
    const loadMore = vi.fn();
    const { rerender } = renderWithI18n(
      <EventLog events={events(10)} status="LoadingMore" loadMore={loadMore} />,
    );
    expect(screen.getByText("Loading events…")).toBeInTheDocument();
    rerender(<EventLog events={events(10)} status="Exhausted" loadMore={loadMore} />);
    expect(loadMore).not.toHaveBeenCalled();
  });

  it("says when there is nothing yet", () => {
    const { rerender } = renderWithI18n(
      <EventLog events={[]} status="LoadingFirstPage" loadMore={() => {}} />,
    );
    expect(screen.getByText("Loading events…")).toBeInTheDocument();
    rerender(<EventLog events={[]} status="Exhausted" loadMore={() => {}} />);
    expect(screen.getByText("No events yet.")).toBeInTheDocument();
  });

  it("stops following when the reader scrolls up", () => {
    renderWithI18n(<EventLog events={events(100)} status="Exhausted" loadMore={() => {}} />);
    const follow = screen.getByRole("checkbox", { name: "Follow new events" });
    expect(follow).toBeChecked();
    fireEvent.keyDown(screen.getByRole("log"), { key: "PageUp" });
    expect(follow).not.toBeChecked();
  });
});
