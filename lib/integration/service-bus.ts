import { createHash } from "node:crypto";
import type { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { ResourceGroupTemplateDeployment } from "@cdktf/provider-azurerm/lib/resource-group-template-deployment";
import type { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { ServicebusNamespace, type ServicebusNamespaceIdentity } from "@cdktf/provider-azurerm/lib/servicebus-namespace";
import { ServicebusQueue } from "@cdktf/provider-azurerm/lib/servicebus-queue";
import { ServicebusSubscription } from "@cdktf/provider-azurerm/lib/servicebus-subscription";
import { ServicebusTopic } from "@cdktf/provider-azurerm/lib/servicebus-topic";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { type ArmResourceKind, parseResourceId } from "../core/arm-id";
import { resourceName } from "../core/azure-stack";
import { checkUnique, checkWholeNumber } from "../core/checks";
import { ValidationError, show } from "../core/errors";
import { type IManagedIdentity, type IPrincipal, type IResourceGroup, type ProtectionProps, protect } from "../core/interfaces";
import { checkName } from "../core/naming";
import { didYouMean } from "../core/suggest";
import type { PrivateEndpointProps } from "../network/interfaces";
import { type PrivateEndpoint, addPrivateEndpoints } from "../network/private-endpoint";
import { type DiagnosticSettingsProps, addDiagnosticSetting } from "../observability/diagnostic-settings";
import { grantRole } from "../security/role-grant";

/*
 * Azure Service Bus: a namespace (`azurerm_servicebus_namespace`) with queues, topics and topic
 * subscriptions, Entra ID only, grants per namespace or per entity.
 *
 * Sources, read 2026-11-29:
 * - azurerm 4.55 bindings and internal/services/servicebus (namespace, queue, subscription rule
 *   resources, validate/*.go): capacity 0/1/2/4/8/16, premium_messaging_partitions 0/1/2/4
 *   (forces a new namespace), a move to or from Premium forces a new namespace, minimum_tls_version
 *   1.0/1.1/1.2 (default 1.2), local_auth_enabled and public_network_access_enabled default true,
 *   no `zone_redundant` any more (removed in 4.0); queue max_delivery_count >= 1 (default 10),
 *   lock_duration default PT1M, batched_operations_enabled default true, max_size_in_megabytes
 *   1024/2048/3072/4096/5120/10240/20480/40960/81920, max_message_size_in_kilobytes 1024-102400 and
 *   only on Premium, partitioning_enabled forces a new entity and must match a Premium namespace's
 *   partitioning (true with 2 or 4 partitions, false with 1), requires_session and
 *   requires_duplicate_detection force a new entity;
 * - learn.microsoft.com/azure/service-bus-messaging: service-bus-premium-messaging (tier-features
 *   and tier-limits includes, ms.date 2026-07-21): topics, transactions, de-duplication, sessions
 *   and ForwardTo/SendVia not on Basic; messages up to 256 KB on Basic/Standard, up to 100 MB per
 *   entity on Premium (1 MB default); queue/topic size 1-5 GB (80 GB partitioned) below Premium,
 *   80 GB on Premium; Premium partitions 1, 2 or 4, set at creation, messaging units a multiple of
 *   them; service-bus-quotas (entity names: queue/topic paths 260, subscription and rule names 50
 *   characters); private-link-service and service-bus-ip-filtering (private endpoints, IP and
 *   VNet rules: Premium only); configure-customer-managed-key (Premium only, new or empty
 *   namespaces); message-expiration (auto-delete-on-idle at least 5 minutes);
 * - learn.microsoft.com/azure/role-based-access-control/built-in-roles (Azure Service Bus Data
 *   Sender, Receiver, Owner), azure-resource-manager/management/resource-name-rules
 *   (Microsoft.ServiceBus), cloud-adoption-framework resource-abbreviations (`sbns`).
 */

/** Service Bus tiers (`sku`). */
export const SERVICE_BUS_SKUS = ["Basic", "Standard", "Premium"] as const;
export type ServiceBusSku = (typeof SERVICE_BUS_SKUS)[number];

/** Messaging units a Premium namespace can have (`capacity`; azurerm 4.55 accepts up to 16). */
export const SERVICE_BUS_PREMIUM_CAPACITIES = [1, 2, 4, 8, 16] as const;

/** Partitions of a Premium namespace (`premium_messaging_partitions`), fixed at creation. */
export const SERVICE_BUS_PREMIUM_PARTITIONS = [1, 2, 4] as const;

/** Queue and topic sizes in MB (`max_size_in_megabytes`), as azurerm 4.55 accepts them. */
export const SERVICE_BUS_MAX_SIZES_MB = [1024, 2048, 3072, 4096, 5120, 10240, 20480, 40960, 81920] as const;

/** The largest message a Premium queue or topic can be set to take (100 MB, over AMQP). */
export const SERVICE_BUS_PREMIUM_MAX_MESSAGE_SIZE_KB = 102400;

/** Where clients connect with Entra ID: `<namespace>.servicebus.windows.net` (Azure public cloud). */
export const SERVICE_BUS_HOST_SUFFIX = "servicebus.windows.net";

/** What one tier offers (Learn "Service Bus premium and standard messaging tiers" and "quotas"). */
export interface ServiceBusTierFeatures {
  readonly topics: boolean;
  readonly sessions: boolean;
  readonly duplicateDetection: boolean;
  /** Auto-forwarding (`forwardTo`, `forwardDeadLetteredMessagesTo`) and send-via. */
  readonly forwarding: boolean;
  readonly transactions: boolean;
  /** Private endpoints, IP and virtual network rules. */
  readonly privateNetworking: boolean;
  readonly customerManagedKey: boolean;
  /** The largest message an entity takes by default, in KB. */
  readonly defaultMaxMessageSizeKb: number;
  /** `maxMessageSizeKb` can be raised, up to 100 MB (large messages). */
  readonly largeMessages: boolean;
  /** Partitioning chosen per queue or topic (`partitioning`); on Premium it is the namespace's. */
  readonly entityPartitioning: boolean;
  /** Queue and topic sizes it takes, in MB. */
  readonly maxSizesMb: readonly number[];
}

/** The per-tier feature table the construct validates against. */
export const SERVICE_BUS_TIER_FEATURES: Readonly<Record<ServiceBusSku, ServiceBusTierFeatures>> = {
  Basic: {
    topics: false, sessions: false, duplicateDetection: false, forwarding: false, transactions: false,
    privateNetworking: false, customerManagedKey: false, defaultMaxMessageSizeKb: 256, largeMessages: false,
    entityPartitioning: true, maxSizesMb: [1024, 2048, 3072, 4096, 5120],
  },
  Standard: {
    topics: true, sessions: true, duplicateDetection: true, forwarding: true, transactions: true,
    privateNetworking: false, customerManagedKey: false, defaultMaxMessageSizeKb: 256, largeMessages: false,
    entityPartitioning: true, maxSizesMb: [1024, 2048, 3072, 4096, 5120],
  },
  Premium: {
    topics: true, sessions: true, duplicateDetection: true, forwarding: true, transactions: true,
    privateNetworking: true, customerManagedKey: true, defaultMaxMessageSizeKb: 1024, largeMessages: true,
    entityPartitioning: false, maxSizesMb: SERVICE_BUS_MAX_SIZES_MB,
  },
};

/** A duration in parts, rendered as ISO 8601 (`{ hours: 24 }` → `P1D`, `{ minutes: 90 }` → `PT1H30M`). */
export interface DurationParts {
  readonly days?: number;
  readonly hours?: number;
  readonly minutes?: number;
  readonly seconds?: number;
}

/** An ISO 8601 duration (`PT12H`, `P2D`, `PT30S`) or its parts (`{ hours: 12 }`). */
export type ServiceBusDuration = string | DurationParts;

const ISO_DURATION = /^P(?=\d|T\d)(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** `parts` as the shortest ISO 8601 duration Azure echoes back (`P1D`, `PT1H30M`, `PT45S`). */
export function isoDuration(parts: DurationParts): string {
  let total = (parts.days ?? 0) * 86400 + (parts.hours ?? 0) * 3600 + (parts.minutes ?? 0) * 60 + (parts.seconds ?? 0);
  const days = Math.floor(total / 86400);
  total -= days * 86400;
  const hours = Math.floor(total / 3600);
  total -= hours * 3600;
  const minutes = Math.floor(total / 60);
  const seconds = total - minutes * 60;
  const time = `${hours ? `${hours}H` : ""}${minutes ? `${minutes}M` : ""}${seconds ? `${seconds}S` : ""}`;
  return `P${days ? `${days}D` : ""}${time ? `T${time}` : ""}`;
}

/** A checked duration: the ISO text to synthesize and its length in seconds (undefined for a token). */
function duration(path: string, prop: string, value: ServiceBusDuration, min: number, max: number, range: string): string {
  let iso: string;
  let seconds: number | undefined;
  if (typeof value === "string") {
    if (Token.isUnresolved(value)) return value;
    const m = ISO_DURATION.exec(value);
    if (!m) {
      throw new ValidationError(path, `${prop} ${show(value)} is not an ISO 8601 duration Service Bus takes (days, hours, minutes, seconds: "PT12H", "P2D", "PT30S"), or give { hours: 12 }`);
    }
    iso = value;
    seconds = Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
  } else {
    for (const [key, part] of Object.entries(value)) {
      if (part !== undefined && (!Number.isFinite(part) || part < 0)) throw new ValidationError(path, `${prop}.${key} ${show(part)} is not a non-negative number`);
    }
    iso = isoDuration(value);
    seconds = (value.days ?? 0) * 86400 + (value.hours ?? 0) * 3600 + (value.minutes ?? 0) * 60 + (value.seconds ?? 0);
    if (iso === "P") iso = "PT0S";
  }
  if (seconds < min || seconds > max) throw new ValidationError(path, `${prop} ${show(iso)} is out of range (allowed: ${range})`);
  return iso;
}

const DAY = 86400;
/** Azure's "unbounded" TimeSpan (`P10675199DT2H48M5.4775807S`, TimeSpan.MaxValue), in seconds. */
const UNBOUNDED = 10675199 * DAY + 10085.4775807;

/** A queue or topic messages can be forwarded to (`forwardTo`), or its name. */
export type ServiceBusForwardTarget = string | ServiceBusQueue | ServiceBusTopic;

/** Settings a queue and a subscription share: how messages are received. */
export interface ServiceBusReceiveOptions {
  /**
   * Time to live of messages that do not set their own (and the ceiling for those that do). The
   * 9Vectors queues: 24 h, 12 h, 6 h, 48 h. Changed in place.
   * @default - Azure's: unbounded on Standard and Premium, 14 days on Basic
   */
  readonly defaultMessageTtl?: ServiceBusDuration;
  /**
   * Deliveries before a message moves to the dead-letter queue (`<entity>/$DeadLetterQueue`): a
   * message that fails `maxDeliveryCount` times is dead-lettered whatever else is set. At least 1.
   * @default 10
   */
  readonly maxDeliveryCount?: number;
  /** Expired messages go to the dead-letter queue instead of being dropped. @default false */
  readonly deadLetteringOnMessageExpiration?: boolean;
  /** How long a received message stays locked for its receiver (peek-lock), at most 5 minutes. @default "PT1M" */
  readonly lockDuration?: ServiceBusDuration;
  /**
   * Sessions (FIFO per session id, `requiresSession`): receivers must accept sessions. Standard and
   * Premium only. Changing it recreates the entity (messages lost).
   * @default false
   */
  readonly requiresSession?: boolean;
  /** Forward every message to this queue or topic (Standard and Premium). @default - none */
  readonly forwardTo?: ServiceBusForwardTarget;
  /** Forward dead-lettered messages to this queue or topic (Standard and Premium). @default - none */
  readonly forwardDeadLetteredMessagesTo?: ServiceBusForwardTarget;
  /**
   * Server-side batched store access: better throughput, a few milliseconds later writes. Not the
   * client's batch send/receive, which needs no setting (the SDKs' `SendMessages` with a batch,
   * `ReceiveMessages(maxMessages)`, prefetch).
   * @default true (azurerm's default)
   */
  readonly batchedOperations?: boolean;
  /** Delete the entity after this long without use (at least 5 minutes). @default - never */
  readonly autoDeleteOnIdle?: ServiceBusDuration;
}

/** Settings a queue and a topic share: how messages are stored. */
export interface ServiceBusEntityStorageOptions {
  /**
   * Largest message the entity takes, in KB: Premium only ("large message support"), 1024 to
   * 102400 (100 MB; over AMQP; batches stay at 1 MB). Basic and Standard take 256 KB, fixed.
   * @default - 1024 on Premium, 256 below
   */
  readonly maxMessageSizeKb?: number;
  /**
   * Size of the entity in MB: 1024-5120 on Basic and Standard (with `partitioning`, each of the 16
   * partitions gets that size: up to 80 GB); up to 81920 on Premium (within 1 TB per messaging unit
   * for the whole namespace).
   * @default 1024
   */
  readonly maxSizeMb?: number;
  /**
   * Duplicate detection over this window (by message id; 20 seconds to 7 days). Standard and
   * Premium only; turning it on or off recreates the entity (messages lost), the window changes in place.
   * @default - off
   */
  readonly duplicateDetectionWindow?: ServiceBusDuration;
  /**
   * Partitioning on Basic and Standard (chosen at creation: changing it recreates the entity). On
   * Premium partitioning is the namespace's (`premiumMessagingPartitions`) and every entity follows it.
   * @default false
   */
  readonly partitioning?: boolean;
}

export interface ServiceBusQueueOptions extends ServiceBusReceiveOptions, ServiceBusEntityStorageOptions {}

export interface ServiceBusTopicOptions extends ServiceBusEntityStorageOptions {
  /** @default - Azure's: unbounded */
  readonly defaultMessageTtl?: ServiceBusDuration;
  /** @default true (azurerm's default) */
  readonly batchedOperations?: boolean;
  /** Messages are delivered in the order sent (unpartitioned topics). @default - Azure's */
  readonly supportOrdering?: boolean;
  /** Delete the topic after this long without use (at least 5 minutes). @default - never */
  readonly autoDeleteOnIdle?: ServiceBusDuration;
}

/** A correlation filter: every property given must match (an AND of equality tests). */
export interface ServiceBusCorrelationFilter {
  readonly correlationId?: string;
  readonly messageId?: string;
  readonly to?: string;
  readonly replyTo?: string;
  /** The message's subject (label). */
  readonly label?: string;
  readonly sessionId?: string;
  readonly replyToSessionId?: string;
  readonly contentType?: string;
  /** Application properties to match. */
  readonly properties?: Readonly<Record<string, string>>;
}

/** Which messages of the topic a subscription receives: a SQL filter or a correlation filter. */
export type ServiceBusSubscriptionFilter = { readonly sql: string } | { readonly correlation: ServiceBusCorrelationFilter };

export interface ServiceBusSubscriptionOptions extends ServiceBusReceiveOptions {
  /**
   * Only messages matching this filter. Written into the subscription's `$Default` rule, replacing
   * the match-all (`1=1`) rule Azure gives every new subscription, by an ARM template deployment
   * (`filterDeployment`: azurerm 4.55 cannot replace `$Default`). Messages published between the
   * subscription's creation and the deployment match `1=1`. Removing the filter later deletes the
   * `$Default` rule with the deployment, and a subscription without rules receives nothing: change
   * the filter instead, or recreate the subscription. SQL filters: 1-1024 characters.
   * @default - every message of the topic
   */
  readonly filter?: ServiceBusSubscriptionFilter;
  /** A message whose filter evaluation fails goes to the dead-letter queue. @default - Azure's (true) */
  readonly deadLetteringOnFilterEvaluationError?: boolean;
}

/** Encryption at rest with a key of yours (Premium only, on a new or empty namespace). */
export interface ServiceBusCustomerManagedKey {
  /** Id of the Key Vault key (`azurerm_key_vault_key.id` or its versionless id). */
  readonly keyVaultKeyId: string;
  /**
   * The user-assigned identity that reads the key (added to the namespace's identities). It needs
   * *Key Vault Crypto Service Encryption User* on the key or vault before the namespace is created,
   * granted by you; the vault needs soft delete and purge protection.
   */
  readonly identity: IManagedIdentity;
  /** A second layer of encryption (infrastructure encryption); forces a new namespace when changed. @default false */
  readonly infrastructureEncryption?: boolean;
}

export interface ServiceBusProps extends ProtectionProps {
  readonly resourceGroup: IResourceGroup;
  /**
   * The namespace name, also its host `<name>.servicebus.windows.net`: 6-50 letters, digits and
   * hyphens, starting with a letter, not ending with `-`, `-sb` or `-mgmt`. Forces a new namespace.
   * @default - generated: `sbns-<workload>-<env>-<region>[-<instance>]-<suffix>`
   */
  readonly name?: string;
  /** Distinguishes several namespaces in one stack, in generated names. @default - none */
  readonly instance?: string;
  /** Forces a new namespace when changed. @default - the resource group's location */
  readonly location?: string;
  /**
   * The tier, per environment. Basic: queues only (no topics, sessions, duplicate detection or
   * forwarding). Standard: all of that, shared capacity, 256 KB messages, public endpoint only.
   * Premium: dedicated messaging units, messages up to 100 MB (`maxMessageSizeKb`), private
   * endpoints, customer-managed keys, JMS 2.0, geo-disaster recovery. A move to or from Premium
   * recreates the namespace and every entity in it (messages lost).
   * @default "Standard"
   */
  readonly sku?: ServiceBusSku;
  /**
   * Premium messaging units (1, 2, 4, 8 or 16; a multiple of `premiumMessagingPartitions`).
   * Changed in place. Premium only.
   * @default - `premiumMessagingPartitions` (1 unless set) on Premium
   */
  readonly capacity?: number;
  /**
   * Premium partitions (1, 2 or 4), chosen at creation: changing it recreates the namespace. With 2
   * or 4, every queue and topic is partitioned. Premium only.
   * @default 1 on Premium
   */
  readonly premiumMessagingPartitions?: number;
  /**
   * The public endpoint. Premium closes it by default: clients come through `privateEndpoints`.
   * Below Premium there is no private path (private endpoints and IP/VNet rules are Premium only),
   * so the endpoint stays open and Entra ID (local auth off) is the guard; turning it off there is
   * refused. Terraform manages queues and topics through ARM, so a closed endpoint does not stop it.
   * AZ-SB-003 flags it on for Premium. Changed in place.
   * @default false on Premium, true below
   */
  readonly publicNetworkAccess?: boolean;
  /** Private endpoints (`namespace` sub-resource, zone `privatelink.servicebus.windows.net`); Premium only. @default - none */
  readonly privateEndpoints?: readonly PrivateEndpointProps[];
  /**
   * Shared access keys (SAS) besides Entra ID. Off, clients use Entra ID tokens with the roles the
   * `grant*` methods assign, and connection strings do not work. AZ-SB-001 flags it on.
   * @default false
   */
  readonly localAuth?: boolean;
  /** The namespace's identity (for a customer-managed key). @default - system-assigned */
  readonly identity?: IManagedIdentity;
  /** Encryption at rest with a Key Vault key (Premium only). @default - Microsoft-managed keys */
  readonly customerManagedKey?: ServiceBusCustomerManagedKey;
  /**
   * Resource logs (`allLogs`: OperationalLogs, VNetAndIPFilteringLogs, RuntimeAuditLogs and
   * ApplicationMetricsLogs on Premium, ...) and metrics to Log Analytics: `monitoring.diagnosticSettings()`.
   * @default - none
   */
  readonly diagnosticSettings?: DiagnosticSettingsProps;
}

/** Roles the grant methods assign. */
type ServiceBusRole = "Azure Service Bus Data Sender" | "Azure Service Bus Data Receiver" | "Azure Service Bus Data Owner";

/** A Service Bus queue, topic or subscription: an ARM scope for grants. */
abstract class ServiceBusEntity extends Construct {
  abstract readonly id: string;
  abstract readonly name: string;
  protected grant(role: ServiceBusRole, principal: IPrincipal, id: string): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role, principal });
  }
}

