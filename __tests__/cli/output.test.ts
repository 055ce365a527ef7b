import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ALL_STACKS, blueprints, snapshotTree, stagingLeft, workspace } from "./process";

// What `blueprints synth --out` may write into, and what it must leave alone: it never deletes a
// file it did not write.

describe("the output folder: refused", () => {
  test("a folder with files in it that is not a previous synth output: exit 2, naming it, the file untouched", () => {
    const dir = workspace();
    mkdirSync(join(dir, "docs"));
    writeFileSync(join(dir, "docs", "notes.md"), "mine\n");
    const before = snapshotTree(dir);
    const r = blueprints(dir, "synth", "--out", "docs");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "error: --out docs is not empty and is not a previous synth output (it has no manifest.json); synth writes only into a new folder, an empty one or its own output, so it never deletes files it did not write: choose another folder, or empty this one yourself\n",
    );
    expect(snapshotTree(dir)).toEqual(before);
    expect(stagingLeft(dir)).toEqual([]);
  });

  test("a manifest.json that is not a cdktf manifest, or one without its stacks/ folder, is not a previous output", () => {
    const dir = workspace();
    mkdirSync(join(dir, "site"));
    writeFileSync(join(dir, "site", "manifest.json"), '{ "name": "my web app", "icons": [] }\n');
    const wrongShape = blueprints(dir, "synth", "--out", "site");
    expect(wrongShape.status).toBe(2);
    expect(wrongShape.stderr).toMatch(/^error: --out site is not empty and is not a previous synth output \(its manifest\.json is not a cdktf manifest \(\{ version, stacks \}\)\); /);
    writeFileSync(join(dir, "site", "manifest.json"), '{ "version": "0.21.0", "stacks": {} }\n');
    const noStacks = blueprints(dir, "synth", "--out", "site");
    expect(noStacks.status).toBe(2);
    expect(noStacks.stderr).toMatch(/\(it has no stacks\/ folder beside manifest\.json\)/);
    expect(readdirSync(join(dir, "site"))).toEqual(["manifest.json"]);
  });

  test("the working directory, however it is spelled (., a path back into it, a symbolic link to it)", () => {
    const dir = workspace();
    writeFileSync(join(dir, "README.md"), "mine\n");
    symlinkSync(".", join(dir, "here"));
    const before = snapshotTree(dir);
    for (const out of [".", `../${dir.split("/").pop()}`, dir, "here", "environments/.."]) {
      const r = blueprints(dir, "synth", "--out", out);
      expect({ out, status: r.status, stderr: r.stderr }).toEqual({
        out,
        status: 2,
        stderr: `error: --out ${out} is the working directory; synth would write among files it did not write: choose a folder of its own for the output, e.g. --out cdktf.out\n`,
      });
    }
    expect(snapshotTree(dir)).toEqual(before);
  });

  test("a parent of the working directory", () => {
    const dir = workspace();
    const project = join(dir, "project");
    mkdirSync(project);
    writeFileSync(join(project, "README.md"), "mine\n");
    const before = snapshotTree(dir);
    for (const out of ["..", "/"]) {
      const r = blueprints(project, "synth", "--out", out, "--config-dir", "../environments");
      expect({ out, status: r.status }).toEqual({ out, status: 2 });
      expect(r.stderr).toMatch(new RegExp(`^error: --out ${out.replace(/\./g, "\\.")} is /\\S*, a parent of the working directory; synth would write among files it did not write: `));
    }
    expect(snapshotTree(dir)).toEqual(before);
    expect(stagingLeft(dir)).toEqual([]);
  });

  test("the environment files' folder, or a folder holding it", () => {
    const dir = workspace();
    const before = snapshotTree(dir);
    const own = blueprints(dir, "synth", "--out", "environments");
    expect(own.status).toBe(2);
    expect(own.stderr).toBe(
      "error: --out environments is the environment files' folder (--config-dir environments); synth would write among files it did not write: choose a folder of its own for the output, e.g. --out cdktf.out\n",
    );
    // From a sibling folder, so the one holding the environment files is not a parent of the working directory.
    const work = join(dir, "work");
    mkdirSync(work);
    mkdirSync(join(dir, "shared"));
    renameSync(join(dir, "environments"), join(dir, "shared", "environments"));
    const moved = snapshotTree(dir);
    const r = blueprints(work, "--config-dir", "../shared/environments", "synth", "--out", "../shared");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "error: --out ../shared holds the environment files' folder (--config-dir ../shared/environments); synth would write among files it did not write: choose a folder of its own for the output, e.g. --out cdktf.out\n",
    );
    expect(snapshotTree(dir)).toEqual(moved);
    expect(Object.keys(moved).length).toBe(Object.keys(before).length);
  });

  test("a file", () => {
    const dir = workspace();
    const r = blueprints(dir, "synth", "--out", "environments/dev.yaml/out");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: --out environments\/dev\.yaml\/out: environments\/dev\.yaml is a file, not a folder; /);
  });
});

