import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { OpenAIDeployment } from "../../lib/ai/openai-deployment";
import { ContainerRegistry } from "../../lib/containers/container-registry";
import { generatedName } from "../../lib/core/blueprint-stack";
import { ResourceGroup } from "../../lib/core/resource-group";
import type { ProfileIssue, SystemDefinition } from "../../lib/core/system";
import { regionHasZones, stagingSlotIssue, zoneRedundantStorageIssue } from "../profile-checks";
import { CosmosPostgresCluster } from "../../lib/data/cosmos-postgres-cluster";
import { MongoVcoreVector } from "../../lib/data/mongo-vcore-vector";
import { StorageAccount } from "../../lib/data/storage-account";
import { cidrContains, cidrsOverlap, prefixLength } from "../../lib/network/cidr";
import type { NsgRule } from "../../lib/network/vnet-with-subnets";
import { VnetWithSubnets } from "../../lib/network/vnet-with-subnets";
import { Monitoring } from "../../lib/observability/monitoring";
import { Suppressions } from "../../lib/policy/suppressions";
import { KeyVault } from "../../lib/security/key-vault";
import { ManagedIdentity } from "../../lib/security/managed-identity";
import { AppServiceWithSlots, appServiceTierLimits } from "../../lib/web/app-service-with-slots";
import { type StudioProfile, studioProfileSchema, studioTiers } from "./profile";

/** The document's "App Service NSG Rules" table. */
const APP_SERVICE_RULES: readonly NsgRule[] = [
  { priority: 100, name: "AllowHTTPS", destinationPorts: "443", protocol: "Tcp", source: "Internet", destination: { subnet: "app" }, access: "Allow" },
  { priority: 110, name: "AllowHTTP", destinationPorts: "80", protocol: "Tcp", source: "Internet", destination: { subnet: "app" }, access: "Allow" },
  { priority: 120, name: "AllowAPI", destinationPorts: "8000", protocol: "Tcp", source: { subnet: "app" }, destination: { subnet: "app" }, access: "Allow" },
  { priority: 130, name: "DenyAll", destinationPorts: "*", protocol: "*", source: "*", destination: "*", access: "Deny" },
];

/** The document's "Private Endpoints NSG Rules" table. */
const PRIVATE_ENDPOINT_RULES: readonly NsgRule[] = [
  { priority: 100, name: "AllowAppService", destinationPorts: "*", protocol: "*", source: { subnet: "app" }, destination: { subnet: "endpoints" }, access: "Allow" },
  { priority: 130, name: "DenyAll", destinationPorts: "*", protocol: "*", source: "*", destination: "*", access: "Deny" },
];

/**
 * The database subnet holds the clusters' private endpoints; the document gives it no table, so
 * it follows the endpoints table, narrowed to the two database ports.
 */
const DATABASE_RULES: readonly NsgRule[] = [
  { priority: 100, name: "AllowPostgres", destinationPorts: "5432", protocol: "Tcp", source: { subnet: "app" }, destination: { subnet: "data" }, access: "Allow" },
  { priority: 110, name: "AllowMongo", destinationPorts: "10260", protocol: "Tcp", source: { subnet: "app" }, destination: { subnet: "data" }, access: "Allow" },
  { priority: 130, name: "DenyAll", destinationPorts: "*", protocol: "*", source: "*", destination: "*", access: "Deny" },
];

const SUBNETS = [
  // App Service VNet integration needs /28 at least ("Subnet requirements", App Service docs).
  { key: "appSubnet", minimum: 28, what: " for App Service VNet integration" },
  { key: "endpointsSubnet", minimum: 29, what: "" },
  { key: "dataSubnet", minimum: 29, what: "" },
] as const;

/** The VNet plan in the profile: each subnet inside the address space, big enough, not overlapping another. */
function networkIssues(n: StudioProfile["network"], at: (...keys: string[]) => string[]): ProfileIssue[] {
  const issues: ProfileIssue[] = [];
  SUBNETS.forEach(({ key, minimum, what }, i) => {
    const cidr = n[key];
    if (!cidrContains(n.addressSpace, cidr)) {
      issues.push({ reports: [
        { path: at("network", key), message: `is not inside network.addressSpace ${JSON.stringify(n.addressSpace)}` },
        { path: at("network", "addressSpace"), message: `does not contain network.${key} ${JSON.stringify(cidr)}` },
      ] });
    }
    if (prefixLength(cidr) > minimum) {
      issues.push({ reports: [{ path: at("network", key), message: `is smaller than /${minimum}, the smallest subnet Azure allows${what}` }] });
    }
    for (const other of SUBNETS.slice(0, i)) {
      if (cidrsOverlap(cidr, n[other.key])) {
        issues.push({ reports: [
          { path: at("network", key), message: `overlaps network.${other.key} ${JSON.stringify(n[other.key])}` },
          { path: at("network", other.key), message: `overlaps network.${key} ${JSON.stringify(cidr)}` },
        ] });
      }
    }
  });
  return issues;
}