/** A queue of a ServiceBus namespace (`serviceBus.addQueue`). */
export class ServiceBusQueue extends ServiceBusEntity {
  readonly resource: ServicebusQueue;
  readonly id: string;
  readonly name: string;

  constructor(scope: ServiceBus, id: string, name: string, options: ServiceBusQueueOptions) {
    super(scope, id);
    const path = `${scope.node.path}/Queue[${name}]`;
    checkName(path, "serviceBusQueue", name);
    const storage = checkStorageOptions(path, scope, options);
    const receive = checkReceiveOptions(path, scope, options, name);
    this.name = name;
    this.resource = new ServicebusQueue(this, "Resource", { name, namespaceId: scope.id, ...storage, ...receive });
    this.id = this.resource.id;
  }

  /** *Azure Service Bus Data Sender* on this queue. */
  grantSend(principal: IPrincipal, id = "DataSender"): RoleAssignment {
    return this.grant("Azure Service Bus Data Sender", principal, id);
  }

  /** *Azure Service Bus Data Receiver* on this queue (receive, peek, complete, dead-letter). */
  grantReceive(principal: IPrincipal, id = "DataReceiver"): RoleAssignment {
    return this.grant("Azure Service Bus Data Receiver", principal, id);
  }

  /**
   * *Azure Service Bus Data Owner* on this queue: send, receive and manage it, also what KEDA's
   * Service Bus scaler needs to read the message count with workload identity.
   */
  grantOwner(principal: IPrincipal, id = "DataOwner"): RoleAssignment {
    return this.grant("Azure Service Bus Data Owner", principal, id);
  }
}

