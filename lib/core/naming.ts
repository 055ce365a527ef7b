import { createHash } from "node:crypto";
import { Token } from "cdktf";
import { ValidationError, show } from "./errors";
import { region } from "./regions";

/** Where a name must be unique; it decides whether the generated name carries a suffix. */
export type NameScope = "global" | "subscription" | "resourceGroup" | "parent";

/** One Azure resource type's naming rule and its Cloud Adoption Framework abbreviation. */
export interface NamingRule {
  /** CAF abbreviation (learn.microsoft.com/azure/cloud-adoption-framework/ready/azure-best-practices/resource-abbreviations). */
  readonly abbreviation: string;
  readonly description: string;
  readonly minLength: number;
  readonly maxLength: number;
  readonly pattern: RegExp;
  /** The allowed characters and shape, in words, for messages. */
  readonly allowed: string;
  readonly scope: NameScope;
  /** Letters, digits only: the generated name has no separators. */
  readonly compact?: boolean;
  /**
   * Generated names leave out the region (Key Vault's 24 characters do not fit workload,
   * environment, region and suffix).
   */
  readonly omitRegion?: boolean;
}

const ALNUM_HYPHEN_EDGES = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const LOWER_ALNUM_HYPHEN_EDGES = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * Naming rules from "Naming rules and restrictions for Azure resources"
 * (learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules).
 */
