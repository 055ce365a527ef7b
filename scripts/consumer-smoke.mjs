#!/usr/bin/env node
// Consumer smoke test (npm run smoke; CI job "consumer"): what a new user does from an empty folder.
//
//   1. `npm pack` the library (prepack: clean build + declaration files) into a temporary folder,
//      and run `attw` (@arethetypeswrong/cli) on the tarball: node10, node16 (CJS and ESM), bundler.
//   2. A temporary project installs the tarball, the peer dependencies at the versions package.json
//      names, `typescript` and `@types/node` from the registry (the only network use).
//   3. The same small app is compiled twice, as CommonJS (`module: node16`, "type": "commonjs") and
//      as an ES module (`module: nodenext`, "type": "module"), with named imports from the package
//      root, and run: the stack's cdk.tf.json names a Key Vault, and the policy ran
//      (policy-report.json beside it).
//   4. An app with a violation (a storage account open to public networks) exits non-zero with the
//      rule id (AZ-ST-001) in its output.
//
// Environment: SMOKE_TARBALL=<path.tgz> tests that tarball instead of packing; SMOKE_KEEP=1 keeps
// the temporary folder. Exit 0 when every check passed, 1 otherwise.
import console from "node:console";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import process from "node:process";

const repo = resolve(import.meta.dirname, "..");
const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));
const work = mkdtempSync(join(tmpdir(), "blueprints-smoke-"));
const failures = [];

/** Runs a command; returns its status and output, echoing a one-line summary. */
function run(cmd, args, cwd, { quiet = false } = {}) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const took = ((Date.now() - started) / 1000).toFixed(1);
  if (!quiet) console.log(`$ ${cmd} ${args.join(" ")}  (in ${cwd === repo ? "the repository" : cwd.slice(work.length + 1) || "."}; exit ${r.status}, ${took} s)`);
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, output: `${r.stdout}${r.stderr}` };
}