/** The API version of the `$Default` rule the filter deployment writes (Microsoft.ServiceBus GA). */
const RULE_API_VERSION = "2021-11-01";

/**
 * An ARM template that overwrites a subscription's `$Default` rule (Azure's match-all `1=1`
 * rule, created with every subscription) with the given filter. azurerm 4.55 cannot: its
 * `azurerm_servicebus_subscription_rule` refuses to create a rule that exists, and another rule
 * beside `$Default` still lets every message through (rules are OR-ed; hashicorp/
 * terraform-provider-azurerm#20718, #32430; fixed after 4.55 by #32452).
 */
const DEFAULT_RULE_TEMPLATE = JSON.stringify({
  $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  contentVersion: "1.0.0.0",
  parameters: {
    namespaceName: { type: "string" },
    topicName: { type: "string" },
    subscriptionName: { type: "string" },
    ruleProperties: { type: "object" },
  },
  resources: [
    {
      type: "Microsoft.ServiceBus/namespaces/topics/subscriptions/rules",
      apiVersion: RULE_API_VERSION,
      name: "[format('{0}/{1}/{2}/$Default', parameters('namespaceName'), parameters('topicName'), parameters('subscriptionName'))]",
      properties: "[parameters('ruleProperties')]",
    },
  ],
});

