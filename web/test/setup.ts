import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

afterEach(() => cleanup());

// The rest simulates what jsdom lacks; test files in the node environment skip it.
if (typeof window !== "undefined") installLayoutStubs();

function installLayoutStubs() {
  // jsdom has no ResizeObserver; the virtualised log only needs it to exist.
  class NoopResizeObserver {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;
  // jsdom does not scroll: record the position asked for and announce it, like a browser.
  Element.prototype.scrollTo = function scrollTo(
    this: Element,
    options?: ScrollToOptions | number,
  ) {
    const top = typeof options === "number" ? options : (options?.top ?? this.scrollTop);
    Object.defineProperty(this, "scrollTop", { configurable: true, writable: true, value: top });
    setTimeout(() => this.dispatchEvent(new Event("scroll")), 0);
  } as Element["scrollTo"];

  // jsdom does no layout: give elements the size their inline style asks for (the
  // virtualised log reads its scroll container's size to decide which rows to draw).
  const styleSize = (axis: "width" | "height", fallback: number) =>
    function (this: HTMLElement) {
      return Number.parseFloat(this.style[axis]) || fallback;
    };
  for (const [prop, axis, fallback] of [
    ["offsetHeight", "height", 0],
    ["clientHeight", "height", 0],
    ["offsetWidth", "width", 1024],
    ["clientWidth", "width", 1024],
  ] as const) {
    Object.defineProperty(HTMLElement.prototype, prop, {
      configurable: true,
      get: styleSize(axis, fallback),
    });
  }
  // A scrolling box is as tall as its tallest child (by inline style), for scroll clamping.
  Object.defineProperty(HTMLElement.prototype, "scrollHeight", {
    configurable: true,
    get(this: HTMLElement) {
      const children = [...this.children] as HTMLElement[];
      return Math.max(
        this.clientHeight,
        ...children.map((c) => Number.parseFloat(c.style.height) || 0),
      );
    },
  });
}
