import { CognitiveAccount } from "@cdktf/provider-azurerm/lib/cognitive-account";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { Testing } from "cdktf";
import { type OpenAIDeploymentProps, type OpenAIModelDeploymentProps, OpenAIDeployment } from "../../../lib/ai/openai-deployment";
import { ValidationError } from "../../../lib/core/errors";
import { ManagedIdentity } from "../../../lib/security/managed-identity";
import { onlyResource, onlyResourceId, rendered, resourcesOf, synthJson, testStack, testSubnet } from "../../helpers/stack";

const CHAT: OpenAIModelDeploymentProps = {
  name: "chat",
  model: { name: "gpt-4o", version: "2024-08-06" },
  sku: { name: "GlobalStandard", capacity: 50 },
};
const EMBEDDINGS: OpenAIModelDeploymentProps = {
  name: "embeddings",
  model: { name: "text-embedding-3-large", version: "1" },
  sku: { name: "Standard", capacity: 120 },
  versionUpgrade: "NoAutoUpgrade",
};

function openAiStack(props: Partial<OpenAIDeploymentProps> = {}) {
  const { stack, rg } = testStack();
  const openai = new OpenAIDeployment(stack, "OpenAI", { resourceGroup: rg, ...props });
  return { stack, rg, openai };
}

describe("OpenAIDeployment account", () => {
  test("secure defaults: kind OpenAI S0, Entra ID only, private, deny-by-default firewall, subdomain = name", () => {
    const { stack, openai } = openAiStack();
    const account = onlyResource(synthJson(stack), "azurerm_cognitive_account");
    expect(account).toMatchObject({
      name: openai.name,
      kind: "OpenAI",
      sku_name: "S0",
      location: "eastus2",
      custom_subdomain_name: openai.name,
      local_auth_enabled: false,
      public_network_access_enabled: false,
      network_acls: { default_action: "Deny", bypass: "AzureServices", ip_rules: [] },
    });
    expect(account).not.toHaveProperty("dynamic_throttling_enabled");
  });

  test("generated name is globally unique (suffix) and includes the instance", () => {
    expect(openAiStack().openai.name).toMatch(/^oai-demo-dev-eus2-[a-z0-9]{4}$/);
    expect(openAiStack({ instance: "swc" }).openai.name).toMatch(/^oai-demo-dev-eus2-swc-[a-z0-9]{4}$/);
  });

  test("a given name that breaks the rule is rejected", () => {
    expect(() => openAiStack({ name: "oai_bad" })).toThrow(
      'test/OpenAI: Azure OpenAI account name "oai_bad" has characters or a shape Azure rejects; Azure allows 2-64 characters, letters, digits and hyphens, starting and ending with a letter or digit (also its custom subdomain); globally unique',
    );
  });

  test("system-assigned identity by default; principalId is the account's", () => {
    const { stack, openai } = openAiStack();
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_cognitive_account").identity).toEqual({ type: "SystemAssigned" });
    const accountId = onlyResourceId(json, "azurerm_cognitive_account");
    expect(rendered(stack, openai.principalId)).toBe(`\${azurerm_cognitive_account.${accountId}.identity[0].principal_id}`);
    expect(rendered(stack, openai.endpoint)).toBe(`\${azurerm_cognitive_account.${accountId}.endpoint}`);
  });

  test("a user-assigned identity replaces the system-assigned one", () => {
    const { stack, rg } = testStack();
    const identity = new ManagedIdentity(stack, "Identity", { resourceGroup: rg });
    const openai = new OpenAIDeployment(stack, "OpenAI", { resourceGroup: rg, identity });
    const json = synthJson(stack);
    const identityId = onlyResourceId(json, "azurerm_user_assigned_identity");
    expect(onlyResource(json, "azurerm_cognitive_account").identity).toEqual({
      type: "UserAssigned",
      identity_ids: [`\${azurerm_user_assigned_identity.${identityId}.id}`],
    });
    expect(rendered(stack, openai.principalId)).toBe(`\${azurerm_user_assigned_identity.${identityId}.principal_id}`);
  });

  test("public access with an IP allow-list, and the firewall switches", () => {
    const { stack } = openAiStack({
      publicNetworkAccess: true,
      network: { allowedIpRanges: ["203.0.113.0/24", "198.51.100.7"], trustedAzureServices: false },
    });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(CognitiveAccount, {
      public_network_access_enabled: true,
      network_acls: { default_action: "Deny", bypass: "None", ip_rules: ["203.0.113.0/24", "198.51.100.7"] },
    });
    const open = openAiStack({ publicNetworkAccess: true, network: { defaultAction: "Allow" } });
    expect(Testing.synth(open.stack)).toHaveResourceWithProperties(CognitiveAccount, {
      network_acls: { default_action: "Allow", bypass: "AzureServices", ip_rules: [] },
    });
  });

  test("protection: lock and prevent_destroy", () => {
    const { stack, openai } = openAiStack({ lock: "CanNotDelete", preventDestroy: true });
    const synth = Testing.synth(stack);
    expect(synth).toHaveResourceWithProperties(CognitiveAccount, { lifecycle: { prevent_destroy: true } });
    expect(synth).toHaveResourceWithProperties(ManagementLock, { name: `lock-${openai.name}`, lock_level: "CanNotDelete" });
  });
});

