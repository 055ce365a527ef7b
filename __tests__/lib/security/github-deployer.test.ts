import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { App, TerraformStack, Testing } from "cdktf";
import { ValidationError } from "../../../lib/core/errors";
import { ResourceGroup } from "../../../lib/core/resource-group";
import { KeyVault } from "../../../lib/security/key-vault";
import { ManagedIdentity } from "../../../lib/security/managed-identity";
import { GITHUB_OIDC_ISSUER, GitHubDeployer, type GitHubDeployerProps, ROLE_DEFINITION_IDS, roleAssignmentCondition } from "../../../lib/security/github-deployer";
import { grantRole } from "../../../lib/security/role-grant";
import { expectValidationError, resourcesOf, synthJson, testStack } from "../../helpers/stack";

const STATE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-tfstate/providers/Microsoft.Storage/storageAccounts/sttfstate/blobServices/default/containers/tfstate";
const VAULT = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-shared/providers/Microsoft.KeyVault/vaults/kv-shared";

function deployerStack(props: Partial<GitHubDeployerProps> = {}) {
  const { stack, rg } = testStack();
  const build = (more: Partial<GitHubDeployerProps> = {}) =>
    new GitHubDeployer(stack, "Deployer", { resourceGroup: rg, repository: "octo-org/augeo", environments: ["prod"], deployTo: [rg], ...props, ...more });
  return { stack, rg, build };
}

const credentials = (json: ReturnType<typeof synthJson>) => Object.values(resourcesOf(json, "azurerm_federated_identity_credential"));
const assignments = (json: ReturnType<typeof synthJson>) => resourcesOf(json, "azurerm_role_assignment");
const byRole = (json: ReturnType<typeof synthJson>, role: string) => Object.values(assignments(json)).filter((a) => a.role_definition_name === role);

describe("GitHubDeployer identity and federated credentials", () => {
  test("a user-assigned identity and one credential per subject: environment, branch, pull requests", () => {
    const { stack, build } = deployerStack({ environments: ["staging", "prod"], branches: ["main"], pullRequests: true });
    const deployer = build();
    const json = synthJson(stack);
    expect(Object.values(resourcesOf(json, "azurerm_user_assigned_identity"))).toEqual([expect.objectContaining({ name: "id-demo-dev-eus2-github", location: "eastus2" })]);
    const identity = `\${azurerm_user_assigned_identity.${Object.keys(resourcesOf(json, "azurerm_user_assigned_identity"))[0]}.id}`;
    const expected = [
      ["github-env-staging", "repo:octo-org/augeo:environment:staging"],
      ["github-env-prod", "repo:octo-org/augeo:environment:prod"],
      ["github-branch-main", "repo:octo-org/augeo:ref:refs/heads/main"],
      ["github-pull-request", "repo:octo-org/augeo:pull_request"],
    ];
    expect(deployer.subjects.map((s) => [s.name, s.subject])).toEqual(expected);
    expect(credentials(json).map((c) => [c.name, c.subject]).sort()).toEqual([...expected].sort());
    for (const c of credentials(json)) {
      expect(c).toMatchObject({ issuer: "https://token.actions.githubusercontent.com", audience: ["api://AzureADTokenExchange"], parent_id: identity });
    }
    expect(GITHUB_OIDC_ISSUER).toBe("https://token.actions.githubusercontent.com");
  });

  test("credentials are created one after another (Entra ID refuses concurrent writes under one identity)", () => {
    const { stack, build } = deployerStack({ environments: ["dev", "staging", "prod"] });
    build();
    const json = synthJson(stack);
    const entries = Object.entries(resourcesOf(json, "azurerm_federated_identity_credential"));
    const idOf = (name: string) => entries.find(([, c]) => c.name === name)![0];
    const dependsOf = (name: string) => entries.find(([, c]) => c.name === name)![1].depends_on;
    expect(dependsOf("github-env-dev")).toBeUndefined();
    expect(dependsOf("github-env-staging")).toEqual([`azurerm_federated_identity_credential.${idOf("github-env-dev")}`]);
    expect(dependsOf("github-env-prod")).toEqual([`azurerm_federated_identity_credential.${idOf("github-env-staging")}`]);
  });

  test("a branch with a slash gets a name Azure accepts and distinct from a look-alike", () => {
    const { stack, build } = deployerStack({ environments: [], branches: ["release/2026", "release-2026"] });
    build();
    const names = credentials(synthJson(stack)).map((c) => c.name as string);
    expect(names[0]).toMatch(/^github-branch-release-2026-[0-9a-f]{8}$/);
    expect(names[1]).toBe("github-branch-release-2026");
  });

  test("custom subjects (a customised subject claim) are used verbatim", () => {
    const { stack, build } = deployerStack({ environments: [], subjects: ["repository_owner_id:123:repository_id:456:environment:prod"] });
    build();
    expect(credentials(synthJson(stack)).map((c) => c.subject)).toEqual(["repository_owner_id:123:repository_id:456:environment:prod"]);
  });

  test("outputs for azure/login: client id, tenant id and the stack's subscription", () => {
    const { stack, build } = deployerStack();
    build();
    const json = synthJson(stack);
    const outputs = Object.entries(json.output ?? {});
    const value = (name: string) => outputs.find(([k]) => k.startsWith(`Deployer_${name}_`))?.[1].value;
    expect(value("AZURE_CLIENT_ID")).toMatch(/^\$\{azurerm_user_assigned_identity\.Deployer_Identity_[0-9A-F]+\.client_id\}$/);
    expect(value("AZURE_TENANT_ID")).toMatch(/^\$\{azurerm_user_assigned_identity\.Deployer_Identity_[0-9A-F]+\.tenant_id\}$/);
    expect(value("AZURE_SUBSCRIPTION_ID")).toBe("00000000-0000-0000-0000-000000000000");
  });

  test("outputs: false leaves them out", () => {
    const { stack, build } = deployerStack({ outputs: false });
    build();
    expect(synthJson(stack).output).toBeUndefined();
  });
});

