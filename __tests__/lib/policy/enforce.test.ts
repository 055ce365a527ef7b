import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { AzureStack } from "../../../lib/core/azure-stack";
import { PolicyError, ValidationError } from "../../../lib/core/errors";
import { ResourceGroup } from "../../../lib/core/resource-group";
import { StorageAccount } from "../../../lib/data/storage-account";
import { enforcePolicy } from "../../../lib/policy/enforce";
import type { PolicyReport } from "../../../lib/policy/engine";
import { Suppressions } from "../../../lib/policy/suppressions";
import { KeyVault } from "../../../lib/security/key-vault";

/** A consumer's own app: an AzureStack with a vault and a storage account, in a fresh folder. */
function consumerApp(storage: { publicNetworkAccess?: boolean } = {}) {
  const outdir = join(mkdtempSync(join(tmpdir(), "enforce-")), "cdktf.out");
  const app = new App({ outdir });
  const stack = new AzureStack(app, "billing-dev", { subscriptionId: "00000000-0000-0000-0000-000000000000", location: "eastus2", workload: "billing", environment: "dev" });
  const rg = new ResourceGroup(stack, "Rg", { location: "eastus2" });
  new KeyVault(stack, "Vault", { resourceGroup: rg });
  const account = new StorageAccount(stack, "Files", { resourceGroup: rg, ...storage });
  return { app, outdir, account };
}

describe("enforcePolicy: one line before app.synth()", () => {
  test("a compliant app synthesizes, with a policy report beside each stack's JSON", () => {
    const { app, outdir } = consumerApp();
    const warnings: string[] = [];
    enforcePolicy(app, { date: "2026-11-29", onWarning: (l) => warnings.push(l) });
    app.synth();
    const dir = join(outdir, "stacks", "billing-dev");
    expect(existsSync(join(dir, "cdk.tf.json"))).toBe(true);
    const report = JSON.parse(readFileSync(join(dir, "policy-report.json"), "utf8")) as PolicyReport;
    expect(report.stack).toBe("billing-dev");
    expect(report.errors).toBe(0);
    expect(report.rulesEvaluated).toBeGreaterThan(50);
    expect(readFileSync(join(dir, "policy-report.md"), "utf8")).toContain("billing-dev");
  });

  test("public storage makes app.synth() throw a PolicyError naming the rule, the construct and the fix", () => {
    const { app } = consumerApp({ publicNetworkAccess: true });
    enforcePolicy(app, { date: "2026-11-29", onWarning: () => undefined });
    let error: unknown;
    try {
      app.synth();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).exitCode).toBe(5);
    expect((error as Error).message).toMatch(/^1 policy error:\nbilling-dev\/Files\/Resource: AZ-ST-001 \(error\) .*; fix: /);
  });

  test("a reasoned suppression lets the same app through, and the report lists it", () => {
    const { app, outdir, account } = consumerApp({ publicNetworkAccess: true });
    Suppressions.of(account).add("AZ-ST-001", "a partner uploads from the internet; Entra ID only, no keys");
    let reports: readonly PolicyReport[] = [];
    enforcePolicy(app, { date: "2026-11-29", onWarning: () => undefined, onReports: (r) => (reports = r) });
    app.synth();
    expect(reports[0].findings.filter((f) => f.ruleId === "AZ-ST-001").map((f) => f.suppressedBecause)).toEqual(["a partner uploads from the internet; Entra ID only, no keys"]);
    expect(existsSync(join(outdir, "stacks", "billing-dev", "policy-report.json"))).toBe(true);
  });

  test("calling it twice judges once", () => {
    const { app } = consumerApp();
    let calls = 0;
    enforcePolicy(app, { date: "2026-11-29", onWarning: () => undefined, onReports: () => calls++ });
    enforcePolicy(app, { date: "2026-11-29", onWarning: () => undefined, onReports: () => calls++ });
    app.synth();
    expect(calls).toBe(1);
  });

  test("an App that skips validation is refused rather than skipping the policy silently", () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "enforce-")), skipValidation: true });
    expect(() => enforcePolicy(app)).toThrow(ValidationError);
    expect(() => enforcePolicy(app)).toThrow("App: enforcePolicy needs validation, and this App was created with skipValidation: true");
  });
});
