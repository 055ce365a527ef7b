import { TerraformOutput, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { ContainerRegistry } from "../../lib/containers/container-registry";
import { ResourceGroup } from "../../lib/core/resource-group";
import { PostgresFlexible } from "../../lib/data/postgres-flexible";
import { MANAGED_REDIS_PORT, Redis, type RedisPersistence, managedRedisSkuInfo } from "../../lib/data/redis";
import { StorageAccount } from "../../lib/data/storage-account";
import type { ProfileIssue, SystemDefinition } from "../../lib/framework/system";
import { EmailCommunication } from "../../lib/integration/email-communication";
import { cidrContains, cidrsOverlap } from "../../lib/network/cidr";
import { DnsZone } from "../../lib/network/dns-zone";
import { type NsgRule, VnetWithSubnets } from "../../lib/network/vnet-with-subnets";
import { Monitoring } from "../../lib/observability/monitoring";
import { Suppressions } from "../../lib/policy/suppressions";
import { GitHubDeployer } from "../../lib/security/github-deployer";
import { KeyVault } from "../../lib/security/key-vault";
import { ManagedIdentity } from "../../lib/security/managed-identity";
import { AppServiceWithSlots } from "../../lib/web/app-service-with-slots";
import { STATIC_WEB_APP_REGIONS, StaticWebApp } from "../../lib/web/static-web-app";
import { appServiceScaleIssues, planInstanceIssues, postgresFlexibleIssues, stagingSlotIssue } from "../profile-checks";
import { type AugeoProfile, augeoProfileSchema, augeoTiers } from "./profile";
import { systemBudget } from "../system-budget";

/** What the profile's `redis.persistence` means for the Redis construct. */
function redisPersistence(value: AugeoProfile["redis"]["persistence"]): RedisPersistence | undefined {
  if (value === "none") return undefined;
  if (value === "aof-1s") return { aof: "1s" };
  return { rdb: value.slice("rdb-".length) as "1h" | "6h" | "12h" };
}

/**
 * Augeo (shared/seeds/augeo.md): a React admin on Static Web Apps, a FastAPI container on App
 * Service (blue-green slot where the plan has slots), PostgreSQL Flexible Server with
 * zone-redundant HA in prod, Azure Managed Redis for sessions, Key Vault, Communication Services
 * email on the product domain, a public DNS zone, budgets, alerts and a GitHub OIDC deployer.
 */
export const augeo: SystemDefinition<AugeoProfile> = {
  id: "augeo",
  title: "Augeo",
  workload: "augeo",
  profileSchema: augeoProfileSchema,
  tiers: augeoTiers,

  check(p, env, at) {
    const issues: ProfileIssue[] = [];
    const pg = p.postgres;
    issues.push(...postgresFlexibleIssues(pg, env, at, "augeo"));
    const app = p.appService;
    issues.push(...stagingSlotIssue(app, at));
    issues.push(...planInstanceIssues({ sku: app.sku, instanceCount: app.minInstances, zoneBalancing: app.zoneBalancing }, env, at));
    issues.push(...appServiceScaleIssues(app, at));
    if (p.redis.persistence !== "none" && managedRedisSkuInfo(p.redis.sku)?.tier === "FlashOptimized") {
      issues.push({ reports: [
        { path: at("redis", "persistence"), message: `is not offered on ${JSON.stringify(p.redis.sku)}: persistence on Flash Optimized is in preview, without an SLA (learn.microsoft.com/azure/redis/how-to-persistence); choose a Balanced, Memory or Compute Optimized SKU, or persistence: none` },
        { path: at("redis", "sku"), message: `is Flash Optimized, where persistence (redis.persistence ${JSON.stringify(p.redis.persistence)}) is in preview: choose a Balanced, Memory or Compute Optimized SKU` },
      ] });
    }
    if (!p.staticWebApp.location && !(STATIC_WEB_APP_REGIONS as readonly string[]).includes(env.location)) {
      issues.push({ reports: [
        { path: ["location"], message: `does not host Static Web Apps; set systems.augeo.staticWebApp.location (allowed: ${STATIC_WEB_APP_REGIONS.join(", ")})` },
      ] });
    }
    if (["LRS", "GRS", "RAGRS"].indexOf(p.storage.replication) < 0) {
      issues.push({ reports: [
        { path: at("storage", "replication"), message: "does not offer the archive tier, which storage.archiveAfterDays moves backups and logs to (allowed: LRS, GRS, RAGRS)" },
      ] });
    }
    if (p.email.domainVerified && !p.dns.delegated) {
      issues.push({ reports: [
        { path: at("email", "domainVerified"), message: "is not allowed while dns.delegated is false: Azure verifies the email domain through public DNS, which answers only once the zone is delegated (delegate, set dns.delegated: true, verify, then this)" },
      ] });
    }
    if (!p.github.repository) {
      issues.push({ reports: [
        { path: at("github", "repository"), message: "is required but missing: the GitHub repository (owner/name) whose Actions deploy Augeo, for the deployer's federated credential" },
      ] });
    }
    if (env.deployer.ipRanges.length === 0) {
      issues.push({ reports: [
        { path: ["deployer", "ipRanges"], message: "is required but missing: Augeo's Key Vault denies public networks and Terraform writes the generated secrets into it, so the machines that run cdktf deploy must be let through (allowed: public IPv4 CIDRs, e.g. 203.0.113.0/24)" },
      ] });
    }
    const n = p.network;
    for (const [key, cidr] of [["appSubnet", n.appSubnet], ["endpointsSubnet", n.endpointsSubnet], ["databaseSubnet", n.databaseSubnet]] as const) {
      if (!cidrContains(n.addressSpace, cidr)) {
        issues.push({ reports: [{ path: at("network", key), message: `is outside network.addressSpace ${n.addressSpace}` }] });
      }
    }
    const subnets = [["appSubnet", n.appSubnet], ["endpointsSubnet", n.endpointsSubnet], ["databaseSubnet", n.databaseSubnet]] as const;
    for (let i = 0; i < subnets.length; i++) {
      for (let j = i + 1; j < subnets.length; j++) {
        if (cidrsOverlap(subnets[i][1], subnets[j][1])) {
          issues.push({ reports: [{ path: at("network", subnets[j][0]), message: `overlaps network.${subnets[i][0]} ${subnets[i][1]}` }] });
        }
      }
    }
    return issues;
  },

  build(scope: Construct, { environment: env, profile: p }) {
    const rg = new ResourceGroup(scope, "ResourceGroup", { location: env.location });
    const protection = p.protection.lockStatefulResources ? { lock: "CanNotDelete" as const, preventDestroy: true } : {};

    // The document's network: the API integrated into the VNet, Redis, Key Vault and Storage
    // behind private endpoints, PostgreSQL injected into its own subnet (private access).
    // Enterprise clustering: one endpoint on 10000 that any client (redis-py without cluster
    // support included) can use; OSS clustering would also need 8500-8599 and a cluster-aware client.
    const redisPorts = [String(MANAGED_REDIS_PORT)];
    const endpointRules: NsgRule[] = [
      { priority: 100, name: "AllowAppHttps", destinationPorts: "443", protocol: "Tcp", source: { subnet: "app" }, destination: { subnet: "endpoints" }, access: "Allow", description: "Key Vault and Storage from the API" },
      { priority: 110, name: "AllowAppRedis", destinationPorts: redisPorts, protocol: "Tcp", source: { subnet: "app" }, destination: { subnet: "endpoints" }, access: "Allow", description: "Managed Redis (TLS) from the API only: the document's Redis firewall" },
      { priority: 4000, name: "DenyVnetInbound", destinationPorts: "*", protocol: "*", source: "VirtualNetwork", destination: "*", access: "Deny" },
    ];
    const databaseRules: NsgRule[] = [
      { priority: 100, name: "AllowAppPostgres", destinationPorts: "5432", protocol: "Tcp", source: { subnet: "app" }, destination: { subnet: "database" }, access: "Allow", description: "PostgreSQL from the API" },
      { priority: 110, name: "AllowDatabaseSubnet", destinationPorts: "*", protocol: "*", source: { subnet: "database" }, destination: { subnet: "database" }, access: "Allow", description: "Replication between the primary and its zone-redundant standby" },
      { priority: 4000, name: "DenyVnetInbound", destinationPorts: "*", protocol: "*", source: "VirtualNetwork", destination: "*", access: "Deny" },
    ];
    const network = new VnetWithSubnets(scope, "Network", {
      resourceGroup: rg,
      addressSpace: [p.network.addressSpace],
      subnets: [
        { name: "app", addressPrefix: p.network.appSubnet, delegation: "Microsoft.Web/serverFarms", defaultOutboundAccess: true },
        { name: "endpoints", addressPrefix: p.network.endpointsSubnet, securityRules: endpointRules },
        { name: "database", addressPrefix: p.network.databaseSubnet, delegation: "Microsoft.DBforPostgreSQL/flexibleServers", securityRules: databaseRules },
      ],
    });
    const endpoints = [{ subnet: network.subnet("endpoints") }];

    const teamsWebhook = p.monitoring.teamsWebhook
      ? new TerraformVariable(scope, "teams_webhook_url", {
          type: "string",
          sensitive: true,
          description: "Microsoft Teams Workflows webhook that receives Augeo's alerts (set TF_VAR_teams_webhook_url; never commit it).",
        }).stringValue
      : undefined;
    const monitoring = new Monitoring(scope, "Monitoring", {
      resourceGroup: rg,
      retentionDays: p.monitoring.retentionDays,
      samplingPercentage: p.monitoring.samplingPercentage,
      recipients: env.alerts.emails,
      webhooks: teamsWebhook ? [{ name: "teams", serviceUri: teamsWebhook }] : [],
      smsRecipients: p.monitoring.smsRecipients,
      shortName: `augeo-${env.name}`.slice(0, 12),
    });
    const diagnostics = p.monitoring.diagnostics ? monitoring.diagnosticSettings() : undefined;

    const apiIdentity = new ManagedIdentity(scope, "ApiIdentity", { resourceGroup: rg, instance: "api" });

    // Secrets through the vault's private endpoint; the firewall admits the deployer's ranges
    // (deployer.ipRanges, added by KeyVault) so Terraform can write the generated ones.
    const vault = new KeyVault(scope, "KeyVault", {
      resourceGroup: rg,
      purgeProtection: p.protection.purgeProtection,
      network: { defaultAction: "Deny", allowedIpRanges: env.network.allowedIpRanges },
      privateEndpoints: endpoints,
      ...protection,
    });
    // The document's Key Vault audit logging, in every environment: who read which secret.
    monitoring.addDiagnostics("KeyVaultAudit", vault.id);
    const jwtSigningKey = vault.addGeneratedSecret("JwtSigningKey", { name: "jwt-signing-key", length: 64 });

    const database = new PostgresFlexible(scope, "Database", {
      resourceGroup: rg,
      version: p.postgres.version,
      sku: p.postgres.sku,
      storageMb: p.postgres.storageMb,
      highAvailability: p.postgres.highAvailability ? "ZoneRedundant" : undefined,
      backupRetentionDays: p.postgres.backupRetentionDays,
      geoRedundantBackup: p.postgres.geoRedundantBackup,
      delegatedSubnet: network.subnet("database"),
      passwordVault: vault,
      passwordSecretName: "database-password",
      entraAuthentication: true,
      databases: ["augeo"],
      ...protection,
    });

    const redis = new Redis(scope, "Redis", {
      resourceGroup: rg,
      sku: p.redis.sku,
      highAvailability: p.redis.highAvailability,
      persistence: redisPersistence(p.redis.persistence),
      clusteringPolicy: "EnterpriseCluster",
      privateEndpoints: endpoints,
      diagnosticSettings: diagnostics,
      ...protection,
    });

    const storage = new StorageAccount(scope, "Storage", {
      resourceGroup: rg,
      replication: p.storage.replication,
      containers: ["backups", "logs", "audit"],
      lifecycle: { archiveAfterDays: p.storage.archiveAfterDays },
      privateEndpoints: [{ subnet: network.subnet("endpoints"), subresource: "blob" }],
      ...protection,
    });

    // Public endpoint: GitHub-hosted runners push the images, and their addresses cannot be
    // pinned; admin user and anonymous pull are off, so only Entra ID principals with a role get in.
    const registry = new ContainerRegistry(scope, "Registry", {
      resourceGroup: rg,
      sku: p.registry.sku,
      untaggedRetentionDays: p.registry.untaggedRetentionDays > 0 ? p.registry.untaggedRetentionDays : undefined,
      zoneRedundancy: p.registry.zoneRedundancy,
      publicNetworkAccess: true,
    });
    Suppressions.of(registry).add("AZ-CR-002", "GitHub-hosted runners push the API image over the public endpoint (their addresses cannot be pinned); admin user and anonymous pull are off, pushes and pulls need Entra ID roles");

    // The product domain: api. and admin. point at the apps; custom domains and their managed
    // certificates are bound once the zone is delegated (dns.delegated), never before.
    const zone = new DnsZone(scope, "Dns", { resourceGroup: rg, name: p.dns.zoneName, ...protection });

    const email = new EmailCommunication(scope, "Email", {
      resourceGroup: rg,
      dataLocation: p.email.dataLocation,
      // Mail from the environment's own domain: the zone's apex (SPF, DKIM and DMARC records in it).
      domain: p.dns.zoneName,
      dnsZone: zone,
      linkDomain: p.email.domainVerified,
      // The built-in role, on the Communication Services resource only: the GitHub deployer may
      // assign it (a custom role would need role-definition rights CI does not have). README.
      senderRole: "Communication and Email Service Owner",
      diagnosticSettings: diagnostics,
      ...protection,
    });
    email.grantSendEmail(apiIdentity);

    const admin = new StaticWebApp(scope, "Admin", {
      resourceGroup: rg,
      location: p.staticWebApp.location ?? env.location,
      sku: p.staticWebApp.sku,
      customDomains: [{ subdomain: "admin", dnsZone: zone, bind: p.dns.delegated }],
    });

    const app = p.appService;
    const apis = new AppServiceWithSlots(scope, "Api", {
      resourceGroup: rg,
      sku: app.sku,
      vnetIntegrationSubnet: network.subnet("app"),
      slots: app.stagingSlot ? ["staging"] : [],
      zoneBalancing: app.zoneBalancing,
      autoscale: app.autoscale ? { minInstances: app.minInstances, maxInstances: app.maxInstances } : undefined,
      instanceCount: app.autoscale ? undefined : app.minInstances,
      applicationInsightsConnectionString: monitoring.insights.connectionString,
      // Every environment: an operator debugging an outage needs the HTTP and console logs.
      diagnosticSettings: monitoring.diagnosticSettings(),
      apps: [
        {
          container: { image: p.api.image, registry, port: p.api.port, imageManagedByCi: true },
          identity: apiIdentity,
          healthCheckPath: app.healthCheckPath,
          corsAllowedOrigins: [`https://${admin.defaultHostName}`, `https://admin.${p.dns.zoneName}`],
          customDomains: [{ subdomain: "api", dnsZone: zone, bind: p.dns.delegated }],
          appSettings: {
            AZURE_CLIENT_ID: apiIdentity.clientId,
            POSTGRES_HOST: database.fqdn,
            POSTGRES_PORT: "5432",
            POSTGRES_DATABASE: "augeo",
            POSTGRES_USER: database.administratorLogin,
            POSTGRES_SSLMODE: "require",
            REDIS_HOST: redis.hostName,
            REDIS_PORT: String(redis.port),
            REDIS_SSL: "true",
            AZURE_COMMUNICATION_ENDPOINT: email.endpoint,
            EMAIL_SENDER: email.senderAddress(),
            AZURE_STORAGE_BLOB_ENDPOINT: storage.resource.primaryBlobEndpoint,
          },
          secretSettings: { POSTGRES_PASSWORD: database.passwordSecret, JWT_SIGNING_KEY: jwtSigningKey },
        },
      ],
    });
    const api = apis.apps[Object.keys(apis.apps)[0]];
    Suppressions.of(apis).add("AZ-APP-010", "the React admin calls the API from users' browsers (CORS for its origin); the document puts no Front Door in front");
    vault.grantSecretsRead(apiIdentity);
    redis.grantDataAccess(apiIdentity);
    storage.grantBlobDataContributor(apiIdentity);

    if (p.monitoring.diagnostics) {
      monitoring.addDiagnostics("DatabaseDiagnostics", database.id);
      monitoring.addDiagnostics("StorageDiagnostics", `${storage.id}/blobServices/default`, ["Transaction"]);
    }

    // The document's alerts: critical to e-mail, Teams and SMS; warnings and deployments to e-mail and Teams.
    const mon = p.monitoring;
    monitoring.addLogAlert("ErrorRate", {
      instance: "error-rate",
      description: `Critical: more than ${mon.errorRatePercent} % of API requests failed over 5 minutes`,
      query: "requests | summarize total = count(), failed = countif(success == false) | where total > 0 | project failedPercent = 100.0 * failed / total",
      metricColumn: "failedPercent",
      operator: "GreaterThan",
      threshold: mon.errorRatePercent,
      severity: 0,
      route: "critical",
    });
    monitoring.addLogAlert("P95Latency", {
      instance: "p95-latency",
      description: `Critical: API P95 response time above ${mon.p95LatencyMs} ms over 5 minutes`,
      query: "requests | summarize p95 = percentile(duration, 95)",
      metricColumn: "p95",
      operator: "GreaterThan",
      threshold: mon.p95LatencyMs,
      severity: 0,
      route: "critical",
    });
    for (const [metric, label, threshold] of [["CpuPercentage", "cpu", mon.cpuPercent], ["MemoryPercentage", "memory", mon.memoryPercent]] as const) {
      monitoring.addMetricAlert(`Plan-${label}`, {
        instance: `plan-${label}`,
        description: `Warning: App Service plan ${label} above ${threshold} % over 5 minutes`,
        scope: apis.plan.id,
        metricNamespace: "Microsoft.Web/serverfarms",
        metricName: metric,
        aggregation: "Average",
        operator: "GreaterThan",
        threshold,
        severity: 2,
      });
    }
    // Info: a deployment. With a slot it is the swap into production; without one, CI writes the
    // container image into the app's configuration.
    monitoring.addActivityLogAlert("Deployment", {
      instance: "deployment",
      description: "Info: an API deployment succeeded or failed",
      scopes: [rg.id],
      operationName: app.stagingSlot ? "Microsoft.Web/sites/slots/slotsswap/action" : "Microsoft.Web/sites/config/write",
      resourceIds: [api.id],
      statuses: ["Succeeded", "Failed"],
    });

    systemBudget(scope, { resourceGroup: rg, budget: p.budget, environment: env, actionGroupId: monitoring.actionGroup.id });

    // CI/CD: GitHub Actions signs in with OIDC as this identity; no secret to rotate.
    const stateContainerId =
      `/subscriptions/${env.subscriptionId}/resourceGroups/${env.stateBackend.resourceGroup}/providers/Microsoft.Storage/storageAccounts/` +
      `${env.stateBackend.storageAccount}/blobServices/default/containers/${env.stateBackend.container}`;
    new GitHubDeployer(scope, "GitHubDeployer", {
      resourceGroup: rg,
      repository: p.github.repository!,
      environments: [p.github.environment],
      deployTo: [rg],
      // Exactly the roles this stack assigns (built above): the ABAC condition lets CI assign
      // these and nothing else.
      assignableRoles: GitHubDeployer.rolesAssignedIn(scope),
      stateContainerId,
      keyVaults: [vault],
    });

    new TerraformOutput(scope, "api_url", { value: `https://${api.defaultHostname}` });
    new TerraformOutput(scope, "admin_url", { value: `https://${admin.defaultHostName}` });
    new TerraformOutput(scope, "registry_login_server", { value: registry.loginServer });
    new TerraformOutput(scope, "database_fqdn", { value: database.fqdn });
    new TerraformOutput(scope, "key_vault_uri", { value: vault.vaultUri });
    new TerraformOutput(scope, "resource_group", { value: rg.name });
  },
};
