import { createHash } from "node:crypto";
import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { TerraformOutput, TerraformStack, Token } from "cdktf";
import { Construct, type IConstruct } from "constructs";
import { AzureStack } from "../core/azure-stack";
import { type ArmResourceKind, parseResourceId } from "../core/arm-id";
import { ValidationError, show } from "../core/errors";
import type { IResourceGroup } from "../core/interfaces";
import { checkName } from "../core/naming";
import { ResourceGroup } from "../core/resource-group";
import { clientConfig } from "../core/stack-singletons";
import type { IKeyVault } from "./key-vault";
import { ManagedIdentity } from "./managed-identity";
import { type BuiltInRole, grantRole } from "./role-grant";

/** The issuer of GitHub Actions' OIDC tokens (github.com; GitHub Enterprise Server has its own). */
export const GITHUB_OIDC_ISSUER = "https://token.actions.githubusercontent.com";
/** The audience Entra ID expects in a token exchanged through a federated credential. */
export const AZURE_AD_TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";
/** Federated identity credentials per user-assigned identity (Entra ID's limit). */
export const MAX_FEDERATED_CREDENTIALS = 20;

/** Roles a deployer may never be allowed to hand out: each lets its holder grant itself anything. */
const PRIVILEGED_ROLES = ["Owner", "User Access Administrator", "Role Based Access Control Administrator"] as const;

/**
 * Role definition ids (the same GUID in every tenant) of the built-in roles the library assigns,
 * for ABAC conditions, which name roles by id. Every `BuiltInRole` must have one.
 */
export const ROLE_DEFINITION_IDS = {
  AcrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
  // ServiceBus (lib/integration/service-bus.ts): Learn "Azure built-in roles" (Integration).
  "Azure Service Bus Data Owner": "090c5cfd-751d-490a-894a-3ce6f1109419",
  "Azure Service Bus Data Receiver": "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0",
  "Azure Service Bus Data Sender": "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39",
  // EventHub (lib/integration/event-hub.ts): Learn "Azure built-in roles" (Analytics).
  "Azure Event Hubs Data Receiver": "a638d3c7-ab3a-418d-83e6-5f17a39d4fde",
  "Azure Event Hubs Data Sender": "2b629674-e913-4c01-ae53-ef4638d8f975",
  "Cognitive Services OpenAI User": "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd",
  // Two independent public templates give this id for "Communication and Email Service Owner".
  "Communication and Email Service Owner": "09976791-48a7-449e-bb21-39d1a415f350",
  "Key Vault Secrets Officer": "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
  "Key Vault Secrets User": "4633458b-17de-408a-b874-0445c86b69e6",
  "Monitoring Metrics Publisher": "3913510d-42f4-4e42-8a64-420c390055eb",
  // AksCluster (lib/compute/aks-cluster.ts): Learn "Azure built-in roles for Networking".
  "Network Contributor": "4d97b98b-1d4f-4787-a291-c67834d212e7",
  Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
  "Storage Blob Data Contributor": "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
  "Storage Blob Data Reader": "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1",
  // FunctionApp (lib/web/function-app.ts); Learn "Azure built-in roles for Storage".
  "Storage Blob Data Owner": "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
  "Storage Table Data Contributor": "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
  "Storage File Data Privileged Contributor": "69566ab7-960f-475b-8e7c-b3118f30c6bd",
  "Storage File Data Privileged Reader": "b8eda974-7b85-4f76-af95-65846b26df6d",
  "Storage Queue Data Contributor": "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
  "Storage Queue Data Reader": "19e7f393-937e-4f77-808e-94535e297925",
  "Virtual Machine Administrator Login": "1c0163c0-47e6-4577-8991-ea5c82e286e4",
  "Virtual Machine User Login": "fb879df8-f326-4884-b1cf-06f3ad86be52",
  // SearchService (lib/ai/search-service.ts). The ids are those of Learn's built-in roles list
  // (AI + machine learning: 8ebe5a00... for Search Index Data Contributor is in the page's own
  // history); each one also matches several independent public templates and role catalogues.
  "Search Index Data Contributor": "8ebe5a00-799e-43f5-93ac-243d3dce84a7",
  "Search Index Data Reader": "1407120a-92aa-4202-b7e9-c0e197c71c8f",
  "Search Service Contributor": "7ca78c08-252a-4471-8644-bb5ff32d4ba0",
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  "User Access Administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
  "Role Based Access Control Administrator": "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
} as const satisfies Record<BuiltInRole | "Contributor" | (typeof PRIVILEGED_ROLES)[number], string>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A blob container, for the Terraform state container's id. */
const BLOB_CONTAINER: ArmResourceKind = {
  type: "Microsoft.Storage/storageAccounts/blobServices/containers",
  description: "blob container",
  placeholders: ["<storage account>", "default", "<container>"],
};

