import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { SearchService as SearchServiceResource } from "@cdktf/provider-azurerm/lib/search-service";
import { TerraformStack, Testing } from "cdktf";
import { SEARCH_SKUS, SearchService, type SearchServiceProps, searchSkuLimits } from "../../../lib/ai/search-service";
import type { IResourceGroup } from "../../../lib/core/interfaces";
import { NAMING_RULES, checkName } from "../../../lib/core/naming";
import { evaluate } from "../../../lib/policy/engine";
import { AZURE_RULES } from "../../../lib/policy/rules";
import { ROLE_DEFINITION_IDS } from "../../../lib/security/github-deployer";
import { expectValidationError, onlyResource, onlyResourceId, rendered, resourcesOf, synthJson, testStack, testSubnet } from "../../helpers/stack";

function searchStack(environment: Parameters<typeof testStack>[0] = {}) {
  const { stack, rg } = testStack(environment);
  const build = (props: Partial<SearchServiceProps> = {}) => new SearchService(stack, "Search", { resourceGroup: rg, ...props });
  return { stack, rg, build };
}

function serviceJson(stack: TerraformStack): Record<string, unknown> {
  return onlyResource(synthJson(stack), "azurerm_search_service");
}

const APP = { principalId: "11111111-2222-3333-4444-555555555555" };