describe("the output folder: accepted", () => {
  test("a new folder (and its parents) and the folders in it get the permissions mkdir gives, not 0700", () => {
    const dir = workspace();
    const r = blueprints(dir, "synth", "--env", "dev", "--system", "state", "--out", "build/terraform/out");
    expect(r.status).toBe(0);
    mkdirSync(join(dir, "reference"));
    const mode = (p: string) => (statSync(join(dir, p)).mode & 0o777).toString(8);
    const expected = mode("reference");
    expect(expected).not.toBe("700"); // the umask jest runs with leaves others some access
    for (const p of ["build", "build/terraform", "build/terraform/out", "build/terraform/out/stacks", "build/terraform/out/stacks/state-dev"]) {
      expect({ p, mode: mode(p) }).toEqual({ p, mode: expected });
    }
    expect(stagingLeft(dir)).toEqual([]);
    expect(stagingLeft(join(dir, "build", "terraform"))).toEqual([]);
  });

  test("an empty folder", () => {
    const dir = workspace();
    mkdirSync(join(dir, "out"));
    expect(blueprints(dir, "synth", "--env", "dev", "--system", "state", "--out", "out").status).toBe(0);
    expect(readdirSync(join(dir, "out")).sort()).toEqual(["manifest.json", "stacks"]);
  });

  test("a folder holding only an empty stacks/ (what cdktf's new App() leaves), but not one with anything in it", () => {
    const dir = workspace();
    mkdirSync(join(dir, "out", "stacks"), { recursive: true });
    expect(blueprints(dir, "synth", "--env", "dev", "--system", "state", "--out", "out").status).toBe(0);
    expect(readdirSync(join(dir, "out", "stacks"))).toEqual(["state-dev"]);
    mkdirSync(join(dir, "other", "stacks", "mine"), { recursive: true });
    const r = blueprints(dir, "synth", "--env", "dev", "--system", "state", "--out", "other");
    expect(r.status).toBe(2);
    expect(readdirSync(join(dir, "other", "stacks"))).toEqual(["mine"]);
  });
});

