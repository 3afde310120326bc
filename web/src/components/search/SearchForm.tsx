/** A plain GET form to /search (the dashboard's way in): works before any script runs. */
"use client";
import { useId } from "react";
import { useI18n } from "@/lib/i18n/context.tsx";
import "./search.css";

export function SearchForm({ initial = "" }: { initial?: string }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <search>
      <form action="/search" method="get" className="search-form">
        <label htmlFor={id} className="visually-hidden">
          {t("search.page.label")}
        </label>
        <input
          id={id}
          type="search"
          name="q"
          defaultValue={initial}
          maxLength={200}
          placeholder={t("search.page.placeholder")}
        />
        <button type="submit" className="button-secondary">
          {t("search.page.submit")}
        </button>
      </form>
    </search>
  );
}