/** A subscription of a ServiceBusTopic (`topic.addSubscription`). */
export class ServiceBusSubscription extends ServiceBusEntity {
  readonly resource: ServicebusSubscription;
  /** The template deployment that writes `filter` into the `$Default` rule, when a filter is given. */
  readonly filterDeployment?: ResourceGroupTemplateDeployment;
  readonly id: string;
  readonly name: string;

  constructor(scope: ServiceBusTopic, id: string, name: string, options: ServiceBusSubscriptionOptions) {
    super(scope, id);
    const path = `${scope.namespace.node.path}/Topic[${scope.name}]/Subscription[${name}]`;
    checkName(path, "serviceBusSubscription", name);
    const receive = checkReceiveOptions(path, scope.namespace, options);
    this.name = name;
    this.resource = new ServicebusSubscription(this, "Resource", {
      name,
      topicId: scope.id,
      ...receive,
      maxDeliveryCount: receive.maxDeliveryCount ?? 10,
      deadLetteringOnFilterEvaluationError: options.deadLetteringOnFilterEvaluationError,
    });
    this.id = this.resource.id;
    if (options.filter) this.filterDeployment = this.addFilter(path, scope, options.filter);
  }

  /** *Azure Service Bus Data Receiver* on this subscription. */
  grantReceive(principal: IPrincipal, id = "DataReceiver"): RoleAssignment {
    return this.grant("Azure Service Bus Data Receiver", principal, id);
  }

