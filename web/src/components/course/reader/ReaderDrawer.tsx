"use client";
/**
 * The reader's side column (contents, search, progress, export, history; rendered by the
 * reader page). On a wide screen it sits beside the lesson. On a phone (MOBILE_QUERY) it is
 * a drawer behind a "Contents" button, so the lesson's heading is on the first screen: open,
 * it is a modal dialog — focus moves into it and stays there (Tab wraps), Escape or the
 * close button or the backdrop close it and focus returns to the button, and following a
 * link closes it.
 */
import { usePathname } from "next/navigation";
import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { useI18n } from "@/lib/i18n/context.tsx";
import { MOBILE_QUERY, useMediaQuery } from "./useMediaQuery.ts";
import "./reader.css";

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';

export function ReaderDrawer({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const mobile = useMediaQuery(MOBILE_QUERY);
  const [open, setOpen] = useState(false);
  const id = useId();
  const panel = useRef<HTMLElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const pathname = usePathname();
  const drawer = mobile && open;

  // A lesson chosen in the drawer (or a wider window) closes it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on a new page or width.
  useEffect(() => setOpen(false), [pathname, mobile]);

  useEffect(() => {
    if (!drawer) return;
    const el = panel.current;
    const items = () => [...(el?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
    items()[0]?.focus();
    const previousOverflow = document.body.style.overflow;
    document.body.style.overflow = "hidden";
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        setOpen(false);
        toggle.current?.focus();
        return;
      }
      if (e.key !== "Tab") return;
      const all = items();
      const first = all[0];
      const last = all.at(-1);
      if (!first || !last) return;
      const active = document.activeElement;
      if (e.shiftKey && (active === first || !el?.contains(active))) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (active === last || !el?.contains(active))) {
        e.preventDefault();
        first.focus();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.body.style.overflow = previousOverflow;
    };
  }, [drawer]);

  const close = () => {
    setOpen(false);
    toggle.current?.focus();
  };

  return (
    <>
      {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: open on a phone, its role is dialog. */}
      <aside
        id={id}
        ref={panel}
        className="reader-side"
        data-open={drawer ? "true" : undefined}
        role={drawer ? "dialog" : undefined}
        aria-modal={drawer ? true : undefined}
        aria-label={drawer ? t("reader.drawer.open") : undefined}
      >
        {drawer && (
          <button type="button" className="drawer-close" onClick={close}>
            {t("reader.drawer.close")}
          </button>
        )}
        {children}
      </aside>
      {drawer && <div className="drawer-backdrop" aria-hidden="true" onClick={close} />}
      <button
        ref={toggle}
        type="button"
        className="drawer-toggle"
        aria-expanded={drawer}
        aria-controls={id}
        onClick={() => setOpen(true)}
      >
        <span aria-hidden="true">☰ </span>
        {t("reader.drawer.open")}
      </button>
    </>
  );
}