describe("OpenAIDeployment network validation", () => {
  test.each([
    [{ network: { allowedIpRanges: ["203.0.113.0/24"] } }, "test/OpenAI: network.allowedIpRanges need publicNetworkAccess: true"],
    [
      { network: { defaultAction: "Allow" as const } },
      'test/OpenAI: network.defaultAction "Allow" has no effect without publicNetworkAccess: true (allowed: "Deny", or turn public access on)',
    ],
    [
      { publicNetworkAccess: true, network: { allowedIpRanges: ["203.0.113.0/33"] } },
      'test/OpenAI: network.allowedIpRanges "203.0.113.0/33" is not an IPv4 address or CIDR (allowed: e.g. "203.0.113.7" or "203.0.113.0/24")',
    ],
  ])("%j is rejected", (props, message) => {
    const attempt = () => openAiStack(props);
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(message);
  });
});

describe("OpenAIDeployment content filter", () => {
  test("an RAI policy on the account with Microsoft's default filters plus Prompt Shields", () => {
    const { stack } = openAiStack();
    const json = synthJson(stack);
    const accountId = onlyResourceId(json, "azurerm_cognitive_account");
    const policy = onlyResource(json, "azurerm_cognitive_account_rai_policy");
    expect(policy).toMatchObject({
      name: "blueprints-default",
      cognitive_account_id: `\${azurerm_cognitive_account.${accountId}.id}`,
      base_policy_name: "Microsoft.DefaultV2",
    });
    const filters = policy.content_filter as Array<Record<string, unknown>>;
    const harm = (name: string, source: string) => ({ name, source, severity_threshold: "Medium", filter_enabled: true, block_enabled: true });
    const shield = (name: string, source: string) => ({ name, source, severity_threshold: "High", filter_enabled: true, block_enabled: true });
    expect(filters).toEqual([
      harm("Hate", "Prompt"), harm("Hate", "Completion"),
      harm("Sexual", "Prompt"), harm("Sexual", "Completion"),
      harm("Violence", "Prompt"), harm("Violence", "Completion"),
      harm("Selfharm", "Prompt"), harm("Selfharm", "Completion"),
      shield("Jailbreak", "Prompt"),
      shield("Indirect Attack", "Prompt"),
      shield("Protected Material Text", "Completion"),
      shield("Protected Material Code", "Completion"),
    ]);
  });

  test("name, threshold and the indirect-attack shield are configurable", () => {
    const { stack } = openAiStack({ contentFilter: { name: "strict", severityThreshold: "Low", indirectAttackShield: false } });
    const policy = onlyResource(synthJson(stack), "azurerm_cognitive_account_rai_policy");
    const filters = policy.content_filter as Array<Record<string, unknown>>;
    expect(policy.name).toBe("strict");
    expect(filters.filter((f) => f.name === "Hate").map((f) => f.severity_threshold)).toEqual(["Low", "Low"]);
    expect(filters.map((f) => f.name)).not.toContain("Indirect Attack");
    expect(filters.map((f) => f.name)).toContain("Jailbreak");
  });

  test("a content filter name Azure rejects is rejected", () => {
    expect(() => openAiStack({ contentFilter: { name: "-strict" } })).toThrow(
      'test/OpenAI: contentFilter.name "-strict" has characters Azure rejects (allowed: letters, digits, "_", "." and "-", starting with a letter or digit)',
    );
  });
});

