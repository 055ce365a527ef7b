import { createHash } from "node:crypto";

/** The SHA-256 of `content`, lowercase hex. */
export function sha256(content: Uint8Array | string): string {
  return createHash("sha256").update(content).digest("hex");
}

/**
 * A `SHA256SUMS` file in the format `sha256sum` writes and `sha256sum -c` checks: one line per
 * file, `<hash>  <path>` (two spaces: text mode), paths relative to the bundle, in byte order.
 */
export function sha256Sums(files: ReadonlyMap<string, Uint8Array | string>): string {
  const paths = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const p of paths) if (/[\n\\]/.test(p)) throw new Error(`${JSON.stringify(p)}: a path with a newline or backslash cannot be listed in SHA256SUMS`);
  return paths.map((p) => `${sha256(files.get(p)!)}  ${p}\n`).join("");
}

/** Parses a `SHA256SUMS` file: path → hash. Throws on a line that is not `<64 hex>  <path>`. */
export function parseSha256Sums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) throw new Error(`not a SHA256SUMS line: ${JSON.stringify(line)}`);
    sums.set(m[2], m[1]);
  }
  return sums;
}
