import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import type { TerraformResource } from "cdktf";
import { Construct } from "constructs";

/** An Entra ID principal that can receive role assignments (a managed identity, a group, a user). */
export interface IPrincipal {
  /** Object id of the principal. */
  readonly principalId: string;
  /** `Unknown` leaves the type out of the assignment, for ARM to look up. @default "ServicePrincipal" */
  readonly principalType?: "ServicePrincipal" | "User" | "Group" | "Unknown";
}

/** A user-assigned managed identity a resource can run as. */
export interface IManagedIdentity extends IPrincipal {
  /** ARM resource id of the identity. */
  readonly id: string;
  /** Client (application) id, for SDKs that select an identity by client id. */
  readonly clientId: string;
}

/** The resource group a resource construct deploys into (AVM's `parentId` shape, as an object). */
export interface IResourceGroup {
  readonly name: string;
  readonly location: string;
  readonly id: string;
}

/** Protection of stateful resources; the tier table turns it on for prod. */
export interface ProtectionProps {
  /**
   * Management lock on the resource. `CanNotDelete` stops deletion through any tool until the
   * lock is removed.
   * @default - no lock
   */
  readonly lock?: "CanNotDelete" | "ReadOnly";
  /**
   * Terraform `lifecycle.prevent_destroy`: a plan that would destroy the resource fails.
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/** Applies ProtectionProps to `resource`: prevent_destroy and a management lock scoped to it. */
export function protect(scope: Construct, resource: TerraformResource & { id: string }, props: ProtectionProps, resourceName: string): ManagementLock | undefined {
  if (props.preventDestroy) resource.lifecycle = { ...(resource.lifecycle ?? {}), preventDestroy: true };
  if (!props.lock) return undefined;
  return new ManagementLock(scope, "Lock", {
    name: `lock-${resourceName}`,
    scope: resource.id,
    lockLevel: props.lock,
    notes: `Protects ${resourceName} from ${props.lock === "CanNotDelete" ? "deletion" : "changes"}; remove the lock deliberately before decommissioning.`,
  });
}
