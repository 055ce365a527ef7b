import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformResource } from "cdktf";
import { buildApp } from "../../stacks/app";
import { REPO, synthAll } from "../helpers/synth-all";

describe("every shipped stack", () => {
  test("every taggable resource carries environment, system, managed-by and the profile's tags", () => {
    const { app } = buildApp({ environmentsDir: join(REPO, "environments"), outdir: mkdtempSync(join(tmpdir(), "tags-")) });
    app.synth();
    const taggable = app.node
      .findAll()
      .filter((n): n is TerraformResource & { tagsInput?: Record<string, string> } => TerraformResource.isTerraformResource(n) && "tagsInput" in n);
    expect(taggable.length).toBeGreaterThan(50);
    for (const resource of taggable) {
      const [stackName] = resource.node.path.split("/");
      const env = stackName.split("-").pop();
      expect({ path: resource.node.path, tags: resource.tagsInput }).toEqual({
        path: resource.node.path,
        tags: expect.objectContaining({ environment: env, "managed-by": "azure-cdktf-blueprints", owner: "platform-team", "cost-center": "0000" }),
      });
    }
  });

  test("no password or secret value is a literal: each is a Terraform reference", () => {
    const offenders: string[] = [];
    const visit = (value: unknown, path: string) => {
      if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}[${i}]`));
      else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(v, `${path}.${k}`);
      // A Cosmos DB shard key is a document field name (`creatorId`), not a key.
      else if (typeof value === "string" && /(password|secret\.\w+\.value|_key$|token|connection_string)$/i.test(path) && !/\.shard_key$/.test(path) && !/^(\$\{[^}]+\}|@Microsoft\.KeyVault\(SecretUri=\$\{[^}]+\}\))$/.test(value)) {
        offenders.push(`${path} = ${value}`);
      }
    };
    for (const s of synthAll()) {
      for (const [type, byName] of Object.entries(s.json.resource)) {
        for (const [name, body] of Object.entries(byName)) visit(body, `${s.name}.${type === "azurerm_key_vault_secret" ? "secret" : type}.${name}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  test("an output that carries a secret is marked sensitive", () => {
    const secretAttribute = /\.(result|password|administrator_password|administrator_login_password|primary_key|secondary_key|primary_access_key|secondary_access_key|connection_string|primary_connection_string|connection_strings|instrumentation_key|api_key|access_token)\b/;
    let outputs = 0;
    for (const s of synthAll()) {
      for (const [name, output] of Object.entries(s.json.output ?? {})) {
        outputs++;
        const carriesSecret = secretAttribute.test(JSON.stringify(output.value));
        expect({ stack: s.name, name, sensitive: carriesSecret ? output.sensitive === true : true }).toEqual({ stack: s.name, name, sensitive: true });
      }
    }
    expect(outputs).toBeGreaterThan(20);
  });

  test("no machine paths or timestamps in the output", () => {
    for (const s of synthAll()) {
      expect(s.text).not.toContain(REPO);
      // A budget's start month is a date from the profile (the same every day), not a timestamp of the synth.
      const withoutBudgetStart = s.text.replace(/"start_date": "\d{4}-\d{2}-01T00:00:00Z"/g, "");
      expect(withoutBudgetStart).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    }
  });
});

describe("state bootstrap stack", () => {
  const state = synthAll().find((s) => s.name === "state-prod")!;
  const account = Object.values(state.json.resource.azurerm_storage_account)[0];

  test("keeps its own state locally (the remote backend cannot hold the state of its own storage)", () => {
    expect(state.json.terraform.backend).toEqual({ local: { path: "../../../.terraform-state/state-prod.tfstate" } });
  });

  test("creates the profile's resource group, account and container", () => {
    expect(Object.values(state.json.resource.azurerm_resource_group)[0]).toMatchObject({ name: "rg-tfstate-prod-eus2" });
    expect(account).toMatchObject({ name: "sttfstateprodeus2" });
    expect(Object.values(state.json.resource.azurerm_storage_container)[0]).toMatchObject({ name: "tfstate", container_access_type: "private" });
  });

  test("hardens the account for state: versioning, soft delete, TLS 1.2, no public blobs, no shared keys", () => {
    expect(account).toMatchObject({
      min_tls_version: "TLS1_2",
      https_traffic_only_enabled: true,
      allow_nested_items_to_be_public: false,
      shared_access_key_enabled: false,
      blob_properties: { versioning_enabled: true, delete_retention_policy: { days: 30 }, container_delete_retention_policy: { days: 30 } },
      lifecycle: { prevent_destroy: true },
    });
  });

  test("locks the account against deletion and grants the deployer blob data access", () => {
    expect(Object.values(state.json.resource.azurerm_management_lock)[0]).toMatchObject({ lock_level: "CanNotDelete" });
    expect(Object.values(state.json.resource.azurerm_role_assignment)[0]).toMatchObject({
      role_definition_name: "Storage Blob Data Contributor",
      principal_id: "${data.azurerm_client_config.ClientConfig.object_id}",
    });
  });
});