describe("GitHubDeployer role assignments", () => {
  test("Contributor on each group it deploys, for the identity as a service principal", () => {
    const { stack, rg } = testStack();
    const data = new ResourceGroup(stack, "Data", { location: "eastus2", instance: "data" });
    new GitHubDeployer(stack, "Deployer", { resourceGroup: rg, repository: "octo-org/augeo", environments: ["prod"], deployTo: [rg, data] });
    const json = synthJson(stack);
    const contributors = byRole(json, "Contributor");
    expect(contributors.map((a) => a.scope)).toEqual([
      expect.stringMatching(/^\$\{azurerm_resource_group\.ResourceGroup_[0-9A-F]+\.id\}$/),
      expect.stringMatching(/^\$\{azurerm_resource_group\.Data_[0-9A-F]+\.id\}$/),
    ]);
    for (const a of contributors) expect(a).toMatchObject({ principal_type: "ServicePrincipal", principal_id: expect.stringMatching(/Deployer_Identity_[0-9A-F]+\.principal_id/) });
    // No role administration without assignable roles; never User Access Administrator or Owner.
    expect(Object.values(assignments(json)).map((a) => a.role_definition_name).sort()).toEqual(["Contributor", "Contributor"]);
  });

  test("role administration is constrained by an ABAC condition to the roles the deployment assigns", () => {
    const { stack, build } = deployerStack({ assignableRoles: ["Key Vault Secrets User", "AcrPull", "Key Vault Secrets Officer"] });
    const deployer = build();
    const json = synthJson(stack);
    const [admin] = byRole(json, "Role Based Access Control Administrator");
    const ids = ["4633458b-17de-408a-b874-0445c86b69e6", "7f951dda-4ed3-4680-a7ca-43fe172d538d", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7"].sort().join(", ");
    expect(admin).toMatchObject({
      principal_type: "ServicePrincipal",
      condition_version: "2.0",
      condition:
        `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${ids}}))` +
        ` AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${ids}}))`,
    });
    expect(deployer.assignableRoleIds).toEqual(ids.split(", "));
    expect(byRole(json, "User Access Administrator")).toEqual([]);
    expect(byRole(json, "Owner")).toEqual([]);
  });

  test("a role definition GUID is accepted as an assignable role (a custom role), normalised to lower case", () => {
    const { stack, build } = deployerStack({ assignableRoles: ["0A9A7E1F-B9D0-4CC4-A60D-0319B160AAA3"] });
    build();
    expect(byRole(synthJson(stack), "Role Based Access Control Administrator")[0].condition).toContain("GuidEquals {0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3}");
  });

  test.each(["Owner", "User Access Administrator", "Role Based Access Control Administrator", ROLE_DEFINITION_IDS.Owner])("%s is refused as an assignable role", (role) => {
    expectValidationError(
      () => deployerStack({ assignableRoles: [role] }).build(),
      `test/Deployer: assignableRoles: ${JSON.stringify(role)} would let the workflow grant itself (or anyone) full control of the resource groups; list the roles the deployment assigns instead`,
    );
  });

  test("an unknown role name is refused with the known names", () => {
    const attempt = () => deployerStack({ assignableRoles: ["Key Vault Secret User"] }).build();
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(/assignableRoles: "Key Vault Secret User" is neither a built-in role the library knows \(AcrPull, .*Key Vault Secrets User.*\) nor a role definition GUID/);
  });

  test("Storage Blob Data Contributor on the state container, Key Vault Secrets Officer on existing vaults", () => {
    const { stack, rg } = testStack();
    const vault = KeyVault.fromId(stack, "Shared", { keyVaultId: VAULT });
    new GitHubDeployer(stack, "Deployer", { resourceGroup: rg, repository: "octo-org/augeo", environments: ["prod"], deployTo: [rg], stateContainerId: STATE, keyVaults: [vault] });
    const json = synthJson(stack);
    expect(byRole(json, "Storage Blob Data Contributor")).toEqual([expect.objectContaining({ scope: STATE, principal_type: "ServicePrincipal" })]);
    expect(byRole(json, "Key Vault Secrets Officer")).toEqual([expect.objectContaining({ scope: VAULT, principal_type: "ServicePrincipal" })]);
  });

  test("a state container id that is not one is refused", () => {
    expectValidationError(
      () => deployerStack({ stateContainerId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-tfstate/providers/Microsoft.Storage/storageAccounts/sttfstate" }).build(),
      'test/Deployer: stateContainerId "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-tfstate/providers/Microsoft.Storage/storageAccounts/sttfstate" is not the id of a blob container: it is the id of a Microsoft.Storage/storageAccounts resource (expected /subscriptions/<subscription id>/resourceGroups/<resource group>/providers/Microsoft.Storage/storageAccounts/<storage account>/blobServices/default/containers/<container>)',
    );
  });

  test("roleAssignmentCondition needs a role", () => {
    expect(() => roleAssignmentCondition([])).toThrow("roleAssignmentCondition needs at least one role definition id");
  });
});

describe("GitHubDeployer: the stack's own role assignments against its condition", () => {
  function appStack(assignableRoles: string[]) {
    const { stack, rg } = testStack();
    const api = new ManagedIdentity(stack, "Api", { resourceGroup: rg, instance: "api" });
    const vault = new KeyVault(stack, "Vault", { resourceGroup: rg }); // its deployer grant: Key Vault Secrets Officer
    vault.grantSecretsRead(api);
    new GitHubDeployer(stack, "Deployer", { resourceGroup: rg, repository: "octo-org/augeo", environments: ["prod"], deployTo: [rg], assignableRoles });
    return stack;
  }

  test("every role the stack assigns is assignable: synth passes", () => {
    expect(() => Testing.synth(appStack(["Key Vault Secrets User", "Key Vault Secrets Officer"]), true)).not.toThrow();
  });

  test("a role the stack assigns that the condition does not allow fails the synth, naming it and where", () => {
    const stack = appStack(["Key Vault Secrets User"]);
    expect(() => Testing.synth(stack, true)).toThrow(
      'test/Deployer: the stack assigns roles this deployer may not assign (its condition allows Key Vault Secrets User (4633458b-17de-408a-b874-0445c86b69e6)), so CI\'s apply would fail with 403: test/Vault/DeployerSecretsOfficer assigns "Key Vault Secrets Officer"; add them to assignableRoles',
    );
  });

  test("rolesAssignedIn lists the stack's roles, without the deployer's own", () => {
    const stack = appStack(["Key Vault Secrets User", "Key Vault Secrets Officer"]);
    expect(GitHubDeployer.rolesAssignedIn(stack)).toEqual(["Key Vault Secrets Officer", "Key Vault Secrets User"]);
  });

  test("a deployer defined in another stack (existing groups) does not judge its own stack's assignments", () => {
    const app = Testing.app();
    const identityStack = new TerraformStack(app, "identity");
    new AzurermProvider(identityStack, "azurerm", { features: [{}] });
    const rg = ResourceGroup.fromId(identityStack, "Platform", { resourceGroupId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-platform", location: "eastus2" });
    const target = ResourceGroup.fromId(identityStack, "App", { resourceGroupId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-augeo-prod", location: "eastus2" });
    const other = new ManagedIdentity(identityStack, "Other", { resourceGroup: rg, name: "id-other" });
    grantRole(identityStack, "Reader", { scope: target.id, role: "Reader", principal: other });
    new GitHubDeployer(identityStack, "Deployer", { resourceGroup: rg, name: "id-github", repository: "octo-org/augeo", environments: ["prod"], deployTo: [target], assignableRoles: ["AcrPull"] });
    expect(() => Testing.synth(identityStack, true)).not.toThrow();
  });

  test("in a plain TerraformStack the subscription comes from the client config", () => {
    const stack = new TerraformStack(new App(), "plain");
    new AzurermProvider(stack, "azurerm", { features: [{}] });
    const rg = ResourceGroup.fromId(stack, "Rg", { resourceGroupId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-x", location: "eastus2" });
    const deployer = new GitHubDeployer(stack, "Deployer", { resourceGroup: rg, name: "id-github", repository: "octo-org/augeo", environments: ["prod"], deployTo: [rg] });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.data.azurerm_client_config).toBeDefined();
    expect(Object.values(json.output as Record<string, { value: string }>).map((o) => o.value)).toContainEqual(expect.stringMatching(/data\.azurerm_client_config\.ClientConfig\.subscription_id/));
    expect(deployer.identity).toBeInstanceOf(ManagedIdentity);
  });
});

describe("GitHubDeployer input checks", () => {
  test.each([
    ["octo-org", 'test/Deployer: repository "octo-org" is not owner/repo'],
    ["octo-org/augeo/extra", 'test/Deployer: repository "octo-org/augeo/extra" is not owner/repo'],
    ["-octo/augeo", 'test/Deployer: repository owner "-octo" is not a GitHub account name (letters, digits and single hyphens, not starting or ending with a hyphen, at most 39 characters)'],
    ["octo--org/augeo", 'test/Deployer: repository owner "octo--org" is not a GitHub account name (letters, digits and single hyphens, not starting or ending with a hyphen, at most 39 characters)'],
    [`${"a".repeat(40)}/augeo`, `test/Deployer: repository owner "${"a".repeat(40)}" is not a GitHub account name (letters, digits and single hyphens, not starting or ending with a hyphen, at most 39 characters)`],
    ["octo-org/my repo", 'test/Deployer: repository name "my repo" is not a GitHub repository name (1-100 letters, digits, periods, hyphens and underscores)'],
    ["octo-org/..", 'test/Deployer: repository name ".." is not a GitHub repository name (1-100 letters, digits, periods, hyphens and underscores)'],
    ["octo-org/*", 'test/Deployer: repository name "*" is not a GitHub repository name (1-100 letters, digits, periods, hyphens and underscores)'],
  ])("repository %s is refused", (repository, message) => {
    expectValidationError(() => deployerStack({ repository }).build(), message);
  });

  test("an Enterprise Managed Users owner (shortcode suffix) and dotted repository names are accepted", () => {
    expect(() => deployerStack({ repository: "octocat_acme/augeo.infra-v2" }).build()).not.toThrow();
  });

  test.each([
    ["release/*", 'test/Deployer: branch "release/*" contains a space, a control character or one of ~ ^ : ? * [ \\, which git does not allow in a branch name (and Entra ID compares subjects exactly: no wildcards)'],
    ["feature..x", 'test/Deployer: branch "feature..x" contains ".." or "@{", which git does not allow in a branch name (and Entra ID compares subjects exactly: no wildcards)'],
    ["main.lock", 'test/Deployer: branch "main.lock" ends with "." or ".lock", which git does not allow in a branch name (and Entra ID compares subjects exactly: no wildcards)'],
    ["-main", 'test/Deployer: branch "-main" starts with a hyphen, which git does not allow in a branch name (and Entra ID compares subjects exactly: no wildcards)'],
    ["a//b", 'test/Deployer: branch "a//b" has an empty path component, which git does not allow in a branch name (and Entra ID compares subjects exactly: no wildcards)'],
    ["my branch", 'test/Deployer: branch "my branch" contains a space, a control character or one of ~ ^ : ? * [ \\, which git does not allow in a branch name (and Entra ID compares subjects exactly: no wildcards)'],
    ["x/.hidden", 'test/Deployer: branch "x/.hidden" has a component starting with ".", which git does not allow in a branch name (and Entra ID compares subjects exactly: no wildcards)'],
  ])("branch %s is refused", (branch, message) => {
    expectValidationError(() => deployerStack({ branches: [branch] }).build(), message);
  });

  test.each(["prod*", " prod", "", "x".repeat(256)])("environment %j is refused", (environment) => {
    expectValidationError(
      () => deployerStack({ environments: [environment] }).build(),
      `test/Deployer: environment ${JSON.stringify(environment)} is not a GitHub environment name (1-255 characters, no surrounding spaces, control characters or "*": Entra ID compares subjects exactly, wildcards included)`,
    );
  });

  test("a wildcard or over-long custom subject is refused", () => {
    expectValidationError(
      () => deployerStack({ subjects: ["repo:octo-org/*:ref:refs/heads/main"] }).build(),
      'test/Deployer: subject "repo:octo-org/*:ref:refs/heads/main" is not one Entra ID matches (1-600 characters, no surrounding spaces, no "*": subjects are compared exactly)',
    );
  });

  test("more than 20 subjects are refused; 20 are accepted", () => {
    const envs = (n: number) => Array.from({ length: n }, (_, i) => `env${i}`);
    expect(() => deployerStack({ environments: envs(20) }).build()).not.toThrow();
    expectValidationError(
      () => deployerStack({ environments: envs(19), branches: ["main", "develop"] }).build(),
      "test/Deployer: 21 subjects (allowed: at most 20 federated credentials per identity); use environments, one subject each, rather than many branches, or a second deployer",
    );
  });

  test("a subject given twice is refused", () => {
    expectValidationError(
      () => deployerStack({ environments: ["prod"], subjects: ["repo:octo-org/augeo:environment:prod"] }).build(),
      'test/Deployer: subject "repo:octo-org/augeo:environment:prod" is defined twice (Entra ID allows one credential per issuer and subject)',
    );
  });

  test("no subjects, or no group to deploy, is refused", () => {
    expectValidationError(() => deployerStack({ environments: [] }).build(), "test/Deployer: no subjects: give environments, branches, pullRequests or subjects (which workflows may sign in as the deployer)");
    expectValidationError(() => deployerStack({ deployTo: [] }).build(), "test/Deployer: deployTo is empty; give the resource groups the workflows deploy into (the identity gets Contributor on each)");
  });
});
