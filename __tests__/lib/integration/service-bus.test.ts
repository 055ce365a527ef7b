import { ServicebusNamespace } from "@cdktf/provider-azurerm/lib/servicebus-namespace";
import { TerraformStack, Testing } from "cdktf";
import type { IResourceGroup } from "../../../lib/core/interfaces";
import type { EnvironmentConfig } from "../../../lib/framework/environment-config";
import {
  SERVICE_BUS_TIER_FEATURES,
  ServiceBus,
  type ServiceBusProps,
  isoDuration,
} from "../../../lib/integration/service-bus";
import { evaluate } from "../../../lib/policy/engine";
import { AZURE_RULES } from "../../../lib/policy/rules";
import { ROLE_DEFINITION_IDS } from "../../../lib/security/github-deployer";
import { ManagedIdentity } from "../../../lib/security/managed-identity";
import { type TerraformJson, expectValidationError, onlyResource, onlyResourceId, rendered, resourcesOf, synthJson, testStack, testSubnet } from "../../helpers/stack";

function busStack(props: Partial<ServiceBusProps> = {}, environment: Partial<EnvironmentConfig> = {}) {
  const { stack, rg } = testStack({ environment });
  const build = (more: Partial<ServiceBusProps> = {}) => new ServiceBus(stack, "Bus", { resourceGroup: rg, ...props, ...more });
  return { stack, rg, build };
}

function byName(json: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.values(resourcesOf(json, type)).map((r) => [r.name as string, r]));
}

const APP = { principalId: "11111111-2222-3333-4444-555555555555" };

