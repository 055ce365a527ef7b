import type { PolicyRule } from "../rule";
import { references } from "../util";

/** Services that hold data: in prod their logs (data access, administration) go to Log Analytics. */
const DATA_SERVICE_TYPES = [
  "azurerm_storage_account",
  "azurerm_key_vault",
  "azurerm_postgresql_flexible_server",
  "azurerm_cosmosdb_postgresql_cluster",
  "azurerm_mongo_cluster",
  "azurerm_cosmosdb_account",
  "azurerm_mssql_server",
  "azurerm_mssql_database",
  "azurerm_redis_cache",
] as const;

export const DIAGNOSTICS_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-DIAG-001",
    severity: "error",
    description:
      "In prod, every data service has an azurerm_monitor_diagnostic_setting whose target_resource_id references it (for a storage account, also one of its services: <id>/blobServices/default).",
    fix: "Call monitoring.addDiagnostics(id, resource.id) for it (Monitoring; for a storage account target `${account.id}/blobServices/default` to get blob logs).",
    resourceTypes: DATA_SERVICE_TYPES,
    check(resource, context) {
      if (context.tier !== "prod") return undefined;
      const covered = context.resources.some((r) => r.type === "azurerm_monitor_diagnostic_setting" && references(r.config.target_resource_id, resource));
      return covered ? undefined : "no azurerm_monitor_diagnostic_setting targets it";
    },
  },
];
