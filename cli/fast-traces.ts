/**
 * cdktf records a full, unlimited stack trace for every token it creates (to show where an
 * unresolvable token came from). Formatting those traces is about a quarter of a full synth
 * (measured with `node --cpu-prof`: ~250 ms of ~1.8 s). This makes V8 skip the formatting for
 * such trace holders (plain objects, not Errors), so cdktf keeps an empty creation trace; real
 * Errors keep their usual stack. It also skips capturing those traces at all (the stack walk of
 * an unlimited trace was another ~50 ms of a full synth). Only the CLI entry points call it, and not with `--verbose`.
 */
export function skipTokenCreationTraces(): void {
  // Not even the stack walk: cdktf's trace holder is a plain `{ stack: "" }` captured with an
  // unlimited depth; it keeps its empty stack (what the formatting below would leave anyway).
  const capture = Error.captureStackTrace.bind(Error);
  Error.captureStackTrace = (target: object, constructorOpt?: (...args: never[]) => unknown): void => {
    if (!(target instanceof Error) && (target as { stack?: unknown }).stack === "") return;
    capture(target, constructorOpt);
  };
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = (error: unknown, frames: NodeJS.CallSite[]): string => {
    if (!(error instanceof Error)) return "";
    if (previous) return previous(error, frames) as string;
    const head = error.message ? `${error.name}: ${error.message}` : error.name;
    return [head, ...frames.map((f) => `    at ${f.toString()}`)].join("\n");
  };
}
