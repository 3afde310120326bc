"use client";
/**
 * The lesson's own table of contents (rendered by LessonView under the title): its h2 and
 * h3 headings as links to their anchors, read from the rendered page once the markdown is
 * shown, so it names exactly the ids the headings have (rehypeLessonLinks.ts). Hidden when
 * the lesson has fewer than two sections.
 */
import { type RefObject, useEffect, useState } from "react";
import { useI18n } from "@/lib/i18n/context.tsx";

interface Entry {
  id: string;
  text: string;
  level: 2 | 3;
}

export function OnThisPage({
  root,
  markdown,
}: {
  root: RefObject<HTMLElement | null>;
  markdown: string;
}) {
  const { t } = useI18n();
  const [entries, setEntries] = useState<Entry[]>([]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the headings change with the text.
  useEffect(() => {
    const found = [
      ...(root.current?.querySelectorAll<HTMLElement>(".markdown h2[id], .markdown h3[id]") ?? []),
    ]
      .filter((h) => !h.classList.contains("sr-only"))
      .map((h) => ({
        id: h.id,
        text: (h.textContent ?? "").trim(),
        level: (h.tagName === "H2" ? 2 : 3) as 2 | 3,
      }));
    setEntries(found);
  }, [markdown, root]);

  if (entries.filter((e) => e.level === 2).length < 2) return null;
  return (
    <nav className="on-this-page" aria-label={t("reader.toc")}>
      <details open>
        <summary>{t("reader.toc")}</summary>
        <ul>
          {entries.map((e) => (
            <li key={e.id} className={e.level === 3 ? "toc-sub" : undefined}>
              <a href={`#${encodeURIComponent(e.id)}`}>{e.text}</a>
            </li>
          ))}
        </ul>
      </details>
    </nav>
  );
}
