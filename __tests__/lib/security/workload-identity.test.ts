import { TerraformStack, Testing } from "cdktf";
import type { IResourceGroup } from "../../../lib/core/interfaces";
import { StorageAccount } from "../../../lib/data/storage-account";
import { WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION, WORKLOAD_IDENTITY_MAX_FEDERATIONS, WorkloadIdentity } from "../../../lib/security/workload-identity";
import { expectValidationError, onlyResource, resourcesOf, synthJson, testStack } from "../../helpers/stack";

const ISSUER = "https://eastus2.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000000/11111111-1111-1111-1111-111111111111/";

describe("WorkloadIdentity", () => {
  test("a user-assigned identity and a federated credential for one service account", () => {
    const { stack, rg } = testStack();
    const wi = new WorkloadIdentity(stack, "Render", { resourceGroup: rg, instance: "render", oidcIssuerUrl: ISSUER, namespace: "render", serviceAccount: "render-worker" });
    const json = synthJson(stack);
    expect(onlyResource(json, "azurerm_user_assigned_identity")).toMatchObject({ name: "id-demo-dev-eus2-render", location: "eastus2" });
    expect(onlyResource(json, "azurerm_federated_identity_credential")).toEqual({
      name: "k8s-render-render-worker",
      resource_group_name: expect.stringMatching(/^\$\{azurerm_resource_group\.ResourceGroup_[A-F0-9]+\.name\}$/),
      parent_id: expect.stringMatching(/^\$\{azurerm_user_assigned_identity\.Render_Identity_[A-F0-9]+\.id\}$/),
      issuer: ISSUER,
      audience: ["api://AzureADTokenExchange"],
      subject: "system:serviceaccount:render:render-worker",
    });
    expect(wi.serviceAccountAnnotations).toEqual({ [WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION]: wi.clientId });
    expect(WORKLOAD_IDENTITY_CLIENT_ID_ANNOTATION).toBe("azure.workload.identity/client-id");
  });

  test("existing grants take it as a principal", () => {
    const { stack, rg } = testStack();
    const wi = new WorkloadIdentity(stack, "Render", { resourceGroup: rg, instance: "render", oidcIssuerUrl: ISSUER, namespace: "render", serviceAccount: "render-worker" });
    const storage = new StorageAccount(stack, "Storage", { resourceGroup: rg });
    storage.grantBlobDataContributor(wi);
    const grant = Object.values(resourcesOf(synthJson(stack), "azurerm_role_assignment")).find((a) => a.role_definition_name === "Storage Blob Data Contributor");
    expect(grant).toMatchObject({ principal_type: "ServicePrincipal", principal_id: expect.stringMatching(/Render_Identity_[A-F0-9]+\.principal_id\}$/) });
  });

  test("a plain TerraformStack with an explicit name", () => {
    const stack = new TerraformStack(Testing.app(), "plain");
    const rg: IResourceGroup = { name: "rg-plain", location: "westeurope", id: "/subscriptions/0/resourceGroups/rg-plain" };
    new WorkloadIdentity(stack, "Wi", { resourceGroup: rg, name: "id-content", oidcIssuerUrl: ISSUER, namespace: "content", serviceAccount: "api" });
    expect(onlyResource(synthJson(stack), "azurerm_user_assigned_identity")).toMatchObject({ name: "id-content", location: "westeurope", resource_group_name: "rg-plain" });
  });

  test("addFederation: the same service account trusted on a second cluster, one credential write at a time", () => {
    const { stack, rg } = testStack();
    const wi = new WorkloadIdentity(stack, "Render", { resourceGroup: rg, instance: "render", oidcIssuerUrl: ISSUER, namespace: "render", serviceAccount: "render-worker" });
    const standby = "https://centralus.oic.prod-aks.azure.com/0/2/";
    wi.addFederation("Standby", standby);
    wi.addFederation("blue", "https://eastus2.oic.prod-aks.azure.com/0/3/");
    const credentials = Object.values(resourcesOf(synthJson(stack), "azurerm_federated_identity_credential"));
    expect(credentials.map((c) => [c.name, c.issuer, c.subject]).sort()).toEqual([
      ["k8s-render-render-worker", ISSUER, "system:serviceaccount:render:render-worker"],
      ["k8s-render-render-worker-blue", "https://eastus2.oic.prod-aks.azure.com/0/3/", "system:serviceaccount:render:render-worker"],
      ["k8s-render-render-worker-standby", standby, "system:serviceaccount:render:render-worker"],
    ]);
    expect(credentials.find((c) => c.name === "k8s-render-render-worker-blue")?.depends_on).toEqual([expect.stringMatching(/Render_Credential_[A-F0-9]+$/), expect.stringMatching(/Render_Credential-Standby_[A-F0-9]+$/)]);
    expectValidationError(() => wi.addFederation("Standby", standby), 'test/Render: addFederation("Standby") is called twice; give each cluster its own id');
    for (let i = 3; i < WORKLOAD_IDENTITY_MAX_FEDERATIONS; i++) wi.addFederation(`c${i}`, standby);
    expectValidationError(() => wi.addFederation("one-more", standby), 'test/Render: addFederation("one-more") would give the identity more than 20 federated credentials (Entra ID\'s limit per identity)');
  });

  test("namespace and service account names are Kubernetes names", () => {
    const { stack, rg } = testStack();
    expectValidationError(
      () => new WorkloadIdentity(stack, "A", { resourceGroup: rg, instance: "a", oidcIssuerUrl: ISSUER, namespace: "Render", serviceAccount: "w" }),
      'test/A: namespace "Render" is not a Kubernetes namespace name; allowed: 1-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit',
    );
    expectValidationError(
      () => new WorkloadIdentity(stack, "B", { resourceGroup: rg, instance: "b", oidcIssuerUrl: ISSUER, namespace: "render", serviceAccount: "worker_1" }),
      'test/B: serviceAccount "worker_1" is not a Kubernetes service account name; allowed: 1-253 lowercase letters, digits, hyphens and periods, starting and ending with a letter or digit',
    );
  });
});
