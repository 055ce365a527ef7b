import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { BlueprintStack, KeyVault, ManagedIdentity, ResourceGroup, loadEnvironment } from "../lib";
import { REPO } from "./helpers/synth-all";

test("the README's library example synthesizes a vault with a secrets-read grant", () => {
  const dir = mkdtempSync(join(tmpdir(), "readme-"));
  mkdirSync(join(dir, "environments"));
  const file = join(dir, "environments", "dev.yaml");
  const shipped = readFileSync(join(REPO, "environments", "dev.yaml"), "utf8");
  writeFileSync(file, shipped.slice(0, shipped.indexOf("systems:")) + "systems: {}\n");

  // The example, as in README.md ("The library"), with the file path and outdir made local.
  const env = loadEnvironment(file, []);
  const app = new App({ outdir: join(dir, "cdktf.out") });
  const stack = new BlueprintStack(app, "billing-dev", { environment: env, system: "billing", workload: "billing" });
  const rg = new ResourceGroup(stack, "ResourceGroup", { location: env.location });
  const vault = new KeyVault(stack, "Vault", { resourceGroup: rg });
  vault.grantSecretsRead(new ManagedIdentity(stack, "Api", { resourceGroup: rg, instance: "api" }));
  app.synth();

  const json = JSON.parse(readFileSync(join(dir, "cdktf.out", "stacks", "billing-dev", "cdk.tf.json"), "utf8")) as {
    resource: Record<string, Record<string, { name?: string; role_definition_name?: string }>>;
  };
  expect(Object.values(json.resource.azurerm_key_vault)[0].name).toMatch(/^kv-billing-dev-[0-9a-z]{4}$/);
  expect(Object.values(json.resource.azurerm_role_assignment).map((r) => r.role_definition_name).sort()).toEqual(["Key Vault Secrets Officer", "Key Vault Secrets User"]);
});
