import type { PolicyRule } from "../rule";
import { ACTION_GROUP_RULES } from "./action-groups";
// AksCluster (lib/compute/aks-cluster.ts)
import { AKS_RULES } from "./aks";
// ApiManagement
import { API_MANAGEMENT_RULES } from "./api-management";
import { AI_RULES } from "./ai";
import { BUDGET_RULES } from "./budgets";
import { COMPUTE_RULES } from "./compute";
import { CONTAINER_RULES } from "./containers";
import { DATABASE_RULES } from "./databases";
import { DEPLOYABILITY_RULES } from "./deployability";
import { DIAGNOSTICS_RULES } from "./diagnostics";
// FrontDoor (lib/edge/front-door.ts).
import { EDGE_RULES } from "./edge";
import { INTEGRATION_RULES } from "./integration";
import { FEDERATED_CREDENTIAL_RULES } from "./federated-credentials";
// FunctionApp
import { FUNCTION_RULES } from "./functions";
import { KEY_VAULT_RULES } from "./key-vault";
import { LIFECYCLE_RULES } from "./lifecycle";
import { NETWORK_RULES } from "./network";
import { PROTECTION_RULES } from "./protection";
import { STORAGE_RULES } from "./storage";
import { SUBNET_RULES } from "./subnets";
// ServiceBus
import { SERVICE_BUS_RULES } from "./service-bus";
// EventHub (lib/integration/event-hub.ts)
import { EVENT_HUB_RULES } from "./event-hub";
// Firewall (lib/network/firewall.ts).
import { FIREWALL_RULES } from "./firewall";
import { WEB_RULES } from "./web";

/**
 * The Azure rule pack: every security and deployability rule, by area. Ids are stable (AZ-<AREA>-<nnn>) and
 * never reused for another check.
 */
export const AZURE_RULES: readonly PolicyRule[] = [
  ...STORAGE_RULES,
  ...KEY_VAULT_RULES,
  ...WEB_RULES,
  // FunctionApp
  ...FUNCTION_RULES,
  ...DATABASE_RULES,
  ...AI_RULES,
  ...CONTAINER_RULES,
  // AksCluster (lib/compute/aks-cluster.ts)
  ...AKS_RULES,
  ...COMPUTE_RULES,
  ...NETWORK_RULES,
  ...INTEGRATION_RULES,
  ...DIAGNOSTICS_RULES,
  ...PROTECTION_RULES,
  ...DEPLOYABILITY_RULES,
  ...SUBNET_RULES,
  ...LIFECYCLE_RULES,
  ...FEDERATED_CREDENTIAL_RULES,
  ...ACTION_GROUP_RULES,
  ...BUDGET_RULES,
  // ApiManagement
  ...API_MANAGEMENT_RULES,
  // FrontDoor (lib/edge/front-door.ts).
  ...EDGE_RULES,
  // ServiceBus
  ...SERVICE_BUS_RULES,
  // EventHub (lib/integration/event-hub.ts)
  ...EVENT_HUB_RULES,
  // Firewall (lib/network/firewall.ts).
  ...FIREWALL_RULES,
];