  private addFilter(path: string, topic: ServiceBusTopic, filter: ServiceBusSubscriptionFilter): ResourceGroupTemplateDeployment {
    let properties: Record<string, unknown>;
    if ("sql" in filter) {
      if (!Token.isUnresolved(filter.sql) && filter.sql.trim() === "") throw new ValidationError(path, "filter.sql is empty; give a SQL filter expression (1 to 1024 characters), or no filter for every message");
      if (!Token.isUnresolved(filter.sql) && filter.sql.length > 1024) {
        throw new ValidationError(path, `filter.sql is ${filter.sql.length} characters; Service Bus takes a SQL filter of at most 1024`);
      }
      properties = { filterType: "SqlFilter", sqlFilter: { sqlExpression: filter.sql } };
    } else {
      const c = filter.correlation;
      const set = Object.entries(c).filter(([, v]) => v !== undefined && (typeof v !== "object" || Object.keys(v).length > 0));
      if (set.length === 0) throw new ValidationError(path, "filter.correlation sets no property; give at least one (label, correlationId, properties, ...)");
      properties = { filterType: "CorrelationFilter", correlationFilter: Object.fromEntries(set) };
    }
    const ns = topic.namespace;
    return new ResourceGroupTemplateDeployment(this, "Filter", {
      name: `sbrule-${createHash("sha256").update(this.node.path).digest("hex").slice(0, 16)}`,
      resourceGroupName: ns.resourceGroupName,
      deploymentMode: "Incremental",
      templateContent: DEFAULT_RULE_TEMPLATE,
      parametersContent: Fn.jsonencode({
        namespaceName: { value: ns.name },
        topicName: { value: topic.name },
        subscriptionName: { value: this.name },
        ruleProperties: { value: properties },
      }),
      dependsOn: [this.resource],
    });
  }
}

/** A topic of a ServiceBus namespace (`serviceBus.addTopic`; Standard and Premium). */
export class ServiceBusTopic extends ServiceBusEntity {
  readonly resource: ServicebusTopic;
  readonly id: string;
  readonly name: string;
  readonly namespace: ServiceBus;
  readonly subscriptions: Record<string, ServiceBusSubscription> = {};

  constructor(scope: ServiceBus, id: string, name: string, options: ServiceBusTopicOptions) {
    super(scope, id);
    const path = `${scope.node.path}/Topic[${name}]`;
    checkName(path, "serviceBusTopic", name);
    const storage = checkStorageOptions(path, scope, options);
    this.namespace = scope;
    this.name = name;
    this.resource = new ServicebusTopic(this, "Resource", {
      name,
      namespaceId: scope.id,
      ...storage,
      defaultMessageTtl: options.defaultMessageTtl === undefined ? undefined : duration(path, "defaultMessageTtl", options.defaultMessageTtl, 1, UNBOUNDED, "1 second or more"),
      autoDeleteOnIdle: options.autoDeleteOnIdle === undefined ? undefined : duration(path, "autoDeleteOnIdle", options.autoDeleteOnIdle, 300, UNBOUNDED, "5 minutes or more"),
      batchedOperationsEnabled: options.batchedOperations,
      supportOrdering: options.supportOrdering,
    });
    this.id = this.resource.id;
  }

  /** A subscription receiving the topic's messages (those matching `filter`, when given). */
  addSubscription(name: string, options: ServiceBusSubscriptionOptions = {}): ServiceBusSubscription {
    checkUnique(this.node.path, "subscription", name, this.subscriptions);
    const subscription = new ServiceBusSubscription(this, `Subscription-${name}`, name, options);
    this.subscriptions[name] = subscription;
    return subscription;
  }

  /** *Azure Service Bus Data Sender* on this topic. */
  grantSend(principal: IPrincipal, id = "DataSender"): RoleAssignment {
    return this.grant("Azure Service Bus Data Sender", principal, id);
  }