/** Embedding dimensions of the document's vector index; the embeddings model must produce them. */
const EMBEDDING_DIMENSIONS = 1536;

/**
 * Studio (shared/seeds/studio.md): a NextJS frontend and a FastAPI backend on one App Service
 * plan with VNet integration and autoscale, Cosmos DB for PostgreSQL, MongoDB vCore with vector
 * search, Storage, Azure OpenAI and a container registry, every data service behind private
 * endpoints in a VNet with the document's NSG tables, plus Key Vault and monitoring.
 */
export const studio: SystemDefinition<StudioProfile> = {
  id: "studio",
  title: "Studio",
  workload: "studio",
  profileSchema: studioProfileSchema,
  tiers: studioTiers,

  check(p, env, at) {
    const issues: ProfileIssue[] = [];
    const zones = regionHasZones(env);
    const app = p.appService;
    const limits = appServiceTierLimits(app.sku);
    issues.push(...stagingSlotIssue(app, at));
    if (app.autoscale && limits && !limits.autoscale) {
      issues.push({ reports: [
        { path: at("appService", "autoscale"), message: `is not allowed with the ${JSON.stringify(app.sku)} plan: autoscale needs Standard (S1) or Premium` },
        { path: at("appService", "sku"), message: "has no autoscale, which appService.autoscale needs: choose S1 or a Premium SKU, or set autoscale: false" },
      ] });
    }
    if (app.minInstances > app.maxInstances) {
      issues.push({ reports: [
        { path: at("appService", "minInstances"), message: `is more than appService.maxInstances ${app.maxInstances}` },
        { path: at("appService", "maxInstances"), message: `is less than appService.minInstances ${app.minInstances}` },
      ] });
    }
    if (limits && app.maxInstances > limits.maxInstances) {
      issues.push({ reports: [
        { path: at("appService", "maxInstances"), message: `is more than the ${limits.tier} tier allows (allowed: 1 to ${limits.maxInstances})` },
        { path: at("appService", "sku"), message: `allows at most ${limits.maxInstances} instances, fewer than appService.maxInstances ${app.maxInstances}` },
      ] });
    }
    if (app.zoneBalancing && !zones) {
      issues.push({ reports: [
        { path: at("appService", "zoneBalancing"), message: `is not allowed in ${env.location}, which has no availability zones` },
        { path: ["location"], message: "has no availability zones, which appService.zoneBalancing needs: choose a region with zones, or set zoneBalancing: false" },
      ] });
    }
    if (app.zoneBalancing && limits && !limits.zoneBalancing) {
      issues.push({ reports: [
        { path: at("appService", "zoneBalancing"), message: `is not allowed with the ${JSON.stringify(app.sku)} plan: zone balancing needs Premium v2 or v3` },
        { path: at("appService", "sku"), message: "has no zone balancing, which appService.zoneBalancing needs: choose a Premium v3 SKU, or set zoneBalancing: false" },
      ] });
    }
    issues.push(...networkIssues(p.network, at));
    issues.push(...zoneRedundantStorageIssue(p.storage.replication, env, at));
    return issues;
  },

  build(scope: Construct, { environment: env, profile: p }) {
    const rg = new ResourceGroup(scope, "ResourceGroup", { location: env.location });
    const protection = p.protection.lockStatefulResources ? { lock: "CanNotDelete" as const, preventDestroy: true } : {};
    const full = p.monitoring.level === "full";

    const network = new VnetWithSubnets(scope, "Network", {
      resourceGroup: rg,
      addressSpace: [p.network.addressSpace],
      subnets: [
        // App Service regional VNet integration; it keeps Azure's default outbound access so the
        // apps reach the internet (MSAL, package feeds) with all traffic routed through the VNet.
        { name: "app", addressPrefix: p.network.appSubnet, delegation: "Microsoft.Web/serverFarms", defaultOutboundAccess: true, securityRules: APP_SERVICE_RULES },
        { name: "endpoints", addressPrefix: p.network.endpointsSubnet, securityRules: PRIVATE_ENDPOINT_RULES },
        { name: "data", addressPrefix: p.network.dataSubnet, securityRules: DATABASE_RULES },
      ],
    });
    const endpoints = [{ subnet: network.subnet("endpoints") }];
    const dataEndpoints = [{ subnet: network.subnet("data") }];

    const monitoring = new Monitoring(scope, "Monitoring", {
      resourceGroup: rg,
      retentionDays: p.monitoring.retentionDays,
      samplingPercentage: p.monitoring.samplingPercentage,
      recipients: env.alerts.emails,
      shortName: `studio-${env.name}`.slice(0, 12),
    });

    // The backend's CORS and the storage CORS need the frontend's address before the apps exist,
    // so the frontend's (deterministic) name is fixed here: <name>.azurewebsites.net.
    const webName = generatedName(scope, "webApp", "web");
    const frontendOrigin = `https://${webName}.azurewebsites.net`;

    const frontendIdentity = new ManagedIdentity(scope, "FrontendIdentity", { resourceGroup: rg, instance: "web" });
    const backendIdentity = new ManagedIdentity(scope, "BackendIdentity", { resourceGroup: rg, instance: "api" });

    // Private endpoint for the apps; the firewall admits only the operators' ranges, so Terraform
    // (run from one of them, or from inside the VNet) can write the generated secrets.
    const vault = new KeyVault(scope, "KeyVault", {
      resourceGroup: rg,
      purgeProtection: p.protection.purgeProtection,
      network: { defaultAction: "Deny", allowedIpRanges: env.network.allowedIpRanges },
      privateEndpoints: endpoints,
      ...protection,
    });
    const sessionSecret = vault.addGeneratedSecret("SessionSecret", { name: "frontend-session-secret", length: 64 });

    const database = new CosmosPostgresCluster(scope, "Database", {
      resourceGroup: rg,
      coordinator: { edition: p.database.coordinatorEdition, vCores: p.database.coordinatorVCores, storageMb: p.database.coordinatorStorageMb },
      workers: p.database.workerCount > 0 ? { count: p.database.workerCount, vCores: p.database.workerVCores, storageMb: p.database.workerStorageMb } : undefined,
      highAvailability: p.database.highAvailability,
      postgresVersion: p.database.postgresVersion,
      passwordVault: vault,
      privateEndpoints: dataEndpoints,
      ...protection,
    });

    const documents = new MongoVcoreVector(scope, "Documents", {
      resourceGroup: rg,
      computeTier: p.mongo.computeTier,
      storageSizeGb: p.mongo.storageSizeGb,
      shardCount: p.mongo.shardCount,
      highAvailability: p.mongo.highAvailability ? "ZoneRedundantPreferred" : "Disabled",
      passwordVault: vault,
      privateEndpoints: dataEndpoints,
      // The document's "Search index": embeddings.vector, 1536 dimensions, cosine, HNSW.
      vectorIndexes: [
        { database: "studio", collection: "documents", name: "embeddings_vector_hnsw", path: "embeddings.vector", dimensions: EMBEDDING_DIMENSIONS, similarity: "COS", kind: "vector-hnsw", m: 16, efConstruction: 64 },
      ],
      ...protection,
    });
    documents.addEntraAdministrator(backendIdentity, "BackendEntraUser");

    const storage = new StorageAccount(scope, "Storage", {
      resourceGroup: rg,
      replication: p.storage.replication,
      versioning: true,
      blobSoftDeleteDays: p.storage.softDeleteDays,
      containerSoftDeleteDays: p.storage.softDeleteDays,
      containers: ["user-files", "temp-files", "backups", "logs"],
      fileShares: [
        { name: "shared-documents", quotaGb: 100 },
        { name: "templates", quotaGb: 10 },
        { name: "reports", quotaGb: 50 },
      ],
      queues: ["background-jobs", "notifications", "events"],
      // The browser uploads and downloads user files directly (user-delegation SAS).
      cors: [{ allowedOrigins: [frontendOrigin], allowedMethods: ["GET", "HEAD", "PUT", "OPTIONS"], exposedHeaders: ["*"], maxAgeSeconds: 3600 }],
      // User files are never tiered or deleted by age; operational data is.
      lifecycle: {
        prefixes: ["temp-files/", "backups/", "logs/"],
        coolAfterDays: p.storage.coolAfterDays,
        coldAfterDays: p.storage.coldAfterDays,
        deleteAfterDays: p.storage.deleteAfterDays,
      },
      privateEndpoints: [
        { subnet: network.subnet("endpoints"), subresource: "blob" },
        { subnet: network.subnet("endpoints"), subresource: "file" },
        { subnet: network.subnet("endpoints"), subresource: "queue" },
      ],
      ...protection,
    });

    const openai = new OpenAIDeployment(scope, "OpenAI", {
      resourceGroup: rg,
      identity: backendIdentity,
      // Developers call the dev models from their machines; staging and prod are private.
      publicNetworkAccess: env.tier === "dev",
      network: env.tier === "dev" ? { defaultAction: "Deny", allowedIpRanges: env.network.allowedIpRanges } : undefined,
      deployments: [
        { name: "chat", model: { name: p.openai.chat.name, version: p.openai.chat.version }, sku: { name: p.openai.chat.sku, capacity: p.openai.chat.capacity } },
        { name: "chat-fast", model: { name: p.openai.fastChat.name, version: p.openai.fastChat.version }, sku: { name: p.openai.fastChat.sku, capacity: p.openai.fastChat.capacity } },
        { name: "embeddings", model: { name: p.openai.embeddings.name, version: p.openai.embeddings.version }, sku: { name: p.openai.embeddings.sku, capacity: p.openai.embeddings.capacity } },
      ],
      privateEndpoints: endpoints,
      ...protection,
    });

    const registry = new ContainerRegistry(scope, "Registry", {
      resourceGroup: rg,
      sku: p.registry.sku,
      publicNetworkAccess: p.registry.sku !== "Premium",
      privateEndpoints: p.registry.sku === "Premium" ? endpoints : undefined,
    });
    if (p.registry.sku !== "Premium") {
      Suppressions.of(registry).add("AZ-CR-002", `only Premium registries can be private; the ${p.registry.sku} SKU of this tier holds no data (images only), pulls need Entra ID (AcrPull), admin user off`);
    }
    if (env.tier === "dev") {
      Suppressions.of(openai).add("AZ-AI-002", "developers call the dev models from their machines; the firewall still denies all but network.allowedIpRanges, and keys are off");
    }

    const apps = new AppServiceWithSlots(scope, "Apps", {
      resourceGroup: rg,
      sku: p.appService.sku,
      vnetIntegrationSubnet: network.subnet("app"),
      slots: p.appService.stagingSlot ? ["staging"] : [],
      zoneBalancing: p.appService.zoneBalancing,
      autoscale: p.appService.autoscale ? { minInstances: p.appService.minInstances, maxInstances: p.appService.maxInstances } : undefined,
      instanceCount: p.appService.autoscale ? undefined : p.appService.minInstances,
      applicationInsightsConnectionString: monitoring.insights.connectionString,
      apps: [
        {
          instance: "web",
          name: webName,
          runtime: { node: "20-lts" },
          identity: frontendIdentity,
          appCommandLine: "npm run start",
          healthCheckPath: "/api/health",
          appSettings: { NODE_ENV: "production", AZURE_CLIENT_ID: frontendIdentity.clientId },
          secretSettings: { SESSION_SECRET: sessionSecret },
        },
        {
          instance: "api",
          runtime: { python: "3.11" },
          identity: backendIdentity,
          appCommandLine: "gunicorn --workers 2 --worker-class uvicorn.workers.UvicornWorker --bind 0.0.0.0:8000 app.main:app",
          healthCheckPath: "/health",
          corsAllowedOrigins: [frontendOrigin],
          appSettings: {
            WEBSITES_PORT: "8000",
            AZURE_CLIENT_ID: backendIdentity.clientId,
            POSTGRES_HOST: database.coordinatorFqdn,
            POSTGRES_DATABASE: database.databaseName,
            POSTGRES_USER: database.administratorLogin,
            POSTGRES_SSLMODE: "require",
            MONGODB_DATABASE: "studio",
            AZURE_OPENAI_ENDPOINT: openai.endpoint,
            AZURE_OPENAI_CHAT_DEPLOYMENT: "chat",
            AZURE_OPENAI_FAST_CHAT_DEPLOYMENT: "chat-fast",
            AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT: "embeddings",
            AZURE_OPENAI_EMBEDDING_DIMENSIONS: String(EMBEDDING_DIMENSIONS),
            AZURE_STORAGE_BLOB_ENDPOINT: storage.resource.primaryBlobEndpoint,
            AZURE_STORAGE_QUEUE_ENDPOINT: storage.resource.primaryQueueEndpoint,
          },
          secretSettings: { POSTGRES_PASSWORD: database.passwordSecret, MONGODB_URI: documents.connectionStringSecret },
        },
      ],
    });
    const web = apps.apps.web;
    const api = apps.apps.api;

    vault.grantSecretsRead(frontendIdentity, "FrontendSecretsUser");
    vault.grantSecretsRead(backendIdentity, "BackendSecretsUser");
    storage.grantBlobDataContributor(backendIdentity);
    openai.grantOpenAIUser(backendIdentity);
    registry.grantPull(frontendIdentity, "FrontendAcrPull");
    registry.grantPull(backendIdentity, "BackendAcrPull");

    // Alerts from the document's "Alerting Strategy".
    for (const [key, app] of Object.entries({ web, api })) {
      monitoring.addMetricAlert(`ServiceDown-${key}`, {
        instance: `${key}-down`,
        description: `The ${key === "web" ? "frontend" : "backend"} fails its health check (service down)`,
        scope: app.id,
        metricNamespace: "Microsoft.Web/sites",
        metricName: "HealthCheckStatus",
        aggregation: "Average",
        operator: "LessThan",
        threshold: 100,
        severity: 0,
      });
    }
    monitoring.addResourceHealthAlert("DatabaseUnavailable", {
      instance: "db-unavailable",
      description: "Cosmos DB for PostgreSQL or MongoDB vCore is unavailable or degraded",
      resourceIds: [database.id, documents.id],
    });
    monitoring.addLogAlert("ErrorRate", {
      instance: "error-rate",
      description: "More than 5 % of requests failed over 5 minutes",
      query: "requests | summarize total = count(), failed = countif(success == false) | where total > 0 | project failedPercent = 100.0 * failed / total",
      metricColumn: "failedPercent",
      operator: "GreaterThan",
      threshold: 5,
      severity: 1,
    });
    if (full) {
      for (const [metric, label] of [["CpuPercentage", "cpu"], ["MemoryPercentage", "memory"]] as const) {
        monitoring.addMetricAlert(`Plan-${label}`, {
          instance: `plan-${label}`,
          description: `App Service plan ${label} above 80 % over 5 minutes`,
          scope: apps.plan.id,
          metricNamespace: "Microsoft.Web/serverfarms",
          metricName: metric,
          aggregation: "Average",
          operator: "GreaterThan",
          threshold: 80,
          severity: 2,
        });
      }
      monitoring.addMetricAlert("ResponseTime", {
        instance: "response-time",
        description: "Average response time above 5 seconds over 5 minutes",
        scope: monitoring.insights.id,
        metricNamespace: "microsoft.insights/components",
        metricName: "requests/duration",
        aggregation: "Average",
        operator: "GreaterThan",
        threshold: 5000,
        severity: 2,
      });
      monitoring.addMetricAlert("DatabaseStorage", {
        instance: "db-storage",
        description: "Cosmos DB for PostgreSQL storage above 85 %",
        scope: database.id,
        metricNamespace: "Microsoft.DBforPostgreSQL/serverGroupsv2",
        metricName: "storage_percent",
        aggregation: "Maximum",
        operator: "GreaterThan",
        threshold: 85,
        severity: 2,
      });
      monitoring.addMetricAlert("DocumentsStorage", {
        instance: "mongo-storage",
        description: "MongoDB vCore storage above 85 %",
        scope: documents.id,
        metricNamespace: "Microsoft.DocumentDB/mongoClusters",
        metricName: "StoragePercent",
        aggregation: "Maximum",
        operator: "GreaterThan",
        threshold: 85,
        severity: 2,
      });
      monitoring.addDiagnostics("DatabaseDiagnostics", database.id);
      monitoring.addDiagnostics("DocumentsDiagnostics", documents.id);
      monitoring.addDiagnostics("KeyVaultDiagnostics", vault.id);
      monitoring.addDiagnostics("OpenAIDiagnostics", openai.id);
      monitoring.addDiagnostics("StorageDiagnostics", `${storage.id}/blobServices/default`, ["Transaction"]);
    }

    new TerraformOutput(scope, "frontend_url", { value: `https://${web.defaultHostname}` });
    new TerraformOutput(scope, "backend_url", { value: `https://${api.defaultHostname}` });
    new TerraformOutput(scope, "openai_endpoint", { value: openai.endpoint });
    new TerraformOutput(scope, "registry_login_server", { value: registry.loginServer });
    new TerraformOutput(scope, "resource_group", { value: rg.name });
  },
};
