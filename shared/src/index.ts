export * from "./course.ts";
export * from "./events.ts";
export * from "./gitUrl.ts";
export * from "./jobs.ts";
export * from "./limits.ts";
export * from "./models.ts";
export * from "./pipeline.ts";
