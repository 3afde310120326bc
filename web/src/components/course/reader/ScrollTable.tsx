"use client";
/** A lesson's table in its own scroll box (rendered by Markdown.tsx for every `table`). */
import type { ComponentProps } from "react";
import { useI18n } from "@/lib/i18n/context.tsx";
import { ScrollBox } from "./ScrollBox.tsx";

export function ScrollTable({
  node: _node,
  ...props
}: ComponentProps<"table"> & { node?: unknown }) {
  const { t } = useI18n();
  return (
    <ScrollBox className="table-scroll" label={t("reader.table.label")}>
      <table {...props} />
    </ScrollBox>
  );
}