  /** *Azure Service Bus Data Receiver* on this topic: every subscription of it. */
  grantReceive(principal: IPrincipal, id = "DataReceiver"): RoleAssignment {
    return this.grant("Azure Service Bus Data Receiver", principal, id);
  }

  /** *Azure Service Bus Data Owner* on this topic and its subscriptions. */
  grantOwner(principal: IPrincipal, id = "DataOwner"): RoleAssignment {
    return this.grant("Azure Service Bus Data Owner", principal, id);
  }
}

/**
 * A Service Bus namespace apps can be given access to: one made by `ServiceBus`, or one that
 * exists (`ServiceBus.fromId`).
 */
export interface IServiceBus {
  readonly id: string;
  readonly name: string;
  /** `<name>.servicebus.windows.net`, for identity-based connections. */
  readonly fullyQualifiedNamespace: string;
  /** *Azure Service Bus Data Sender* on the namespace. */
  grantSend(principal: IPrincipal, id?: string): RoleAssignment;
  /** *Azure Service Bus Data Receiver* on the namespace. */
  grantReceive(principal: IPrincipal, id?: string): RoleAssignment;
  /** *Azure Service Bus Data Owner* on the namespace. */
  grantOwner(principal: IPrincipal, id?: string): RoleAssignment;
}

const SERVICE_BUS_NAMESPACE_KIND: ArmResourceKind = { type: "Microsoft.ServiceBus/namespaces", description: "Service Bus namespace", placeholders: ["<namespace>"] };

export interface ExistingServiceBusProps {
  /** ARM id (`/subscriptions/<sub>/resourceGroups/<group>/providers/Microsoft.ServiceBus/namespaces/<name>`); a Terraform reference is accepted. */
  readonly namespaceId: string;
}

/** A Service Bus namespace that already exists (`ServiceBus.fromId`): its host name and grants on it; nothing is created. */
export class ExistingServiceBus extends Construct implements IServiceBus {
  readonly id: string;
  readonly name: string;
  readonly resourceGroupName: string;
  readonly fullyQualifiedNamespace: string;

  constructor(scope: Construct, id: string, props: ExistingServiceBusProps) {
    super(scope, id);
    const parsed = parseResourceId(this.node.path, "namespaceId", props.namespaceId, SERVICE_BUS_NAMESPACE_KIND);
    if (!Token.isUnresolved(parsed.name)) checkName(this.node.path, "serviceBusNamespace", parsed.name);
    this.id = props.namespaceId;
    this.name = parsed.name;
    this.resourceGroupName = parsed.resourceGroupName;
    this.fullyQualifiedNamespace = `${parsed.name}.${SERVICE_BUS_HOST_SUFFIX}`;
  }

  grantSend(principal: IPrincipal, id = "DataSender"): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role: "Azure Service Bus Data Sender", principal });
  }

  grantReceive(principal: IPrincipal, id = "DataReceiver"): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role: "Azure Service Bus Data Receiver", principal });
  }

  grantOwner(principal: IPrincipal, id = "DataOwner"): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role: "Azure Service Bus Data Owner", principal });
  }
}

/**
 * An Azure Service Bus namespace with queues (`addQueue`) and topics (`addTopic`, Standard and
 * Premium), Entra ID only (local auth off), TLS 1.2, a managed identity; Premium closes the public
 * endpoint and takes private endpoints. Clients connect with `fullyQualifiedNamespace`
 * (`<name>.servicebus.windows.net`; Functions' `<connection>__fullyQualifiedNamespace` setting)
 * and the roles from `grantSend`, `grantReceive`, `grantOwner` on the namespace or on one entity.
 *
 * Service Bus has no message priority: a "high priority" stream is a queue of its own (for
 * example `notifications`) with its own consumers and scale rule, so its messages never wait
 * behind others.
 */
export class ServiceBus extends Construct implements IServiceBus {
  /** A namespace that already exists, for grants and its host name (queues in it are not managed here). */
  static fromId(scope: Construct, id: string, props: ExistingServiceBusProps): ExistingServiceBus {
    return new ExistingServiceBus(scope, id, props);
  }

  readonly resource: ServicebusNamespace;
  readonly id: string;
  readonly name: string;
  readonly sku: ServiceBusSku;
  /** Messaging units (Premium), else 0. */
  readonly capacity: number;
  /** Partitions (Premium), else 0. */
  readonly premiumMessagingPartitions: number;
  /** `<name>.servicebus.windows.net`, for identity-based connections (`__fullyQualifiedNamespace`). */
  readonly fullyQualifiedNamespace: string;
  /** The namespace's endpoint as Azure reports it (`https://<name>.servicebus.windows.net:443/`). */
  readonly endpoint: string;
  /** Object id of the namespace's identity (the user-assigned one when given). */
  readonly principalId: string;
  readonly features: ServiceBusTierFeatures;
  readonly resourceGroupName: string;
  readonly queues: Record<string, ServiceBusQueue> = {};
  readonly topics: Record<string, ServiceBusTopic> = {};
  readonly privateEndpoints: PrivateEndpoint[];
  readonly diagnosticSettings?: MonitorDiagnosticSetting;

