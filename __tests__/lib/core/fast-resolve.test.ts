import { LinuxWebApp } from "@cdktf/provider-azurerm/lib/linux-web-app";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { ServicePlan } from "@cdktf/provider-azurerm/lib/service-plan";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { DefaultTokenResolver, Fn, Lazy, StringConcat, TerraformIterator, TerraformOutput, TerraformStack, TerraformVariable, Testing, Token, Tokenization } from "cdktf";
import { AzureStack } from "../../../lib/core/azure-stack";
import { withFastResolve } from "../../../lib/core/fast-resolve";

const PROPS = { subscriptionId: "00000000-0000-0000-0000-000000000000", location: "eastus2", workload: "billing", environment: "dev" };

/** cdktf's own resolution of `value`, and the same under `withFastResolve`. */
function both(stack: TerraformStack, value: unknown): [unknown, unknown] {
  const options = { scope: stack, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) };
  return [Tokenization.resolve(value, options), withFastResolve(() => Tokenization.resolve(value, options))];
}

describe("withFastResolve", () => {
  const stack = new TerraformStack(Testing.app(), "s");
  const rg = new ResourceGroup(stack, "rg", { name: "rg", location: "eastus2" });
  const variable = new TerraformVariable(stack, "v", { type: "list(string)" });
  const count = new TerraformVariable(stack, "n", { type: "number" });

  test.each([
    ["plain data, with undefined values and array holes dropped", { a: "x", b: 1, c: true, d: undefined, e: [1, undefined, "y"], f: { g: null, h: {} } }],
    ["a string token", { name: rg.name }],
    ["a token inside a string", { id: `prefix-${rg.id}-suffix` }],
    ["a list token", { ids: variable.listValue }],
    ["a list token element among plain strings", { ids: ["a", Token.asString(variable.listValue)] }],
    ["a number token", { n: count.numberValue }],
    ["a number token written into a string", { s: `${count.numberValue}` }],
    ["a number written with an exponent", { s: "1e5", t: "10.5e-3" }],
    ["a map token as a key's value", { tags: Token.asStringMap(Fn.merge([{ a: "b" }])) }],
    ["a lazy value", { v: Lazy.stringValue({ produce: () => "lazy" }), a: Lazy.anyValue({ produce: () => ({ deep: [rg.location] }) }) }],
    ["a Terraform function", { v: Fn.lower(rg.name), j: Fn.jsonencode({ a: rg.id, b: [1, 2] }) }],
    ["a literal ${ that is not a token", { s: "${var.x} and $${escaped} and }" }],
    ["a token as a key", { [rg.name]: "v", plain: { [`k-${rg.location}`]: 1 } }],
    ["a date", { d: new Date(0) }],
    ["a dynamic iterator", { it: TerraformIterator.fromList(variable.listValue).dynamic({ name: "x" }) }],
    ["deep nesting", JSON.parse(JSON.stringify(Array.from({ length: 150 }).reduce((inner) => ({ inner }), { leaf: "x" })))],
  ])("%s resolves exactly as cdktf resolves it", (_name, value) => {
    const [slow, fast] = both(stack, value);
    expect(fast).toEqual(slow);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
  });

  test("cdktf's errors stay cdktf's errors", () => {
    expect(() => withFastResolve(() => both(stack, { f: () => 1 }))).toThrow(/function/i);
    expect(() => both(stack, { c: stack })).toThrow();
  });

  test("cdktf's resolver is back afterwards, also after an error", () => {
    const original = Tokenization.resolve;
    expect(() => withFastResolve(() => {
      expect(Tokenization.resolve).not.toBe(original);
      throw new Error("boom");
    })).toThrow("boom");
    expect(Tokenization.resolve).toBe(original);
  });
});

describe("AzureStack.toTerraform", () => {
  test("is byte-identical to cdktf's TerraformStack.toTerraform", () => {
    const stack = new AzureStack(Testing.app(), "billing-dev", PROPS);
    const rg = new ResourceGroup(stack, "rg", { name: "rg-billing", location: stack.location, tags: { a: "b" } });
    const plan = new ServicePlan(stack, "plan", { name: "asp", resourceGroupName: rg.name, location: rg.location, osType: "Linux", skuName: "P1v3" });
    const sa = new StorageAccount(stack, "sa", { name: "stbilling", resourceGroupName: rg.name, location: rg.location, accountTier: "Standard", accountReplicationType: "ZRS" });
    const app = new LinuxWebApp(stack, "app", {
      name: "app-billing",
      resourceGroupName: rg.name,
      location: rg.location,
      servicePlanId: plan.id,
      siteConfig: { applicationStack: { nodeVersion: "22-lts" }, ipRestriction: [{ ipAddress: "203.0.113.0/24", name: "x", priority: 100 }] },
      appSettings: { STORAGE: sa.primaryBlobEndpoint, COUNT: Token.asString(plan.workerCount) },
      identity: { type: "SystemAssigned" },
    });
    app.addOverride("lifecycle.ignore_changes", ["tags"]);
    new TerraformOutput(stack, "principal", { value: app.identity.principalId });
    stack.addOverride("terraform.required_version", ">= 1.11");
    const fast = stack.toTerraform();
    const slow = TerraformStack.prototype.toTerraform.call(stack);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
    expect(fast.resource.azurerm_linux_web_app.app.app_settings.STORAGE).toBe("${azurerm_storage_account.sa.primary_blob_endpoint}");
  });
});