describe("OpenAIDeployment model deployments", () => {
  test("deployments use the RAI policy by reference and run one after another", () => {
    const { stack, openai } = openAiStack({ deployments: [CHAT, EMBEDDINGS] });
    openai.addDeployment({ name: "mini", model: { name: "gpt-4o-mini", version: "2024-07-18", format: "OpenAI" }, sku: { name: "DataZoneStandard", capacity: 10 } });
    const json = synthJson(stack);
    const accountId = onlyResourceId(json, "azurerm_cognitive_account");
    const policyId = onlyResourceId(json, "azurerm_cognitive_account_rai_policy");
    const deployments = resourcesOf(json, "azurerm_cognitive_deployment");
    const byName = Object.fromEntries(Object.entries(deployments).map(([logicalId, d]) => [d.name as string, { logicalId, d }]));
    expect(Object.keys(byName)).toEqual(["chat", "embeddings", "mini"]);

    expect(byName.chat.d).toEqual({
      name: "chat",
      cognitive_account_id: `\${azurerm_cognitive_account.${accountId}.id}`,
      model: { format: "OpenAI", name: "gpt-4o", version: "2024-08-06" },
      sku: { name: "GlobalStandard", capacity: 50 },
      version_upgrade_option: "OnceCurrentVersionExpired",
      rai_policy_name: `\${azurerm_cognitive_account_rai_policy.${policyId}.name}`,
    });
    expect(byName.embeddings.d).toMatchObject({
      sku: { name: "Standard", capacity: 120 },
      version_upgrade_option: "NoAutoUpgrade",
      depends_on: [`azurerm_cognitive_deployment.${byName.chat.logicalId}`],
    });
    expect(byName.mini.d).toMatchObject({
      sku: { name: "DataZoneStandard", capacity: 10 },
      rai_policy_name: `\${azurerm_cognitive_account_rai_policy.${policyId}.name}`,
      depends_on: [`azurerm_cognitive_deployment.${byName.embeddings.logicalId}`],
    });
    expect(Object.keys(openai.deployments)).toEqual(["chat", "embeddings", "mini"]);
  });

  test("a deployment name used twice is rejected, in props and through addDeployment", () => {
    const attempt = () => openAiStack({ deployments: [CHAT, { ...EMBEDDINGS, name: "chat" }] });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow('test/OpenAI: deployment "chat" is defined twice');
    const { openai } = openAiStack({ deployments: [CHAT] });
    expect(() => openai.addDeployment(CHAT)).toThrow('test/OpenAI: deployment "chat" is defined twice');
  });

  test("a deployment name breaking the Azure rule is rejected", () => {
    expect(() => openAiStack({ deployments: [{ ...CHAT, name: "-chat" }] })).toThrow(
      'test/OpenAI/Deployment[-chat]: Azure OpenAI deployment name "-chat" has characters or a shape Azure rejects; Azure allows 2-64 characters, letters, digits, underscores, periods and hyphens, starting with a letter or digit; unique within its parent resource',
    );
  });

  test("an unknown SKU is rejected", () => {
    const sku = { name: "Premium", capacity: 1 } as unknown as OpenAIModelDeploymentProps["sku"];
    expect(() => openAiStack({ deployments: [{ ...CHAT, sku }] })).toThrow(
      'test/OpenAI: deployment "chat" sku.name "Premium" is not a deployment SKU (allowed: Standard, GlobalStandard, DataZoneStandard, GlobalBatch, DataZoneBatch, ProvisionedManaged, GlobalProvisionedManaged, DataZoneProvisionedManaged)',
    );
  });

  test.each([[0], [-5], [1.5]])("capacity %j is rejected", (capacity) => {
    const attempt = () => openAiStack({ deployments: [{ ...CHAT, sku: { name: "Standard", capacity } }] });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(
      `test/OpenAI: deployment "chat" sku.capacity ${capacity} is not a positive whole number (allowed: 1 or more, in thousands of tokens per minute, or PTUs for provisioned SKUs)`,
    );
  });
});

describe("OpenAIDeployment access", () => {
  test("grantOpenAIUser assigns Cognitive Services OpenAI User on the account", () => {
    const { stack, rg, openai } = openAiStack();
    const identity = new ManagedIdentity(stack, "Api", { resourceGroup: rg });
    openai.grantOpenAIUser(identity);
    const json = synthJson(stack);
    const accountId = onlyResourceId(json, "azurerm_cognitive_account");
    const identityId = onlyResourceId(json, "azurerm_user_assigned_identity");
    expect(onlyResource(json, "azurerm_role_assignment")).toEqual({
      role_definition_name: "Cognitive Services OpenAI User",
      scope: `\${azurerm_cognitive_account.${accountId}.id}`,
      principal_id: `\${azurerm_user_assigned_identity.${identityId}.principal_id}`,
      principal_type: "ServicePrincipal",
    });
  });

  test("a private endpoint to the account sub-resource, registered in privatelink.openai.azure.com", () => {
    const { stack, rg } = testStack();
    const subnet = testSubnet({ stack, rg }, "endpoints");
    const openai = new OpenAIDeployment(stack, "OpenAI", { resourceGroup: rg, privateEndpoints: [{ subnet }] });
    const json = synthJson(stack);
    const accountId = onlyResourceId(json, "azurerm_cognitive_account");
    const zoneId = onlyResourceId(json, "azurerm_private_dns_zone");
    expect(onlyResource(json, "azurerm_private_dns_zone").name).toBe("privatelink.openai.azure.com");
    expect(onlyResource(json, "azurerm_private_endpoint")).toMatchObject({
      name: "pep-demo-dev-eus2-openai",
      location: "eastus2",
      subnet_id: subnet.id,
      private_service_connection: {
        private_connection_resource_id: `\${azurerm_cognitive_account.${accountId}.id}`,
        subresource_names: ["account"],
        is_manual_connection: false,
      },
      private_dns_zone_group: { name: "default", private_dns_zone_ids: [`\${azurerm_private_dns_zone.${zoneId}.id}`] },
    });
    expect(openai.privateEndpoints).toHaveLength(1);
  });
});