  constructor(scope: Construct, id: string, props: ServiceBusProps) {
    super(scope, id);
    const path = this.node.path;
    const sku = props.sku ?? "Standard";
    if (!Token.isUnresolved(sku) && !(SERVICE_BUS_SKUS as readonly string[]).includes(sku)) {
      const close = didYouMean(sku, SERVICE_BUS_SKUS);
      throw new ValidationError(path, `sku ${show(sku)} is not a Service Bus tier${close ? `; did you mean ${show(close)}?` : ""} (allowed: ${SERVICE_BUS_SKUS.join(", ")})`);
    }
    const features = SERVICE_BUS_TIER_FEATURES[sku] ?? SERVICE_BUS_TIER_FEATURES.Standard;
    const premium = sku === "Premium";
    const location = props.location ?? props.resourceGroup.location;

    if (!premium) {
      if (props.capacity !== undefined) throw new ValidationError(path, `capacity ${show(props.capacity)} (messaging units) is a Premium setting; ${sku} namespaces have shared capacity: remove capacity or use sku "Premium"`);
      if (props.premiumMessagingPartitions !== undefined) {
        throw new ValidationError(path, `premiumMessagingPartitions ${show(props.premiumMessagingPartitions)} is a Premium setting; on ${sku}, partition queues and topics one by one (partitioning: true) or use sku "Premium"`);
      }
      if (props.privateEndpoints?.length) {
        throw new ValidationError(path, `private endpoints need sku "Premium" (Service Bus offers Private Link, IP and VNet rules on Premium only); ${sku} is reached through its public endpoint with Entra ID`);
      }
      if (props.publicNetworkAccess === false) {
        throw new ValidationError(path, `publicNetworkAccess false on ${sku} leaves no way in (private endpoints are Premium only); use sku "Premium" with privateEndpoints, or leave the public endpoint on with local auth off`);
      }
      if (props.customerManagedKey) throw new ValidationError(path, `customerManagedKey needs sku "Premium" (Service Bus encrypts ${sku} namespaces with Microsoft-managed keys only)`);
    }
    const partitions = premium ? (props.premiumMessagingPartitions ?? 1) : 0;
    const capacity = premium ? (props.capacity ?? partitions) : 0;
    if (premium) {
      checkOneOf(path, "premiumMessagingPartitions", partitions, SERVICE_BUS_PREMIUM_PARTITIONS);
      checkOneOf(path, "capacity", capacity, SERVICE_BUS_PREMIUM_CAPACITIES);
      if (!Token.isUnresolved(capacity) && !Token.isUnresolved(partitions) && capacity % partitions !== 0) {
        throw new ValidationError(path, `capacity ${capacity} is not a multiple of premiumMessagingPartitions ${partitions}; Azure spreads messaging units evenly over the partitions (allowed: ${SERVICE_BUS_PREMIUM_CAPACITIES.filter((c) => c % partitions === 0).join(", ")})`);
      }
    }

    this.name = resourceName(this, "serviceBusNamespace", props.name, props.instance);
    this.sku = sku;
    this.features = features;
    this.capacity = capacity;
    this.premiumMessagingPartitions = partitions;
    this.resourceGroupName = props.resourceGroup.name;

    const cmk = props.customerManagedKey;
    const userAssigned = [...new Set([props.identity?.id, cmk?.identity.id].filter((x): x is string => x !== undefined))];
    const identity: ServicebusNamespaceIdentity = userAssigned.length ? { type: "UserAssigned", identityIds: userAssigned } : { type: "SystemAssigned" };

    this.resource = new ServicebusNamespace(this, "Resource", {
      name: this.name,
      location,
      resourceGroupName: props.resourceGroup.name,
      sku,
      capacity: premium ? capacity : undefined,
      premiumMessagingPartitions: premium ? partitions : undefined,
      localAuthEnabled: props.localAuth ?? false,
      minimumTlsVersion: "1.2",
      publicNetworkAccessEnabled: props.publicNetworkAccess ?? !premium,
      identity,
      customerManagedKey: cmk
        ? { keyVaultKeyId: cmk.keyVaultKeyId, identityId: cmk.identity.id, infrastructureEncryptionEnabled: cmk.infrastructureEncryption }
        : undefined,
    });
    this.id = this.resource.id;
    this.fullyQualifiedNamespace = `${this.name}.${SERVICE_BUS_HOST_SUFFIX}`;
    this.endpoint = this.resource.endpoint;
    this.principalId = props.identity ? props.identity.principalId : cmk ? cmk.identity.principalId : this.resource.identity.principalId;

    this.privateEndpoints = addPrivateEndpoints(this, props.privateEndpoints, {
      resourceGroup: props.resourceGroup,
      targetLocation: location,
      targetResourceId: this.id,
      target: "serviceBus/namespace",
      instance: props.instance ? `sb-${props.instance}` : "sb",
    });
    this.diagnosticSettings = props.diagnosticSettings ? addDiagnosticSetting(this, "Diagnostics", this.id, props.diagnosticSettings) : undefined;
    protect(this, this.resource, props, this.name);
  }

  /** A queue. Its name is the entity path clients use (1-260 letters, digits, `.`, `-`, `_`, `/`). */
  addQueue(name: string, options: ServiceBusQueueOptions = {}): ServiceBusQueue {
    checkUnique(this.node.path, "queue", name, this.queues);
    const queue = new ServiceBusQueue(this, `Queue-${name}`, name, options);
    this.queues[name] = queue;
    return queue;
  }

  /** A topic for publish/subscribe (Standard and Premium); add subscriptions to it. */
  addTopic(name: string, options: ServiceBusTopicOptions = {}): ServiceBusTopic {
    if (!this.features.topics) {
      throw new ValidationError(`${this.node.path}/Topic[${name}]`, `topics need sku "Standard" or "Premium"; ${this.sku} namespaces have queues only`);
    }
    checkUnique(this.node.path, "topic", name, this.topics);
    const topic = new ServiceBusTopic(this, `Topic-${name}`, name, options);
    this.topics[name] = topic;
    return topic;
  }

  /** *Azure Service Bus Data Sender* on the namespace: send to every queue and topic. */
  grantSend(principal: IPrincipal, id = "DataSender"): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role: "Azure Service Bus Data Sender", principal });
  }

  /** *Azure Service Bus Data Receiver* on the namespace: receive from every queue and subscription. */
  grantReceive(principal: IPrincipal, id = "DataReceiver"): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role: "Azure Service Bus Data Receiver", principal });
  }

  /** *Azure Service Bus Data Owner* on the namespace: full data access and entity management. */
  grantOwner(principal: IPrincipal, id = "DataOwner"): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role: "Azure Service Bus Data Owner", principal });
  }
}