/** A GitHub Actions deployer: the repository and subjects it trusts, and what it may deploy. */
export interface GitHubDeployerProps {
  /** Where the deployer's identity lives (a platform or identity resource group, ideally not one it deploys). */
  readonly resourceGroup: IResourceGroup;
  /** Name of the identity. @default - generated: `id-<workload>-<env>-<region>-<instance>` */
  readonly name?: string;
  /** Distinguishes several deployers in one stack, in the generated name. @default "github" */
  readonly instance?: string;
  /** Region of the identity. @default - the resource group's location */
  readonly location?: string;
  /** The GitHub repository whose workflows deploy: `owner/repo`, as GitHub spells it (subjects are compared case-sensitively). */
  readonly repository: string;
  /**
   * GitHub environments whose jobs may sign in (`environment: prod` in the workflow): subject
   * `repo:<owner>/<repo>:environment:<name>`. A job that names an environment gets this subject
   * whatever branch it runs on, so protect the environment (required reviewers, deployment branches).
   * @default - none
   */
  readonly environments?: readonly string[];
  /** Branches whose push workflows (jobs without an environment) may sign in: subject `repo:<owner>/<repo>:ref:refs/heads/<branch>`. @default - none */
  readonly branches?: readonly string[];
  /**
   * Pull request workflows may sign in: subject `repo:<owner>/<repo>:pull_request`. Code from any
   * branch's pull request then runs with this identity's roles; for plans on pull requests prefer a
   * second, read-only identity (the security rule AZ-FIC-002 warns when a pull request subject
   * can use write roles).
   * @default false
   */
  readonly pullRequests?: boolean;
  /**
   * Further subjects, verbatim, for organisations that customise GitHub's subject claim
   * (`repository_owner_id`, `job_workflow_ref`). No wildcards: Entra ID compares subjects exactly.
   * @default - none
   */
  readonly subjects?: readonly string[];
  /**
   * Resource groups the workflows deploy into. The identity gets `Contributor` on each (create,
   * change and delete resources, but not assign roles or read data planes), and, when
   * `assignableRoles` is not empty, `Role Based Access Control Administrator` restricted by a
   * condition to those roles. The resource groups must exist before the first CI run (the first,
   * operator-run deployment creates them): Contributor on a group cannot create it.
   */
  readonly deployTo: readonly IResourceGroup[];
  /**
   * Roles the deployment itself assigns (the stack's `grantSecretsRead`, `grantPull`, KeyVault's
   * deployer grant, ...), by built-in name (`ROLE_DEFINITION_IDS`) or role definition GUID. The
   * identity gets `Role Based Access Control Administrator` on each `deployTo` group with an ABAC
   * condition that lets it create and delete assignments of these roles only (Microsoft's
   * "delegate role assignment management with conditions"). `Owner`, `User Access Administrator`
   * and `Role Based Access Control Administrator` are refused: any of them would let the workflow
   * grant itself everything. When this deployer deploys the stack it is in (a `deployTo` group is
   * created in the same stack), synth fails if the stack assigns a role missing here.
   * `GitHubDeployer.rolesAssignedIn(stack)` lists the roles another stack assigns.
   * @default - none: no role administration (a stack that assigns roles then fails in CI with 403)
   */
  readonly assignableRoles?: readonly string[];
  /**
   * ARM id of the blob container holding the Terraform state
   * (`/subscriptions/.../storageAccounts/<account>/blobServices/default/containers/<container>`):
   * the identity gets `Storage Blob Data Contributor` on it, what the azurerm backend's Entra ID
   * authentication (`use_azuread_auth`, which BlueprintStack uses) needs to read, write and lock state.
   * @default - none (grant state access elsewhere)
   */
  readonly stateContainerId?: string;
  /** Existing vaults the deployment writes secrets into: `Key Vault Secrets Officer` on each. Vaults the stack creates grant their deployer themselves (`deployerAccess`). @default - none */
  readonly keyVaults?: readonly IKeyVault[];
  /** Terraform outputs `AZURE_CLIENT_ID`, `AZURE_TENANT_ID` and `AZURE_SUBSCRIPTION_ID` (the values azure/login takes). @default true */
  readonly outputs?: boolean;
}

