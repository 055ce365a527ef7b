import { EventhubNamespace } from "@cdktf/provider-azurerm/lib/eventhub-namespace";
import { TerraformStack, Testing } from "cdktf";
import type { IResourceGroup } from "../../../lib/core/interfaces";
import { EVENT_HUB_TIER_LIMITS, EventHub, type EventHubProps } from "../../../lib/integration/event-hub";
import { evaluate } from "../../../lib/policy/engine";
import { AZURE_RULES } from "../../../lib/policy/rules";
import { ROLE_DEFINITION_IDS } from "../../../lib/security/github-deployer";
import { type TerraformJson, expectValidationError, onlyResource, onlyResourceId, rendered, resourcesOf, synthJson, testStack, testSubnet } from "../../helpers/stack";

function hubStack(props: Partial<EventHubProps> = {}) {
  const { stack, rg } = testStack();
  let n = 0;
  // Each call after the first gets its own construct id (a refused construct keeps its id).
  const build = (more: Partial<EventHubProps> = {}) => new EventHub(stack, n++ ? `Events${n}` : "Events", { resourceGroup: rg, ...props, ...more, instance: n > 1 ? `i${n}` : more.instance });
  return { stack, rg, build };
}

const APP = { principalId: "11111111-2222-3333-4444-555555555555" };

