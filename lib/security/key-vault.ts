import { KeyVault as AzKeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import { Password } from "@cdktf/provider-random/lib/password";
import type { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { AzureStack, resourceName } from "../core/azure-stack";
import { clientConfig, randomProvider } from "../core/stack-singletons";
import { checkUnique, checkWholeNumber } from "../core/checks";
import { Deployer } from "../core/deployer";
import { ValidationError } from "../core/errors";
import { type IPrincipal, type IResourceGroup, type ProtectionProps, protect } from "../core/interfaces";
import { checkName } from "../core/naming";
import type { PrivateEndpointProps } from "../network/interfaces";
import { type PrivateEndpoint, addPrivateEndpoints } from "../network/private-endpoint";
import { grantDeployer, grantRole } from "./role-grant";

export interface KeyVaultNetworkProps {
  /**
   * What happens to traffic that matches no rule. `Allow` makes the vault reachable from any
   * network (RBAC still applies); use it only where the callers have no private path.
   * @default "Deny"
   */
  readonly defaultAction?: "Allow" | "Deny";
  /**
   * Public IPv4 ranges allowed through the firewall. With `deployerAccess` (the default), the
   * stack's deployer ranges (`Deployer.declare`, or the environment file's `deployer.ipRanges`)
   * are added, so Terraform can write the secrets it generates.
   * @default - none besides the deployer's
   */
  readonly allowedIpRanges?: readonly string[];
  /** Subnet ids allowed through service endpoints. @default - none */
  readonly subnetIds?: readonly string[];
}

export interface KeyVaultProps extends ProtectionProps {
  readonly resourceGroup: IResourceGroup;
  /** @default - generated: `kv-<workload>-<env>[-<instance>]-<suffix>` (globally unique, 3-24 characters) */
  readonly name?: string;
  /** Distinguishes several key vaults in one stack, in generated names. @default - none */
  readonly instance?: string;
  /** @default - the resource group's location */
  readonly location?: string;
  /** @default - the environment's tenant, else the tenant of the identity running Terraform */
  readonly tenantId?: string;
  /** @default "standard" */
  readonly sku?: "standard" | "premium";
  /** Days a deleted vault or secret can be recovered (7-90). @default 90 */
  readonly softDeleteRetentionDays?: number;
  /**
   * Purge protection: deleted secrets cannot be purged before the retention ends. It cannot be
   * turned off once on. @default true
   */
  readonly purgeProtection?: boolean;
  /**
   * Network rules. With `Deny`, whoever runs Terraform must reach the vault (an address in
   * `allowedIpRanges`, or a runner inside the VNet) to write the generated secrets.
   * @default - deny everything except trusted Azure services
   */
  readonly network?: KeyVaultNetworkProps;
  /**
   * Lets the deployment write the secrets it generates: grants the identity running Terraform
   * `Key Vault Secrets Officer` on this vault and, when the firewall denies by default, admits
   * the stack's deployer ranges (`Deployer.of`). Without a network path for the deployer the
   * apply fails at the first secret (the deployability rule AZ-DEP-001 says so at synth).
   * @default true
   */
  readonly deployerAccess?: boolean;
  /** Private endpoints (`vault` sub-resource, zone `privatelink.vaultcore.azure.net`). @default - none */
  readonly privateEndpoints?: readonly PrivateEndpointProps[];
}

export interface GeneratedSecretProps {
  /** Secret name (letters, digits, hyphens). */
  readonly name: string;
  /** @default 32 */
  readonly length?: number;
  /** Include punctuation. Some clients (connection strings, URLs) dislike it. @default false */
  readonly special?: boolean;
}

/** A secret held in a vault; `reference` is the App Service Key Vault reference to it. */
export interface VaultSecret {
  readonly resource: KeyVaultSecret;
  readonly name: string;
  /** Versionless id, so references follow rotations. */
  readonly versionlessId: string;
  /** `@Microsoft.KeyVault(SecretUri=...)`, for app settings. */
  readonly reference: string;
}

/**
 * An Azure Key Vault with the RBAC data plane, soft delete, purge protection and a deny-by-default
 * firewall. Secrets are generated in Terraform (`random_password`) and stored here, so no secret
 * value is ever a literal in the synthesized JSON; apps read them through Key Vault references.
 */
export class KeyVault extends Construct {
  readonly resource: AzKeyVault;
  readonly id: string;
  readonly name: string;
  readonly vaultUri: string;
  readonly privateEndpoints: PrivateEndpoint[];
  /** Secrets added so far, by name. */
  readonly secrets: Record<string, VaultSecret> = {};
  private readonly deployerGrant?: RoleAssignment;

  constructor(scope: Construct, id: string, props: KeyVaultProps) {
    super(scope, id);
    const retention = props.softDeleteRetentionDays ?? 90;
    checkWholeNumber(this.node.path, "softDeleteRetentionDays", retention, 7, 90);
    this.name = resourceName(this, "keyVault", props.name, props.instance);
    const network = props.network ?? {};
    const defaultAction = network.defaultAction ?? "Deny";
    const deployerRanges = (props.deployerAccess ?? true) && defaultAction === "Deny" ? (Deployer.of(this)?.ipRanges ?? []) : [];
    const ipRules = [...new Set([...(network.allowedIpRanges ?? []), ...deployerRanges])];
    this.resource = new AzKeyVault(this, "Resource", {
      name: this.name,
      location: props.location ?? props.resourceGroup.location,
      resourceGroupName: props.resourceGroup.name,
      tenantId: props.tenantId ?? AzureStack.find(this)?.tenantId ?? clientConfig(this).tenantId,
      skuName: props.sku ?? "standard",
      rbacAuthorizationEnabled: true,
      softDeleteRetentionDays: retention,
      purgeProtectionEnabled: props.purgeProtection ?? true,
      publicNetworkAccessEnabled: true,
      networkAcls: {
        defaultAction,
        bypass: "AzureServices",
        ipRules,
        virtualNetworkSubnetIds: [...(network.subnetIds ?? [])],
      },
    });
    this.id = this.resource.id;
    this.vaultUri = this.resource.vaultUri;
    if (props.deployerAccess ?? true) {
      this.deployerGrant = grantDeployer(this, "DeployerSecretsOfficer", this.id, "Key Vault Secrets Officer");
    }
    this.privateEndpoints = addPrivateEndpoints(this, props.privateEndpoints, {
      resourceGroup: props.resourceGroup,
      targetLocation: props.location ?? props.resourceGroup.location,
      targetResourceId: this.id,
      target: "keyVault/vault",
      instance: "kv",
    });
    protect(this, this.resource, props, this.name);
  }

  /**
   * Generates a random secret in Terraform and stores it in the vault. The value lives only in
   * the (encrypted, access-controlled) state and the vault, never in the JSON.
   */
  addGeneratedSecret(id: string, props: GeneratedSecretProps): VaultSecret & { readonly value: string } {
    const scope = new Construct(this, id);
    randomProvider(this);
    const password = new Password(scope, "Value", {
      length: props.length ?? 32,
      special: props.special ?? false,
      minLower: 1,
      minUpper: 1,
      minNumeric: 1,
    });
    return { ...this.storeSecret(scope, props.name, password.result, "generated by Terraform (random_password)"), value: password.result };
  }

  /**
   * Stores a value computed by Terraform (a key or connection string of another resource).
   * Literal strings are rejected: a secret written in code would be in the JSON and in git.
   */
  addSecret(id: string, props: { readonly name: string; readonly value: string; /** @default "text/plain" */ readonly contentType?: string }): VaultSecret {
    if (!Token.isUnresolved(props.value)) {
      throw new ValidationError(`${this.node.path}/${id}`, `secret ${JSON.stringify(props.name)} has a literal value; pass a Terraform reference or use addGeneratedSecret`);
    }
    return this.storeSecret(new Construct(this, id), props.name, props.value, props.contentType ?? "text/plain");
  }

  private storeSecret(scope: Construct, name: string, value: string, contentType?: string): VaultSecret {
    checkName(scope.node.path, "keyVaultSecret", name);
    checkUnique(this.node.path, "secret", name, this.secrets);
    const resource = new KeyVaultSecret(scope, "Secret", {
      name,
      keyVaultId: this.id,
      value,
      contentType,
      dependsOn: this.deployerGrant ? [this.deployerGrant] : undefined,
    });
    const secret = { resource, name, versionlessId: resource.versionlessId, reference: `@Microsoft.KeyVault(SecretUri=${resource.versionlessId})` };
    this.secrets[name] = secret;
    return secret;
  }

  /** `Key Vault Secrets User` for `principal`: read secret values, nothing else. */
  grantSecretsRead(principal: IPrincipal, id = "SecretsUser"): RoleAssignment {
    return grantRole(this, id, { scope: this.id, role: "Key Vault Secrets User", principal });
  }
}
