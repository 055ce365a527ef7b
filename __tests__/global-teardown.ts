import { rmSync } from "node:fs";

export default function globalTeardown(): void {
  const dir = process.env.BLUEPRINTS_TEST_SYNTH_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
  const cache = process.env.BLUEPRINTS_TEST_CACHE_DIR;
  if (cache) rmSync(cache, { recursive: true, force: true });
}