describe("SearchService", () => {
  test("defaults: Basic, 1 replica and partition, Entra ID only, private, trusted services, a system-assigned identity, no semantic ranker", () => {
    const { stack, build } = searchStack();
    const search = build();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(SearchServiceResource, {
      sku: "basic",
      replica_count: 1,
      partition_count: 1,
      hosting_mode: "default",
      local_authentication_enabled: false,
      public_network_access_enabled: false,
      network_rule_bypass_option: "AzureServices",
      customer_managed_key_enforcement_enabled: false,
      identity: { type: "SystemAssigned" },
      location: "eastus2",
    });
    const json = serviceJson(stack);
    for (const unset of ["semantic_search_sku", "authentication_failure_mode", "allowed_ips"]) expect(json[unset]).toBeUndefined();
    expect(search.name).toMatch(/^srch-demo-dev-eus2-[a-z0-9]{4}$/);
    expect(search.endpoint).toBe(`https://${search.name}.search.windows.net`);
    expect([search.sku, search.replicaCount, search.partitionCount]).toEqual(["basic", 1, 1]);
    expect(resourcesOf(synthJson(stack), "azurerm_monitor_diagnostic_setting")).toEqual({});
    expect(resourcesOf(synthJson(stack), "azurerm_private_endpoint")).toEqual({});
  });

  test("id and principal id are the resource's attributes", () => {
    const { stack, build } = searchStack();
    const search = build();
    const id = onlyResourceId(synthJson(stack), "azurerm_search_service");
    expect(rendered(stack, search.id)).toBe(`\${azurerm_search_service.${id}.id}`);
    expect(rendered(stack, search.principalId as string)).toBe(`\${azurerm_search_service.${id}.identity[0].principal_id}`);
  });

  test("the 9Vectors tiers: Growth on Basic, Enterprise on Standard with 3 replicas and the standard semantic ranker", () => {
    const growth = searchStack();
    growth.build({ semanticRanker: "free" });
    expect(serviceJson(growth.stack)).toMatchObject({ sku: "basic", semantic_search_sku: "free" });

    const enterprise = searchStack();
    enterprise.build({ sku: "standard", replicaCount: 3, partitionCount: 2, semanticRanker: "standard" });
    expect(serviceJson(enterprise.stack)).toMatchObject({ sku: "standard", replica_count: 3, partition_count: 2, semantic_search_sku: "standard" });
  });

  test("every tier azurerm accepts synthesizes, and its limits are Microsoft's", () => {
    expect(SEARCH_SKUS).toEqual(["free", "basic", "standard", "standard2", "standard3", "storage_optimized_l1", "storage_optimized_l2"]);
    for (const sku of SEARCH_SKUS) {
      const { stack, build } = searchStack();
      build({ sku });
      expect(serviceJson(stack).sku).toBe(sku);
    }
    expect(searchSkuLimits("free")).toEqual({ sku: "free", maxReplicas: 1, maxPartitions: 1, maxSearchUnits: 1, billable: false });
    expect(searchSkuLimits("basic")).toEqual({ sku: "basic", maxReplicas: 3, maxPartitions: 3, maxSearchUnits: 9, billable: true });
    expect(searchSkuLimits("storage_optimized_l2")).toEqual({ sku: "storage_optimized_l2", maxReplicas: 12, maxPartitions: 12, maxSearchUnits: 36, billable: true });
  });

  test("the Free tier has no identity (Azure offers none there)", () => {
    const { stack, build } = searchStack();
    const search = build({ sku: "free" });
    expect(serviceJson(stack).identity).toBeUndefined();
    expect(search.principalId).toBeUndefined();
  });

  describe("validation", () => {
    test("unknown tiers, with the portal's names mapped", () => {
      expectValidationError(() => searchStack().build({ sku: "S1" as never }), 'test/Search: sku "S1" is not an Azure AI Search tier; did you mean "standard"? (allowed: free, basic, standard, standard2, standard3, storage_optimized_l1, storage_optimized_l2)');
      expectValidationError(() => searchStack().build({ sku: "S3 HD" as never }), 'test/Search: sku "S3 HD" is not an Azure AI Search tier; did you mean "standard3"? (allowed: free, basic, standard, standard2, standard3, storage_optimized_l1, storage_optimized_l2)');
      expectValidationError(() => searchStack().build({ sku: "standart" as never }), 'test/Search: sku "standart" is not an Azure AI Search tier; did you mean "standard"? (allowed: free, basic, standard, standard2, standard3, storage_optimized_l1, storage_optimized_l2)');
    });

    test("replicas per tier", () => {
      expectValidationError(() => searchStack().build({ replicaCount: 4 }), 'test/Search: replicaCount 4 is not allowed on sku "basic" (allowed: 1 to 3)');
      expectValidationError(() => searchStack().build({ sku: "free", replicaCount: 2 }), 'test/Search: replicaCount 2 is not allowed on sku "free" (allowed: 1 to 1)');
      expectValidationError(() => searchStack().build({ sku: "standard", replicaCount: 13 }), 'test/Search: replicaCount 13 is not allowed on sku "standard" (allowed: 1 to 12)');
      expectValidationError(() => searchStack().build({ sku: "standard", replicaCount: 0 }), 'test/Search: replicaCount 0 is not allowed on sku "standard" (allowed: 1 to 12)');
      expectValidationError(() => searchStack().build({ sku: "standard", replicaCount: 1.5 }), 'test/Search: replicaCount 1.5 is not allowed on sku "standard" (allowed: 1 to 12)');
      searchStack().build({ replicaCount: 3 });
    });

    test("partitions per tier and hosting mode", () => {
      expectValidationError(() => searchStack().build({ partitionCount: 4 }), 'test/Search: partitionCount 4 is not allowed on sku "basic" (allowed: 1, 2, 3)');
      expectValidationError(() => searchStack().build({ sku: "standard", partitionCount: 5 }), 'test/Search: partitionCount 5 is not allowed on sku "standard" (allowed: 1, 2, 3, 4, 6, 12)');
      expectValidationError(() => searchStack().build({ sku: "free", partitionCount: 2 }), 'test/Search: partitionCount 2 is not allowed on sku "free" (allowed: 1)');
      expectValidationError(
        () => searchStack().build({ sku: "standard3", hostingMode: "highDensity", partitionCount: 4 }),
        'test/Search: partitionCount 4 is not allowed on sku "standard3" with hostingMode "highDensity" (allowed: 1, 2, 3)',
      );
      searchStack().build({ partitionCount: 3 });
      searchStack().build({ sku: "standard3", partitionCount: 12 });
    });

    test("search units: replicas x partitions within the tier's maximum", () => {
      expectValidationError(() => searchStack().build({ sku: "standard", replicaCount: 4, partitionCount: 12 }), 'test/Search: replicaCount 4 x partitionCount 12 is 48 search units; sku "standard" allows at most 36: lower one of them');
      const { stack, build } = searchStack();
      build({ sku: "standard", replicaCount: 3, partitionCount: 12 });
      expect(serviceJson(stack)).toMatchObject({ replica_count: 3, partition_count: 12 });
      searchStack().build({ replicaCount: 3, partitionCount: 3 });
    });

    test("high density is a standard3 feature", () => {
      expectValidationError(() => searchStack().build({ sku: "standard2", hostingMode: "highDensity" }), 'test/Search: hostingMode "highDensity" is available on sku "standard3" only (got "standard2"); leave hostingMode unset');
      const { stack, build } = searchStack();
      build({ sku: "standard3", hostingMode: "highDensity", partitionCount: 3 });
      expect(serviceJson(stack).hosting_mode).toBe("highDensity");
    });

    test("premium features are refused on the Free tier", () => {
      const { stack, rg } = testStack();
      const subnet = testSubnet({ stack, rg });
      expectValidationError(() => new SearchService(stack, "S1", { resourceGroup: rg, sku: "free", semanticRanker: "free" }), 'test/S1: semanticRanker is not available on sku "free" (a shared service); use "basic" or higher');
      expectValidationError(() => new SearchService(stack, "S2", { resourceGroup: rg, sku: "free", privateEndpoints: [{ subnet }] }), 'test/S2: privateEndpoints is not available on sku "free" (a shared service); use "basic" or higher');
      expectValidationError(() => new SearchService(stack, "S3", { resourceGroup: rg, sku: "free", customerManagedKeyEnforcement: true }), 'test/S3: customerManagedKeyEnforcement is not available on sku "free" (a shared service); use "basic" or higher');
    });

    test("enumerated props", () => {
      expectValidationError(() => searchStack().build({ semanticRanker: "premium" as never }), 'test/Search: semanticRanker "premium" is not allowed (allowed: free, standard)');
      expectValidationError(() => searchStack().build({ hostingMode: "HighDensity" as never }), 'test/Search: hostingMode "HighDensity" is not allowed; did you mean "highDensity"? (allowed: default, highDensity)');
      expectValidationError(
        () => searchStack().build({ localAuthentication: true, authenticationFailureMode: "http402" as never }),
        'test/Search: authenticationFailureMode "http402" is not allowed; did you mean "http403"? (allowed: http401WithBearerChallenge, http403)',
      );
    });
  });

  describe("authentication", () => {
    test("API keys on: Entra ID stays on too, with a 401 challenge by default", () => {
      const { stack, build } = searchStack();
      build({ localAuthentication: true });
      expect(serviceJson(stack)).toMatchObject({ local_authentication_enabled: true, authentication_failure_mode: "http401WithBearerChallenge" });
      const other = searchStack();
      other.build({ localAuthentication: true, authenticationFailureMode: "http403" });
      expect(serviceJson(other.stack).authentication_failure_mode).toBe("http403");
    });

    test("a failure mode without API keys is refused (azurerm rejects it)", () => {
      expectValidationError(
        () => searchStack().build({ authenticationFailureMode: "http403" }),
        'test/Search: authenticationFailureMode "http403" applies only with localAuthentication: true (with API keys off every request needs an Entra ID token); leave it out',
      );
    });
  });

  describe("network", () => {
    test("public access with an IP allow list, trusted services off", () => {
      const { stack, build } = searchStack();
      build({ publicNetworkAccess: true, allowedIps: ["203.0.113.7", "198.51.100.0/24"], trustedAzureServices: false });
      expect(serviceJson(stack)).toMatchObject({ public_network_access_enabled: true, allowed_ips: ["203.0.113.7", "198.51.100.0/24"], network_rule_bypass_option: "None" });
    });

    test("IP rules need public access, must be IPv4 and never the whole internet", () => {
      expectValidationError(
        () => searchStack().build({ allowedIps: ["203.0.113.7"] }),
        "test/Search: allowedIps need publicNetworkAccess: true (Azure applies IP rules to the public endpoint only); turn public access on, or reach the service through privateEndpoints",
      );
      expectValidationError(() => searchStack().build({ publicNetworkAccess: true, allowedIps: ["2001:db8::/32"] }), 'test/Search: allowedIps "2001:db8::/32" is not an IPv4 address or CIDR (allowed: e.g. "203.0.113.7" or "203.0.113.0/24")');
      expectValidationError(
        () => searchStack().build({ publicNetworkAccess: true, allowedIps: ["0.0.0.0/0"] }),
        'test/Search: allowedIps "0.0.0.0/0" admits every IPv4 address; list the addresses that need access, or reach the service through privateEndpoints',
      );
    });

    test("a private endpoint connects to the searchService sub-resource and registers in privatelink.search.windows.net", () => {
      const { stack, rg, build } = searchStack();
      const subnet = testSubnet({ stack, rg });
      const search = build({ privateEndpoints: [{ subnet }] });
      const json = synthJson(stack);
      const serviceId = onlyResourceId(json, "azurerm_search_service");
      const zoneId = onlyResourceId(json, "azurerm_private_dns_zone");
      expect(onlyResource(json, "azurerm_private_dns_zone").name).toBe("privatelink.search.windows.net");
      expect(onlyResource(json, "azurerm_private_endpoint")).toMatchObject({
        name: "pep-demo-dev-eus2-search",
        subnet_id: subnet.id,
        private_service_connection: {
          private_connection_resource_id: `\${azurerm_search_service.${serviceId}.id}`,
          subresource_names: ["searchService"],
          is_manual_connection: false,
        },
        private_dns_zone_group: { name: "default", private_dns_zone_ids: [`\${azurerm_private_dns_zone.${zoneId}.id}`] },
      });
      expect(search.privateEndpoints).toHaveLength(1);
    });

    test("an instance names the service and its private endpoint", () => {
      const { stack, rg, build } = searchStack();
      const search = build({ instance: "docs", privateEndpoints: [{ subnet: testSubnet({ stack, rg }) }] });
      expect(search.name).toMatch(/^srch-demo-dev-eus2-docs-[a-z0-9]{4}$/);
      expect(onlyResource(synthJson(stack), "azurerm_private_endpoint").name).toBe("pep-demo-dev-eus2-search-docs");
    });
  });

  describe("shared private links", () => {
    const STORAGE = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/stdocs";

    test("a link to a private storage account for an indexer", () => {
      const { stack, build } = searchStack();
      const search = build();
      const link = search.addSharedPrivateLink("docs-blob", { targetResourceId: STORAGE, subresourceName: "blob", requestMessage: "indexer for docs" });
      const serviceId = onlyResourceId(synthJson(stack), "azurerm_search_service");
      expect(onlyResource(synthJson(stack), "azurerm_search_shared_private_link_service")).toEqual({
        name: "docs-blob",
        search_service_id: `\${azurerm_search_service.${serviceId}.id}`,
        target_resource_id: STORAGE,
        subresource_name: "blob",
        request_message: "indexer for docs",
      });
      expect(search.sharedPrivateLinks["docs-blob"]).toBe(link);
    });

    test("refused on Free, with a bad name, an empty sub-resource, or twice", () => {
      const free = searchStack().build({ sku: "free" });
      expectValidationError(() => free.addSharedPrivateLink("blob", { targetResourceId: STORAGE, subresourceName: "blob" }), 'test/Search/blob: shared private links are not available on sku "free"; use "basic" or higher');
      const search = searchStack().build();
      expectValidationError(
        () => search.addSharedPrivateLink("blob", { name: "-blob", targetResourceId: STORAGE, subresourceName: "blob" }),
        'test/Search/blob: shared private link name "-blob" has characters Azure rejects (allowed: 1-80 letters, digits, "_", "." and "-", starting with a letter or digit)',
      );
      expectValidationError(() => search.addSharedPrivateLink("blob", { targetResourceId: STORAGE, subresourceName: " " }), 'test/Search/blob: subresourceName is empty (give the target\'s Private Link group id, e.g. "blob")');
      search.addSharedPrivateLink("blob", { targetResourceId: STORAGE, subresourceName: "blob" });
      expectValidationError(() => search.addSharedPrivateLink("blob", { targetResourceId: STORAGE, subresourceName: "blob" }), 'test/Search: shared private link "blob" is defined twice');
    });
  });

  test("diagnostic settings send the operation logs and metrics", () => {
    const { stack, build } = searchStack();
    build({ diagnosticSettings: { workspaceId: "/subscriptions/0/ws" } });
    const json = synthJson(stack);
    const serviceId = onlyResourceId(json, "azurerm_search_service");
    expect(onlyResource(json, "azurerm_monitor_diagnostic_setting")).toMatchObject({
      target_resource_id: `\${azurerm_search_service.${serviceId}.id}`,
      log_analytics_workspace_id: "/subscriptions/0/ws",
      enabled_log: [{ category_group: "allLogs" }],
      enabled_metric: [{ category: "AllMetrics" }],
    });
  });

  test("protection: lock and prevent_destroy", () => {
    const { stack, build } = searchStack();
    const search = build({ lock: "CanNotDelete", preventDestroy: true });
    const serviceId = onlyResourceId(synthJson(stack), "azurerm_search_service");
    expect(serviceJson(stack).lifecycle).toEqual({ prevent_destroy: true });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ManagementLock, { name: `lock-${search.name}`, lock_level: "CanNotDelete", scope: `\${azurerm_search_service.${serviceId}.id}` });
  });

  describe("grants", () => {
    test("index data reader, index data contributor and service contributor on the service", () => {
      const { stack, build } = searchStack();
      const search = build();
      search.grantIndexDataReader(APP);
      search.grantIndexDataContributor(APP, "Indexer");
      search.grantServiceContributor({ principalId: "66666666-7777-8888-9999-000000000000", principalType: "Group" });
      const json = synthJson(stack);
      const serviceId = onlyResourceId(json, "azurerm_search_service");
      const grants = Object.values(resourcesOf(json, "azurerm_role_assignment")).map((g) => [g.role_definition_name, g.principal_id, g.principal_type, g.scope]);
      const scope = `\${azurerm_search_service.${serviceId}.id}`;
      expect(grants).toEqual([
        ["Search Index Data Reader", APP.principalId, "ServicePrincipal", scope],
        ["Search Index Data Contributor", APP.principalId, "ServicePrincipal", scope],
        ["Search Service Contributor", "66666666-7777-8888-9999-000000000000", "Group", scope],
      ]);
    });

    test("the roles have their built-in ids for deployers that may assign them", () => {
      expect(ROLE_DEFINITION_IDS["Search Index Data Reader"]).toBe("1407120a-92aa-4202-b7e9-c0e197c71c8f");
      expect(ROLE_DEFINITION_IDS["Search Index Data Contributor"]).toBe("8ebe5a00-799e-43f5-93ac-243d3dce84a7");
      expect(ROLE_DEFINITION_IDS["Search Service Contributor"]).toBe("7ca78c08-252a-4471-8644-bb5ff32d4ba0");
    });
  });

  describe("names", () => {
    test("Azure's rule: 2-60 lowercase letters, digits and single hyphens, no hyphen first, second or last", () => {
      expect(NAMING_RULES.searchService.abbreviation).toBe("srch");
      for (const ok of ["ab", "a1", "srch-docs-1", "a".repeat(60)]) expect(checkName("p", "searchService", ok)).toBe(ok);
      for (const bad of ["a", "-ab", "a-b", "ab-", "ab--c", "Abc", "ab_c", "a".repeat(61)]) expect(() => checkName("p", "searchService", bad)).toThrow();
      expectValidationError(
        () => searchStack().build({ name: "Docs" }),
        'test/Search: Azure AI Search service name "Docs" has characters or a shape Azure rejects; Azure allows 2-60 characters, lowercase letters, digits and single hyphens, not a hyphen in the first two or the last place; globally unique',
      );
    });

    test("a given name is used as written; outside an AzureStack a name is required", () => {
      const plain = new TerraformStack(Testing.app(), "plain");
      const rg: IResourceGroup = { name: "rg-search", location: "westeurope", id: "/subscriptions/0/resourceGroups/rg-search" };
      expectValidationError(() => new SearchService(plain, "Search", { resourceGroup: rg }), "plain/Search: no name given and no AzureStack (or BlueprintStack) to generate one; pass the `name` prop");
      const search = new SearchService(plain, "Named", { resourceGroup: rg, name: "contoso-docs" });
      expect(search.endpoint).toBe("https://contoso-docs.search.windows.net");
      expect(onlyResource(synthJson(plain), "azurerm_search_service")).toMatchObject({ name: "contoso-docs", location: "westeurope", resource_group_name: "rg-search" });
    });
  });

  describe("policy", () => {
    function findings(tier: "dev" | "prod", props: Partial<SearchServiceProps> = {}): string[] {
      const { stack, build } = searchStack({ environment: { name: tier, tier } });
      build(props);
      return evaluate(AZURE_RULES, { name: "test", tier, json: synthJson(stack) }, [])
        .findings.filter((f) => f.resourceType === "azurerm_search_service")
        .map((f) => `${f.ruleId} ${f.message}`);
    }

    test("the defaults comply in dev; in prod one replica is below both SLAs", () => {
      expect(findings("dev")).toEqual([]);
      expect(findings("prod")).toEqual([
        "AZ-SRCH-003 replica_count is 1 in a prod stack (the query SLA needs 2)",
        "AZ-SRCH-004 replica_count is 1 in a prod stack (the SLA for queries and indexing needs 3)",
      ]);
      expect(findings("prod", { replicaCount: 3 })).toEqual([]);
    });

    test("relaxations are reported", () => {
      expect(findings("dev", { localAuthentication: true, publicNetworkAccess: true })).toEqual(["AZ-AI-001 local_authentication_enabled is true", "AZ-AI-002 public_network_access_enabled is true"]);
    });
  });
});
