"use client";
/**
 * A published file's text with line numbers, the cited lines marked, and the first of them
 * scrolled into view. The box scrolls sideways by itself (long lines on a phone) and takes
 * the keyboard focus so it can be scrolled without a pointer.
 */
import { useEffect, useRef } from "react";
import { useI18n } from "@/lib/i18n/context.tsx";
import type { LineRange } from "@/lib/sourceLinks.ts";

export function SourceCode({
  path,
  text,
  cited,
}: {
  path: string;
  text: string;
  cited: LineRange | null;
}) {
  const { t } = useI18n();
  const box = useRef<HTMLElement>(null);
  const lines = text.endsWith("\n") ? text.slice(0, -1).split("\n") : text.split("\n");
  const start = cited?.start;

  useEffect(() => {
    if (start === undefined) return;
    box.current?.querySelector(`#L${start}`)?.scrollIntoView({ block: "center" });
  }, [start]);

  return (
    <section
      ref={box}
      className="source-code"
      aria-label={t("source.codeLabel", { path })}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard.
      tabIndex={0}
    >
      <pre>
        <code>
          {lines.map((line, i) => {
            const n = i + 1;
            const inRange = cited !== null && n >= cited.start && n <= cited.end;
            return (
              <span
                key={n}
                id={`L${n}`}
                className={inRange ? "source-line cited" : "source-line"}
                {...(inRange ? { "data-cited": "" } : {})}
              >
                <span className="source-ln" aria-hidden="true">
                  {n}
                </span>
                {line}
              </span>
            );
          })}
        </code>
      </pre>
    </section>
  );
}
