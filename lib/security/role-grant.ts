import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import type { Construct } from "constructs";
import type { IPrincipal } from "../core/interfaces";
import { clientConfig } from "../core/stack-singletons";

/** Built-in Azure roles the library grants through intent methods (`grantSecretsRead`, ...). */
export type BuiltInRole =
  | "AcrPull"
  // ServiceBus (lib/integration/service-bus.ts)
  | "Azure Service Bus Data Owner"
  | "Azure Service Bus Data Receiver"
  | "Azure Service Bus Data Sender"
  // EventHub (lib/integration/event-hub.ts)
  | "Azure Event Hubs Data Receiver"
  | "Azure Event Hubs Data Sender"
  | "Cognitive Services OpenAI User"
  | "Communication and Email Service Owner"
  | "Key Vault Secrets Officer"
  | "Key Vault Secrets User"
  | "Monitoring Metrics Publisher"
  // AksCluster (lib/compute/aks-cluster.ts): the control-plane identity on the node subnet.
  | "Network Contributor"
  | "Reader"
  | "Storage Blob Data Contributor"
  // FunctionApp (lib/web/function-app.ts): host storage by identity.
  | "Storage Blob Data Owner"
  | "Storage Table Data Contributor"
  | "Storage Blob Data Reader"
  | "Storage File Data Privileged Contributor"
  | "Storage File Data Privileged Reader"
  | "Storage Queue Data Contributor"
  | "Storage Queue Data Reader"
  | "Virtual Machine Administrator Login"
  | "Virtual Machine User Login"
  // SearchService (lib/ai/search-service.ts)
  | "Search Index Data Contributor"
  | "Search Index Data Reader"
  | "Search Service Contributor";

export interface RoleGrantProps {
  /** ARM id of the resource the role applies to. */
  readonly scope: string;
  readonly role: BuiltInRole;
  readonly principal: IPrincipal;
}

/**
 * A role assignment of a built-in role to a principal on one resource (least privilege: never a
 * resource group). `principalType` tells ARM what the id is so the assignment does not fail while
 * a new identity replicates; when the principal's kind is unknown, leave it out.
 */
export function grantRole(scope: Construct, id: string, props: RoleGrantProps): RoleAssignment {
  return new RoleAssignment(scope, id, {
    scope: props.scope,
    roleDefinitionName: props.role,
    principalId: props.principal.principalId,
    principalType: props.principal.principalType === "Unknown" ? undefined : (props.principal.principalType ?? "ServicePrincipal"),
  });
}

/**
 * Grants `role` on `resourceId` to whoever runs Terraform (a person after `az login`, or a CI
 * service principal): the principal type is left for ARM to find out.
 */
export function grantDeployer(scope: Construct, id: string, resourceId: string, role: BuiltInRole): RoleAssignment {
  return grantRole(scope, id, { scope: resourceId, role, principal: { principalId: clientConfig(scope).objectId, principalType: "Unknown" } });
}