/** One federated credential: its subject and the credential's name. */
export interface GitHubSubject {
  /** The subject claim GitHub puts in the token, e.g. `repo:octo-org/augeo:environment:prod`. */
  readonly subject: string;
  /** The federated credential's name, e.g. `github-env-prod`. */
  readonly name: string;
}

/**
 * The identity GitHub Actions deploys with, without secrets: a user-assigned managed identity,
 * one federated identity credential per subject (environment, branch, pull requests) trusting
 * GitHub's OIDC tokens, and the least-privilege role assignments a deployment needs: Contributor
 * on the resource groups it deploys, role administration restricted to the roles the deployment
 * assigns, Storage Blob Data Contributor on the state container, Key Vault Secrets Officer on
 * vaults it writes into. Its client, tenant and subscription ids are outputs, for the
 * `AZURE_CLIENT_ID`, `AZURE_TENANT_ID` and `AZURE_SUBSCRIPTION_ID` variables of `azure/login`.
 *
 * The identity, its credentials and its role assignments are created by an operator with the
 * right to assign roles (Owner or User Access Administrator), once; CI runs then see them unchanged.
 */
export class GitHubDeployer extends Construct {
  /**
   * The built-in roles (by name, sorted) that the role assignments of `scope`'s stack use,
   * leaving out those of GitHubDeployers: the `assignableRoles` for a deployer defined in another stack.
   */
  static rolesAssignedIn(scope: IConstruct): string[] {
    return [...new Set(stackRoleAssignments(TerraformStack.of(scope)).map((a) => a.role).filter((r): r is string => r !== undefined))].sort();
  }

  /** The user-assigned identity the workflows sign in as. */
  readonly identity: ManagedIdentity;
  /** The federated credentials, in subject order. */
  readonly credentials: FederatedIdentityCredential[] = [];
  /** The subjects trusted, one credential each. */
  readonly subjects: readonly GitHubSubject[];
  /** Client id of the identity (`AZURE_CLIENT_ID`). */
  readonly clientId: string;
  /** Object id of the identity's service principal (what role assignments name). */
  readonly principalId: string;
  /** `AZURE_TENANT_ID`. */
  readonly tenantId: string;
  /** `AZURE_SUBSCRIPTION_ID`: the stack's subscription. */
  readonly subscriptionId: string;
  /** Role definition ids the deployer may assign, sorted. */
  readonly assignableRoleIds: readonly string[];
  /** Every role assignment made for the deployer, by construct id. */
  readonly roleAssignments: Record<string, RoleAssignment> = {};

