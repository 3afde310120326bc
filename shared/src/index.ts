export * from "./core.ts";
export * from "./course.ts";
export * from "./events.ts";
