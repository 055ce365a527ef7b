import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { ResourceGroup } from "../../lib/core/resource-group";
import type { ProfileIssue, SystemDefinition } from "../../lib/framework/system";
import { planInstanceIssues, postgresFlexibleIssues, stagingSlotIssue, zoneRedundantStorageIssue } from "../profile-checks";
import { PostgresFlexible } from "../../lib/data/postgres-flexible";
import { StorageAccount } from "../../lib/data/storage-account";
import { type DashboardMetricChart, MetricsDashboard, chartOfAlert } from "../../lib/observability/metrics-dashboard";
import { type MetricAlertProps, Monitoring } from "../../lib/observability/monitoring";
import { VnetWithSubnets } from "../../lib/network/vnet-with-subnets";
import { Suppressions } from "../../lib/policy/suppressions";
import { KeyVault } from "../../lib/security/key-vault";
import { ManagedIdentity } from "../../lib/security/managed-identity";
import { AppServiceWithSlots } from "../../lib/web/app-service-with-slots";
import { STATIC_WEB_APP_REGIONS, StaticWebApp } from "../../lib/web/static-web-app";
import { type DotCopilotProfile, dotCopilotProfileSchema, dotCopilotTiers } from "./profile";

/**
 * DOT-Copilot (shared/seeds/dot-copilot.md): a React front end on Static Web Apps, a Node.js
 * API on App Service (blue-green slot in prod) integrated into a small VNet, PostgreSQL Flexible
 * Server 16 reached through a private endpoint, Blob storage for uploads admitting the API's
 * subnet, Key Vault for the JWT secret and database password, and Application Insights with the
 * document's three alerts and a portal dashboard of the same metrics.
 */