  constructor(scope: Construct, id: string, props: GitHubDeployerProps) {
    super(scope, id);
    const path = this.node.path;
    const { owner, repo } = parseRepository(path, props.repository);
    this.subjects = githubSubjects(path, owner, repo, props);
    if (props.deployTo.length === 0) {
      throw new ValidationError(path, "deployTo is empty; give the resource groups the workflows deploy into (the identity gets Contributor on each)");
    }
    this.assignableRoleIds = roleIds(path, props.assignableRoles ?? []);
    if (props.stateContainerId !== undefined) parseResourceId(path, "stateContainerId", props.stateContainerId, BLOB_CONTAINER);

    this.identity = new ManagedIdentity(this, "Identity", {
      resourceGroup: props.resourceGroup,
      name: props.name,
      instance: props.instance ?? "github",
      location: props.location,
    });
    this.clientId = this.identity.clientId;
    this.principalId = this.identity.principalId;
    this.tenantId = this.identity.resource.tenantId;
    this.subscriptionId = AzureStack.find(this)?.subscriptionId ?? clientConfig(this).subscriptionId;

    // Entra ID refuses concurrent credential writes under one identity (409 Conflict): one after another.
    let previous: FederatedIdentityCredential | undefined;
    for (const s of this.subjects) {
      const credential: FederatedIdentityCredential = new FederatedIdentityCredential(this, `Credential-${s.name}`, {
        name: s.name,
        resourceGroupName: props.resourceGroup.name,
        parentId: this.identity.id,
        issuer: GITHUB_OIDC_ISSUER,
        audience: [AZURE_AD_TOKEN_EXCHANGE_AUDIENCE],
        subject: s.subject,
        dependsOn: previous ? [previous] : undefined,
      });
      this.credentials.push(credential);
      previous = credential;
    }

    const principal = this.identity;
    props.deployTo.forEach((rg, i) => {
      const suffix = props.deployTo.length > 1 ? `-${i}` : "";
      this.assign(`Contributor${suffix}`, new RoleAssignment(this, `Contributor${suffix}`, {
        scope: rg.id,
        roleDefinitionName: "Contributor",
        principalId: principal.principalId,
        principalType: "ServicePrincipal",
        description: `GitHub Actions deployer for ${props.repository}: creates, changes and deletes the resources of this group.`,
      }));
      if (this.assignableRoleIds.length) {
        this.assign(`RoleAdministrator${suffix}`, new RoleAssignment(this, `RoleAdministrator${suffix}`, {
          scope: rg.id,
          roleDefinitionName: "Role Based Access Control Administrator",
          principalId: principal.principalId,
          principalType: "ServicePrincipal",
          condition: roleAssignmentCondition(this.assignableRoleIds),
          conditionVersion: "2.0",
          description: `GitHub Actions deployer for ${props.repository}: assigns and removes only the roles the deployment grants.`,
        }));
      }
    });
    if (props.stateContainerId !== undefined) {
      this.assign("StateBlobDataContributor", grantRole(this, "StateBlobDataContributor", { scope: props.stateContainerId, role: "Storage Blob Data Contributor", principal }));
    }
    (props.keyVaults ?? []).forEach((vault, i) => {
      const vid = props.keyVaults!.length > 1 ? `SecretsOfficer-${i}` : "SecretsOfficer";
      this.assign(vid, grantRole(this, vid, { scope: vault.id, role: "Key Vault Secrets Officer", principal }));
    });

    if (props.outputs ?? true) {
      new TerraformOutput(this, "AZURE_CLIENT_ID", { value: this.clientId, description: "The deployer identity's client id: the AZURE_CLIENT_ID variable of azure/login." });
      new TerraformOutput(this, "AZURE_TENANT_ID", { value: this.tenantId, description: "The AZURE_TENANT_ID variable of azure/login." });
      new TerraformOutput(this, "AZURE_SUBSCRIPTION_ID", { value: this.subscriptionId, description: "The AZURE_SUBSCRIPTION_ID variable of azure/login." });
    }

    if (this.deploysOwnStack(props.deployTo)) {
      this.node.addValidation({ validate: () => this.checkStackRoles() });
    }
  }

  private assign(id: string, assignment: RoleAssignment): void {
    this.roleAssignments[id] = assignment;
  }

  /** Whether a `deployTo` group is created in this construct's stack: then this deployer deploys the stack it is in. */
  private deploysOwnStack(groups: readonly IResourceGroup[]): boolean {
    const stack = TerraformStack.of(this);
    return groups.some((g) => g instanceof ResourceGroup && TerraformStack.of(g) === stack);
  }

  /** Throws when the stack assigns a role the deployer's condition does not allow. */
  private checkStackRoles(): string[] {
    const allowed = new Set(this.assignableRoleIds);
    const problems: string[] = [];
    for (const a of stackRoleAssignments(TerraformStack.of(this))) {
      if (a.roleId === undefined) {
        if (a.role !== undefined) problems.push(`${a.path} assigns ${show(a.role)}, a role without a known definition id (give its GUID in assignableRoles, or use a built-in role from ROLE_DEFINITION_IDS)`);
        continue;
      }
      if (!allowed.has(a.roleId)) problems.push(`${a.path} assigns ${show(a.role ?? a.roleId)}`);
    }
    if (problems.length) {
      const roles = this.assignableRoleIds.map(roleLabel);
      throw new ValidationError(
        this.node.path,
        `the stack assigns roles this deployer may not assign (its condition allows ${roles.length ? roles.join(", ") : "none"}), so CI's apply would fail with 403: ${problems.join("; ")}; add them to assignableRoles`,
      );
    }
    return [];
  }
}

