import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { OpenAIDeployment } from "../../lib/ai/openai-deployment";
import { ContainerRegistry } from "../../lib/containers/container-registry";
import { generatedName } from "../../lib/core/azure-stack";
import { ResourceGroup } from "../../lib/core/resource-group";
import type { EnvironmentConfig } from "../../lib/framework/environment-config";
import type { ProfileIssue, SystemDefinition } from "../../lib/framework/system";
import { appServiceScaleIssues, regionHasZones, stagingSlotIssue, zoneRedundantStorageIssue } from "../profile-checks";
import { CosmosPostgresCluster } from "../../lib/data/cosmos-postgres-cluster";
import { POSTGRES_NO_GEO_BACKUP_REGIONS, PostgresFlexible } from "../../lib/data/postgres-flexible";
import { MongoVcoreVector } from "../../lib/data/mongo-vcore-vector";
import { StorageAccount } from "../../lib/data/storage-account";
import { Redis } from "../../lib/data/redis";
import { FrontDoor, cacheRule, noCacheRule } from "../../lib/edge/front-door";
import { cidrContains, cidrsOverlap, prefixLength } from "../../lib/network/cidr";
import { JumpHost, jumpHostSubnetRules } from "../../lib/compute/jump-host";
import { BASTION_DEVELOPER_REGIONS, BASTION_DEVELOPER_SOURCE_ADDRESS, BASTION_SUBNET_RULES, Bastion } from "../../lib/network/bastion";
import type { ISubnet } from "../../lib/network/interfaces";
import type { NsgRule, SubnetSpec } from "../../lib/network/vnet-with-subnets";
import { VnetWithSubnets } from "../../lib/network/vnet-with-subnets";
import { Monitoring } from "../../lib/observability/monitoring";
import { Suppressions } from "../../lib/policy/suppressions";
import { KeyVault, type VaultSecret } from "../../lib/security/key-vault";
import type { ProtectionProps } from "../../lib/core/interfaces";
import { ManagedIdentity } from "../../lib/security/managed-identity";
import { AppServiceWithSlots, appServiceTierLimits } from "../../lib/web/app-service-with-slots";
import { type StudioProfile, studioProfileSchema, studioTiers } from "./profile";
import { systemBudget } from "../system-budget";

/** The document's "App Service NSG Rules" table. */
const APP_SERVICE_RULES: readonly NsgRule[] = [
  { priority: 100, name: "AllowHTTPS", destinationPorts: "443", protocol: "Tcp", source: "Internet", destination: { subnet: "app" }, access: "Allow" },
  { priority: 110, name: "AllowHTTP", destinationPorts: "80", protocol: "Tcp", source: "Internet", destination: { subnet: "app" }, access: "Allow" },
  { priority: 120, name: "AllowAPI", destinationPorts: "8000", protocol: "Tcp", source: { subnet: "app" }, destination: { subnet: "app" }, access: "Allow" },
  { priority: 130, name: "DenyAll", destinationPorts: "*", protocol: "*", source: "*", destination: "*", access: "Deny" },
];

/**
 * The document's "Private Endpoints NSG Rules" table, plus HTTPS from the operators' jump host
 * (Key Vault, Storage, OpenAI and the registry answer on 443) when the profile has one.
 */
function privateEndpointRules(operators: boolean): NsgRule[] {
  return [
    { priority: 100, name: "AllowAppService", destinationPorts: "*", protocol: "*", source: { subnet: "app" }, destination: { subnet: "endpoints" }, access: "Allow" },
    ...(operators ? [{ priority: 110, name: "AllowOperatorsHttps", destinationPorts: "443", protocol: "Tcp", source: { subnet: "operators" }, destination: { subnet: "endpoints" }, access: "Allow" } as const] : []),
    { priority: 130, name: "DenyAll", destinationPorts: "*", protocol: "*", source: "*", destination: "*", access: "Deny" },
  ];
}

/**
 * The database subnet holds the databases' private endpoints; the document gives it no table, so
 * it follows the endpoints table, narrowed to the database ports: PostgreSQL 5432, PgBouncer
 * 6432 (the document's connection pooling), MongoDB vCore 10260; from the apps, and from the
 * operators' jump host when the profile has one.
 */