export const dotCopilot: SystemDefinition<DotCopilotProfile> = {
  id: "dot-copilot",
  title: "DOT-Copilot",
  workload: "dotcopilot",
  profileSchema: dotCopilotProfileSchema,
  tiers: dotCopilotTiers,

  check(p, env, at) {
    const issues: ProfileIssue[] = [];
    const pg = p.postgres;
    const app = p.appService;
    issues.push(...postgresFlexibleIssues(pg, env, at, "dot-copilot"));
    issues.push(...zoneRedundantStorageIssue(p.storage.replication, env, at));
    issues.push(...stagingSlotIssue(app, at));
    issues.push(...planInstanceIssues(app, env, at));
    if (app.alwaysOn && app.sku === "F1") {
      issues.push({ reports: [
        { path: at("appService", "alwaysOn"), message: "is not allowed on the Free (F1) plan" },
        { path: at("appService", "sku"), message: "has no always-on, which appService.alwaysOn needs: choose B1 or above, or set alwaysOn: false" },
      ] });
    }
    if (!p.staticWebApp.location && !(STATIC_WEB_APP_REGIONS as readonly string[]).includes(env.location)) {
      issues.push({ reports: [
        { path: ["location"], message: `does not host Static Web Apps; set systems.dot-copilot.staticWebApp.location (allowed: ${STATIC_WEB_APP_REGIONS.join(", ")})` },
      ] });
    }
    return issues;
  },

  build(scope: Construct, { environment: env, profile: p }) {
    const rg = new ResourceGroup(scope, "ResourceGroup", { location: env.location });
    const protection = p.protection.lockStatefulResources ? { lock: "CanNotDelete" as const, preventDestroy: true } : {};

    const monitoring = new Monitoring(scope, "Monitoring", {
      resourceGroup: rg,
      retentionDays: p.monitoring.retentionDays,
      samplingPercentage: p.monitoring.samplingPercentage,
      recipients: env.alerts.emails,
      shortName: `dotcop-${env.name}`.slice(0, 12),
    });

    // The document's "Firewall Rules -> DB, STORAGE": the API is integrated into a VNet (Basic
    // plans and above), reaches the database through a private endpoint and the storage account
    // through a service endpoint; both admit nothing else but network.allowedIpRanges (README).
    const network = new VnetWithSubnets(scope, "Network", {
      resourceGroup: rg,
      addressSpace: [p.network.addressSpace],
      subnets: [
        // Default outbound access: the API still calls the internet (Key Vault, npm-hosted services).
        { name: "app", addressPrefix: p.network.appSubnet, delegation: "Microsoft.Web/serverFarms", serviceEndpoints: ["Microsoft.Storage"], defaultOutboundAccess: true },
        {
          name: "endpoints",
          addressPrefix: p.network.endpointsSubnet,
          securityRules: [
            { priority: 100, name: "AllowApiPostgres", destinationPorts: "5432", protocol: "Tcp", source: { subnet: "app" }, destination: { subnet: "endpoints" }, access: "Allow", description: "PostgreSQL from the API" },
            { priority: 4000, name: "DenyAll", destinationPorts: "*", protocol: "*", source: "*", destination: "*", access: "Deny" },
          ],
        },
      ],
    });

    const identity = new ManagedIdentity(scope, "ApiIdentity", { resourceGroup: rg, instance: "api" });

    // The vault keeps its public endpoint: Terraform writes the generated secrets through it from
    // wherever cdktf deploy runs, and the API resolves its Key Vault references; RBAC is the gate (README).
    const vault = new KeyVault(scope, "KeyVault", {
      resourceGroup: rg,
      purgeProtection: p.protection.purgeProtection,
      network: { defaultAction: "Allow" },
      ...protection,
    });
    const publicVault = "Terraform writes the generated secrets through the vault's public endpoint from wherever cdktf deploy runs (DOT-Copilot sets no deployer ranges), and the API resolves its Key Vault references through it; RBAC is the gate";
    Suppressions.of(vault).add("AZ-KV-004", publicVault).add("AZ-KV-005", publicVault);
    const jwtSecret = vault.addGeneratedSecret("JwtSecret", { name: "jwt-secret", length: 64 });

    const database = new PostgresFlexible(scope, "Database", {
      resourceGroup: rg,
      version: "16",
      sku: p.postgres.sku,
      storageMb: p.postgres.storageMb,
      highAvailability: p.postgres.highAvailability ? "ZoneRedundant" : undefined,
      backupRetentionDays: p.postgres.backupRetentionDays,
      geoRedundantBackup: p.postgres.geoRedundantBackup,
      passwordVault: vault,
      passwordSecretName: "database-password",
      // The API connects through the private endpoint; the public endpoint admits only
      // network.allowedIpRanges (operators, the migration job), no longer all of Azure.
      publicNetworkAccess: true,
      firewallRules: env.network.allowedIpRanges.map((cidr, i) => ({ name: `allowed-${i + 1}`, cidr })),
      privateEndpoints: [{ subnet: network.subnet("endpoints") }],
      databases: ["dot_copilot"],
      ...protection,
    });

    Suppressions.of(database).add("AZ-PG-001", "the public endpoint admits only network.allowedIpRanges (operators and the migration job, which run outside the VNet); the API connects through the private endpoint");

    const storage = new StorageAccount(scope, "Storage", {
      resourceGroup: rg,
      replication: p.storage.replication,
      containers: ["uploads"],
      publicNetworkAccess: true,
      // The API's integration subnet (service endpoint) and the operators' ranges; nothing else.
      networkRules: { allowedSubnets: [network.subnet("app")], allowedIpRanges: env.network.allowedIpRanges },
      ...protection,
    });

    Suppressions.of(storage).add("AZ-ST-001", "the public endpoint admits only the API's subnet (service endpoint) and network.allowedIpRanges, denying everything else; shared keys are off, so only Entra ID principals with a role get in");

    if (p.monitoring.diagnostics) {
      monitoring.addDiagnostics("DatabaseDiagnostics", database.id);
      monitoring.addDiagnostics("KeyVaultDiagnostics", vault.id);
      monitoring.addDiagnostics("StorageDiagnostics", `${storage.id}/blobServices/default`, ["Transaction"]);
    }

    const frontend = new StaticWebApp(scope, "Frontend", {
      resourceGroup: rg,
      location: p.staticWebApp.location ?? env.location,
      sku: p.staticWebApp.sku,
    });

    const api = new AppServiceWithSlots(scope, "Api", {
      resourceGroup: rg,
      sku: p.appService.sku,
      alwaysOn: p.appService.alwaysOn,
      instanceCount: p.appService.instanceCount,
      zoneBalancing: p.appService.zoneBalancing,
      slots: p.appService.stagingSlot ? ["staging"] : [],
      vnetIntegrationSubnet: network.subnet("app"),
      applicationInsightsConnectionString: monitoring.insights.connectionString,
      // Every environment: an operator debugging an outage needs the HTTP and console logs.
      diagnosticSettings: monitoring.diagnosticSettings(),
      // One app without an instance: construct ids Api/App and Api/Slot-staging, as before.
      apps: [
        {
          // Node 22 LTS: Node 20 reached end of life on 2026-04-30, and azurerm 4.55 accepts no 24-lts.
          runtime: { node: "22-lts" },
          identity,
          healthCheckPath: p.appService.healthCheckPath,
          corsAllowedOrigins: [`https://${frontend.defaultHostName}`],
          appSettings: {
            NODE_ENV: "production",
            AZURE_CLIENT_ID: identity.clientId,
            DATABASE_HOST: database.fqdn,
            DATABASE_NAME: "dot_copilot",
            DATABASE_USER: database.administratorLogin,
            DATABASE_SSL: "require",
            STORAGE_BLOB_ENDPOINT: storage.resource.primaryBlobEndpoint,
            STORAGE_UPLOADS_CONTAINER: "uploads",
          },
          secretSettings: { JWT_SECRET: jwtSecret, DATABASE_PASSWORD: database.passwordSecret },
        },
      ],
    });

    Suppressions.of(api).add("AZ-APP-010", "the document's API is called by the React front end from users' browsers (CORS for the Static Web App's origin); the document puts no Front Door in front (README)");
    vault.grantSecretsRead(identity);
    storage.grantBlobDataContributor(identity);

    // The document's three alerts; the dashboard draws the same metrics.
    const alerts: Record<string, MetricAlertProps> = {
      ErrorRateAlert: {
        instance: "error-rate",
        description: `More than ${p.monitoring.failedRequestsThreshold} failed API requests in 5 minutes`,
        scope: monitoring.insights.id,
        metricNamespace: "microsoft.insights/components",
        metricName: "requests/failed",
        aggregation: "Count",
        operator: "GreaterThan",
        threshold: p.monitoring.failedRequestsThreshold,
        severity: 1,
      },
      ResponseTimeAlert: {
        instance: "response-time",
        description: `Average API response time above ${p.monitoring.responseTimeThresholdMs} ms over 5 minutes`,
        scope: monitoring.insights.id,
        metricNamespace: "microsoft.insights/components",
        metricName: "requests/duration",
        aggregation: "Average",
        operator: "GreaterThan",
        threshold: p.monitoring.responseTimeThresholdMs,
        severity: 2,
      },
      DatabaseCpuAlert: {
        instance: "db-cpu",
        description: `Average database CPU above ${p.monitoring.databaseCpuThresholdPercent}% over 5 minutes`,
        scope: database.id,
        metricNamespace: "Microsoft.DBforPostgreSQL/flexibleServers",
        metricName: "cpu_percent",
        aggregation: "Average",
        operator: "GreaterThan",
        threshold: p.monitoring.databaseCpuThresholdPercent,
        severity: 2,
      },
    };
    for (const [id, alert] of Object.entries(alerts)) monitoring.addMetricAlert(id, alert);

    // The document's "Azure Dashboard": the alerts' metrics first, then the App Service and database charts.
    const chart = (title: string, resourceId: string, metricNamespace: string, metricName: string, aggregation: DashboardMetricChart["aggregation"]): DashboardMetricChart =>
      ({ title, resourceId, metricNamespace, metricName, aggregation });
    new MetricsDashboard(scope, "Dashboard", {
      resourceGroup: rg,
      title: `DOT-Copilot ${env.name}`,
      charts: [
        chartOfAlert(alerts.ErrorRateAlert, "Failed API requests (alert: error rate)"),
        chartOfAlert(alerts.ResponseTimeAlert, "API response time (alert: response time)"),
        chartOfAlert(alerts.DatabaseCpuAlert, "Database CPU % (alert: database CPU)"),
        chart("API requests", api.id, "Microsoft.Web/sites", "Requests", "Total"),
        chart("API HTTP 5xx", api.id, "Microsoft.Web/sites", "Http5xx", "Total"),
        chart("App Service plan CPU %", api.plan.id, "Microsoft.Web/serverfarms", "CpuPercentage", "Average"),
        chart("App Service plan memory %", api.plan.id, "Microsoft.Web/serverfarms", "MemoryPercentage", "Average"),
        chart("Database memory %", database.id, "Microsoft.DBforPostgreSQL/flexibleServers", "memory_percent", "Average"),
        chart("Database connections", database.id, "Microsoft.DBforPostgreSQL/flexibleServers", "active_connections", "Maximum"),
        chart("Database storage %", database.id, "Microsoft.DBforPostgreSQL/flexibleServers", "storage_percent", "Maximum"),
      ],
    });

    new TerraformOutput(scope, "api_url", { value: `https://${api.defaultHostname}` });
    new TerraformOutput(scope, "frontend_url", { value: `https://${frontend.defaultHostName}` });
    new TerraformOutput(scope, "database_fqdn", { value: database.fqdn });
    new TerraformOutput(scope, "key_vault_uri", { value: vault.vaultUri });
    new TerraformOutput(scope, "resource_group", { value: rg.name });
  },
};
