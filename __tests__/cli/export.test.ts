import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUNDLE_README_TITLE, parseSha256Sums, sha256, unresolvedReferences } from "../../lib/export";
import { REPO } from "../helpers/synth-all";
import { BIN, TEST_DATE, blueprints, snapshotTree, workspace } from "./process";

/** Every file under `dir`, `/`-separated, relative to it. */
function files(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`])).sort();
}

const STACK_FILES = ["README.md", "backend.hcl", "diagram.md", "diagram.svg", "main.tf.json", "policy-report.json", "policy-report.md"];
const DEV_STACKS = ["state-dev", "dot-copilot-dev", "studio-dev", "augeo-dev", "nine-vectors-dev", "ugc-studio-dev"];

let dir: string;
let bundle: string;

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` (npm test does it first)`);
  dir = workspace();
  const r = blueprints(dir, "export", "--env", "dev", "--out", "ops/bundle", "--archive", "--date", TEST_DATE);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  expect(r.stdout).toBe("exported 6 stacks to ops/bundle (44 files; check them with `sha256sum -c SHA256SUMS` in that folder)\nwrote ops/bundle.tar.gz\n");
  bundle = join(dir, "ops", "bundle");
});

describe("blueprints export: the bundle", () => {
  test("per stack its folder with the configuration, backend, README, diagram and policy report; the top-level README gives the apply order", () => {
    expect(files(bundle)).toEqual(["README.md", "SHA256SUMS", ...DEV_STACKS.flatMap((s) => STACK_FILES.map((f) => `${s}/${f}`))].sort());
    const readme = readFileSync(join(bundle, "README.md"), "utf8");
    expect(readme.split("\n")[0]).toBe(BUNDLE_README_TITLE);
    expect(readme).toContain(["### dev", "", "1. `state-dev/` — the state bootstrap: creates the state storage; its own state stays in `state-dev/terraform.tfstate`", "2. `dot-copilot-dev/`", "3. `studio-dev/`", "4. `augeo-dev/`", "5. `nine-vectors-dev/`", "6. `ugc-studio-dev/`", ""].join("\n"));
    const studio = readFileSync(join(bundle, "studio-dev", "README.md"), "utf8");
    expect(studio).toContain("```sh\nterraform init -backend-config=backend.hcl\nterraform plan -out=tfplan\nterraform apply tfplan\n```");
    expect(studio).toContain("- Terraform `>= 1.5`");
    expect(studio).toContain("- Provider `hashicorp/azurerm` version `4.55.0`");
    expect(studio).toContain("Step 3 of 6 in the `dev` environment, after `state-dev`, `dot-copilot-dev`; before `augeo-dev`, `nine-vectors-dev`, `ugc-studio-dev`.");
    expect(studio).toMatch(/\| Key Vault \| 1 \| `azurerm_key_vault` \|/);
    expect(studio).toContain("| `frontend_url` | no |");
    expect(studio).toContain("**Storage Blob Data Contributor** on the state storage account `sttfstatedeveus2`");
    expect(studio).toContain("## Cost estimate\n\nNot available");
    expect(studio).not.toMatch(/\$\s?\d/); // no figures
    expect(readFileSync(join(bundle, "studio-dev", "diagram.md"), "utf8")).toMatch(/^# studio-dev: architecture\n\n```mermaid\nflowchart LR\n[\s\S]*\n```\n$/);
    expect(readFileSync(join(bundle, "studio-dev", "diagram.svg"), "utf8")).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\n$/);
    expect(statSync(bundle).mode & 0o777).toBe(0o755);
  });

  test("nothing from the developer's machine or the repository: no absolute or machine path, no cdktf.out, no dist/", () => {
    for (const f of files(bundle)) {
      const text = readFileSync(join(bundle, f), "utf8");
      for (const bad of [REPO, dir, tmpdir(), "/work/", "/tmp/", "/home/", "/root/", "/Users/", "C:\\", "cdktf.out", "dist/", ".terraform-state"]) {
        expect([f, text.includes(bad)]).toEqual([f, false]);
      }
    }
  });

  test("every ${...} reference in a stack's configuration resolves within that stack", () => {
    for (const s of DEV_STACKS) {
      const json = JSON.parse(readFileSync(join(bundle, s, "main.tf.json"), "utf8")) as Parameters<typeof unresolvedReferences>[0];
      expect([s, unresolvedReferences(json)]).toEqual([s, []]);
    }
  });

  test("SHA256SUMS lists every other file with its hash, in sha256sum's format", () => {
    const sums = parseSha256Sums(readFileSync(join(bundle, "SHA256SUMS"), "utf8"));
    expect([...sums.keys()]).toEqual(files(bundle).filter((f) => f !== "SHA256SUMS"));
    for (const [f, hash] of sums) expect([f, sha256(readFileSync(join(bundle, f)))]).toEqual([f, hash]);
    const check = spawnSync("sha256sum", ["-c", "--quiet", "SHA256SUMS"], { cwd: bundle, encoding: "utf8" });
    if (!check.error) expect([check.status, check.stdout, check.stderr]).toEqual([0, "", ""]);
  });

  test("backend.hcl holds the stack's original backend settings; main.tf.json an empty backend block; the bootstrap's local state stays in its folder", () => {
    const synth = blueprints(dir, "synth", "--env", "dev", "--out", "synth-out");
    expect(synth.status).toBe(0);
    const hcl = (s: string) =>
      Object.fromEntries(
        readFileSync(join(bundle, s, "backend.hcl"), "utf8")
          .split("\n")
          .filter((l) => l && !l.startsWith("#"))
          .map((l) => {
            const [, k, v] = /^(\w+)\s+= (.*)$/.exec(l)!;
            return [k, JSON.parse(v) as unknown];
          }),
      );
    for (const s of DEV_STACKS) {
      const original = (JSON.parse(readFileSync(join(dir, "synth-out", "stacks", s, "cdk.tf.json"), "utf8")) as { terraform: { backend: Record<string, Record<string, unknown>> } }).terraform.backend;
      const exported = (JSON.parse(readFileSync(join(bundle, s, "main.tf.json"), "utf8")) as { terraform: { backend: unknown } }).terraform.backend;
      if (s === "state-dev") {
        expect(Object.keys(original)).toEqual(["local"]);
        expect(exported).toEqual({ local: {} });
        expect(hcl(s)).toEqual({ path: "terraform.tfstate" });
      } else {
        expect(exported).toEqual({ azurerm: {} });
        expect(hcl(s)).toEqual(original.azurerm);
        expect(Object.keys(hcl(s)).sort()).toEqual(["container_name", "key", "resource_group_name", "storage_account_name", "subscription_id", "use_azuread_auth"]);
      }
    }
  });

  test("byte-identical on a second run; the archive holds the same files and is the same bytes too", () => {
    const again = blueprints(dir, "export", "--env", "dev", "--out", "again", "--archive", "--date", TEST_DATE);
    expect(again.status).toBe(0);
    const read = (d: string) => Object.fromEntries(files(d).map((f) => [f, readFileSync(join(d, f), "utf8")]));
    expect(read(join(dir, "again"))).toEqual(read(bundle));
    // The tar's root folder is the --out folder's name: compare the archives once both are named alike.
    const a = blueprints(dir, "export", "--env", "dev", "--out", "again", "--archive", "--date", TEST_DATE);
    expect(a.status).toBe(0);
    mkdirSync(join(dir, "x"));
    const tar = spawnSync("tar", ["-xzf", join(dir, "ops", "bundle.tar.gz"), "-C", join(dir, "x")], { encoding: "utf8" });
    if (!tar.error) {
      expect(tar.status).toBe(0);
      expect(read(join(dir, "x", "bundle"))).toEqual(read(bundle));
    }
    // Replacing an earlier export (the folder and the archive) gives the same bytes.
    const before = readFileSync(join(dir, "ops", "bundle.tar.gz"));
    const replaced = blueprints(dir, "export", "--env", "dev", "--out", "ops/bundle", "--archive", "--date", TEST_DATE);
    expect(replaced.status).toBe(0);
    expect(readFileSync(join(dir, "ops", "bundle.tar.gz")).equals(before)).toBe(true);
    expect(readdirSync(join(dir, "ops")).sort()).toEqual(["bundle", "bundle.tar.gz"]); // no staging left
  });

  test("terraform init -backend=false gets past parsing the configuration (offline it stops at the provider download)", () => {
    const version = spawnSync("terraform", ["version"], { encoding: "utf8" });
    if (version.error) {
      console.log("skipped: terraform is not installed");
      return;
    }
    for (const s of ["state-dev", "studio-dev"]) {
      const copy = join(dir, "init", s);
      cpSync(join(bundle, s), copy, { recursive: true });
      const r = spawnSync("terraform", ["init", "-backend=false", "-input=false", "-no-color"], { cwd: copy, encoding: "utf8", env: { ...process.env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" }, timeout: 120_000 });
      const output = `${r.stdout}${r.stderr}`;
      expect(output).not.toMatch(/Error: (Invalid|Unsupported|Missing|Duplicate|Extraneous|Incorrect)|syntax error|parsing/i);
      if (r.status === 0) continue; // providers available (a mirror or cache): init succeeded
      expect(output).toMatch(/Failed to query available provider packages|Failed to install provider|registry\.terraform\.io/);
    }
  });
});

describe("blueprints export: refused, and nothing written", () => {
  test("a folder that is not empty and not an earlier export; an earlier export holding a state file; no --out; a bad --date: exit 2", () => {
    const w = workspace();
    mkdirSync(join(w, "docs"));
    writeFileSync(join(w, "docs", "notes.md"), "mine\n");
    cpSync(bundle, join(w, "old"), { recursive: true });
    writeFileSync(join(w, "old", "state-dev", "terraform.tfstate"), "{}\n");
    const before = snapshotTree(w);
    const docs = blueprints(w, "export", "--env", "dev", "--out", "docs");
    expect([docs.status, docs.stdout]).toEqual([2, ""]);
    expect(docs.stderr).toBe(
      "error: --out docs is not empty and is not an earlier export (it has no bundle README.md and SHA256SUMS); export writes only into a new folder, an empty one or its own earlier output, so it never deletes files it did not write: choose another folder, or empty this one yourself\n",
    );
    const old = blueprints(w, "export", "--env", "dev", "--out", "old");
    expect(old.status).toBe(2);
    expect(old.stderr).toMatch(/^error: --out old is an earlier export that now holds files export did not write \(state-dev\/terraform\.tfstate: /);
    const cwd = blueprints(w, "export", "--out", ".");
    expect([cwd.status, cwd.stderr]).toEqual([2, "error: --out . is the working directory or a parent of it; export replaces its output folder as a whole: choose a folder of its own, e.g. --out ops-bundle\n"]);
    const none = blueprints(w, "export", "--env", "dev");
    expect([none.status, none.stderr.split("\n")[0]]).toEqual([2, "error: required option '--out <dir>' not specified"]);
    const date = blueprints(w, "export", "--out", "b", "--date", "2026-02-30");
    expect(date.status).toBe(2);
    writeFileSync(join(w, "b.tar.gz"), "not an archive");
    const archive = blueprints(w, "export", "--env", "dev", "--out", "b", "--archive");
    expect([archive.status, archive.stderr]).toEqual([2, "error: --archive: b.tar.gz exists and is not a gzip archive; export replaces only an earlier archive: move it, or choose another --out\n"]);
    const after = snapshotTree(w);
    delete after["/b.tar.gz"];
    expect(after).toEqual(before);
    expect(readdirSync(w).filter((f) => f.startsWith("."))).toEqual([]);
  });
});