describe("ServiceBus", () => {
  test("Standard defaults: Entra ID only, TLS 1.2, public endpoint (no private path below Premium), system-assigned identity, no capacity", () => {
    const { stack, build } = busStack();
    const bus = build();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ServicebusNamespace, {
      sku: "Standard",
      local_auth_enabled: false,
      minimum_tls_version: "1.2",
      public_network_access_enabled: true,
      identity: { type: "SystemAssigned" },
      location: "eastus2",
    });
    const ns = onlyResource(synthJson(stack), "azurerm_servicebus_namespace");
    expect(ns.capacity).toBeUndefined();
    expect(ns.premium_messaging_partitions).toBeUndefined();
    expect(ns.customer_managed_key).toBeUndefined();
    expect(bus.name).toMatch(/^sbns-demo-dev-eus2-[a-z0-9]{4}$/);
    expect(bus.fullyQualifiedNamespace).toBe(`${bus.name}.servicebus.windows.net`);
    expect(bus.sku).toBe("Standard");
    expect([bus.capacity, bus.premiumMessagingPartitions]).toEqual([0, 0]);
    expect(resourcesOf(synthJson(stack), "azurerm_monitor_diagnostic_setting")).toEqual({});
    expect(resourcesOf(synthJson(stack), "azurerm_management_lock")).toEqual({});
  });

  test("id, endpoint and principal id are the namespace's attributes", () => {
    const { stack, build } = busStack();
    const bus = build();
    const id = onlyResourceId(synthJson(stack), "azurerm_servicebus_namespace");
    expect(rendered(stack, bus.id)).toBe(`\${azurerm_servicebus_namespace.${id}.id}`);
    expect(rendered(stack, bus.endpoint)).toBe(`\${azurerm_servicebus_namespace.${id}.endpoint}`);
    expect(rendered(stack, bus.principalId)).toBe(`\${azurerm_servicebus_namespace.${id}.identity[0].principal_id}`);
  });

  test("Premium defaults: one messaging unit, one partition, public endpoint closed", () => {
    const { stack, build } = busStack();
    const bus = build({ sku: "Premium" });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(ServicebusNamespace, {
      sku: "Premium",
      capacity: 1,
      premium_messaging_partitions: 1,
      public_network_access_enabled: false,
      local_auth_enabled: false,
    });
    expect([bus.capacity, bus.premiumMessagingPartitions]).toEqual([1, 1]);
  });

  test("the 9Vectors queues on Premium: TTL, delivery count, dead-lettering, batching, large messages; priority is a queue of its own", () => {
    const { stack, build } = busStack();
    const bus = build({ sku: "Premium" });
    bus.addQueue("document-processing", { defaultMessageTtl: { hours: 24 }, maxDeliveryCount: 3, deadLetteringOnMessageExpiration: true });
    bus.addQueue("ai-analysis", { defaultMessageTtl: { hours: 12 }, maxDeliveryCount: 5, batchedOperations: true });
    bus.addQueue("notifications", { defaultMessageTtl: "PT6H", maxDeliveryCount: 3 });
    bus.addQueue("exports", { defaultMessageTtl: { hours: 48 }, maxDeliveryCount: 1, maxMessageSizeKb: 102400 });
    const queues = byName(synthJson(stack), "azurerm_servicebus_queue");
    const nsId = onlyResourceId(synthJson(stack), "azurerm_servicebus_namespace");
    expect(queues["document-processing"]).toEqual({
      name: "document-processing",
      namespace_id: `\${azurerm_servicebus_namespace.${nsId}.id}`,
      default_message_ttl: "P1D",
      max_delivery_count: 3,
      dead_lettering_on_message_expiration: true,
      partitioning_enabled: false,
    });
    expect(queues["ai-analysis"]).toMatchObject({ default_message_ttl: "PT12H", max_delivery_count: 5, batched_operations_enabled: true });
    expect(queues.notifications).toMatchObject({ default_message_ttl: "PT6H", max_delivery_count: 3 });
    expect(queues.exports).toMatchObject({ default_message_ttl: "P2D", max_delivery_count: 1, max_message_size_in_kilobytes: 102400 });
    expect(Object.keys(bus.queues)).toEqual(["document-processing", "ai-analysis", "notifications", "exports"]);
  });

  test("every queue setting reaches the JSON (Standard)", () => {
    const { stack, build } = busStack();
    const bus = build();
    const dlq = bus.addQueue("poison");
    const topic = bus.addTopic("events");
    bus.addQueue("orders", {
      defaultMessageTtl: { days: 1, hours: 1, minutes: 1, seconds: 1 },
      maxDeliveryCount: 7,
      deadLetteringOnMessageExpiration: true,
      lockDuration: { minutes: 5 },
      requiresSession: true,
      forwardTo: topic,
      forwardDeadLetteredMessagesTo: dlq,
      batchedOperations: false,
      autoDeleteOnIdle: { minutes: 5 },
      maxSizeMb: 5120,
      duplicateDetectionWindow: { minutes: 10 },
      partitioning: true,
    });
    expect(byName(synthJson(stack), "azurerm_servicebus_queue").orders).toMatchObject({
      default_message_ttl: "P1DT1H1M1S",
      max_delivery_count: 7,
      dead_lettering_on_message_expiration: true,
      lock_duration: "PT5M",
      requires_session: true,
      forward_to: "events",
      forward_dead_lettered_messages_to: "poison",
      batched_operations_enabled: false,
      auto_delete_on_idle: "PT5M",
      max_size_in_megabytes: 5120,
      requires_duplicate_detection: true,
      duplicate_detection_history_time_window: "PT10M",
      partitioning_enabled: true,
    });
    // Unset settings are left to azurerm's defaults.
    expect(Object.keys(byName(synthJson(stack), "azurerm_servicebus_queue").poison).sort()).toEqual(["name", "namespace_id"]);
  });

  test("a Premium namespace with 2 or 4 partitions partitions every queue and topic; capacity defaults to the partitions", () => {
    const { stack, build } = busStack();
    const bus = build({ sku: "Premium", premiumMessagingPartitions: 4 });
    bus.addQueue("jobs");
    bus.addTopic("events");
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_servicebus_namespace")).toMatchObject({ capacity: 4, premium_messaging_partitions: 4 });
    expect(onlyResource(json, "azurerm_servicebus_queue").partitioning_enabled).toBe(true);
    expect(onlyResource(json, "azurerm_servicebus_topic").partitioning_enabled).toBe(true);
  });

  test("durations: parts render as the shortest ISO 8601 text", () => {
    expect(isoDuration({ hours: 24 })).toBe("P1D");
    expect(isoDuration({ hours: 48 })).toBe("P2D");
    expect(isoDuration({ minutes: 90 })).toBe("PT1H30M");
    expect(isoDuration({ seconds: 45 })).toBe("PT45S");
    expect(isoDuration({ days: 7 })).toBe("P7D");
  });

  test("topics and subscriptions: settings, and filters written into the $Default rule by a template deployment", () => {
    const { stack, build } = busStack();
    const bus = build({ sku: "Premium" });
    const topic = bus.addTopic("jobs", { defaultMessageTtl: { days: 2 }, maxMessageSizeKb: 10240, duplicateDetectionWindow: "PT1H", supportOrdering: true });
    const all = topic.addSubscription("audit");
    const render = topic.addSubscription("render", { maxDeliveryCount: 4, requiresSession: true, deadLetteringOnMessageExpiration: true, filter: { correlation: { label: "render", properties: { tier: "gpu" } } } });
    topic.addSubscription("big", { filter: { sql: "size > 100" } });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_servicebus_topic")).toMatchObject({
      name: "jobs",
      default_message_ttl: "P2D",
      max_message_size_in_kilobytes: 10240,
      requires_duplicate_detection: true,
      duplicate_detection_history_time_window: "PT1H",
      support_ordering: true,
      partitioning_enabled: false,
    });
    const subs = byName(json, "azurerm_servicebus_subscription");
    expect(subs.audit).toMatchObject({ name: "audit", max_delivery_count: 10 });
    expect(subs.render).toMatchObject({ max_delivery_count: 4, requires_session: true, dead_lettering_on_message_expiration: true });
    expect(all.filterDeployment).toBeUndefined();
    expect(resourcesOf(json, "azurerm_servicebus_subscription_rule")).toEqual({});

    const deployments = Object.values(resourcesOf(json, "azurerm_resource_group_template_deployment"));
    expect(deployments).toHaveLength(2);
    const renderDeployment = deployments.find((d) => String(d.parameters_content).includes("CorrelationFilter")) as Record<string, unknown>;
    expect(renderDeployment).toMatchObject({ deployment_mode: "Incremental", resource_group_name: onlyResource(json, "azurerm_servicebus_namespace").resource_group_name });
    expect(renderDeployment.name).toMatch(/^sbrule-[0-9a-f]{16}$/);
    const template = JSON.parse(renderDeployment.template_content as string);
    expect(template.resources[0]).toMatchObject({
      type: "Microsoft.ServiceBus/namespaces/topics/subscriptions/rules",
      apiVersion: "2021-11-01",
      name: "[format('{0}/{1}/{2}/$Default', parameters('namespaceName'), parameters('topicName'), parameters('subscriptionName'))]",
    });
    const subId = Object.entries(resourcesOf(json, "azurerm_servicebus_subscription")).find(([, r]) => r.name === "render")?.[0];
    expect(renderDeployment.depends_on).toEqual([`azurerm_servicebus_subscription.${subId}`]);
    expect(renderDeployment.parameters_content).toBe(
      `\${jsonencode({"namespaceName" = {"value" = "${bus.name}"}, "topicName" = {"value" = "jobs"}, "subscriptionName" = {"value" = "render"}, ` +
        `"ruleProperties" = {"value" = {"filterType" = "CorrelationFilter", "correlationFilter" = {"label" = "render", "properties" = {"tier" = "gpu"}}}}})}`,
    );
    const sqlDeployment = deployments.find((d) => d !== renderDeployment) as Record<string, unknown>;
    expect(sqlDeployment.parameters_content).toContain('"ruleProperties" = {"value" = {"filterType" = "SqlFilter", "sqlFilter" = {"sqlExpression" = "size > 100"}}}');
    expect(render.filterDeployment).toBeDefined();
  });

  describe("grants", () => {
    test("on the namespace: Data Sender, Receiver, Owner scoped to it", () => {
      const { stack, build } = busStack();
      const bus = build();
      bus.grantSend(APP);
      bus.grantReceive(APP);
      bus.grantOwner(APP, "Keda");
      const nsId = onlyResourceId(synthJson(stack), "azurerm_servicebus_namespace");
      const grants = Object.values(resourcesOf(synthJson(stack), "azurerm_role_assignment"));
      expect(grants.map((g) => [g.role_definition_name, g.scope, g.principal_id, g.principal_type]).sort()).toEqual([
        ["Azure Service Bus Data Sender", `\${azurerm_servicebus_namespace.${nsId}.id}`, APP.principalId, "ServicePrincipal"],
        ["Azure Service Bus Data Receiver", `\${azurerm_servicebus_namespace.${nsId}.id}`, APP.principalId, "ServicePrincipal"],
        ["Azure Service Bus Data Owner", `\${azurerm_servicebus_namespace.${nsId}.id}`, APP.principalId, "ServicePrincipal"],
      ].sort());
    });

    test("on one queue, topic or subscription: scoped to the entity", () => {
      const { stack, build } = busStack();
      const bus = build();
      const queue = bus.addQueue("jobs");
      const topic = bus.addTopic("events");
      const sub = topic.addSubscription("mail");
      queue.grantSend(APP);
      queue.grantReceive(APP);
      queue.grantOwner(APP);
      topic.grantSend(APP);
      topic.grantReceive(APP);
      topic.grantOwner(APP);
      sub.grantReceive(APP);
      const json = synthJson(stack);
      const qId = onlyResourceId(json, "azurerm_servicebus_queue");
      const tId = onlyResourceId(json, "azurerm_servicebus_topic");
      const sId = onlyResourceId(json, "azurerm_servicebus_subscription");
      expect(Object.values(resourcesOf(json, "azurerm_role_assignment")).map((g) => [g.role_definition_name, g.scope]).sort()).toEqual([
        ["Azure Service Bus Data Sender", `\${azurerm_servicebus_queue.${qId}.id}`],
        ["Azure Service Bus Data Receiver", `\${azurerm_servicebus_queue.${qId}.id}`],
        ["Azure Service Bus Data Owner", `\${azurerm_servicebus_queue.${qId}.id}`],
        ["Azure Service Bus Data Sender", `\${azurerm_servicebus_topic.${tId}.id}`],
        ["Azure Service Bus Data Receiver", `\${azurerm_servicebus_topic.${tId}.id}`],
        ["Azure Service Bus Data Owner", `\${azurerm_servicebus_topic.${tId}.id}`],
        ["Azure Service Bus Data Receiver", `\${azurerm_servicebus_subscription.${sId}.id}`],
      ].sort());
    });

    test("the roles' definition ids (Learn: Azure built-in roles)", () => {
      expect(ROLE_DEFINITION_IDS["Azure Service Bus Data Sender"]).toBe("69a216fc-b8fb-44d8-bc22-1f3c2cd27a39");
      expect(ROLE_DEFINITION_IDS["Azure Service Bus Data Receiver"]).toBe("4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0");
      expect(ROLE_DEFINITION_IDS["Azure Service Bus Data Owner"]).toBe("090c5cfd-751d-490a-894a-3ce6f1109419");
    });
  });

  test("private endpoint on Premium: the namespace sub-resource in privatelink.servicebus.windows.net", () => {
    const { stack, rg, build } = busStack();
    const bus = build({ sku: "Premium", privateEndpoints: [{ subnet: testSubnet({ stack, rg }) }] });
    const json = synthJson(stack);
    const nsId = onlyResourceId(json, "azurerm_servicebus_namespace");
    expect(onlyResource(json, "azurerm_private_endpoint")).toMatchObject({
      name: "pep-demo-dev-eus2-sb",
      private_service_connection: { private_connection_resource_id: `\${azurerm_servicebus_namespace.${nsId}.id}`, subresource_names: ["namespace"] },
    });
    expect(onlyResource(json, "azurerm_private_dns_zone").name).toBe("privatelink.servicebus.windows.net");
    expect(bus.privateEndpoints).toHaveLength(1);
  });

  test("customer-managed key and a user-assigned identity on Premium", () => {
    const { stack, rg, build } = busStack();
    const id = new ManagedIdentity(stack, "Id", { resourceGroup: rg });
    const bus = build({ sku: "Premium", customerManagedKey: { keyVaultKeyId: "https://kv.vault.azure.net/keys/sb/1", identity: id, infrastructureEncryption: true } });
    const ns = onlyResource(synthJson(stack), "azurerm_servicebus_namespace");
    const idId = onlyResourceId(synthJson(stack), "azurerm_user_assigned_identity");
    expect(ns.identity).toEqual({ type: "UserAssigned", identity_ids: [`\${azurerm_user_assigned_identity.${idId}.id}`] });
    expect(ns.customer_managed_key).toEqual({ key_vault_key_id: "https://kv.vault.azure.net/keys/sb/1", identity_id: `\${azurerm_user_assigned_identity.${idId}.id}`, infrastructure_encryption_enabled: true });
    expect(rendered(stack, bus.principalId)).toBe(`\${azurerm_user_assigned_identity.${idId}.principal_id}`);
  });

  test("diagnostics, lock and prevent_destroy; a prod Premium namespace built so passes every rule", () => {
    const { stack, rg, build } = busStack({}, { name: "prod", tier: "prod" });
    const bus = build({ sku: "Premium", lock: "CanNotDelete", preventDestroy: true, diagnosticSettings: { workspaceId: "/subscriptions/0/ws" }, privateEndpoints: [{ subnet: testSubnet({ stack, rg }) }] });
    bus.addQueue("exports", { maxMessageSizeKb: 4096 });
    bus.addTopic("events").addSubscription("all");
    const json = synthJson(stack);
    const nsId = onlyResourceId(json, "azurerm_servicebus_namespace");
    expect(onlyResource(json, "azurerm_monitor_diagnostic_setting")).toMatchObject({ target_resource_id: `\${azurerm_servicebus_namespace.${nsId}.id}`, enabled_log: [{ category_group: "allLogs" }] });
    expect(onlyResource(json, "azurerm_management_lock")).toMatchObject({ lock_level: "CanNotDelete", name: `lock-${bus.name}` });
    expect(onlyResource(json, "azurerm_servicebus_namespace").lifecycle).toEqual({ prevent_destroy: true });
    const report = evaluate(AZURE_RULES, { name: "test", tier: "prod", json, date: "2026-11-29" }, []);
    expect(report.findings.filter((f) => f.resourceType.startsWith("azurerm_servicebus")).map((f) => `${f.ruleId} ${f.message}`)).toEqual([]);
  });

  test("a bare prod namespace needs protection and diagnostics (AZ-PROT, AZ-DIAG)", () => {
    const { stack, build } = busStack({}, { name: "prod", tier: "prod" });
    build();
    const report = evaluate(AZURE_RULES, { name: "test", tier: "prod", json: synthJson(stack), date: "2026-11-29" }, []);
    expect(report.findings.filter((f) => f.resourceType === "azurerm_servicebus_namespace").map((f) => f.ruleId).sort()).toEqual(["AZ-DIAG-001", "AZ-PROT-001", "AZ-PROT-002"]);
  });

  test("a given name is used as written; outside an AzureStack a name is required", () => {
    const { stack, build } = busStack();
    expect(build({ name: "nine-vectors-prod" }).name).toBe("nine-vectors-prod");
    expect(onlyResource(synthJson(stack), "azurerm_servicebus_namespace").name).toBe("nine-vectors-prod");

    const plain = new TerraformStack(Testing.app(), "plain");
    const rg: IResourceGroup = { name: "rg-bus", location: "westeurope", id: "/subscriptions/0/resourceGroups/rg-bus" };
    expectValidationError(() => new ServiceBus(plain, "Bus", { resourceGroup: rg }), "plain/Bus: no name given and no AzureStack (or BlueprintStack) to generate one; pass the `name` prop");
    const bus = new ServiceBus(plain, "Named", { resourceGroup: rg, name: "ugc-jobs-weu", sku: "Premium" });
    bus.addQueue("render").grantReceive(APP);
    const json = JSON.parse(Testing.synth(plain)) as TerraformJson;
    expect(onlyResource(json, "azurerm_servicebus_namespace")).toMatchObject({ name: "ugc-jobs-weu", location: "westeurope", resource_group_name: "rg-bus" });
    expect(onlyResource(json, "azurerm_servicebus_queue").name).toBe("render");
  });

  test("ServiceBus.fromId: an existing namespace's host name and grants, nothing created", () => {
    const { stack } = busStack();
    const id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-shared/providers/Microsoft.ServiceBus/namespaces/sbns-shared-prod";
    const existing = ServiceBus.fromId(stack, "Shared", { namespaceId: id });
    expect([existing.name, existing.resourceGroupName, existing.fullyQualifiedNamespace]).toEqual(["sbns-shared-prod", "rg-shared", "sbns-shared-prod.servicebus.windows.net"]);
    existing.grantSend(APP);
    const json = synthJson(stack);
    expect(resourcesOf(json, "azurerm_servicebus_namespace")).toEqual({});
    expect(onlyResource(json, "azurerm_role_assignment")).toMatchObject({ scope: id, role_definition_name: "Azure Service Bus Data Sender", principal_id: APP.principalId });
    expectValidationError(
      () => ServiceBus.fromId(stack, "Wrong", { namespaceId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/x" }),
      'test/Wrong: namespaceId "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.EventHub/namespaces/x" is not the id of a Service Bus namespace: it is the id of a Microsoft.EventHub/namespaces resource (expected /subscriptions/<subscription id>/resourceGroups/<resource group>/providers/Microsoft.ServiceBus/namespaces/<namespace>)',
    );
  });

  test("the per-tier feature table", () => {
    expect(Object.fromEntries(Object.entries(SERVICE_BUS_TIER_FEATURES).map(([k, f]) => [k, [f.topics, f.sessions, f.duplicateDetection, f.forwarding, f.privateNetworking, f.largeMessages]]))).toEqual({
      Basic: [false, false, false, false, false, false],
      Standard: [true, true, true, true, false, false],
      Premium: [true, true, true, true, true, true],
    });
  });

  describe("Service Bus features per tier: refusals", () => {
    const P = "test/Bus";
    test.each<[string, (s: ReturnType<typeof busStack>) => unknown, string]>([
      ["topics on Basic", (s) => s.build({ sku: "Basic" }).addTopic("events"), `${P}/Topic[events]: topics need sku "Standard" or "Premium"; Basic namespaces have queues only`],
      ["sessions on Basic", (s) => s.build({ sku: "Basic" }).addQueue("q", { requiresSession: true }), `${P}/Queue[q]: sessions (requiresSession) need sku "Standard" or "Premium"; Basic has none`],
      ["duplicate detection on Basic", (s) => s.build({ sku: "Basic" }).addQueue("q", { duplicateDetectionWindow: "PT10M" }), `${P}/Queue[q]: duplicate detection needs sku "Standard" or "Premium"; Basic has none`],
      ["forwarding on Basic", (s) => s.build({ sku: "Basic" }).addQueue("q", { forwardTo: "other" }), `${P}/Queue[q]: forwardTo (auto-forwarding) needs sku "Standard" or "Premium"; Basic cannot forward`],
      [
        "large messages below Premium",
        (s) => s.build().addQueue("exports", { maxMessageSizeKb: 102400 }),
        `${P}/Queue[exports]: maxMessageSizeKb 102400 (large messages) needs sku "Premium"; Standard takes messages up to 256 KB: use Premium, or put the payload in blob storage and send its address (claim check)`,
      ],
      [
        "private endpoints below Premium",
        (s) => s.build({ privateEndpoints: [{ subnet: testSubnet(testStack()) }] }),
        `${P}: private endpoints need sku "Premium" (Service Bus offers Private Link, IP and VNet rules on Premium only); Standard is reached through its public endpoint with Entra ID`,
      ],
      [
        "public network access off below Premium",
        (s) => s.build({ publicNetworkAccess: false }),
        `${P}: publicNetworkAccess false on Standard leaves no way in (private endpoints are Premium only); use sku "Premium" with privateEndpoints, or leave the public endpoint on with local auth off`,
      ],
      ["capacity below Premium", (s) => s.build({ capacity: 2 }), `${P}: capacity 2 (messaging units) is a Premium setting; Standard namespaces have shared capacity: remove capacity or use sku "Premium"`],
      [
        "partitions below Premium",
        (s) => s.build({ sku: "Basic", premiumMessagingPartitions: 2 }),
        `${P}: premiumMessagingPartitions 2 is a Premium setting; on Basic, partition queues and topics one by one (partitioning: true) or use sku "Premium"`,
      ],
      [
        "a customer-managed key below Premium",
        (s) => s.build({ customerManagedKey: { keyVaultKeyId: "https://kv.vault.azure.net/keys/k", identity: { id: "/id", principalId: "p", clientId: "c" } } }),
        `${P}: customerManagedKey needs sku "Premium" (Service Bus encrypts Standard namespaces with Microsoft-managed keys only)`,
      ],
      [
        "entity partitioning on Premium",
        (s) => s.build({ sku: "Premium" }).addQueue("q", { partitioning: true }),
        `${P}/Queue[q]: partitioning is the namespace's on Premium (premiumMessagingPartitions, chosen at creation; every entity follows it); remove partitioning from the entity`,
      ],
      [
        "a queue size only Premium takes",
        (s) => s.build().addQueue("q", { maxSizeMb: 10240 }),
        `${P}/Queue[q]: maxSizeMb 10240 is not a size Standard takes; 10240 MB needs sku "Premium" (below it, partitioning: true multiplies the size by 16) (allowed: 1024, 2048, 3072, 4096, 5120)`,
      ],
      ["a queue size nobody takes", (s) => s.build({ sku: "Premium" }).addQueue("q", { maxSizeMb: 1000 }), `${P}/Queue[q]: maxSizeMb 1000 is not a size Premium takes (allowed: 1024, 2048, 3072, 4096, 5120, 10240, 20480, 40960, 81920)`],
      ["a message size out of range on Premium", (s) => s.build({ sku: "Premium" }).addQueue("q", { maxMessageSizeKb: 512 }), `${P}/Queue[q]: maxMessageSizeKb 512 is out of range (allowed: 1024 to 102400)`],
      [
        "capacity not a multiple of the partitions",
        (s) => s.build({ sku: "Premium", premiumMessagingPartitions: 4, capacity: 2 }),
        `${P}: capacity 2 is not a multiple of premiumMessagingPartitions 4; Azure spreads messaging units evenly over the partitions (allowed: 4, 8, 16)`,
      ],
      ["an unknown capacity", (s) => s.build({ sku: "Premium", capacity: 3 }), `${P}: capacity 3 is not allowed (allowed: 1, 2, 4, 8, 16)`],
      ["an unknown partition count", (s) => s.build({ sku: "Premium", premiumMessagingPartitions: 3 }), `${P}: premiumMessagingPartitions 3 is not allowed (allowed: 1, 2, 4)`],
      ["an unknown tier", (s) => s.build({ sku: "premium" as never }), `${P}: sku "premium" is not a Service Bus tier; did you mean "Premium"? (allowed: Basic, Standard, Premium)`],
    ])("%s", (_, attempt, message) => {
      expectValidationError(() => attempt(busStack()), message);
    });
  });

  describe("entity settings Azure rejects", () => {
    const P = "test/Bus";
    test.each<[string, (bus: ServiceBus) => unknown, string]>([
      ["max delivery count 0", (b) => b.addQueue("q", { maxDeliveryCount: 0 }), `${P}/Queue[q]: maxDeliveryCount 0 is out of range (allowed: 1 to 2147483647)`],
      ["a TTL that is no ISO duration", (b) => b.addQueue("q", { defaultMessageTtl: "24h" }), `${P}/Queue[q]: defaultMessageTtl "24h" is not an ISO 8601 duration Service Bus takes (days, hours, minutes, seconds: "PT12H", "P2D", "PT30S"), or give { hours: 12 }`],
      ["a zero TTL", (b) => b.addQueue("q", { defaultMessageTtl: { hours: 0 } }), `${P}/Queue[q]: defaultMessageTtl "PT0S" is out of range (allowed: 1 second or more)`],
      ["a lock over 5 minutes", (b) => b.addQueue("q", { lockDuration: "PT6M" }), `${P}/Queue[q]: lockDuration "PT6M" is out of range (allowed: up to 5 minutes)`],
      ["a duplicate detection window over 7 days", (b) => b.addQueue("q", { duplicateDetectionWindow: { days: 8 } }), `${P}/Queue[q]: duplicateDetectionWindow "P8D" is out of range (allowed: 20 seconds to 7 days)`],
      ["a duplicate detection window under 20 seconds", (b) => b.addQueue("q", { duplicateDetectionWindow: "PT10S" }), `${P}/Queue[q]: duplicateDetectionWindow "PT10S" is out of range (allowed: 20 seconds to 7 days)`],
      ["auto-delete under 5 minutes", (b) => b.addQueue("q", { autoDeleteOnIdle: { minutes: 4 } }), `${P}/Queue[q]: autoDeleteOnIdle "PT4M" is out of range (allowed: 5 minutes or more)`],
      ["a negative duration part", (b) => b.addQueue("q", { lockDuration: { seconds: -1 } }), `${P}/Queue[q]: lockDuration.seconds -1 is not a non-negative number`],
      ["a queue forwarding to itself", (b) => b.addQueue("q", { forwardTo: "q" }), `${P}/Queue[q]: forwardTo "q" is the queue itself`],
      [
        "a queue name Azure rejects",
        (b) => b.addQueue("-jobs"),
        `${P}/Queue[-jobs]: Service Bus queue name "-jobs" has characters or a shape Azure rejects; Azure allows 1-260 characters, letters, digits, periods, hyphens, underscores and slashes, starting and ending with a letter or digit; unique within its parent resource`,
      ],
      ["a queue defined twice", (b) => (b.addQueue("q"), b.addQueue("q")), `${P}: queue "q" is defined twice`],
      [
        "a subscription name over 50 characters",
        (b) => b.addTopic("t").addSubscription("s".repeat(51)),
        `${P}/Topic[t]/Subscription[${"s".repeat(51)}]: Service Bus subscription name "${"s".repeat(51)}" is 51 characters; Azure allows 1-50 characters, letters, digits, periods, hyphens and underscores, starting and ending with a letter or digit; unique within its parent resource`,
      ],
      ["an empty SQL filter", (b) => b.addTopic("t").addSubscription("s", { filter: { sql: " " } }), `${P}/Topic[t]/Subscription[s]: filter.sql is empty; give a SQL filter expression (1 to 1024 characters), or no filter for every message`],
      ["a SQL filter over 1024 characters", (b) => b.addTopic("t").addSubscription("s", { filter: { sql: `a = '${"x".repeat(1020)}'` } }), `${P}/Topic[t]/Subscription[s]: filter.sql is 1026 characters; Service Bus takes a SQL filter of at most 1024`],
      ["an empty correlation filter", (b) => b.addTopic("t").addSubscription("s", { filter: { correlation: {} } }), `${P}/Topic[t]/Subscription[s]: filter.correlation sets no property; give at least one (label, correlationId, properties, ...)`],
    ])("%s", (_, attempt, message) => {
      const { build } = busStack();
      expectValidationError(() => attempt(build()), message);
    });

    test("forwarding to an entity of another namespace is refused", () => {
      const { stack, rg, build } = busStack();
      const other = new ServiceBus(stack, "Other", { resourceGroup: rg, instance: "other" });
      const target = other.addQueue("target");
      expectValidationError(() => build().addQueue("q", { forwardTo: target }), `test/Bus/Queue[q]: forwardTo "target" is in another namespace; Service Bus forwards within one namespace`);
    });

    test("namespace names: Azure's rule, with azurerm's -sb and -mgmt endings", () => {
      expectValidationError(
        () => busStack().build({ name: "orders-sb" }),
        'test/Bus: Service Bus namespace name "orders-sb" has characters or a shape Azure rejects; Azure allows 6-50 characters, letters, digits and hyphens, starting with a letter, ending with a letter or digit, not ending with -sb or -mgmt; globally unique',
      );
      expectValidationError(
        () => busStack().build({ name: "bus" }),
        'test/Bus: Service Bus namespace name "bus" is 3 characters; Azure allows 6-50 characters, letters, digits and hyphens, starting with a letter, ending with a letter or digit, not ending with -sb or -mgmt; globally unique',
      );
    });
  });
});