function check(name, ok, detail = "") {
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${!ok && detail ? `\n${detail.trimEnd().replace(/^/gm, "     ")}` : ""}`);
  if (!ok) failures.push(name);
  return ok;
}

function must(name, result) {
  if (!check(name, result.status === 0, result.output)) finish();
  return result;
}

function finish() {
  if (process.env.SMOKE_KEEP === "1") console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
  console.log(failures.length ? `consumer smoke test: ${failures.length} failed: ${failures.join("; ")}` : "consumer smoke test: all checks passed");
  process.exit(failures.length ? 1 : 0);
}

// 1. The tarball, and what TypeScript and Node make of it in every resolution mode.
let tarball = process.env.SMOKE_TARBALL ? resolve(process.env.SMOKE_TARBALL) : undefined;
if (!tarball) {
  must("npm pack", run("npm", ["pack", "--pack-destination", work], repo));
  tarball = join(work, readdirSync(work).find((f) => f.endsWith(".tgz")));
}
console.log(`tarball: ${tarball}`);
const attw = run(join(repo, "node_modules", ".bin", "attw"), [tarball, "--format", "table-flipped"], repo);
check("attw: no problems for node10, node16 (CJS, ESM) and bundler", attw.status === 0, attw.output);

// 2. A project of its own: the tarball, the peers at the versions package.json names, TypeScript.
const app = join(work, "app");
mkdirSync(app);
writeFileSync(join(app, "package.json"), `${JSON.stringify({ name: "blueprints-smoke-app", private: true }, null, 2)}\n`);
const specs = [
  tarball,
  ...Object.entries(pkg.peerDependencies).map(([name, range]) => `${name}@${range}`),
  `typescript@${pkg.devDependencies.typescript}`,
  `@types/node@${pkg.devDependencies["@types/node"]}`,
];
must("npm install the tarball and the peers", run("npm", ["install", "--no-audit", "--no-fund", ...specs], app));
const schema = run(process.execPath, ["-p", 'require.resolve("azure-cdktf-blueprints/environment.schema.json")'], app);
check("the environment JSON Schema resolves by package path", schema.status === 0 && schema.stdout.trim().endsWith(join("environments", "environment.schema.json")), schema.output);
// The CLI as installed: the bin, its bundle and code cache are in the tarball and run without the sources.
const cli = run(join(app, "node_modules", ".bin", "blueprints"), ["--version"], app);
check("the installed blueprints CLI runs (--version)", cli.status === 0 && cli.stdout.trim() === pkg.version, cli.output);

// 3 and 4. The app as a user writes it (README, "The library"), and one with a violation.
const okApp = `import { App } from "cdktf";
import { AzureStack, KeyVault, ResourceGroup, enforcePolicy } from "azure-cdktf-blueprints";

const app = new App({ outdir: "cdktf.out" });
const stack = new AzureStack(app, "smoke-dev", { subscriptionId: "00000000-0000-0000-0000-000000000000", location: "eastus2", workload: "smoke", environment: "dev" });
const rg = new ResourceGroup(stack, "ResourceGroup", { location: "eastus2" });
new KeyVault(stack, "Vault", { resourceGroup: rg });
enforcePolicy(app);
app.synth();
`;
const violationApp = `import { App } from "cdktf";
import { AzureStack, ResourceGroup, StorageAccount, enforcePolicy } from "azure-cdktf-blueprints";

const app = new App({ outdir: "cdktf.out" });
const stack = new AzureStack(app, "smoke-dev", { subscriptionId: "00000000-0000-0000-0000-000000000000", location: "eastus2", workload: "smoke", environment: "dev" });
const rg = new ResourceGroup(stack, "ResourceGroup", { location: "eastus2" });
new StorageAccount(stack, "Public", { resourceGroup: rg, publicNetworkAccess: true });
enforcePolicy(app);
app.synth();
`;

const variants = [
  { name: "CommonJS", dir: "cjs", type: "commonjs", module: "node16" },
  { name: "ES module", dir: "esm", type: "module", module: "nodenext" },
];
for (const v of variants) {
  const dir = join(app, v.dir);
  mkdirSync(join(dir, "src"), { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ type: v.type }, null, 2)}\n`);
  // As README.md ("Installing, and a stack of your own from an empty folder") shows it.
  const compilerOptions = { module: v.module, target: "es2022", strict: true, rootDir: "src", outDir: "out" };
  writeFileSync(join(dir, "tsconfig.json"), `${JSON.stringify({ compilerOptions, include: ["src"] }, null, 2)}\n`);
  writeFileSync(join(dir, "src", "main.ts"), okApp);
  writeFileSync(join(dir, "src", "violation.ts"), violationApp);

  const tsc = run(process.execPath, [join(app, "node_modules", "typescript", "bin", "tsc"), "-p", "."], dir);
  if (!check(`${v.name}: tsc (module ${v.module}, "type": "${v.type}")`, tsc.status === 0, tsc.output)) continue;

  const synth = run(process.execPath, [join("out", "main.js")], dir);
  check(`${v.name}: the app synthesizes`, synth.status === 0, synth.output);
  const stackDir = join(dir, "cdktf.out", "stacks", "smoke-dev");
  const tfJson = join(stackDir, "cdk.tf.json");
  let resources = {};
  try {
    resources = JSON.parse(readFileSync(tfJson, "utf8")).resource ?? {};
  } catch (e) {
    resources = {};
    check(`${v.name}: ${tfJson.slice(work.length + 1)} is Terraform JSON`, false, String(e));
  }
  check(`${v.name}: the Terraform JSON names an azurerm_key_vault`, Object.keys(resources.azurerm_key_vault ?? {}).length === 1, `resource types: ${Object.keys(resources).join(", ") || "none"}`);
  const report = join(stackDir, "policy-report.json");
  let parsed = false;
  try {
    JSON.parse(readFileSync(report, "utf8"));
    parsed = true;
  } catch {
    parsed = false;
  }
  check(`${v.name}: the policy ran (policy-report.json beside cdk.tf.json)`, parsed, existsSync(report) ? "policy-report.json is not JSON" : `no ${report.slice(work.length + 1)}`);

  const bad = run(process.execPath, [join("out", "violation.js")], dir);
  check(`${v.name}: a storage account open to public networks fails the synth with AZ-ST-001`, bad.status !== 0 && bad.output.includes("AZ-ST-001"), `exit ${bad.status}\n${bad.output}`);
}
finish();
