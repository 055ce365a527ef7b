import { DataAzurermKeyVault } from "@cdktf/provider-azurerm/lib/data-azurerm-key-vault";
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
import { ValidationError, show } from "../core/errors";
import { type IPrincipal, type IResourceGroup, type ProtectionProps, protect } from "../core/interfaces";
import { checkName } from "../core/naming";
import { ARM_RESOURCE_KINDS, checkLookupSubscription, parseResourceId } from "../core/arm-id";
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

/** A secret whose value Terraform computes (a key or connection string of another resource). */
export interface SecretProps {
  /** Secret name (letters, digits, hyphens). */
  readonly name: string;
  /** A Terraform reference; literal strings are rejected. */
  readonly value: string;
  /** @default "text/plain" */
  readonly contentType?: string;
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
 * A key vault that constructs can store secrets in and grant access to: one made by KeyVault, or
 * one that already exists (`KeyVault.fromId` / `fromName`). Vaults must use the RBAC permission
 * model: grants are role assignments scoped to the vault.
 */
export interface IKeyVault {
  readonly id: string;
  readonly name: string;
  /** `https://<name>.vault.azure.net/`. */
  readonly vaultUri: string;
  /** Generates a random secret in Terraform and stores it in the vault (see KeyVault.addGeneratedSecret). */
  addGeneratedSecret(id: string, props: GeneratedSecretProps): VaultSecret & { readonly value: string };
  /** Stores a value computed by Terraform; literal strings are rejected. */
  addSecret(id: string, props: SecretProps): VaultSecret;
  /** `Key Vault Secrets User` for `principal` on this vault. */
  grantSecretsRead(principal: IPrincipal, id?: string): RoleAssignment;
}

/** Secrets and grants, shared by a vault created here and one referenced. */
export abstract class VaultBase extends Construct implements IKeyVault {
  abstract readonly id: string;
  abstract readonly name: string;
  abstract readonly vaultUri: string;
  /** Secrets added so far, by name. */
  readonly secrets: Record<string, VaultSecret> = {};
  /** The deployer's `Key Vault Secrets Officer` assignment every secret waits for, when there is one. */
  protected deployerGrant?: RoleAssignment;

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
  addSecret(id: string, props: SecretProps): VaultSecret {
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

/** What a reference to an existing vault can be told. */
export interface ExistingKeyVaultOptions {
  /**
   * Grant the identity running Terraform `Key Vault Secrets Officer` on the vault, so it can write
   * the secrets constructs generate. Creating that assignment needs the right to assign roles on
   * the vault (Owner, User Access Administrator or Role Based Access Control Administrator), which
   * a platform team's vault rarely gives; leave it off when the deployer already has the role.
   * Either way the vault's firewall must admit the deployer (nothing at synth can see it:
   * AZ-DEP-001 reasons only about vaults in the stack).
   * @default false
   */
  readonly deployerAccess?: boolean;
  /**
   * The vault's URI as a literal (`https://<name>.vault.azure.net/`).
   * @default - read from an `azurerm_key_vault` data source when `vaultUri` is first read
   */
  readonly vaultUri?: string;
}

export interface ExistingKeyVaultByIdProps extends ExistingKeyVaultOptions {
  /** ARM id of the vault (`/subscriptions/.../providers/Microsoft.KeyVault/vaults/<name>`); a Terraform reference is accepted. */
  readonly keyVaultId: string;
}

export interface ExistingKeyVaultByNameProps extends ExistingKeyVaultOptions {
  readonly name: string;
  /** Resource group of the vault, in the stack's subscription. */
  readonly resourceGroupName: string;
}

export type ExistingKeyVaultProps = ExistingKeyVaultByIdProps | ExistingKeyVaultByNameProps;

/**
 * A key vault that already exists (`KeyVault.fromId` / `fromName`), for every prop that takes an
 * IKeyVault: secrets are written into it and grants are scoped to it; nothing else is created.
 * By id, nothing is looked up until an attribute the id does not carry (`vaultUri`) is read.
 */
export class ExistingKeyVault extends VaultBase {
  readonly name: string;
  readonly resourceGroupName: string;
  private readonly givenId?: string;
  private readonly givenUri?: string;
  private readonly subscriptionId?: string;
  private lookup?: DataAzurermKeyVault;

  constructor(scope: Construct, id: string, props: ExistingKeyVaultProps) {
    super(scope, id);
    if ("keyVaultId" in props) {
      const parsed = parseResourceId(this.node.path, "keyVaultId", props.keyVaultId, ARM_RESOURCE_KINDS.keyVault);
      this.givenId = props.keyVaultId;
      this.name = parsed.name;
      this.resourceGroupName = parsed.resourceGroupName;
      this.subscriptionId = parsed.subscriptionId;
    } else {
      for (const [prop, value] of [["name", props.name], ["resourceGroupName", props.resourceGroupName]] as const) {
        if (!Token.isUnresolved(value) && value.trim() === "") throw new ValidationError(this.node.path, `${prop} ${show(value)} is empty (give the name of the existing vault)`);
      }
      this.name = props.name;
      this.resourceGroupName = props.resourceGroupName;
    }
    this.givenUri = props.vaultUri;
    if (props.deployerAccess) this.deployerGrant = grantDeployer(this, "DeployerSecretsOfficer", this.id, "Key Vault Secrets Officer");
  }

  /** ARM id of the vault: the one given, or the data source's. */
  get id(): string {
    return this.givenId ?? this.dataSource().id;
  }

  /** The vault's URI: the one given, or the data source's `vault_uri`. */
  get vaultUri(): string {
    return this.givenUri ?? this.dataSource().vaultUri;
  }

  /** The `azurerm_key_vault` data source, once something needed it. */
  get lookupDataSource(): DataAzurermKeyVault | undefined {
    return this.lookup;
  }

  private dataSource(): DataAzurermKeyVault {
    if (!this.lookup) {
      if (this.subscriptionId !== undefined) checkLookupSubscription(this, this.subscriptionId, `key vault ${show(this.name)}`, "give its vaultUri as a literal");
      this.lookup = new DataAzurermKeyVault(this, "Lookup", { name: this.name, resourceGroupName: this.resourceGroupName });
    }
    return this.lookup;
  }
}

/**
 * An Azure Key Vault with the RBAC data plane, soft delete, purge protection and a deny-by-default
 * firewall. Secrets are generated in Terraform (`random_password`) and stored here, so no secret
 * value is ever a literal in the synthesized JSON; apps read them through Key Vault references.
 */
export class KeyVault extends VaultBase {
  /**
   * A vault that already exists, by ARM id (no data source unless `vaultUri` is read). Secrets go
   * into it and `grantSecretsRead` assigns roles on it; it must use the RBAC permission model.
   */
  static fromId(scope: Construct, id: string, props: ExistingKeyVaultByIdProps): ExistingKeyVault {
    return new ExistingKeyVault(scope, id, props);
  }

  /** A vault that already exists in the stack's subscription, by name: an `azurerm_key_vault` data source supplies its id and URI. */
  static fromName(scope: Construct, id: string, props: ExistingKeyVaultByNameProps): ExistingKeyVault {
    return new ExistingKeyVault(scope, id, props);
  }

  readonly resource: AzKeyVault;
  readonly id: string;
  readonly name: string;
  readonly vaultUri: string;
  readonly privateEndpoints: PrivateEndpoint[];

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
      instance: props.instance ? `kv-${props.instance}` : "kv",
    });
    protect(this, this.resource, props, this.name);
  }
}