function databaseRules(operators: boolean): NsgRule[] {
  return [
    { priority: 100, name: "AllowPostgres", destinationPorts: "5432", protocol: "Tcp", source: { subnet: "app" }, destination: { subnet: "data" }, access: "Allow" },
    { priority: 105, name: "AllowPgBouncer", destinationPorts: "6432", protocol: "Tcp", source: { subnet: "app" }, destination: { subnet: "data" }, access: "Allow" },
    { priority: 110, name: "AllowMongo", destinationPorts: "10260", protocol: "Tcp", source: { subnet: "app" }, destination: { subnet: "data" }, access: "Allow" },
    ...(operators ? [{ priority: 115, name: "AllowOperatorsDatabases", destinationPorts: ["5432", "6432", "10260"], protocol: "Tcp", source: { subnet: "operators" }, destination: { subnet: "data" }, access: "Allow" } as const] : []),
    { priority: 130, name: "DenyAll", destinationPorts: "*", protocol: "*", source: "*", destination: "*", access: "Deny" },
  ];
}

type SubnetKey = "appSubnet" | "endpointsSubnet" | "dataSubnet" | "operatorsSubnet" | "bastionSubnet";

/** The subnets the profile uses: the operators' only with an operator path, Bastion's only for a dedicated SKU. */
function subnetsOf(p: StudioProfile): { readonly key: SubnetKey; readonly minimum: number; readonly what: string }[] {
  const sku = p.operatorAccess.bastionSku;
  return [
    // App Service VNet integration needs /28 at least ("Subnet requirements", App Service docs).
    { key: "appSubnet", minimum: 28, what: " for App Service VNet integration" },
    { key: "endpointsSubnet", minimum: 29, what: "" },
    { key: "dataSubnet", minimum: 29, what: "" },
    ...(sku !== "none" ? [{ key: "operatorsSubnet" as const, minimum: 29, what: "" }] : []),
    // "The subnet must be /26 or larger" (learn.microsoft.com/azure/bastion/configuration-settings).
    ...(sku === "Basic" || sku === "Standard" ? [{ key: "bastionSubnet" as const, minimum: 26, what: " for Azure Bastion (AzureBastionSubnet)" }] : []),
  ];
}

