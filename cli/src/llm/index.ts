export * from "./client.ts";
export * from "./errors.ts";
export * from "./packing.ts";
export * from "./structured.ts";
export * from "./tokens.ts";
export * from "./usage.ts";
