import type { PolicyRule } from "../rule";
import { DATA_SERVICE_TYPES, references } from "../util";

export const DIAGNOSTICS_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-DIAG-001",
    severity: "error",
    description:
      "In prod, every data service has an azurerm_monitor_diagnostic_setting whose target_resource_id references it (for a storage account, also one of its services: <id>/blobServices/default).",
    fix: "Call monitoring.addDiagnostics(id, resource.id) for it (Monitoring; for a storage account target `${account.id}/blobServices/default` to get blob logs).",
    resourceTypes: DATA_SERVICE_TYPES,
    category: "security",
    checkov: [],
    check(resource, context) {
      if (context.tier !== "prod") return undefined;
      const covered = context.resources.some((r) => r.type === "azurerm_monitor_diagnostic_setting" && references(r.config.target_resource_id, resource));
      return covered ? undefined : "no azurerm_monitor_diagnostic_setting targets it";
    },
  },
];