/** `owner/repo`, checked against GitHub's naming rules. */
function parseRepository(path: string, repository: string): { readonly owner: string; readonly repo: string } {
  if (Token.isUnresolved(repository)) throw new ValidationError(path, "repository is a Terraform reference; give it as a literal owner/repo (the subjects are fixed strings)");
  const parts = repository.split("/");
  if (parts.length !== 2) throw new ValidationError(path, `repository ${show(repository)} is not owner/repo`);
  const [owner, repo] = parts;
  // GitHub: letters, digits and single hyphens, not at either end, at most 39 characters; Enterprise Managed Users add `_<shortcode>`.
  if (!/^(?=.{1,39}(?:_|$))[A-Za-z0-9](?:-?[A-Za-z0-9])*(?:_[A-Za-z0-9]+)?$/.test(owner)) {
    throw new ValidationError(path, `repository owner ${show(owner)} is not a GitHub account name (letters, digits and single hyphens, not starting or ending with a hyphen, at most 39 characters)`);
  }
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(repo) || repo === "." || repo === "..") {
    throw new ValidationError(path, `repository name ${show(repo)} is not a GitHub repository name (1-100 letters, digits, periods, hyphens and underscores)`);
  }
  return { owner, repo };
}

/** Whether `text` has a space or an ASCII control character. */
function hasControlOrSpace(text: string): boolean {
  return [...text].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f);
}

