import { gzipSync } from "node:zlib";

/** A file in a tar archive: its path (`/`-separated, relative) and content. */
export interface TarEntry {
  readonly path: string;
  readonly content: Uint8Array;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

/** Splits a path into ustar's `prefix` (≤ 155 bytes) and `name` (≤ 100 bytes). */
function splitPath(path: string): { prefix: string; name: string } {
  if (Buffer.byteLength(path) <= 100) return { prefix: "", name: path };
  for (let i = path.indexOf("/"); i !== -1; i = path.indexOf("/", i + 1)) {
    const [prefix, name] = [path.slice(0, i), path.slice(i + 1)];
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { prefix, name };
  }
  throw new Error(`${path}: too long for a ustar archive (a name of at most 100 bytes under a folder path of at most 155)`);
}

function header(path: string, size: number, directory: boolean): Buffer {
  const h = Buffer.alloc(BLOCK);
  const { prefix, name } = splitPath(path);
  h.write(name, 0, 100, "utf8");
  h.write(octal(directory ? 0o755 : 0o644, 8), 100, "ascii");
  h.write(octal(0, 8), 108, "ascii"); // uid
  h.write(octal(0, 8), 116, "ascii"); // gid
  h.write(octal(size, 12), 124, "ascii");
  h.write(octal(0, 12), 136, "ascii"); // mtime: none, so the archive is the same on every run
  h.write("        ", 148, "ascii"); // checksum placeholder: spaces while summing
  h.write(directory ? "5" : "0", 156, "ascii");
  h.write("ustar\0", 257, "ascii");
  h.write("00", 263, "ascii");
  h.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return h;
}

/**
 * A POSIX ustar archive of `entries` under the folder `root`, gzip-compressed: folders first
 * where they start, files in path order, no timestamps, owner 0, so the same entries always give
 * the same bytes. Extracts with `tar -xzf`.
 */
export function tarGz(root: string, entries: readonly TarEntry[]): Buffer {
  const chunks: Buffer[] = [];
  const folders = new Set<string>();
  const addFolder = (path: string): void => {
    if (folders.has(path)) return;
    const parent = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
    if (parent) addFolder(parent);
    folders.add(path);
    chunks.push(header(`${path}/`, 0, true));
  };
  addFolder(root);
  for (const entry of [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const path = `${root}/${entry.path}`;
    addFolder(path.slice(0, path.lastIndexOf("/")));
    chunks.push(header(path, entry.content.length, false), Buffer.from(entry.content));
    const padding = (BLOCK - (entry.content.length % BLOCK)) % BLOCK;
    if (padding) chunks.push(Buffer.alloc(padding));
  }
  chunks.push(Buffer.alloc(2 * BLOCK));
  return gzipSync(Buffer.concat(chunks), { level: 9 });
}
