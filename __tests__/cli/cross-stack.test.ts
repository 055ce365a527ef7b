import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { z } from "zod";
import { foreignReferences, synth } from "../../cli/synth";
import { ResourceGroup } from "../../lib/core/resource-group";
import type { SystemDefinition } from "../../lib/framework/system";
import { buildApp } from "../../stacks/app";
import { REPO } from "../helpers/synth-all";

describe("foreignReferences: addresses a stack's expressions name that it does not declare", () => {
  const json = {
    resource: { azurerm_resource_group: { Rg: {} } },
    data: { azurerm_client_config: { ClientConfig: {} } },
  };

  test("own resources and data sources, variables and functions are not foreign", () => {
    expect(foreignReferences({ ...json, output: { a: { value: "${azurerm_resource_group.Rg.id}" }, b: { value: "${data.azurerm_client_config.ClientConfig.tenant_id}" }, c: { value: "${var.x} ${each.value} ${element(split(\"/\", azurerm_resource_group.Rg.id), 4)}" } } } as never)).toEqual([]);
  });

  test("a resource of another stack is, wherever it sits in an expression", () => {
    expect(foreignReferences({ ...json, output: { a: { value: "${lower(azurerm_storage_account.Other_1234.name)}" } } } as never)).toEqual(["azurerm_storage_account.Other_1234"]);
    expect(foreignReferences({ ...json, resource: { ...json.resource, azurerm_x: { X: { list: ["plain", "${data.azurerm_subnet.Elsewhere.id}"] } } } } as never)).toEqual(["data.azurerm_subnet.Elsewhere"]);
  });

  test("strings without an expression are not searched", () => {
    expect(foreignReferences({ ...json, resource: { ...json.resource, azurerm_x: { X: { description: "see azurerm_storage_account.Other_1234" } } } } as never)).toEqual([]);
  });
});

/** Two systems whose second stack names the first one's resource group. */
function crossStackRegistry(): SystemDefinition[] {
  let shared: ResourceGroup | undefined;
  const base = { title: "X", profileSchema: z.strictObject({}), tiers: { dev: {}, staging: {}, prod: {} } };
  return [
    { ...base, id: "alpha", workload: "alpha", build(scope: Construct) { shared = new ResourceGroup(scope, "Shared", { location: "eastus2" }); } },
    { ...base, id: "beta", workload: "beta", build(scope: Construct) { new TerraformOutput(scope, "shared_group", { value: shared!.name }); } },
  ] as unknown as SystemDefinition[];
}

test("a reference into another stack: synth falls back to cdktf's preparing pass and writes what App.synth() writes", () => {
  const dir = mkdtempSync(join(tmpdir(), "cross-stack-"));
  mkdirSync(join(dir, "environments"));
  const shipped = readFileSync(join(REPO, "environments", "dev.yaml"), "utf8");
  writeFileSync(join(dir, "environments", "dev.yaml"), `${shipped.slice(0, shipped.indexOf("systems:"))}systems:\n  alpha:\n    enabled: true\n  beta:\n    enabled: true\n`);
  const registry = crossStackRegistry();
  const result = synth({ environmentsDir: join(dir, "environments"), outdir: join(dir, "out"), registry, systems: ["alpha", "beta"], date: "2026-11-29" });
  expect(result.stacks.map((s) => s.name)).toEqual(["alpha-dev", "beta-dev"]);

  // The same app through App.synth(), which always runs the preparing pass.
  const { app } = buildApp({ environmentsDir: join(dir, "environments"), outdir: join(dir, "app"), registry, systems: ["alpha", "beta"] });
  app.synth();
  for (const stack of ["alpha-dev", "beta-dev"]) {
    expect(readFileSync(join(dir, "out", "stacks", stack, "cdk.tf.json"), "utf8")).toBe(readFileSync(join(dir, "app", "stacks", stack, "cdk.tf.json"), "utf8"));
  }
  // cdktf wired the reference: an output in alpha-dev, remote state in beta-dev.
  const beta = JSON.parse(readFileSync(join(dir, "out", "stacks", "beta-dev", "cdk.tf.json"), "utf8")) as { data?: Record<string, unknown> };
  expect(Object.keys(beta.data ?? {})).toContain("terraform_remote_state");
});