/** Why `branch` is not a valid branch name (git check-ref-format), or undefined. */
function branchProblem(branch: string): string | undefined {
  if (branch === "") return "is empty";
  if (branch === "@") return 'is "@"';
  if (branch.startsWith("-")) return "starts with a hyphen";
  if (branch.startsWith("/") || branch.endsWith("/") || branch.includes("//")) return "has an empty path component";
  if (branch.endsWith(".") || branch.endsWith(".lock")) return 'ends with "." or ".lock"';
  if (branch.split("/").some((c) => c.startsWith("."))) return 'has a component starting with "."';
  if (branch.includes("..") || branch.includes("@{")) return 'contains ".." or "@{"';
  if (hasControlOrSpace(branch) || /[~^:?*[\\]/.test(branch)) return "contains a space, a control character or one of ~ ^ : ? * [ \\";
  return undefined;
}

function githubSubjects(path: string, owner: string, repo: string, props: GitHubDeployerProps): GitHubSubject[] {
  const prefix = `repo:${owner}/${repo}`;
  const subjects: GitHubSubject[] = [];
  for (const env of props.environments ?? []) {
    if (Token.isUnresolved(env)) throw new ValidationError(path, "an environment is a Terraform reference; give environment names as literals");
    if (env.trim() === "" || env !== env.trim() || env.length > 255 || env.includes("*") || [...env].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
      throw new ValidationError(path, `environment ${show(env)} is not a GitHub environment name (1-255 characters, no surrounding spaces, control characters or "*": Entra ID compares subjects exactly, wildcards included)`);
    }
    subjects.push({ subject: `${prefix}:environment:${env}`, name: credentialName("github-env", env) });
  }
  for (const branch of props.branches ?? []) {
    if (Token.isUnresolved(branch)) throw new ValidationError(path, "a branch is a Terraform reference; give branch names as literals");
    const problem = branchProblem(branch);
    if (problem) throw new ValidationError(path, `branch ${show(branch)} ${problem}, which git does not allow in a branch name (and Entra ID compares subjects exactly: no wildcards)`);
    subjects.push({ subject: `${prefix}:ref:refs/heads/${branch}`, name: credentialName("github-branch", branch) });
  }
  if (props.pullRequests) subjects.push({ subject: `${prefix}:pull_request`, name: "github-pull-request" });
  for (const subject of props.subjects ?? []) {
    if (Token.isUnresolved(subject)) throw new ValidationError(path, "a subject is a Terraform reference; give subjects as literals");
    if (subject.trim() === "" || subject.length > 600 || subject.includes("*") || subject !== subject.trim()) {
      throw new ValidationError(path, `subject ${show(subject)} is not one Entra ID matches (1-600 characters, no surrounding spaces, no "*": subjects are compared exactly)`);
    }
    subjects.push({ subject, name: credentialName("github-subject", subject, true) });
  }
  if (subjects.length === 0) throw new ValidationError(path, "no subjects: give environments, branches, pullRequests or subjects (which workflows may sign in as the deployer)");
  if (subjects.length > MAX_FEDERATED_CREDENTIALS) {
    throw new ValidationError(path, `${subjects.length} subjects (allowed: at most ${MAX_FEDERATED_CREDENTIALS} federated credentials per identity); use environments, one subject each, rather than many branches, or a second deployer`);
  }
  const bySubject: Record<string, string> = {};
  const byName: Record<string, string> = {};
  for (const s of subjects) {
    if (bySubject[s.subject] !== undefined) throw new ValidationError(path, `subject ${show(s.subject)} is defined twice (Entra ID allows one credential per issuer and subject)`);
    bySubject[s.subject] = s.name;
    if (byName[s.name] !== undefined) throw new ValidationError(path, `subjects ${show(byName[s.name])} and ${show(s.subject)} would share the credential name ${show(s.name)}`);
    byName[s.name] = s.subject;
    checkName(path, "federatedIdentityCredential", s.name);
  }
  return subjects;
}

/**
 * A credential name for `value` under `prefix`: the value itself when it is a valid name part,
 * else (or when `hashed`) a short hash of it keeps names distinct (`feature/x` vs `feature-x`).
 */
function credentialName(prefix: string, value: string, hashed = false): string {
  const clean = value.replace(/[^A-Za-z0-9_-]/g, "-");
  const hash = createHash("sha256").update(value).digest("hex").slice(0, 8);
  if (hashed) return `${prefix}-${hash}`;
  const name = `${prefix}-${clean}`;
  if (clean === value && name.length <= 120) return name;
  return `${name.slice(0, 120 - 9)}-${hash}`;
}

/** Role definition GUIDs for built-in names or GUIDs, sorted and distinct; privileged roles refused. */
function roleIds(path: string, roles: readonly string[]): string[] {
  const known = ROLE_DEFINITION_IDS as Readonly<Record<string, string>>;
  const privileged = new Set<string>(PRIVILEGED_ROLES.map((r) => ROLE_DEFINITION_IDS[r]));
  const ids = new Set<string>();
  for (const role of roles) {
    if (Token.isUnresolved(role)) throw new ValidationError(path, "an assignable role is a Terraform reference; give role names or GUIDs as literals (they go into the ABAC condition)");
    const id = known[role] ?? (GUID.test(role) ? role.toLowerCase() : undefined);
    if (id === undefined) {
      throw new ValidationError(path, `assignableRoles: ${show(role)} is neither a built-in role the library knows (${Object.keys(known).filter((k) => !privileged.has(known[k])).join(", ")}) nor a role definition GUID`);
    }
    if (privileged.has(id)) {
      throw new ValidationError(path, `assignableRoles: ${show(role)} would let the workflow grant itself (or anyone) full control of the resource groups; list the roles the deployment assigns instead`);
    }
    ids.add(id);
  }
  return [...ids].sort();
}

function roleLabel(id: string): string {
  const name = Object.entries(ROLE_DEFINITION_IDS).find(([, v]) => v === id)?.[0];
  return name ? `${name} (${id})` : id;
}

/**
 * The ABAC condition of a `Role Based Access Control Administrator` assignment that lets its
 * holder create and delete role assignments of `roleIds` only (learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-examples,
 * "Constrain roles"): other writes and deletes of role assignments are refused.
 */
export function roleAssignmentCondition(roleIds: readonly string[]): string {
  if (roleIds.length === 0) throw new Error("roleAssignmentCondition needs at least one role definition id");
  const set = `{${roleIds.join(", ")}}`;
  return (
    `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals ${set}))` +
    ` AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals ${set}))`
  );
}

/** A role assignment of a stack as the deployer check sees it. */
interface StackRoleAssignment {
  readonly path: string;
  /** The role's name, when given by name. */
  readonly role?: string;
  /** The role definition GUID, when known at synth. */
  readonly roleId?: string;
}

/** The role assignments of `stack` outside GitHubDeployers, with their literal role names and ids. */
function stackRoleAssignments(stack: TerraformStack): StackRoleAssignment[] {
  const known = ROLE_DEFINITION_IDS as Readonly<Record<string, string>>;
  const result: StackRoleAssignment[] = [];
  for (const node of stack.node.findAll()) {
    if (!(node instanceof RoleAssignment) || insideDeployer(node)) continue;
    const name = node.roleDefinitionNameInput;
    const definitionId = node.roleDefinitionIdInput;
    if (name !== undefined && !Token.isUnresolved(name)) {
      result.push({ path: node.node.path, role: name, roleId: known[name] });
    } else if (definitionId !== undefined && !Token.isUnresolved(definitionId)) {
      const guid = definitionId.split("/").pop() ?? "";
      result.push({ path: node.node.path, roleId: GUID.test(guid) ? guid.toLowerCase() : undefined, role: Object.keys(known).find((k) => known[k] === guid.toLowerCase()) ?? definitionId });
    }
  }
  return result;
}

function insideDeployer(node: IConstruct): boolean {
  for (let s: IConstruct | undefined = node.node.scope; s; s = s.node.scope) {
    if (s instanceof GitHubDeployer) return true;
  }
  return false;
}
