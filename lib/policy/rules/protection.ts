import type { PolicyRule, ResourceView } from "../rule";
import { DATA_SERVICE_TYPES, get, references } from "../util";

function locked(resource: ResourceView, resources: readonly ResourceView[]): boolean {
  return resources.some((r) => r.type === "azurerm_management_lock" && r.config.lock_level === "CanNotDelete" && references(r.config.scope, resource));
}

export const PROTECTION_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-PROT-001",
    severity: "error",
    description: "In prod, a stateful resource has lifecycle.prevent_destroy, so no plan can destroy it.",
    fix: "Set preventDestroy: true on the construct (systems: protection.lockStatefulResources in the prod tier).",
    resourceTypes: DATA_SERVICE_TYPES,
    category: "security",
    checkov: [],
    check(resource, context) {
      if (context.tier !== "prod") return undefined;
      return get(resource, "lifecycle", "prevent_destroy") === true ? undefined : "lifecycle.prevent_destroy is not set";
    },
  },
  {
    id: "AZ-PROT-002",
    severity: "error",
    description: "In prod, a stateful resource has a CanNotDelete management lock.",
    fix: "Set lock: \"CanNotDelete\" on the construct (systems: protection.lockStatefulResources in the prod tier).",
    resourceTypes: DATA_SERVICE_TYPES,
    category: "security",
    checkov: [],
    check(resource, context) {
      if (context.tier !== "prod") return undefined;
      return locked(resource, context.resources) ? undefined : "no CanNotDelete management lock is scoped to it";
    },
  },
];