function checkOneOf(path: string, prop: string, value: number, allowed: readonly number[]): void {
  if (Token.isUnresolved(value) || allowed.includes(value)) return;
  throw new ValidationError(path, `${prop} ${show(value)} is not allowed (allowed: ${allowed.join(", ")})`);
}

/** The storage settings of a queue or topic, checked against the namespace's tier. */
function checkStorageOptions(path: string, ns: ServiceBus, options: ServiceBusEntityStorageOptions) {
  const f = ns.features;
  if (options.maxMessageSizeKb !== undefined && !Token.isUnresolved(options.maxMessageSizeKb)) {
    if (!f.largeMessages) {
      throw new ValidationError(path, `maxMessageSizeKb ${options.maxMessageSizeKb} (large messages) needs sku "Premium"; ${ns.sku} takes messages up to 256 KB: use Premium, or put the payload in blob storage and send its address (claim check)`);
    }
    checkWholeNumber(path, "maxMessageSizeKb", options.maxMessageSizeKb, 1024, SERVICE_BUS_PREMIUM_MAX_MESSAGE_SIZE_KB);
  }
  if (options.maxSizeMb !== undefined && !Token.isUnresolved(options.maxSizeMb) && !f.maxSizesMb.includes(options.maxSizeMb)) {
    const more = SERVICE_BUS_MAX_SIZES_MB.includes(options.maxSizeMb as (typeof SERVICE_BUS_MAX_SIZES_MB)[number]) ? `; ${options.maxSizeMb} MB needs sku "Premium" (below it, partitioning: true multiplies the size by 16)` : "";
    throw new ValidationError(path, `maxSizeMb ${options.maxSizeMb} is not a size ${ns.sku} takes${more} (allowed: ${f.maxSizesMb.join(", ")})`);
  }
  if (options.duplicateDetectionWindow !== undefined && !f.duplicateDetection) {
    throw new ValidationError(path, `duplicate detection needs sku "Standard" or "Premium"; ${ns.sku} has none`);
  }
  if (options.partitioning !== undefined && !f.entityPartitioning) {
    throw new ValidationError(path, `partitioning is the namespace's on Premium (premiumMessagingPartitions, chosen at creation; every entity follows it); remove partitioning from the entity`);
  }
  const window = options.duplicateDetectionWindow === undefined ? undefined : duration(path, "duplicateDetectionWindow", options.duplicateDetectionWindow, 20, 7 * DAY, "20 seconds to 7 days");
  return {
    maxMessageSizeInKilobytes: options.maxMessageSizeKb,
    maxSizeInMegabytes: options.maxSizeMb,
    requiresDuplicateDetection: window !== undefined ? true : undefined,
    duplicateDetectionHistoryTimeWindow: window,
    // A Premium namespace with 2 or 4 partitions takes partitioned entities only, one with 1 partition unpartitioned ones.
    partitioningEnabled: f.entityPartitioning ? options.partitioning : ns.premiumMessagingPartitions > 1,
  };
}

/** The receive settings of a queue or subscription, checked against the namespace's tier. */
/** `ownQueue`: the queue's own name (a queue cannot forward to itself); undefined for a subscription. */
function checkReceiveOptions(path: string, ns: ServiceBus, options: ServiceBusReceiveOptions, ownQueue?: string) {
  const f = ns.features;
  checkWholeNumber(path, "maxDeliveryCount", options.maxDeliveryCount, 1, 2147483647);
  if (options.requiresSession && !f.sessions) throw new ValidationError(path, `sessions (requiresSession) need sku "Standard" or "Premium"; ${ns.sku} has none`);
  const target = (prop: string, t: ServiceBusForwardTarget | undefined): string | undefined => {
    if (t === undefined) return undefined;
    if (!f.forwarding) throw new ValidationError(path, `${prop} (auto-forwarding) needs sku "Standard" or "Premium"; ${ns.sku} cannot forward`);
    if (typeof t === "string") {
      checkName(path, "serviceBusQueue", t);
    } else if (t.node.scope !== ns) {
      throw new ValidationError(path, `${prop} ${show(t.name)} is in another namespace; Service Bus forwards within one namespace`);
    }
    const name = typeof t === "string" ? t : t.name;
    if (ownQueue !== undefined && name === ownQueue && (typeof t === "string" || t instanceof ServiceBusQueue)) {
      throw new ValidationError(path, `${prop} ${show(name)} is the queue itself`);
    }
    return name;
  };
  return {
    defaultMessageTtl: options.defaultMessageTtl === undefined ? undefined : duration(path, "defaultMessageTtl", options.defaultMessageTtl, 1, UNBOUNDED, "1 second or more"),
    maxDeliveryCount: options.maxDeliveryCount,
    deadLetteringOnMessageExpiration: options.deadLetteringOnMessageExpiration,
    lockDuration: options.lockDuration === undefined ? undefined : duration(path, "lockDuration", options.lockDuration, 1, 300, "up to 5 minutes"),
    requiresSession: options.requiresSession,
    forwardTo: target("forwardTo", options.forwardTo),
    forwardDeadLetteredMessagesTo: target("forwardDeadLetteredMessagesTo", options.forwardDeadLetteredMessagesTo),
    batchedOperationsEnabled: options.batchedOperations,
    autoDeleteOnIdle: options.autoDeleteOnIdle === undefined ? undefined : duration(path, "autoDeleteOnIdle", options.autoDeleteOnIdle, 300, UNBOUNDED, "5 minutes or more"),
  };
}
