import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { ValidationError, show } from "../core/errors";
import type { IManagedIdentity, IResourceGroup } from "../core/interfaces";
import { checkName } from "../core/naming";
import { AZURE_AD_TOKEN_EXCHANGE_AUDIENCE } from "./github-deployer";
import { ManagedIdentity } from "./managed-identity";

/*
 * Microsoft Entra Workload ID for Kubernetes: a user-assigned identity and a federated identity
 * credential trusting the tokens the cluster's OIDC issuer signs for one service account
 * (learn.microsoft.com/azure/aks/workload-identity-overview: subject
 * `system:serviceaccount:<namespace>:<service account>`, audience `api://AzureADTokenExchange`;
 * the service account carries the annotation `azure.workload.identity/client-id` and pods the
 * label `azure.workload.identity/use: "true"`).
 */

/** The service account annotation naming the identity's client id. */
export const WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION = "azure.workload.identity/client-id";
/** The pod label that makes the workload identity webhook inject the token. */
export const WORKLOAD_IDENTITY_USE_LABEL = "azure.workload.identity/use";

/** Federated identity credentials one user-assigned identity can hold. */
export const WORKLOAD_IDENTITY_MAX_FEDERATIONS = 20;

/** A Kubernetes namespace name: an RFC 1123 label (1-63 lowercase letters, digits and hyphens, alphanumeric at both ends). */
const NAMESPACE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** A service account name: an RFC 1123 subdomain (at most 253; lowercase letters, digits, hyphens and periods). */
const SERVICE_ACCOUNT = /^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$/;

export interface WorkloadIdentityProps {
  /** Where the identity lives. */
  readonly resourceGroup: IResourceGroup;
  /** The cluster's OIDC issuer URL (`AksCluster.oidcIssuerUrl`, or another cluster's issuer). */
  readonly oidcIssuerUrl: string;
  /** Namespace of the service account. */
  readonly namespace: string;
  /** Name of the service account the pods run as. */
  readonly serviceAccount: string;
  /** Name of the identity. @default - generated: `id-<workload>-<env>-<region>-<instance>` */
  readonly name?: string;
  /** Distinguishes several identities in one stack (`content`, `render`). @default - none */
  readonly instance?: string;
  /** @default - the resource group's location */
  readonly location?: string;
}

/**
 * A user-assigned identity that pods running as one Kubernetes service account sign in as,
 * through a federated credential on the cluster's OIDC issuer (no secret anywhere). It is an
 * IManagedIdentity, so every grant takes it: `vault.grantSecretsRead(wi)`,
 * `storage.grantBlobDataContributor(wi)`, `bus.grantReceive(wi)`.
 */
export class WorkloadIdentity extends Construct implements IManagedIdentity {
  readonly identity: ManagedIdentity;
  readonly credential: FederatedIdentityCredential;
  readonly id: string;
  readonly principalId: string;
  readonly clientId: string;
  readonly principalType = "ServicePrincipal" as const;
  /** `system:serviceaccount:<namespace>:<serviceAccount>`. */
  readonly subject: string;
  /** The annotations the service account needs (`azure.workload.identity/client-id`). */
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
  /** The credentials `addFederation` added, by id. */
  readonly federations = new Map<string, FederatedIdentityCredential>();
  private readonly props: WorkloadIdentityProps;

  constructor(scope: Construct, id: string, props: WorkloadIdentityProps) {
    super(scope, id);
    const path = this.node.path;
    if (!Token.isUnresolved(props.namespace) && !NAMESPACE.test(props.namespace)) {
      throw new ValidationError(path, `namespace ${show(props.namespace)} is not a Kubernetes namespace name; allowed: 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit`);
    }
    if (!Token.isUnresolved(props.serviceAccount) && (props.serviceAccount.length > 253 || !SERVICE_ACCOUNT.test(props.serviceAccount))) {
      throw new ValidationError(path, `serviceAccount ${show(props.serviceAccount)} is not a Kubernetes service account name; allowed: 1-253 lowercase letters, digits, hyphens and periods, starting and ending with a letter or digit`);
    }
    this.subject = `system:serviceaccount:${props.namespace}:${props.serviceAccount}`;
    this.identity = new ManagedIdentity(this, "Identity", {
      resourceGroup: props.resourceGroup,
      name: props.name,
      instance: props.instance,
      location: props.location,
    });
    this.id = this.identity.id;
    this.principalId = this.identity.principalId;
    this.clientId = this.identity.clientId;
    const credentialName = checkName(path, "federatedIdentityCredential", `k8s-${props.namespace}-${props.serviceAccount}`.slice(0, 120).replace(/[^A-Za-z0-9_-]/g, "-"));
    this.credential = new FederatedIdentityCredential(this, "Credential", {
      name: credentialName,
      resourceGroupName: props.resourceGroup.name,
      parentId: this.identity.id,
      issuer: props.oidcIssuerUrl,
      audience: [AZURE_AD_TOKEN_EXCHANGE_AUDIENCE],
      subject: this.subject,
    });
    this.serviceAccountAnnotations = { [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: this.clientId };
    this.props = props;
  }

  /**
   * Trusts the same service account on another cluster (a standby cluster in a second region, a
   * blue/green replacement): one more federated credential on this identity, for `oidcIssuerUrl`,
   * so the pods there sign in as the same identity with the same grants. An identity holds at most
   * 20 federated credentials (learn.microsoft.com/entra/workload-id/workload-identity-federation-considerations).
   */
  addFederation(id: string, oidcIssuerUrl: string): FederatedIdentityCredential {
    const path = this.node.path;
    if (this.federations.has(id)) throw new ValidationError(path, `addFederation(${show(id)}) is called twice; give each cluster its own id`);
    if (this.federations.size + 1 >= WORKLOAD_IDENTITY_MAX_FEDERATIONS) {
      throw new ValidationError(path, `addFederation(${show(id)}) would give the identity more than ${WORKLOAD_IDENTITY_MAX_FEDERATIONS} federated credentials (Entra ID's limit per identity)`);
    }
    const base = `k8s-${this.props.namespace}-${this.props.serviceAccount}`.replace(/[^A-Za-z0-9_-]/g, "-");
    const suffix = `-${id}`.replace(/[^A-Za-z0-9_-]/g, "-").toLowerCase();
    const name = checkName(path, "federatedIdentityCredential", `${base.slice(0, 120 - suffix.length)}${suffix}`);
    const credential = new FederatedIdentityCredential(this, `Credential-${id}`, {
      name,
      resourceGroupName: this.props.resourceGroup.name,
      parentId: this.identity.id,
      issuer: oidcIssuerUrl,
      audience: [AZURE_AD_TOKEN_EXCHANGE_AUDIENCE],
      subject: this.subject,
      // Entra ID refuses concurrent writes of federated credentials on one identity.
      dependsOn: [this.credential, ...this.federations.values()],
    });
    this.federations.set(id, credential);
    return credential;
  }
}
