export * from "./creditCode";
export * from "./enterprise";
export * from "./importColumns";
export * from "./password";
export * from "./regions";
export * from "./scope";
export * from "./sectors";
export * from "./hazard";