/** The VNet plan in the profile: each subnet inside the address space, big enough, not overlapping another. */
function networkIssues(p: StudioProfile, at: (...keys: string[]) => string[]): ProfileIssue[] {
  const n = p.network;
  const subnets = subnetsOf(p);
  const issues: ProfileIssue[] = [];
  subnets.forEach(({ key, minimum, what }, i) => {
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
    for (const other of subnets.slice(0, i)) {
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

/** The relational database's settings Azure would reject at apply. */
function databaseIssues(p: StudioProfile, env: EnvironmentConfig, at: (...keys: string[]) => string[]): ProfileIssue[] {
  const db = p.database;
  const issues: ProfileIssue[] = [];
  if (db.engine === "flexible-server") {
    const burstable = db.sku.startsWith("B_");
    if (db.highAvailability && burstable) {
      issues.push({ reports: [
        { path: at("database", "highAvailability"), message: `is not allowed with the Burstable SKU ${JSON.stringify(db.sku)}: high availability needs a GP_ or MO_ SKU` },
        { path: at("database", "sku"), message: "is Burstable, which offers no high availability (database.highAvailability is true): choose a GP_ or MO_ SKU, or set highAvailability: false" },
      ] });
    }
    if (db.connectionPooling && burstable) {
      issues.push({ reports: [
        { path: at("database", "connectionPooling"), message: `is not allowed with the Burstable SKU ${JSON.stringify(db.sku)}: PgBouncer needs a GP_ or MO_ SKU` },
        { path: at("database", "sku"), message: "is Burstable, which has no PgBouncer (database.connectionPooling is true): choose a GP_ or MO_ SKU, or set connectionPooling: false" },
      ] });
    }
    if (db.geoRedundantBackup && POSTGRES_NO_GEO_BACKUP_REGIONS.includes(env.location)) {
      issues.push({ reports: [
        { path: at("database", "geoRedundantBackup"), message: `is not allowed in ${env.location}, where PostgreSQL Flexible Server offers no geo-redundant backup (no paired region)` },
        { path: ["location"], message: "offers no geo-redundant backup for PostgreSQL Flexible Server (no paired region), which database.geoRedundantBackup needs: choose another region, or set it to false" },
      ] });
    }
  }
  if (db.highAvailability && !regionHasZones(env)) {
    issues.push({ reports: [
      { path: at("database", "highAvailability"), message: `is not allowed in ${env.location}, which has no availability zones (zone-redundant high availability needs them)` },
      { path: ["location"], message: "has no availability zones, which database.highAvailability needs: choose a region with zones, or set it to false" },
    ] });
  }
  return issues;
}

/** What the apps and alerts need of the relational database, whichever engine runs it. */
interface RelationalDatabase {
  readonly title: string;
  readonly id: string;
  readonly host: string;
  readonly port: number;
  readonly databaseName: string;
  readonly administratorLogin: string;
  readonly passwordSecret: VaultSecret;
  readonly metricNamespace: string;
}

/**
 * Studio's relational database: Flexible Server for new deployments; Cosmos DB for PostgreSQL
 * only where the profile says the cluster exists already (Microsoft blocks new deployments).
 */
function relationalDatabase(scope: Construct, p: StudioProfile, rg: ResourceGroup, vault: KeyVault, endpoints: { subnet: ISubnet }[], protection: ProtectionProps): RelationalDatabase {
  const db = p.database;
  if (db.engine === "flexible-server") {
    const server = new PostgresFlexible(scope, "Database", {
      resourceGroup: rg,
      version: db.postgresVersion,
      sku: db.sku,
      storageMb: db.storageMb,
      highAvailability: db.highAvailability ? "ZoneRedundant" : undefined,
      backupRetentionDays: db.backupRetentionDays,
      geoRedundantBackup: db.geoRedundantBackup,
      connectionPooling: db.connectionPooling,
      passwordVault: vault,
      databases: ["studio"],
      privateEndpoints: endpoints,
      ...protection,
    });
    return {
      title: "PostgreSQL Flexible Server", id: server.id, host: server.fqdn, port: server.port, databaseName: "studio",
      administratorLogin: server.administratorLogin, passwordSecret: server.passwordSecret, metricNamespace: "Microsoft.DBforPostgreSQL/flexibleServers",
    };
  }
  const c = p.cosmosPostgres;
  const cluster = new CosmosPostgresCluster(scope, "Database", {
    resourceGroup: rg,
    coordinator: { edition: c.coordinatorEdition, vCores: c.coordinatorVCores, storageMb: c.coordinatorStorageMb },
    workers: c.workerCount > 0 ? { count: c.workerCount, vCores: c.workerVCores, storageMb: c.workerStorageMb } : undefined,
    highAvailability: db.highAvailability,
    postgresVersion: db.postgresVersion,
    passwordVault: vault,
    privateEndpoints: endpoints,
    ...protection,
  });
  // The profile says the cluster exists (database.engine: cosmos-postgres): it is imported, not created.
  Suppressions.of(cluster).add("AZ-LIFE-006", "database.engine is cosmos-postgres, which the profile keeps for an environment whose cluster already exists (Microsoft blocks new deployments, existing clusters stay supported)");
  return {
    title: "Cosmos DB for PostgreSQL", id: cluster.id, host: cluster.coordinatorFqdn, port: db.connectionPooling ? 6432 : cluster.port, databaseName: cluster.databaseName,
    administratorLogin: cluster.administratorLogin, passwordSecret: cluster.passwordSecret, metricNamespace: "Microsoft.DBforPostgreSQL/serverGroupsv2",
  };
}

/** The operators' subnets: the jump host's, and AzureBastionSubnet for a dedicated Bastion SKU. */
function operatorSubnets(p: StudioProfile): SubnetSpec[] {
  const sku = p.operatorAccess.bastionSku;
  if (sku === "none") return [];
  const dedicated = sku === "Basic" || sku === "Standard";
  return [
    // The jump host installs packages and the Entra ID login extension over the internet.
    { name: "operators", addressPrefix: p.network.operatorsSubnet, defaultOutboundAccess: true, securityRules: jumpHostSubnetRules({ sshSourceAddressPrefix: dedicated ? p.network.bastionSubnet : BASTION_DEVELOPER_SOURCE_ADDRESS }) },
    ...(dedicated ? [{ name: "bastion", azureName: "AzureBastionSubnet", addressPrefix: p.network.bastionSubnet, securityRules: BASTION_SUBNET_RULES }] : []),
  ];
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
    issues.push(...appServiceScaleIssues(app, at));
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
    issues.push(...networkIssues(p, at));
    issues.push(...databaseIssues(p, env, at));
    if (p.mongo.geoReplica && (!env.secondaryLocation || env.secondaryLocation === env.location)) {
      issues.push({ reports: [
        { path: at("mongo", "geoReplica"), message: `needs the environment's secondaryLocation, a region other than ${env.location}, for the replica` },
        { path: ["secondaryLocation"], message: `is needed by systems.studio.mongo.geoReplica: set a region other than ${env.location}` },
      ] });
    }
    const reg = p.registry;
    for (const [key, on] of [["untaggedRetentionDays", reg.untaggedRetentionDays > 0], ["zoneRedundancy", reg.zoneRedundancy]] as const) {
      if (on && reg.sku !== "Premium") {
        issues.push({ reports: [
          { path: at("registry", key), message: `is not available with the ${JSON.stringify(reg.sku)} registry SKU (allowed: Premium)` },
          { path: at("registry", "sku"), message: `is not Premium, which registry.${key} needs: choose Premium, or turn ${key} off` },
        ] });
      }
    }
    if (reg.zoneRedundancy && !regionHasZones(env)) {
      issues.push({ reports: [
        { path: at("registry", "zoneRedundancy"), message: `is not allowed in ${env.location}, which has no availability zones` },
        { path: ["location"], message: "has no availability zones, which registry.zoneRedundancy needs: choose a region with zones, or set it to false" },
      ] });
    }
    if (p.operatorAccess.bastionSku === "Developer" && !(BASTION_DEVELOPER_REGIONS as readonly string[]).includes(env.location)) {
      issues.push({ reports: [
        { path: at("operatorAccess", "bastionSku"), message: `is not offered in ${env.location} (Azure Bastion Developer regions: ${BASTION_DEVELOPER_REGIONS.join(", ")}): choose Basic or Standard, or none` },
      ] });
    }
    if (env.deployer.ipRanges.length === 0) {
      // The vault denies public networks, and Terraform writes the generated secrets into it.
      issues.push({ reports: [
        { path: ["deployer", "ipRanges"], message: "is required but missing: Studio's Key Vault denies public networks and Terraform writes the generated secrets into it, so the machines that run cdktf deploy must be let through (allowed: public IPv4 CIDRs, e.g. 203.0.113.0/24)" },
      ] });
    }
    issues.push(...zoneRedundantStorageIssue(p.storage.replication, env, at));
    return issues;
  },

  build(scope: Construct, { environment: env, profile: p }) {
    const rg = new ResourceGroup(scope, "ResourceGroup", { location: env.location });
    const protection = p.protection.lockStatefulResources ? { lock: "CanNotDelete" as const, preventDestroy: true } : {};
    const full = p.monitoring.level === "full";

    const operators = p.operatorAccess.bastionSku !== "none";
    const network = new VnetWithSubnets(scope, "Network", {
      resourceGroup: rg,
      addressSpace: [p.network.addressSpace],
      subnets: [
        // App Service regional VNet integration; it keeps Azure's default outbound access so the
        // apps reach the internet (MSAL, package feeds) with all traffic routed through the VNet.
        { name: "app", addressPrefix: p.network.appSubnet, delegation: "Microsoft.Web/serverFarms", defaultOutboundAccess: true, securityRules: APP_SERVICE_RULES },
        { name: "endpoints", addressPrefix: p.network.endpointsSubnet, securityRules: privateEndpointRules(operators) },
        { name: "data", addressPrefix: p.network.dataSubnet, securityRules: databaseRules(operators) },
        ...operatorSubnets(p),
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

    // Both apps' (deterministic) names are fixed here: Front Door's origin is the frontend's
    // <name>.azurewebsites.net, and the frontend calls the backend by its name.
    const webName = generatedName(scope, "webApp", "web");
    const apiName = generatedName(scope, "webApp", "api");

    // The document's CDN ("Azure CDN for static content"): Front Door in front of the frontend,
    // with its WAF (custom rate limit on Standard; also the managed rule sets on Premium). The
    // frontend admits only this profile; the backend has no public endpoint at all.
    const edge = new FrontDoor(scope, "Edge", {
      resourceGroup: rg,
      sku: p.frontDoor.sku,
      diagnosticSettings: monitoring.diagnosticSettings(),
    });
    const endpoint = edge.addEndpoint("web");
    const frontendOrigin = `https://${endpoint.hostName}`;

    const frontendIdentity = new ManagedIdentity(scope, "FrontendIdentity", { resourceGroup: rg, instance: "web" });
    const backendIdentity = new ManagedIdentity(scope, "BackendIdentity", { resourceGroup: rg, instance: "api" });

    // Private endpoint for the apps; the firewall admits the operators' ranges and the deployer's
    // (deployer.ipRanges, added by KeyVault), so Terraform can write the generated secrets.
    const vault = new KeyVault(scope, "KeyVault", {
      resourceGroup: rg,
      purgeProtection: p.protection.purgeProtection,
      network: { defaultAction: "Deny", allowedIpRanges: env.network.allowedIpRanges },
      privateEndpoints: endpoints,
      ...protection,
    });
    const sessionSecret = vault.addGeneratedSecret("SessionSecret", { name: "frontend-session-secret", length: 64 });

    // The operators' path into the VNet (the vector index, database administration): Azure
    // Bastion in front of a small jump host with no public address, stopped outside working hours.
    if (operators) {
      const bastion = new Bastion(scope, "Bastion", {
        resourceGroup: rg,
        sku: p.operatorAccess.bastionSku as "Developer" | "Basic" | "Standard",
        virtualNetwork: network,
        subnet: p.operatorAccess.bastionSku === "Developer" ? undefined : network.subnet("bastion"),
      });
      const jumpHost = new JumpHost(scope, "JumpHost", {
        resourceGroup: rg,
        subnet: network.subnet("operators"),
        keyVault: vault,
        size: p.operatorAccess.jumpHostSize,
        // Bastion reads the private key from the vault; RSA (PEM) is the format it documents.
        sshKeyAlgorithm: "RSA",
        autoShutdown: { timeUtc: p.operatorAccess.jumpHostShutdownUtc },
        // Entra ID sign-in needs Basic Bastion or above; on Developer the key in the vault is the way in.
        entraIdLogin: bastion.supportsEntraIdLogin,
      });
      const group = p.operatorAccess.loginGroupObjectId;
      if (group) {
        const operatorsGroup = { principalId: group, principalType: "Group" as const };
        if (bastion.supportsEntraIdLogin) jumpHost.grantLogin(operatorsGroup, { id: "OperatorsLogin" });
        bastion.grantConnect(operatorsGroup, "OperatorsBastionReader");
        vault.grantSecretsRead(operatorsGroup, "OperatorsSecretsUser");
      }
      Suppressions.of(jumpHost).add("AZ-VM-002", "encryption at host needs the subscription feature Microsoft.Compute/EncryptionAtHost registered first, which a fresh subscription lacks; the OS disk holds tools only and is encrypted at rest with platform-managed keys");
      new TerraformOutput(scope, "jump_host", { value: { name: jumpHost.name, private_ip: jumpHost.privateIp, ssh_key_secret: jumpHost.privateKeySecret.name, bastion: bastion.name } });
    }

    const database = relationalDatabase(scope, p, rg, vault, dataEndpoints, protection);

    const documents = new MongoVcoreVector(scope, "Documents", {
      resourceGroup: rg,
      computeTier: p.mongo.computeTier,
      storageSizeGb: p.mongo.storageSizeGb,
      shardCount: p.mongo.shardCount,
      highAvailability: p.mongo.highAvailability ? "ZoneRedundantPreferred" : "Disabled",
      geoReplica: p.mongo.geoReplica && env.secondaryLocation ? { location: env.secondaryLocation } : undefined,
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

    // The document's "Redis for frequently accessed data": Azure Managed Redis behind a private
    // endpoint, Entra ID only (no access keys), sized per tier; one endpoint (EnterpriseCluster)
    // on port 10000, which the endpoints subnet's NSG admits from the app subnet.
    const redis = new Redis(scope, "Redis", {
      resourceGroup: rg,
      sku: p.redis.sku,
      highAvailability: p.redis.highAvailability,
      clusteringPolicy: "EnterpriseCluster",
      privateEndpoints: endpoints,
      diagnosticSettings: full ? monitoring.diagnosticSettings() : undefined,
      ...protection,
    });
    redis.grantDataAccess(backendIdentity, "BackendDataAccess");

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
      untaggedRetentionDays: p.registry.untaggedRetentionDays > 0 ? p.registry.untaggedRetentionDays : undefined,
      zoneRedundancy: p.registry.zoneRedundancy,
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
      // Every environment: an operator debugging an outage needs the HTTP and console logs.
      diagnosticSettings: monitoring.diagnosticSettings(),
      // The document's "TLS 1.3 for all communications": App Service offers it (Front Door
      // connects to origins with TLS 1.3 too); the SCM site stays at 1.2 (README).
      minimumTlsVersion: "1.3",
      apps: [
        {
          instance: "web",
          name: webName,
          restrictToFrontDoor: { resourceGuid: edge.resourceGuid },
          // Node 22 LTS: Node 20 reached end of life on 2026-04-30, and azurerm 4.55 accepts no 24-lts.
          runtime: { node: "22-lts" },
          identity: frontendIdentity,
          appCommandLine: "npm run start",
          healthCheckPath: "/api/health",
          // The frontend's server calls the backend through the VNet (its private endpoint).
          appSettings: { NODE_ENV: "production", AZURE_CLIENT_ID: frontendIdentity.clientId, BACKEND_URL: `https://${apiName}.azurewebsites.net` },
          secretSettings: { SESSION_SECRET: sessionSecret },
        },
        {
          instance: "api",
          name: apiName,
          // Private: only the frontend (and the operators' jump host) reach it, through the VNet.
          publicNetworkAccess: false,
          privateEndpoints: endpoints,
          runtime: { python: "3.11" },
          identity: backendIdentity,
          appCommandLine: "gunicorn --workers 2 --worker-class uvicorn.workers.UvicornWorker --bind 0.0.0.0:8000 app.main:app",
          healthCheckPath: "/health",
          appSettings: {
            WEBSITES_PORT: "8000",
            AZURE_CLIENT_ID: backendIdentity.clientId,
            POSTGRES_HOST: database.host,
            POSTGRES_PORT: String(database.port),
            POSTGRES_DATABASE: database.databaseName,
            POSTGRES_USER: database.administratorLogin,
            POSTGRES_SSLMODE: "require",
            MONGODB_DATABASE: "studio",
            // Entra ID: a token for REDIS_ENTRA_TOKEN_SCOPE as the backend identity's object id.
            REDIS_HOST: redis.hostName,
            REDIS_PORT: String(redis.port),
            AZURE_OPENAI_ENDPOINT: openai.endpoint,
            AZURE_OPENAI_CHAT_DEPLOYMENT: "chat",
            AZURE_OPENAI_FAST_CHAT_DEPLOYMENT: "chat-fast",
            AZURE_OPENAI_EMBEDDINGS_DEPLOYMENT: "embeddings",
            AZURE_OPENAI_EMBEDDING_DIMENSIONS: String(EMBEDDING_DIMENSIONS),
            AZURE_STORAGE_BLOB_ENDPOINT: storage.resource.primaryBlobEndpoint,
            AZURE_STORAGE_QUEUE_ENDPOINT: storage.resource.primaryQueueEndpoint,
            // Shares through the Files REST API with Entra ID and the backup intent (README).
            AZURE_STORAGE_FILE_ENDPOINT: storage.resource.primaryFileEndpoint,
          },
          secretSettings: { POSTGRES_PASSWORD: database.passwordSecret, MONGODB_URI: documents.connectionStringSecret },
        },
      ],
    });
    const web = apps.apps.web;
    const api = apps.apps.api;

    // Front Door's route to the frontend, with the document's "Browser and CDN caching": hashed
    // Next.js bundles a year, other static files a day, the frontend's own /api/ never.
    const webOrigins = edge.addOriginGroup("web", { origins: [{ name: "frontend", hostName: web.defaultHostname }], healthProbe: { path: "/api/health" } });
    const caching = edge.addRuleSet("Caching", {
      rules: [
        cacheRule({ name: "StaticFiles", extensions: ["css", "js", "png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "woff", "woff2"], duration: "1.00:00:00" }),
        cacheRule({ name: "NextStatic", pathBeginsWith: ["/_next/static/"], duration: "365.00:00:00" }),
        noCacheRule({ name: "NoCacheApi", pathBeginsWith: ["/api/"] }),
      ],
    });
    edge.addRoute("web", { endpoint, originGroup: webOrigins, patterns: ["/*"], cache: { compression: true }, ruleSets: [caching] });

    vault.grantSecretsRead(frontendIdentity, "FrontendSecretsUser");
    vault.grantSecretsRead(backendIdentity, "BackendSecretsUser");
    storage.grantBlobDataContributor(backendIdentity);
    // The backend's queues and shares: with shared keys off, Entra ID roles are the only way in.
    storage.grantQueueDataContributor(backendIdentity);
    storage.grantFileDataPrivilegedContributor(backendIdentity);
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
      description: `${database.title} or MongoDB vCore is unavailable or degraded`,
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
    // "Authentication Failures: >10% auth failures". Assumptions (README): the backend serves its
    // sign-in and token routes under a path containing /auth/, answers a failed authentication
    // with 401 or 403, and 20 attempts in 5 minutes are the least worth judging.
    monitoring.addLogAlert("AuthFailures", {
      instance: "auth-failures",
      description: "More than 10 % of authentication requests (/auth/ routes) failed with 401 or 403 over 5 minutes",
      query:
        'requests | where url has "/auth/" | summarize total = count(), failed = countif(resultCode in ("401", "403")) | where total >= 20 | project failedPercent = 100.0 * failed / total',
      metricColumn: "failedPercent",
      operator: "GreaterThan",
      threshold: 10,
      severity: 1,
    });
    // "Cost Threshold: >90% of budget": a Cost Management budget on the resource group.
    systemBudget(scope, { resourceGroup: rg, budget: p.budget, environment: env, actionGroupId: monitoring.actionGroup.id, notifications: [{ threshold: 90, thresholdType: "Actual" }] });
    // Informational ("Resource Scaling: Auto-scaling events"): activity log alerts carry no
    // severity; they go to the default recipients, never to the critical route.
    if (apps.autoscale) {
      monitoring.addActivityLogAlert("AutoscaleEvents", {
        instance: "autoscale",
        description: "Informational: autoscale scaled the App Service plan out or in",
        category: "Autoscale",
        resourceIds: [apps.autoscale.id],
      });
    }
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
        description: `${database.title} storage above 85 %`,
        scope: database.id,
        metricNamespace: database.metricNamespace,
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
      // "High CPU/Memory: >80% utilization" for both database clusters.
      const databaseMetrics = [
        ["Database", database.id, database.metricNamespace, "cpu_percent", "memory_percent", database.title],
        ["Documents", documents.id, "Microsoft.DocumentDB/mongoClusters", "CpuPercent", "MemoryPercent", "MongoDB vCore"],
      ] as const;
      for (const [key, id, namespace, cpu, memory, title] of databaseMetrics) {
        for (const [metric, label] of [[cpu, "cpu"], [memory, "memory"]] as const) {
          monitoring.addMetricAlert(`${key}-${label}`, {
            instance: `${key === "Database" ? "db" : "mongo"}-${label}`,
            description: `${title} ${label} above 80 % over 5 minutes`,
            scope: id,
            metricNamespace: namespace,
            metricName: metric,
            aggregation: "Average",
            operator: "GreaterThan",
            threshold: 80,
            severity: 2,
          });
        }
      }
      // Informational ("Security Events: Unusual access patterns"): Key Vault requests refused
      // with 403, from the vault's audit events in the workspace (its diagnostics, below).
      monitoring.addLogAlert("KeyVaultAccessDenied", {
        instance: "kv-denied",
        description: "Informational: Key Vault refused requests (403) in the last 5 minutes",
        scope: monitoring.workspace.id,
        query: 'AzureDiagnostics | where ResourceProvider == "MICROSOFT.KEYVAULT" and Category == "AuditEvent" and httpStatusCode_d == 403',
        operator: "GreaterThan",
        threshold: 0,
        severity: 3,
      });
      monitoring.addDiagnostics("DatabaseDiagnostics", database.id);
      monitoring.addDiagnostics("DocumentsDiagnostics", documents.id);
      if (documents.replica) monitoring.addDiagnostics("DocumentsReplicaDiagnostics", documents.replica.id);
      monitoring.addDiagnostics("KeyVaultDiagnostics", vault.id);
      monitoring.addDiagnostics("OpenAIDiagnostics", openai.id);
      monitoring.addDiagnostics("StorageDiagnostics", `${storage.id}/blobServices/default`, ["Transaction"]);
    }

    new TerraformOutput(scope, "frontend_url", { value: frontendOrigin });
    new TerraformOutput(scope, "backend_url", { value: `https://${api.defaultHostname}` });
    new TerraformOutput(scope, "openai_endpoint", { value: openai.endpoint });
    new TerraformOutput(scope, "registry_login_server", { value: registry.loginServer });
    new TerraformOutput(scope, "resource_group", { value: rg.name });
  },
};
