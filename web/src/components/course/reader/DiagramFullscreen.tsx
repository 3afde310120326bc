"use client";
/**
 * "Full screen" for a drawn diagram (rendered by MermaidDiagram.tsx): a modal <dialog> (focus
 * inside, Escape closes, focus back on the button) showing the same cleaned SVG in a
 * scrollable, focusable area, with zoom in / out / reset buttons; the keyboard does the same
 * (+, −, 0; arrows scroll the area). The SVG is put in the dialog only while it is open.
 */
import { useEffect, useRef, useState } from "react";
import { useI18n } from "@/lib/i18n/context.tsx";

const STEPS = [0.5, 0.67, 0.8, 1, 1.25, 1.5, 2, 2.5, 3, 4] as const;
const RESET = STEPS.indexOf(1);

export function DiagramFullscreen({ svg }: { svg: string }) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const area = useRef<HTMLElement>(null);
  const [open, setOpen] = useState(false);
  const [step, setStep] = useState<number>(RESET);
  const scale = STEPS[step] ?? 1;

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) {
      el.showModal();
      area.current?.focus();
    }
    if (!open && el.open) el.close();
  }, [open]);

  const zoom = (by: number) => setStep((s) => Math.min(STEPS.length - 1, Math.max(0, s + by)));

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.target instanceof HTMLButtonElement && (e.key === "Enter" || e.key === " ")) return;
    if (e.key === "+" || e.key === "=") zoom(1);
    else if (e.key === "-" || e.key === "_") zoom(-1);
    else if (e.key === "0") setStep(RESET);
    else return;
    e.preventDefault();
  }

  return (
    <>
      <button
        type="button"
        className="diagram-fullscreen-button"
        aria-label={t("reader.diagram.fullscreenLabel")}
        onClick={() => {
          setStep(RESET);
          setOpen(true);
        }}
      >
        <span aria-hidden="true">⤢ </span>
        {t("reader.diagram.fullscreen")}
      </button>
      <dialog
        ref={dialog}
        className="diagram-dialog"
        aria-label={t("reader.diagram.dialog")}
        onClose={() => setOpen(false)}
        onKeyDown={onKeyDown}
      >
        {open && (
          <>
            <div className="diagram-dialog-tools">
              <button type="button" onClick={() => zoom(-1)} disabled={step === 0}>
                − <span className="visually-hidden">{t("reader.diagram.zoomOut")}</span>
              </button>
              <output aria-live="polite" data-testid="diagram-zoom">
                {t("reader.diagram.zoomLevel", { percent: Math.round(scale * 100) })}
              </output>
              <button type="button" onClick={() => zoom(1)} disabled={step === STEPS.length - 1}>
                + <span className="visually-hidden">{t("reader.diagram.zoomIn")}</span>
              </button>
              <button type="button" onClick={() => setStep(RESET)}>
                {t("reader.diagram.zoomReset")}
              </button>
              <span className="muted diagram-keys">{t("reader.diagram.keys")}</span>
              <button type="button" className="diagram-close" onClick={() => setOpen(false)}>
                {t("reader.diagram.close")}
              </button>
            </div>
            <section
              ref={area}
              className="diagram-dialog-area"
              // biome-ignore lint/a11y/noNoninteractiveTabindex: scrolled with the arrow keys.
              tabIndex={0}
              aria-label={t("reader.diagram.area")}
            >
              <div
                className="diagram-dialog-svg"
                style={{ width: `${scale * 100}%` }}
                // The SVG the page already shows, cleaned by sanitizeSvg (mermaidSafety.ts).
                // biome-ignore lint/security/noDangerouslySetInnerHtml: see above.
                dangerouslySetInnerHTML={{ __html: svg }}
              />
            </section>
          </>
        )}
      </dialog>
    </>
  );
}
