import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { AzureStack, BlueprintStack, KeyVault, ManagedIdentity, ResourceGroup, enforcePolicy, loadEnvironment } from "../lib";
import { REPO } from "./helpers/synth-all";

interface Json {
  resource: Record<string, Record<string, { name?: string; role_definition_name?: string; network_acls?: { ip_rules?: string[] } }>>;
}

function stackJson(outdir: string, stack: string): Json {
  return JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as Json;
}

const quiet = { date: "2026-11-29", onWarning: () => undefined };

test("the README's library example: an AzureStack of one's own, a vault with a secrets-read grant, the policy enforced", () => {
  const outdir = join(mkdtempSync(join(tmpdir(), "readme-")), "cdktf.out");

  // The example, as in README.md ("The library"), with outdir made local and the date pinned.
  const app = new App({ outdir });
  const stack = new AzureStack(app, "billing-dev", {
    subscriptionId: "00000000-0000-0000-0000-000000000000",
    location: "eastus2",
    workload: "billing",
    environment: "dev",
    deployer: { ipRanges: ["198.51.100.0/24"] },
  });
  const rg = new ResourceGroup(stack, "ResourceGroup", { location: "eastus2" });
  const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
  vault.grantSecretsRead(new ManagedIdentity(stack, "Api", { resourceGroup: rg, instance: "api" }));
  enforcePolicy(app, quiet);
  app.synth();

  const json = stackJson(outdir, "billing-dev");
  const kv = Object.values(json.resource.azurerm_key_vault)[0];
  expect(kv.name).toMatch(/^kv-billing-dev-[0-9a-z]{4}$/);
  expect(kv.network_acls?.ip_rules).toEqual(["198.51.100.0/24"]);
  expect(Object.values(json.resource.azurerm_role_assignment).map((r) => r.role_definition_name).sort()).toEqual(["Key Vault Secrets Officer", "Key Vault Secrets User"]);
  expect(readFileSync(join(outdir, "stacks", "billing-dev", "policy-report.md"), "utf8")).toContain("billing-dev");
});

test("the README's framework example: a BlueprintStack from an environment file without systems", () => {
  const dir = mkdtempSync(join(tmpdir(), "readme-"));
  mkdirSync(join(dir, "environments"));
  const file = join(dir, "environments", "dev.yaml");
  const shipped = readFileSync(join(REPO, "environments", "dev.yaml"), "utf8");
  writeFileSync(file, shipped.slice(0, shipped.indexOf("systems:"))); // no systems: section at all

  const env = loadEnvironment(file, []);
  const app = new App({ outdir: join(dir, "cdktf.out") });
  const stack = new BlueprintStack(app, "billing-dev", { environment: env, system: "billing", workload: "billing" });
  new KeyVault(stack, "Vault", { resourceGroup: new ResourceGroup(stack, "ResourceGroup", { location: env.location }) });
  enforcePolicy(app, quiet);
  app.synth();

  expect(Object.values(stackJson(join(dir, "cdktf.out"), "billing-dev").resource.azurerm_key_vault)[0].name).toMatch(/^kv-billing-dev-[0-9a-z]{4}$/);
});