describe("publishing into a previous output", () => {
  /** What a user keeps in a stack's folder: Terraform's working directory, its lock file, a plan, notes. */
  function addUserFiles(stackDir: string): void {
    mkdirSync(join(stackDir, ".terraform", "providers"), { recursive: true });
    writeFileSync(join(stackDir, ".terraform", "terraform.tfstate"), '{"backend":{}}\n');
    writeFileSync(join(stackDir, ".terraform.lock.hcl"), "# lock\n");
    writeFileSync(join(stackDir, "plan.tfplan"), "plan\n");
  }
  const USER_FILES = [".terraform", ".terraform.lock.hcl", "plan.tfplan"];

  test("keeps .terraform/, .terraform.lock.hcl and user files across full and filtered runs; drops stale stacks, keeping what synth did not write", () => {
    const dir = workspace();
    expect(blueprints(dir, "synth").status).toBe(0);
    const out = join(dir, "cdktf.out");
    // A full run publishes what cdktf writes, byte for byte (the run's global synth is a plain app.synth()).
    const cdktfOut = process.env.BLUEPRINTS_TEST_SYNTH_DIR!;
    expect(readFileSync(join(out, "manifest.json"), "utf8")).toBe(readFileSync(join(cdktfOut, "manifest.json"), "utf8"));
    // The CLI skips cdktf's preparing pass when no stack references another; the JSON is still
    // App.synth()'s (the run's global synth), byte for byte, for every stack.
    for (const stack of ALL_STACKS) {
      expect({ stack, json: readFileSync(join(out, "stacks", stack, "cdk.tf.json"), "utf8") }).toEqual({ stack, json: readFileSync(join(cdktfOut, "stacks", stack, "cdk.tf.json"), "utf8") });
    }
    addUserFiles(join(out, "stacks", "state-dev"));
    addUserFiles(join(out, "stacks", "dot-copilot-dev"));
    addUserFiles(join(out, "stacks", "state-prod"));
    writeFileSync(join(out, "README.md"), "hand-off notes\n");
    const userFiles = () => Object.fromEntries(Object.entries(snapshotTree(out)).filter(([f]) => /\.terraform|plan\.tfplan|README\.md/.test(f)));
    const kept = userFiles();
    expect(Object.keys(kept)).toHaveLength(10);
    const stateDev = readFileSync(join(out, "stacks", "state-dev", "cdk.tf.json"), "utf8");
    writeFileSync(join(out, "stacks", "state-dev", "cdk.tf.json"), "{}");

    // dev stops enabling its systems. A full run replaces every stack's files, and only those; it
    // removes augeo-dev, dot-copilot-dev, nine-vectors-dev and studio-dev, says so, and keeps dot-copilot-dev's folder for the
    // user's files.
    const file = join(dir, "environments", "dev.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace(/enabled: true/g, "enabled: false"));
    const r = blueprints(dir, "synth");
    expect(r.status).toBe(0);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("removed"))).toEqual([
      "removed stack augeo-dev (no environment produces it any more; resources it deployed are not destroyed): deleted cdktf.out/stacks/augeo-dev/",
      "removed stack dot-copilot-dev (no environment produces it any more; resources it deployed are not destroyed): deleted what synth wrote in cdktf.out/stacks/dot-copilot-dev/, kept .terraform, .terraform.lock.hcl, plan.tfplan",
      "removed stack nine-vectors-dev (no environment produces it any more; resources it deployed are not destroyed): deleted cdktf.out/stacks/nine-vectors-dev/",
      "removed stack studio-dev (no environment produces it any more; resources it deployed are not destroyed): deleted cdktf.out/stacks/studio-dev/",
      "removed stack ugc-studio-dev (no environment produces it any more; resources it deployed are not destroyed): deleted cdktf.out/stacks/ugc-studio-dev/",
    ]);
    expect(r.stdout).toMatch(/^13 stacks synthesized in /m);
    expect(userFiles()).toEqual(kept);
    expect(readFileSync(join(out, "stacks", "state-dev", "cdk.tf.json"), "utf8")).toBe(stateDev);
    expect(readdirSync(join(out, "stacks", "state-dev")).sort()).toEqual([...USER_FILES, "cdk.tf.json", "policy-report.json", "policy-report.md"].sort());
    expect(readdirSync(join(out, "stacks", "dot-copilot-dev")).sort()).toEqual(USER_FILES);
    expect(readdirSync(join(out, "stacks")).sort()).toEqual(ALL_STACKS.filter((s) => s !== "studio-dev" && s !== "augeo-dev" && s !== "nine-vectors-dev" && s !== "ugc-studio-dev"));
    const live = ALL_STACKS.filter((s) => s !== "dot-copilot-dev" && s !== "studio-dev" && s !== "augeo-dev" && s !== "nine-vectors-dev" && s !== "ugc-studio-dev");
    const manifest = () => Object.keys((JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { stacks: Record<string, unknown> }).stacks).sort();
    expect(manifest()).toEqual(live);

    // A filtered run keeps them too, and leaves the other stacks and their manifest entries alone.
    const studioProd = readFileSync(join(out, "stacks", "studio-prod", "cdk.tf.json"), "utf8");
    const f = blueprints(dir, "synth", "--env", "prod", "--system", "state");
    expect(f.status).toBe(0);
    expect(f.stdout).not.toMatch(/^removed/m);
    expect(userFiles()).toEqual(kept);
    expect(readFileSync(join(out, "stacks", "studio-prod", "cdk.tf.json"), "utf8")).toBe(studioProd);
    expect(manifest()).toEqual(live);
    expect(readdirSync(out).sort()).toEqual(["README.md", "manifest.json", "stacks"]); // no temporary manifest left
    expect(stagingLeft(dir)).toEqual([]);
  });

  test("a synth that fails (the policy, after every stack was synthesized) leaves the previous output byte for byte", () => {
    const dir = workspace();
    expect(blueprints(dir, "synth", "--env", "dev").status).toBe(0);
    const out = join(dir, "cdktf.out");
    addUserFiles(join(out, "stacks", "studio-dev"));
    const before = snapshotTree(out);
    // On 2027-03-06 Studio's chat model is retired: AZ-LIFE-004 fails the synth.
    const r = blueprints(dir, "synth", "--env", "dev", "--date", "2027-03-06");
    expect(r.status).toBe(5);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^error: studio-dev\/OpenAI\/Deployment-chat: AZ-LIFE-004 \(error\)/m);
    expect(snapshotTree(out)).toEqual(before);
    expect(stagingLeft(dir)).toEqual([]);
  });
});
