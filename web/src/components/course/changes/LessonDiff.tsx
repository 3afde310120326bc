"use client";
/**
 * A line diff of two versions of a lesson's markdown: added and removed lines marked by a
 * sign (+ / −), a colour and, for screen readers, a word; line numbers of both versions;
 * long unchanged runs folded into a count. `null` on one side: the lesson is not in it.
 */
import { Fragment, useMemo } from "react";
import { ScrollBox } from "@/components/course/reader/ScrollBox.tsx";
import { useI18n } from "@/lib/i18n/context.tsx";
import { type DiffRow, diffCounts, hunks, lineDiff } from "@/lib/lessonDiff.ts";
import "./changes.css";

const SIGN = { added: "+", removed: "−", same: " " } as const;

function Row({ row }: { row: DiffRow }) {
  const { t } = useI18n();
  const word = {
    added: t("diff.added"),
    removed: t("diff.removed"),
    same: t("diff.unchanged"),
  }[row.kind];
  const Text = row.kind === "added" ? "ins" : row.kind === "removed" ? "del" : Fragment;
  return (
    <tr className="diff-row" data-kind={row.kind}>
      <td className="diff-num">{row.oldLine ?? ""}</td>
      <td className="diff-num">{row.newLine ?? ""}</td>
      <td className="diff-sign">
        <span aria-hidden="true">{SIGN[row.kind]}</span>
        <span className="visually-hidden">{word}</span>
      </td>
      <td className="diff-text">
        <Text>{row.text}</Text>
      </td>
    </tr>
  );
}

export function LessonDiff({ before, after }: { before: string | null; after: string | null }) {
  const { t } = useI18n();
  const rows = useMemo(() => lineDiff(before ?? "", after ?? ""), [before, after]);
  const { added, removed } = diffCounts(rows);
  const blocks = useMemo(() => hunks(rows), [rows]);
  return (
    <div className="lesson-diff">
      {before === null && <p className="notice">{t("diff.newLesson")}</p>}
      {after === null && <p className="notice">{t("diff.removedLesson")}</p>}
      {added + removed === 0 ? (
        <p className="notice">{t("diff.same")}</p>
      ) : (
        <>
          <p className="diff-counts">{t("diff.counts", { added, removed })}</p>
          <ScrollBox label={t("diff.tableLabel")} className="diff-box">
            <table className="diff-table">
              <thead className="visually-hidden">
                <tr>
                  <th scope="col">{t("diff.oldLine")}</th>
                  <th scope="col">{t("diff.newLine")}</th>
                  <th scope="col">{t("diff.change")}</th>
                  <th scope="col">{t("diff.text")}</th>
                </tr>
              </thead>
              <tbody>
                {blocks.map((block, i) =>
                  block.kind === "folded" ? (
                    // biome-ignore lint/suspicious/noArrayIndexKey: blocks have no identity but their place.
                    <tr key={i} className="diff-folded">
                      <td colSpan={4}>⋯ {t("diff.folded", { count: block.count })}</td>
                    </tr>
                  ) : (
                    block.rows.map((row) => (
                      <Row key={`${row.oldLine ?? "-"}:${row.newLine ?? "-"}`} row={row} />
                    ))
                  ),
                )}
              </tbody>
            </table>
          </ScrollBox>
        </>
      )}
    </div>
  );
}