export const NAMING_RULES = {
  resourceGroup: {
    abbreviation: "rg", description: "resource group", minLength: 1, maxLength: 90,
    pattern: /^[-\w.()]*[-\w()]$/, scope: "subscription",
    allowed: "letters, digits, underscores, hyphens, periods and parentheses, not ending with a period",
  },
  storageAccount: {
    abbreviation: "st", description: "storage account", minLength: 3, maxLength: 24,
    pattern: /^[a-z0-9]+$/, scope: "global", compact: true,
    allowed: "lowercase letters and digits",
  },
  storageContainer: {
    abbreviation: "", description: "blob container", minLength: 3, maxLength: 63,
    pattern: /^[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$/, scope: "parent",
    allowed: "lowercase letters, digits and single hyphens, starting and ending with a letter or digit",
  },
  keyVault: {
    abbreviation: "kv", description: "key vault", minLength: 3, maxLength: 24,
    pattern: /^[A-Za-z](?!.*--)[A-Za-z0-9-]*[A-Za-z0-9]$/, scope: "global", omitRegion: true,
    allowed: "letters, digits and single hyphens, starting with a letter and ending with a letter or digit",
  },
  keyVaultSecret: {
    abbreviation: "", description: "key vault secret", minLength: 1, maxLength: 127,
    pattern: /^[A-Za-z0-9-]+$/, scope: "parent", allowed: "letters, digits and hyphens",
  },
  postgresFlexibleServer: {
    abbreviation: "psql", description: "PostgreSQL flexible server", minLength: 3, maxLength: 63,
    pattern: LOWER_ALNUM_HYPHEN_EDGES, scope: "global",
    allowed: "lowercase letters, digits and hyphens, not starting or ending with a hyphen",
  },
  postgresDatabase: {
    abbreviation: "", description: "PostgreSQL database", minLength: 1, maxLength: 63,
    pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, scope: "parent",
    allowed: "letters, digits and underscores, starting with a letter or underscore",
  },
  appServicePlan: {
    abbreviation: "asp", description: "App Service plan", minLength: 1, maxLength: 60,
    pattern: ALNUM_HYPHEN_EDGES, scope: "resourceGroup",
    allowed: "letters, digits and hyphens, not starting or ending with a hyphen",
  },
  webApp: {
    abbreviation: "app", description: "web app", minLength: 2, maxLength: 60,
    pattern: ALNUM_HYPHEN_EDGES, scope: "global",
    allowed: "letters, digits and hyphens, not starting or ending with a hyphen",
  },
  webAppSlot: {
    abbreviation: "", description: "deployment slot", minLength: 2, maxLength: 59,
    pattern: ALNUM_HYPHEN_EDGES, scope: "parent",
    allowed: "letters, digits and hyphens, not starting or ending with a hyphen",
  },
  staticWebApp: {
    abbreviation: "stapp", description: "static web app", minLength: 1, maxLength: 40,
    pattern: ALNUM_HYPHEN_EDGES, scope: "resourceGroup",
    allowed: "letters, digits and hyphens, not starting or ending with a hyphen",
  },
  logAnalyticsWorkspace: {
    abbreviation: "log", description: "Log Analytics workspace", minLength: 4, maxLength: 63,
    pattern: ALNUM_HYPHEN_EDGES, scope: "resourceGroup",
    allowed: "letters, digits and hyphens, starting and ending with a letter or digit",
  },
  applicationInsights: {
    abbreviation: "appi", description: "Application Insights component", minLength: 1, maxLength: 260,
    pattern: /^[^%&\\?/]+$/, scope: "resourceGroup", allowed: "any characters except % & \\ ? /",
  },
  actionGroup: {
    abbreviation: "ag", description: "action group", minLength: 1, maxLength: 260,
    pattern: /^[^%&\\?/<>*:#|]+$/, scope: "resourceGroup", allowed: "any characters except % & \\ ? / < > * : # |",
  },
  metricAlert: {
    abbreviation: "alrt", description: "metric alert", minLength: 1, maxLength: 260,
    pattern: /^[^<>*%{}&:\\?+/#|]+$/, scope: "resourceGroup", allowed: "any characters except < > * % { } & : \\ ? + / # |",
  },
  virtualNetwork: {
    abbreviation: "vnet", description: "virtual network", minLength: 2, maxLength: 64,
    pattern: /^[A-Za-z0-9][\w.-]*\w$/, scope: "resourceGroup",
    allowed: "letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore",
  },
  subnet: {
    abbreviation: "snet", description: "subnet", minLength: 1, maxLength: 80,
    pattern: /^[A-Za-z0-9](?:[\w.-]*\w)?$/, scope: "parent",
    allowed: "letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore",
  },
  networkSecurityGroup: {
    abbreviation: "nsg", description: "network security group", minLength: 1, maxLength: 80,
    pattern: /^[A-Za-z0-9](?:[\w.-]*\w)?$/, scope: "resourceGroup",
    allowed: "letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore",
  },
  privateEndpoint: {
    abbreviation: "pep", description: "private endpoint", minLength: 2, maxLength: 64,
    pattern: /^[A-Za-z0-9][\w.-]*\w$/, scope: "resourceGroup",
    allowed: "letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore",
  },
  cosmosPostgresCluster: {
    abbreviation: "cospos", description: "Cosmos DB for PostgreSQL cluster", minLength: 3, maxLength: 40,
    // Azure: ^(?![0-9]+$)(?!-)[a-z0-9-]{3,40}(?<!-)$
    pattern: /^(?![0-9]+$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, scope: "global",
    allowed: "lowercase letters, digits and hyphens, not starting or ending with a hyphen, not only digits",
  },
  mongoCluster: {
    abbreviation: "cosmon", description: "MongoDB vCore cluster", minLength: 3, maxLength: 40,
    pattern: LOWER_ALNUM_HYPHEN_EDGES, scope: "global",
    allowed: "lowercase letters, digits and hyphens, not starting or ending with a hyphen",
  },
  openAi: {
    abbreviation: "oai", description: "Azure OpenAI account", minLength: 2, maxLength: 64,
    pattern: ALNUM_HYPHEN_EDGES, scope: "global",
    allowed: "letters, digits and hyphens, starting and ending with a letter or digit (also its custom subdomain)",
  },
  openAiDeployment: {
    abbreviation: "", description: "Azure OpenAI deployment", minLength: 2, maxLength: 64,
    pattern: /^[A-Za-z0-9][\w.-]*$/, scope: "parent",
    allowed: "letters, digits, underscores, periods and hyphens, starting with a letter or digit",
  },
  containerRegistry: {
    abbreviation: "cr", description: "container registry", minLength: 5, maxLength: 50,
    pattern: /^[A-Za-z0-9]+$/, scope: "global", compact: true,
    allowed: "letters and digits",
  },
  fileShare: {
    abbreviation: "", description: "file share", minLength: 3, maxLength: 63,
    pattern: /^[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$/, scope: "parent",
    allowed: "lowercase letters, digits and single hyphens, starting and ending with a letter or digit",
  },
  storageQueue: {
    abbreviation: "", description: "storage queue", minLength: 3, maxLength: 63,
    pattern: /^[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$/, scope: "parent",
    allowed: "lowercase letters, digits and single hyphens, starting and ending with a letter or digit",
  },
  autoscaleSetting: {
    abbreviation: "autoscale", description: "autoscale setting", minLength: 1, maxLength: 260,
    pattern: /^[^<>*%{}&:\\?+/#|]+$/, scope: "resourceGroup", allowed: "any characters except < > * % { } & : \\ ? + / # |",
  },
  virtualMachine: {
    abbreviation: "vm", description: "Linux virtual machine", minLength: 1, maxLength: 64,
    pattern: ALNUM_HYPHEN_EDGES, scope: "resourceGroup",
    allowed: "letters, digits and hyphens, starting and ending with a letter or digit (also its host name)",
  },
  networkInterface: {
    abbreviation: "nic", description: "network interface", minLength: 1, maxLength: 80,
    pattern: /^[A-Za-z0-9](?:[\w.-]*\w)?$/, scope: "resourceGroup",
    allowed: "letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore",
  },
  publicIp: {
    abbreviation: "pip", description: "public IP address", minLength: 1, maxLength: 80,
    pattern: /^[A-Za-z0-9](?:[\w.-]*\w)?$/, scope: "resourceGroup",
    allowed: "letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore",
  },
  bastionHost: {
    abbreviation: "bas", description: "Azure Bastion host", minLength: 1, maxLength: 80,
    pattern: /^[A-Za-z0-9](?:[\w.-]*\w)?$/, scope: "resourceGroup",
    allowed: "letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore",
  },
  userAssignedIdentity: {
    abbreviation: "id", description: "user-assigned managed identity", minLength: 3, maxLength: 128,
    pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/, scope: "resourceGroup",
    allowed: "letters, digits, hyphens and underscores, starting with a letter or digit",
  },
  // Redis (lib/data/redis.ts): Azure Managed Redis (Microsoft.Cache/redisEnterprise). The rule is
  // the portal's "DNS name" rule (learn.microsoft.com/azure/redis/quickstart-create-managed-redis)
  // and azurerm's name validation; Redis also checks that name and region together stay within 63
  // characters. CAF lists no abbreviation of its own for Managed Redis (read 2026-11): `redis` is
  // its Azure Cache for Redis row. The host name `<name>.<region>.redis.azure.net` must be unique
  // in the region: treated as global, so generated names carry the suffix.
  managedRedis: {
    abbreviation: "redis", description: "Azure Managed Redis cache", minLength: 3, maxLength: 63,
    pattern: /^[A-Za-z0-9](?!.*--)[A-Za-z0-9-]*[A-Za-z0-9]$/, scope: "global",
    allowed: "letters, digits and single hyphens, starting and ending with a letter or digit (name and region together at most 63 characters)",
  },
  // EmailCommunication (lib/integration/email-communication.ts). Both services are `global`
  // resources: the region stays out of their names. azurerm 4.55 checks both names with
  // ^[a-zA-Z]([0-9a-zA-Z-]{0,62}[0-9a-zA-Z])?$. CAF: Communication Services `acs`; CAF lists no
  // abbreviation for Email Communication Services, `ecs` is used by analogy. A Communication
  // Services name is its endpoint's host name (`<name>.<geo>.communication.azure.com`), so
  // globally unique; an Email Communication Services name is treated the same (the 4-character
  // suffix costs nothing). DNS zones have no kind: their name is the domain (CAF: `<DNS domain
  // name>`), checked by DnsZone.
  communicationService: {
    abbreviation: "acs", description: "Communication Services resource", minLength: 1, maxLength: 64,
    pattern: /^[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, scope: "global", omitRegion: true,
    allowed: "letters, digits and hyphens, starting with a letter and ending with a letter or digit",
  },
  emailCommunicationService: {
    abbreviation: "ecs", description: "Email Communication Services resource", minLength: 1, maxLength: 64,
    pattern: /^[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, scope: "global", omitRegion: true,
    allowed: "letters, digits and hyphens, starting with a letter and ending with a letter or digit",
  },
  emailSenderUsername: {
    abbreviation: "", description: "email sender username (MailFrom local part)", minLength: 1, maxLength: 64,
    pattern: /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/, scope: "parent",
    allowed: "letters, digits, periods, hyphens and underscores, starting and ending with a letter or digit (an address's local part: at most 64, RFC 5321)",
  },
  // ApiManagement (lib/integration/api-management.ts): Microsoft.ApiManagement/service, global
  // (the gateway is <name>.azure-api.net), 1-50 characters (learn.microsoft.com/azure/
  // azure-resource-manager/management/resource-name-rules). Revisions of that page say
  // "Alphanumerics. Start with letter." or "Alphanumerics and hyphens. Start with letter and end
  // with alphanumeric."; azurerm 4.55 accepts ^[0-9a-zA-Z-]{1,50}$ and instances with hyphens
  // exist: letters, digits and hyphens, starting with a letter. CAF: `apim`.
  apiManagement: {
    abbreviation: "apim", description: "API Management service", minLength: 1, maxLength: 50,
    pattern: /^[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, scope: "global",
    allowed: "letters, digits and hyphens, starting with a letter and ending with a letter or digit",
  },
  // Budget and GitHubDeployer (observability/budget.ts, security/github-deployer.ts).
  budget: {
    // Microsoft.Consumption/budgets: 1-63 alphanumerics, hyphens and underscores, unique within
    // its scope (the resource group or subscription). CAF defines no abbreviation for budgets.
    abbreviation: "budget", description: "budget", minLength: 1, maxLength: 63,
    pattern: /^[A-Za-z0-9_-]+$/, scope: "parent", omitRegion: true,
    allowed: "letters, digits, hyphens and underscores",
  },
  // MetricsDashboard (observability/metrics-dashboard.ts). Microsoft.Portal/dashboards: azurerm
  // 4.55 accepts 1-160 letters, digits, underscores and hyphens (validate/dashboard_name.go);
  // unique within the resource group. CAF: `dash` (Dashboard).
  portalDashboard: {
    abbreviation: "dash", description: "portal dashboard", minLength: 1, maxLength: 160,
    pattern: /^[A-Za-z0-9_-]+$/, scope: "resourceGroup",
    allowed: "letters, digits, underscores and hyphens",
  },
  federatedIdentityCredential: {
    // Entra ID: 3-120 characters, alphanumerics, hyphens and underscores, the first alphanumeric;
    // unique within its identity, immutable once created.
    abbreviation: "", description: "federated identity credential", minLength: 3, maxLength: 120,
    pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/, scope: "parent",
    allowed: "letters, digits, hyphens and underscores, starting with a letter or digit",
  },
  // SqlDatabase (lib/data/sql-database.ts). Rules: learn.microsoft.com/azure/azure-resource-manager/
  // management/resource-name-rules#microsoftsql (servers: 1-63, lowercase letters, digits and
  // hyphens, not starting or ending with a hyphen, global: the name is the host name
  // `<name>.database.windows.net`; databases: 1-128, none of <>*%&:\/? or control characters, not
  // ending with a period or space) and azurerm 4.55's checks (ValidateMsSqlServerName,
  // ValidateMsSqlDatabaseName, ValidateMsSqlFailoverGroupName). CAF: `sql` (Azure SQL Database
  // server), `sqldb` (Azure SQL database); CAF lists no abbreviation for failover groups (read
  // 2026-11): `sqlfg` by analogy. A failover group's name is its listeners' host names
  // (`<name>.database.windows.net`, `<name>.secondary.database.windows.net`), so globally unique.
  sqlServer: {
    abbreviation: "sql", description: "Azure SQL logical server", minLength: 1, maxLength: 63,
    pattern: LOWER_ALNUM_HYPHEN_EDGES, scope: "global",
    allowed: "lowercase letters, digits and hyphens, not starting or ending with a hyphen",
  },
  sqlDatabase: {
    abbreviation: "sqldb", description: "Azure SQL database", minLength: 1, maxLength: 128,
    // eslint-disable-next-line no-control-regex
    pattern: /^[^<>*%&:\\/?\u0000-\u001f]*[^<>*%&:\\/?\u0000-\u001f. ]$/, scope: "parent",
    allowed: "any characters except < > * % & : \\ / ? and control characters, not ending with a period or space",
  },
  sqlFailoverGroup: {
    abbreviation: "sqlfg", description: "Azure SQL failover group", minLength: 1, maxLength: 63,
    pattern: LOWER_ALNUM_HYPHEN_EDGES, scope: "global", omitRegion: true,
    allowed: "lowercase letters, digits and hyphens, not starting or ending with a hyphen",
  },
  // CosmosNoSql (lib/data/cosmos-nosql.ts). Account: Microsoft.DocumentDB/databaseAccounts,
  // 3-44 lowercase letters, digits and hyphens, globally unique (`<name>.documents.azure.com`;
  // learn.microsoft.com/azure/templates/microsoft.documentdb/databaseaccounts; azurerm allows
  // 3-50, the stricter Azure rule wins); a DNS label, so no hyphen at either end. CAF: `cosno`
  // (Azure Cosmos DB for NoSQL account). Databases and containers: at most 255 characters
  // (learn.microsoft.com/azure/cosmos-db/concepts-limits), none of / \ ? # (they are URL path
  // segments of the data plane), no trailing space; chosen by the caller.
  cosmosNoSqlAccount: {
    abbreviation: "cosno", description: "Cosmos DB for NoSQL account", minLength: 3, maxLength: 44,
    pattern: LOWER_ALNUM_HYPHEN_EDGES, scope: "global",
    allowed: "lowercase letters, digits and hyphens, not starting or ending with a hyphen",
  },
  cosmosSqlDatabase: {
    abbreviation: "", description: "Cosmos DB SQL database", minLength: 1, maxLength: 255,
    pattern: /^[^/\\?#]*[^/\\?#\s]$/, scope: "parent",
    allowed: "any characters except / \\ ? #, not ending with a space",
  },
  cosmosSqlContainer: {
    abbreviation: "", description: "Cosmos DB SQL container", minLength: 1, maxLength: 255,
    pattern: /^[^/\\?#]*[^/\\?#\s]$/, scope: "parent",
    allowed: "any characters except / \\ ? #, not ending with a space",
  },
  // SearchService and AvailabilityTest (ai/search-service.ts, observability/availability-test.ts).
  // Search: Azure's rule as the Management API states it (CheckNameAvailability: "lowercase
  // letters, digits or dashes, cannot use dash as the first two or last one characters, cannot
  // contain consecutive dashes, and must be between 2 and 60 characters"); the name is the host
  // `<name>.search.windows.net`, so globally unique. CAF: `srch`. Web tests
  // (Microsoft.Insights/webtests): resource-name-rules gives 1-260 characters without % & \ ? /
  // or control characters, unique in the resource group. CAF lists no abbreviation for
  // availability tests: `webtest`, after the resource type.
  searchService: {
    abbreviation: "srch", description: "Azure AI Search service", minLength: 2, maxLength: 60,
    pattern: /^(?!.*--)[a-z0-9]{2}(?:[a-z0-9-]*[a-z0-9])?$/, scope: "global",
    allowed: "lowercase letters, digits and single hyphens, not a hyphen in the first two or the last place",
  },
  availabilityTest: {
    abbreviation: "webtest", description: "Application Insights availability test", minLength: 1, maxLength: 260,
    // eslint-disable-next-line no-control-regex
    pattern: /^[^%&\\?/\u0000-\u001f]+$/, scope: "resourceGroup", allowed: "any characters except % & \\ ? / and control characters",
  },
  // FunctionApp (lib/web/function-app.ts): Microsoft.Web/sites, the same rule as a web app
  // (2-60 letters, digits and hyphens; its host name `<name>.azurewebsites.net` is global).
  // CAF abbreviation `func`. Its plan reuses `appServicePlan`.
  functionApp: {
    abbreviation: "func", description: "function app", minLength: 2, maxLength: 60,
    pattern: ALNUM_HYPHEN_EDGES, scope: "global",
    allowed: "letters, digits and hyphens, not starting or ending with a hyphen",
  },
  // FrontDoor (lib/edge/front-door.ts). Front Door profiles, endpoints and WAF policies are
  // global resources: the region stays out of their names. Rules: the Microsoft.Cdn/profiles
  // template reference (1-260 alphanumerics and hyphens, alphanumeric at both ends), azurerm 4.55's
  // FrontDoorEndpointName (2-46) and FrontDoorFirewallPolicyName (a letter, then letters and
  // digits, 1-128). CAF: Front Door (Standard/Premium) profile `afd`, endpoint `fde`, firewall
  // policy `fdfp`. An endpoint's host name carries a hash (`<name>-<hash>.z01.azurefd.net`), so
  // its name need only be unique within the profile.
  frontDoorProfile: {
    abbreviation: "afd", description: "Front Door profile", minLength: 1, maxLength: 260,
    pattern: ALNUM_HYPHEN_EDGES, scope: "resourceGroup", omitRegion: true,
    allowed: "letters, digits and hyphens, starting and ending with a letter or digit",
  },
  frontDoorEndpoint: {
    abbreviation: "fde", description: "Front Door endpoint", minLength: 2, maxLength: 46,
    pattern: ALNUM_HYPHEN_EDGES, scope: "parent", omitRegion: true,
    allowed: "letters, digits and hyphens, starting and ending with a letter or digit",
  },
  frontDoorFirewallPolicy: {
    abbreviation: "fdfp", description: "Front Door WAF policy", minLength: 1, maxLength: 128,
    pattern: /^[A-Za-z][A-Za-z0-9]*$/, scope: "resourceGroup", compact: true, omitRegion: true,
    allowed: "letters and digits, starting with a letter",
  },
  // ServiceBus (lib/integration/service-bus.ts). Learn resource-name-rules (Microsoft.ServiceBus):
  // namespaces global, 6-50 alphanumerics and hyphens, start with a letter, end with a letter or
  // digit; azurerm 4.55 (validate/namespace_name.go, after the Service Bus REST docs) also refuses
  // names ending in "-sb" or "-mgmt". Queues and topics: 1-260 alphanumerics, periods, hyphens,
  // underscores and slashes, starting and ending alphanumeric, unique in the namespace;
  // subscriptions: 1-50 alphanumerics, periods, hyphens and underscores, unique in the topic. CAF:
  // `sbns` (namespace); `sbq`, `sbt`, `sbts` exist for entities, but their names are the paths
  // applications use, so the caller chooses them.
  serviceBusNamespace: {
    abbreviation: "sbns", description: "Service Bus namespace", minLength: 6, maxLength: 50,
    pattern: /^[A-Za-z](?!.*-(?:sb|mgmt)$)[A-Za-z0-9-]*[A-Za-z0-9]$/, scope: "global",
    allowed: "letters, digits and hyphens, starting with a letter, ending with a letter or digit, not ending with -sb or -mgmt",
  },
  serviceBusQueue: {
    abbreviation: "", description: "Service Bus queue", minLength: 1, maxLength: 260,
    pattern: /^[A-Za-z0-9](?:[A-Za-z0-9._/-]*[A-Za-z0-9])?$/, scope: "parent",
    allowed: "letters, digits, periods, hyphens, underscores and slashes, starting and ending with a letter or digit",
  },
  serviceBusTopic: {
    abbreviation: "", description: "Service Bus topic", minLength: 1, maxLength: 260,
    pattern: /^[A-Za-z0-9](?:[A-Za-z0-9._/-]*[A-Za-z0-9])?$/, scope: "parent",
    allowed: "letters, digits, periods, hyphens, underscores and slashes, starting and ending with a letter or digit",
  },
  serviceBusSubscription: {
    abbreviation: "", description: "Service Bus subscription", minLength: 1, maxLength: 50,
    pattern: /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/, scope: "parent",
    allowed: "letters, digits, periods, hyphens and underscores, starting and ending with a letter or digit",
  },
  // AksCluster and WorkloadIdentity (lib/compute/aks-cluster.ts, lib/security/workload-identity.ts).
  // resource-name-rules, Microsoft.ContainerService: managedClusters 1-63 alphanumerics,
  // underscores and hyphens, starting and ending with an alphanumeric, unique in the resource
  // group; agentPools 1-12 (Linux; Windows 1-6) lowercase letters and digits, not starting with a
  // digit. CAF: `aks` (AKS cluster), `np` (node pool). Workload identities reuse
  // `userAssignedIdentity` and `federatedIdentityCredential`.
  aksCluster: {
    abbreviation: "aks", description: "AKS cluster", minLength: 1, maxLength: 63,
    pattern: /^[A-Za-z0-9](?:[A-Za-z0-9_-]*[A-Za-z0-9])?$/, scope: "resourceGroup",
    allowed: "letters, digits, underscores and hyphens, starting and ending with a letter or digit",
  },
  aksNodePool: {
    abbreviation: "np", description: "AKS node pool", minLength: 1, maxLength: 12,
    pattern: /^[a-z][a-z0-9]*$/, scope: "parent",
    allowed: "lowercase letters and digits, starting with a letter (Linux pools; Windows pools 1-6)",
  },
  // CosmosMongo and EventHub (lib/data/cosmos-mongo.ts, lib/integration/event-hub.ts). Cosmos DB
  // for MongoDB (RU) account: Microsoft.DocumentDB/databaseAccounts, the same rule as
  // cosmosNoSqlAccount (3-44 lowercase letters, digits, hyphens; global); CAF `cosmon`. Its
  // databases and collections: at most 255 characters without / \ ? # (concepts-limits), chosen by
  // the caller. Event Hubs namespace: Learn resource-name-rules (Microsoft.EventHub) 6-50
  // alphanumerics and hyphens, starting with a letter, ending with a letter or digit, global;
  // azurerm 4.55 (like Service Bus) refuses names ending in "-sb" or "-mgmt"; CAF `evhns`. Event
  // hubs: 1-256 characters (Learn "Event Hubs quotas", common limits), letters, digits, periods,
  // hyphens and underscores, starting and ending with a letter or digit; consumer groups: 1-50
  // characters for AMQP (the same page). Hub and consumer group names are what clients use, so
  // the caller chooses them.
  cosmosMongoAccount: {
    abbreviation: "cosmon", description: "Cosmos DB for MongoDB account", minLength: 3, maxLength: 44,
    pattern: LOWER_ALNUM_HYPHEN_EDGES, scope: "global",
    allowed: "lowercase letters, digits and hyphens, not starting or ending with a hyphen",
  },
  cosmosMongoDatabase: {
    abbreviation: "", description: "Cosmos DB MongoDB database", minLength: 1, maxLength: 255,
    pattern: /^[^/\\?#]*[^/\\?#\s]$/, scope: "parent",
    allowed: "any characters except / \\ ? #, not ending with a space",
  },
  cosmosMongoCollection: {
    abbreviation: "", description: "Cosmos DB MongoDB collection", minLength: 1, maxLength: 255,
    pattern: /^[^/\\?#]*[^/\\?#\s]$/, scope: "parent",
    allowed: "any characters except / \\ ? #, not ending with a space",
  },
  eventHubNamespace: {
    abbreviation: "evhns", description: "Event Hubs namespace", minLength: 6, maxLength: 50,
    pattern: /^[A-Za-z](?!.*-(?:sb|mgmt)$)[A-Za-z0-9-]*[A-Za-z0-9]$/, scope: "global",
    allowed: "letters, digits and hyphens, starting with a letter, ending with a letter or digit, not ending with -sb or -mgmt",
  },
  eventHub: {
    abbreviation: "", description: "event hub", minLength: 1, maxLength: 256,
    pattern: /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/, scope: "parent",
    allowed: "letters, digits, periods, hyphens and underscores, starting and ending with a letter or digit",
  },
  eventHubConsumerGroup: {
    abbreviation: "", description: "Event Hubs consumer group", minLength: 1, maxLength: 50,
    pattern: /^[A-Za-z0-9$](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/, scope: "parent",
    allowed: "letters, digits, periods, hyphens and underscores, starting and ending with a letter or digit",
  },
  // Firewall (lib/network/firewall.ts). Learn resource-name-rules (Microsoft.Network):
  // azureFirewalls, firewallPolicies and routeTables are 1-80 alphanumerics, underscores, periods
  // and hyphens, starting with an alphanumeric and ending with an alphanumeric or underscore,
  // unique in the resource group. CAF abbreviations: Azure Firewall `afw`, firewall policy `afwp`,
  // route table `rt`.
  firewall: {
    abbreviation: "afw", description: "Azure Firewall", minLength: 1, maxLength: 80,
    pattern: /^[A-Za-z0-9](?:[\w.-]*\w)?$/, scope: "resourceGroup",
    allowed: "letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore",
  },
  firewallPolicy: {
    abbreviation: "afwp", description: "Azure Firewall policy", minLength: 1, maxLength: 80,
    pattern: /^[A-Za-z0-9](?:[\w.-]*\w)?$/, scope: "resourceGroup",
    allowed: "letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore",
  },
  routeTable: {
    abbreviation: "rt", description: "route table", minLength: 1, maxLength: 80,
    pattern: /^[A-Za-z0-9](?:[\w.-]*\w)?$/, scope: "resourceGroup",
    allowed: "letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore",
  },
  // UGC Creator Studio (stacks/ugc-studio): the Azure Monitor workspace of managed Prometheus
  // (Microsoft.Monitor/accounts: 4-44 letters, digits and hyphens, starting and ending with a
  // letter or digit, unique in the resource group). CAF's abbreviation table
  // (MicrosoftDocs/cloud-adoption-framework, resource-abbreviations.md of 2024-05-07) has no row
  // for it; `amw` follows its `amg` for Azure Managed Grafana. Changing it would rename, and so
  // replace, the workspace.
  monitorWorkspace: {
    abbreviation: "amw", description: "Azure Monitor workspace", minLength: 4, maxLength: 44,
    pattern: ALNUM_HYPHEN_EDGES, scope: "resourceGroup",
    allowed: "letters, digits and hyphens, starting and ending with a letter or digit",
  },
} as const satisfies Record<string, NamingRule>;

export type ResourceKind = keyof typeof NAMING_RULES;

/** Why a name breaks its kind's rule: `reason` is a predicate ("is 26 characters"), `rule` the rule in words. */
export interface NamingProblem {
  readonly reason: string;
  readonly rule: string;
}

/**
 * Checks `name` against the kind's Azure rule; returns why it breaks it, or undefined.
 * Unresolved tokens pass: Azure checks them at apply time.
 */
export function namingProblem(kind: ResourceKind, name: string): NamingProblem | undefined {
  if (Token.isUnresolved(name)) return undefined;
  const r: NamingRule = NAMING_RULES[kind];
  const scope =
    r.scope === "global" ? "globally unique"
    : r.scope === "parent" ? "unique within its parent resource"
    : r.scope === "resourceGroup" ? "unique within its resource group"
    : "unique within its subscription";
  const rule = `Azure allows ${r.minLength}-${r.maxLength} characters, ${r.allowed}; ${scope}`;
  if (name.length < r.minLength || name.length > r.maxLength) return { reason: `is ${name.length} characters`, rule };
  if (!r.pattern.test(name)) return { reason: "has characters or a shape Azure rejects", rule };
  return undefined;
}

/** Throws a ValidationError naming the construct path, the value and the rule when `name` breaks it. */
export function checkName(constructPath: string, kind: ResourceKind, name: string): string {
  const problem = namingProblem(kind, name);
  if (problem) {
    throw new ValidationError(constructPath, `${NAMING_RULES[kind].description} name ${show(name)} ${problem.reason}; ${problem.rule}`);
  }
  return name;
}

export interface NamingProps {
  /** Workload name, e.g. `dotcopilot`: lowercase letters and digits. */
  readonly workload: string;
  /** Environment name, e.g. `dev` or `staging`. */
  readonly environment: string;
  /** ARM region name, e.g. `eastus2`. */
  readonly location: string;
  /** Organisation prefix placed after the abbreviation. @default - none */
  readonly prefix?: string;
  /**
   * Seed of the deterministic suffix of globally unique names. Use something stable and unique
   * to the deployment, such as `<subscription id>/<system>/<environment>`.
   */
  readonly uniqueSeed: string;
}

/** Short environment codes used in names; any other environment name is used as written, cut to 4 characters. */
const ENVIRONMENT_CODES: Record<string, string> = {
  dev: "dev", development: "dev", test: "tst", qa: "qa", staging: "stg", stage: "stg",
  uat: "uat", prod: "prd", production: "prd",
};

/**
 * Generates CAF-style names: `<abbr>-[<prefix>-]<workload>-<env>-<region>[-<instance>][-<suffix>]`
 * (`app-dotcopilot-dev-eus2-k3x9`), compact for kinds that allow no hyphens
 * (`stdotcopilotdeveus2k3x9`). Globally unique kinds get a 4-character suffix derived from the
 * seed, so the same inputs always give the same name.
 */
export class Naming {
  readonly suffix: string;
  readonly environmentCode: string;
  readonly regionCode: string;

  constructor(readonly props: NamingProps) {
    this.suffix = createHash("sha256").update(props.uniqueSeed).digest("hex").slice(0, 8);
    this.suffix = BigInt(`0x${this.suffix}`).toString(36).padStart(4, "0").slice(-4);
    this.environmentCode = ENVIRONMENT_CODES[props.environment] ?? props.environment.slice(0, 4);
    this.regionCode = region(props.location).short;
  }

  /**
   * The name for a resource of `kind`; `instance` distinguishes several of one kind (`web`, `api`,
   * `001`). When the name would exceed the kind's maximum length (a long prefix or instance with a
   * 24-character kind such as Key Vault or storage), the workload part is shortened, deterministically
   * and never below 3 characters; the suffix, environment, region and instance stay whole, so the
   * name stays unique. A name that still does not fit is returned as is, for `checkName` to reject.
   */
  name(kind: ResourceKind, instance?: string): string {
    const rule: NamingRule = NAMING_RULES[kind];
    if (!rule.abbreviation) {
      throw new Error(`${rule.description} names are chosen by the caller (no CAF abbreviation to generate one from)`);
    }
    const build = (workload: string) => {
      const parts = [
        rule.abbreviation,
        this.props.prefix,
        workload,
        this.environmentCode,
        rule.omitRegion ? undefined : this.regionCode,
        instance,
        rule.scope === "global" ? this.suffix : undefined,
      ].filter((p): p is string => !!p);
      return rule.compact ? parts.join("").toLowerCase().replace(/[^a-z0-9]/g, "") : parts.join("-");
    };
    const full = build(this.props.workload);
    const excess = full.length - rule.maxLength;
    if (excess <= 0) return full;
    const workload = this.props.workload;
    const kept = Math.max(MIN_WORKLOAD_LENGTH, workload.length - excess);
    return kept < workload.length ? build(workload.slice(0, kept).replace(/-+$/, "")) : full;
  }
}

/** The shortest the workload part of a generated name is cut to when the name would be too long. */
const MIN_WORKLOAD_LENGTH = 3;