describe("EventHub", () => {
  test("Standard defaults: Entra ID only, TLS 1.2, no public endpoint, system-assigned identity, 1 throughput unit", () => {
    const { stack, build } = hubStack();
    const ns = build();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(EventhubNamespace, {
      sku: "Standard",
      capacity: 1,
      local_authentication_enabled: false,
      minimum_tls_version: "1.2",
      public_network_access_enabled: false,
      identity: { type: "SystemAssigned" },
    });
    const json = synthJson(stack);
    const raw = onlyResource(json, "azurerm_eventhub_namespace");
    expect(raw.auto_inflate_enabled).toBeUndefined();
    expect(raw.network_rulesets).toBeUndefined();
    expect(ns.name).toMatch(/^evhns-demo-dev-eus2-[a-z0-9]{4}$/);
    expect(ns.fullyQualifiedNamespace).toBe(`${ns.name}.servicebus.windows.net`);
    const id = onlyResourceId(json, "azurerm_eventhub_namespace");
    expect(rendered(stack, ns.principalId)).toBe(`\${azurerm_eventhub_namespace.${id}.identity[0].principal_id}`);
    expect(resourcesOf(json, "azurerm_management_lock")).toEqual({});
  });

  test("Basic keeps its public endpoint (no private path) and refuses what it lacks", () => {
    const { stack, rg, build } = hubStack({ sku: "Basic" });
    const ns = build();
    expect(onlyResource(synthJson(stack), "azurerm_eventhub_namespace").public_network_access_enabled).toBe(true);
    const hub = ns.addHub("clicks");
    expectValidationError(() => hub.addConsumerGroup("analytics"), 'test/Events/Hub-clicks: consumer group "analytics" would be group 2 of event hub "clicks" ($Default included); Basic allows 1 (only $Default): use sku "Standard"');
    expectValidationError(() => ns.addHub("views", { retentionDays: 2 }), 'test/Events/Hub-views: event hub "views" retentionDays 2 is not allowed on Basic (allowed: 1; Premium keeps events up to 90 days)');
    expectValidationError(
      () => ns.addHub("raw", { captureToStorage: { storageAccountResourceId: "/subscriptions/0/sa", containerName: "capture" } }),
      'test/Events/Hub-raw: event hub "raw" has captureToStorage, and the namespace is Basic (Capture is not available on Basic); use sku "Standard" or drop captureToStorage',
    );
    expectValidationError(() => build({ privateEndpoints: [{ subnet: testSubnet({ stack, rg }) }] }), 'test/Events2: privateEndpoints need the Standard or Premium tier (Basic has no private endpoints); use sku "Standard" or drop privateEndpoints');
  });

  test("capacity, auto-inflate and sku validation", () => {
    const { stack, build } = hubStack();
    expectValidationError(() => build({ sku: "Dedicated" as never }), 'test/Events: sku "Dedicated" is not an Event Hubs tier (allowed: Basic, Standard, Premium)');
    expectValidationError(() => build({ capacity: 41 }), "test/Events2: capacity 41 is out of range (allowed: 1 to 40)");
    expectValidationError(() => build({ sku: "Premium", capacity: 3 }), "test/Events3: capacity 3 is not a Premium processing unit count (allowed: 1, 2, 4, 8, 16)");
    expectValidationError(
      () => build({ sku: "Premium", autoInflateMaxThroughputUnits: 4 }),
      'test/Events4: autoInflateMaxThroughputUnits is set, and the tier is Premium; auto-inflate is a Standard feature (Premium scales by processing units); drop it or use sku "Standard"',
    );
    expectValidationError(() => build({ capacity: 4, autoInflateMaxThroughputUnits: 2 }), "test/Events5: autoInflateMaxThroughputUnits 2 is below capacity 4; the maximum must be at least the starting throughput units");
    build({ capacity: 2, autoInflateMaxThroughputUnits: 10 });
    expect(onlyResource(synthJson(stack), "azurerm_eventhub_namespace")).toMatchObject({ capacity: 2, auto_inflate_enabled: true, maximum_throughput_units: 10 });
  });

  test("hubs: partitions, retention, capture; limits per tier", () => {
    const { stack, build } = hubStack();
    const ns = build();
    const hub = ns.addHub("analytics", {
      partitionCount: 8,
      retentionDays: 7,
      captureToStorage: { storageAccountResourceId: "/subscriptions/0/sa", containerName: "capture", intervalSeconds: 120 },
    });
    const json = synthJson(stack);
    const nsId = onlyResourceId(json, "azurerm_eventhub_namespace");
    expect(onlyResource(json, "azurerm_eventhub")).toMatchObject({
      name: "analytics",
      namespace_id: `\${azurerm_eventhub_namespace.${nsId}.id}`,
      partition_count: 8,
      message_retention: 7,
      capture_description: {
        enabled: true,
        encoding: "Avro",
        interval_in_seconds: 120,
        size_limit_in_bytes: 314572800,
        skip_empty_archives: true,
        destination: { name: "EventHubArchive.AzureBlockBlob", blob_container_name: "capture", storage_account_id: "/subscriptions/0/sa" },
      },
    });
    expect(hub.partitionCount).toBe(8);
    expectValidationError(() => ns.addHub("big", { partitionCount: 33 }), 'test/Events/Hub-big: event hub "big" partitionCount 33 is not allowed on Standard (allowed: 1 to 32)');
    expectValidationError(() => ns.addHub("long", { retentionDays: 8 }), 'test/Events/Hub-long: event hub "long" retentionDays 8 is not allowed on Standard (allowed: 1 to 7; Premium keeps events up to 90 days)');
    expectValidationError(
      () => ns.addHub("cap", { captureToStorage: { storageAccountResourceId: "/s", containerName: "c", intervalSeconds: 30 } }),
      "test/Events/Hub-cap: captureToStorage.intervalSeconds 30 is out of range (allowed: 60 to 900)",
    );
    expectValidationError(() => ns.addHub("analytics"), 'test/Events: event hub "analytics" is defined twice');
    expectValidationError(
      () => ns.addHub("bad name"),
      'test/Events/Hub-bad name: event hub name "bad name" has characters or a shape Azure rejects; Azure allows 1-256 characters, letters, digits, periods, hyphens and underscores, starting and ending with a letter or digit; unique within its parent resource',
    );
  });

  test("at most 10 hubs below Premium; Premium takes 100 partitions and 90 days", () => {
    const { build } = hubStack();
    const ns = build();
    for (let i = 1; i <= 10; i++) ns.addHub(`h${i}`);
    expectValidationError(() => ns.addHub("h11"), 'test/Events: event hub "h11" would be hub 11 of the namespace; Standard allows 10; use another namespace or Premium');
    const premium = build({ sku: "Premium" });
    premium.addHub("wide", { partitionCount: 100, retentionDays: 90 });
    expectValidationError(() => premium.addHub("wider", { partitionCount: 101 }), 'test/Events2/Hub-wider: event hub "wider" partitionCount 101 is not allowed on Premium (allowed: 1 to 100)');
  });

  test("consumer groups: $Default reserved, 20 per hub on Standard", () => {
    const { stack, build } = hubStack();
    const hub = build().addHub("clicks");
    hub.addConsumerGroup("stream-analytics", { userMetadata: "aggregation" });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_eventhub_consumer_group")).toMatchObject({ name: "stream-analytics", user_metadata: "aggregation" });
    expectValidationError(() => hub.addConsumerGroup("$Default"), 'test/Events/Hub-clicks: consumer group "$Default" exists in every event hub; choose another name');
    expectValidationError(() => hub.addConsumerGroup("stream-analytics"), 'test/Events/Hub-clicks: consumer group "stream-analytics" is defined twice');
    for (let i = 3; i <= 20; i++) hub.addConsumerGroup(`g${i}`);
    expectValidationError(() => hub.addConsumerGroup("g21"), 'test/Events/Hub-clicks: consumer group "g21" would be group 21 of event hub "clicks" ($Default included); Standard allows 20');
  });

  test("grants on the namespace and on one hub; the roles have ids", () => {
    const { stack, build } = hubStack();
    const ns = build();
    const hub = ns.addHub("clicks");
    ns.grantSend(APP);
    hub.grantReceive(APP);
    const json = synthJson(stack);
    const grants = Object.values(resourcesOf(json, "azurerm_role_assignment"));
    const nsId = onlyResourceId(json, "azurerm_eventhub_namespace");
    const hubId = onlyResourceId(json, "azurerm_eventhub");
    expect(grants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ scope: `\${azurerm_eventhub_namespace.${nsId}.id}`, role_definition_name: "Azure Event Hubs Data Sender", principal_id: APP.principalId }),
        expect.objectContaining({ scope: `\${azurerm_eventhub.${hubId}.id}`, role_definition_name: "Azure Event Hubs Data Receiver" }),
      ]),
    );
    expectValidationError(() => ns.grantSend(APP), 'test/Events: grant "DataSender" is defined twice');
    expect(ROLE_DEFINITION_IDS["Azure Event Hubs Data Sender"]).toBe("2b629674-e913-4c01-ae53-ef4638d8f975");
    expect(ROLE_DEFINITION_IDS["Azure Event Hubs Data Receiver"]).toBe("a638d3c7-ab3a-418d-83e6-5f17a39d4fde");
  });

  test("private endpoints, IP rules, diagnostics, lock and preventDestroy", () => {
    const { stack, rg, build } = hubStack();
    const ns = build({ privateEndpoints: [{ subnet: testSubnet({ stack, rg }) }], lock: "CanNotDelete", preventDestroy: true, diagnosticSettings: { workspaceId: "/subscriptions/0/ws" } });
    const json = synthJson(stack);
    const nsId = onlyResourceId(json, "azurerm_eventhub_namespace");
    expect(onlyResource(json, "azurerm_private_endpoint")).toMatchObject({
      name: "pep-demo-dev-eus2-evhns",
      private_service_connection: { private_connection_resource_id: `\${azurerm_eventhub_namespace.${nsId}.id}`, subresource_names: ["namespace"] },
    });
    expect(onlyResource(json, "azurerm_private_dns_zone").name).toBe("privatelink.servicebus.windows.net");
    expect(onlyResource(json, "azurerm_monitor_diagnostic_setting")).toMatchObject({ target_resource_id: `\${azurerm_eventhub_namespace.${nsId}.id}` });
    expect(onlyResource(json, "azurerm_management_lock")).toMatchObject({ lock_level: "CanNotDelete", name: `lock-${ns.name}` });
    expect(onlyResource(json, "azurerm_eventhub_namespace").lifecycle).toEqual({ prevent_destroy: true });

    const other = hubStack();
    expectValidationError(() => other.build({ allowedIpRanges: ["203.0.113.0/24"] }), "test/Events: allowedIpRanges need publicNetworkAccess: true (they filter the public endpoint)");
    expectValidationError(() => other.build({ publicNetworkAccess: true, allowedIpRanges: ["300.1.1.1"] }), 'test/Events2: allowedIpRanges entry "300.1.1.1" is not an IPv4 address or CIDR');
    other.build({ publicNetworkAccess: true, allowedIpRanges: ["203.0.113.0/24"] });
    expect(onlyResource(synthJson(other.stack), "azurerm_eventhub_namespace").network_rulesets).toMatchObject([
      { default_action: "Deny", public_network_access_enabled: true, trusted_service_access_enabled: false, ip_rule: [{ ip_mask: "203.0.113.0/24", action: "Allow" }] },
    ]);
  });

  test("a given name is used as written; outside an AzureStack a name is required", () => {
    const plain = new TerraformStack(Testing.app(), "plain");
    const rg: IResourceGroup = { name: "rg-ugc", location: "westeurope", id: "/subscriptions/0/resourceGroups/rg-ugc" };
    expectValidationError(() => new EventHub(plain, "Events", { resourceGroup: rg }), "plain/Events: no name given and no AzureStack (or BlueprintStack) to generate one; pass the `name` prop");
    const ns = new EventHub(plain, "Named", { resourceGroup: rg, name: "ugc-analytics-weu" });
    ns.addHub("views").grantSend(APP);
    const json = JSON.parse(Testing.synth(plain)) as TerraformJson;
    expect(onlyResource(json, "azurerm_eventhub_namespace")).toMatchObject({ name: "ugc-analytics-weu", location: "westeurope", resource_group_name: "rg-ugc" });
    expect(onlyResource(json, "azurerm_eventhub").name).toBe("views");
    expectValidationError(
      () => new EventHub(plain, "Bad", { resourceGroup: rg, name: "ugc-sb" }),
      'plain/Bad: Event Hubs namespace name "ugc-sb" has characters or a shape Azure rejects; Azure allows 6-50 characters, letters, digits and hyphens, starting with a letter, ending with a letter or digit, not ending with -sb or -mgmt; globally unique',
    );
  });

  test("a bare prod namespace needs protection and diagnostics (AZ-PROT, AZ-DIAG); the protected one passes", () => {
    const { stack, build } = hubStack();
    build();
    const findings = (json: TerraformJson) =>
      evaluate(AZURE_RULES, { name: "test", tier: "prod", json, date: "2026-11-29" }, []).findings.filter((f) => f.resourceType === "azurerm_eventhub_namespace").map((f) => f.ruleId).sort();
    expect(findings(synthJson(stack))).toEqual(["AZ-DIAG-001", "AZ-PROT-001", "AZ-PROT-002"]);
    const safe = hubStack();
    safe.build({ lock: "CanNotDelete", preventDestroy: true, diagnosticSettings: { workspaceId: "/subscriptions/0/ws" } });
    expect(findings(synthJson(safe.stack))).toEqual([]);
  });

  test("the per-tier limits table", () => {
    expect(Object.fromEntries(Object.entries(EVENT_HUB_TIER_LIMITS).map(([k, l]) => [k, [l.maxPartitions, l.maxRetentionDays, l.maxConsumerGroups, l.capture, l.privateNetworking]]))).toEqual({
      Basic: [32, 1, 1, false, false],
      Standard: [32, 7, 20, true, true],
      Premium: [100, 90, 100, true, true],
    });
  });

  test("policy: the construct's defaults pass the Event Hubs rules; SAS keys, old TLS and a public Standard namespace fail", () => {
    const { stack, build } = hubStack();
    build();
    const ids = (s: TerraformStack) => evaluate(AZURE_RULES, { name: "test", tier: "prod", json: JSON.parse(Testing.synth(s)) as TerraformJson, date: "2026-11-29" }, []).findings.filter((f) => f.ruleId.startsWith("AZ-EVH")).map((f) => f.ruleId);
    expect(ids(stack)).toEqual([]);
    const bad = new TerraformStack(Testing.app(), "bad");
    new EventhubNamespace(bad, "Ns", { name: "evhns-bad", location: "westeurope", resourceGroupName: "rg", sku: "Standard" });
    expect(ids(bad).sort()).toEqual(["AZ-EVH-001", "AZ-EVH-003", "AZ-EVH-004"]);
    const tls = new TerraformStack(Testing.app(), "tls");
    new EventhubNamespace(tls, "Ns", { name: "evhns-tls", location: "westeurope", resourceGroupName: "rg", sku: "Basic", localAuthenticationEnabled: false, minimumTlsVersion: "1.1", identity: { type: "SystemAssigned" } });
    expect(ids(tls)).toEqual(["AZ-EVH-002"]);
  });
});
