"use client";
/**
 * A job's event log, streamed from jobEvents. Pages come from Convex's paginated query
 * (oldest first; the last page grows live). Only the visible rows are in the DOM, so a log
 * of thousands of lines stays fast; rows wrap (a multi-line error is read whole, also on a
 * phone) and are measured once drawn. Scrolling near the end loads the next page, and
 * "follow" keeps the newest line in view.
 */
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState } from "react";
import { formatTime } from "@/lib/format.ts";
import { useI18n } from "@/lib/i18n/context.tsx";
import type { JobEventView } from "@/lib/types.ts";

export type PageStatus = "LoadingFirstPage" | "CanLoadMore" | "LoadingMore" | "Exhausted";

/** A one-line row; the first guess of every row's height until it is measured. */
export const EVENT_ROW_HEIGHT = 24;
export const EVENT_PAGE_SIZE = 200;

export interface EventLogProps {
  events: readonly JobEventView[];
  status: PageStatus;
  loadMore: (numItems: number) => void;
  /** Height of the scrolling area in pixels. */
  height?: number;
}

export function EventLog({ events, status, loadMore, height = 360 }: EventLogProps) {
  const { t, locale } = useI18n();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [follow, setFollow] = useState(true);
  const virtualizer = useVirtualizer({
    count: events.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => EVENT_ROW_HEIGHT,
    // A row is at least one line tall (an element not laid out yet measures 0).
    measureElement: (element) =>
      Math.max(EVENT_ROW_HEIGHT, Math.ceil(element.getBoundingClientRect().height)),
    overscan: 12,
    initialRect: { width: 800, height },
  });
  const items = virtualizer.getVirtualItems();
  const lastVisible = items[items.length - 1]?.index ?? -1;

  // Near the end of what is loaded: ask for the next page.
  useEffect(() => {
    if (status === "CanLoadMore" && lastVisible >= events.length - 20) loadMore(EVENT_PAGE_SIZE);
  }, [status, lastVisible, events.length, loadMore]);

  // New events while following: keep the newest in view.
  useEffect(() => {
    if (follow && events.length > 0) virtualizer.scrollToIndex(events.length - 1, { align: "end" });
  }, [follow, events.length, virtualizer]);

  return (
    <section className="event-log" aria-labelledby="event-log-title">
      <header className="event-log-header">
        <h2 id="event-log-title">{t("log.title")}</h2>
        <span className="muted">{t("log.count", { count: events.length })}</span>
        <label className="inline-check">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />
          {t("log.follow")}
        </label>
      </header>
      {status === "LoadingFirstPage" ? (
        <p className="muted">{t("log.loading")}</p>
      ) : events.length === 0 ? (
        <p className="muted">{t("log.empty")}</p>
      ) : (
        <div
          ref={scrollRef}
          className="event-log-scroll"
          style={{ height }}
          role="log"
          aria-label={t("log.title")}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: the scrolling log must be reachable by keyboard.
          tabIndex={0}
          onWheel={() => setFollow(false)}
          onKeyDown={(e) => {
            if (["ArrowUp", "PageUp", "Home"].includes(e.key)) setFollow(false);
          }}
        >
          <ol className="event-log-rows" style={{ height: virtualizer.getTotalSize() }}>
            {items.map((item) => {
              const event = events[item.index];
              if (!event) return null;
              return (
                <li
                  key={event.seq}
                  className={`event-row level-${event.level}`}
                  data-seq={event.seq}
                  data-index={item.index}
                  ref={virtualizer.measureElement}
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <time dateTime={new Date(event.ts).toISOString()}>
                    {formatTime(event.ts, locale)}
                  </time>
                  <span className="event-level">{event.level}</span>
                  <span className="event-message">{event.message}</span>
                </li>
              );
            })}
          </ol>
        </div>
      )}
      {status === "CanLoadMore" && (
        <button type="button" className="button-link" onClick={() => loadMore(EVENT_PAGE_SIZE)}>
          {t("log.loadMore")}
        </button>
      )}
      {status === "LoadingMore" && <p className="muted">{t("log.loading")}</p>}
    </section>
  );
}
