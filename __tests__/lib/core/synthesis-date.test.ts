import { TerraformStack, Testing } from "cdktf";
import { AksCluster } from "../../../lib/compute/aks-cluster";
import { ValidationError } from "../../../lib/core/errors";
import { SYNTHESIS_DATE_CONTEXT, synthesisDate, todayUtc } from "../../../lib/core/synthesis-date";
import { ResourceGroup } from "../../../lib/core/resource-group";
import { BlueprintStack } from "../../../lib/framework/blueprint-stack";
import { testEnvironment, testSubnet } from "../../helpers/stack";

describe("synthesisDate", () => {
  test("is the app's context value when set", () => {
    const stack = new TerraformStack(Testing.app({ context: { [SYNTHESIS_DATE_CONTEXT]: "2027-07-01" } }), "s");
    expect(synthesisDate(stack)).toBe("2027-07-01");
  });

  test("is today (UTC) without one", () => {
    expect(synthesisDate(new TerraformStack(Testing.app(), "s"))).toBe(todayUtc());
    expect(todayUtc()).toBe(new Date().toISOString().slice(0, 10));
  });

  test.each(["2027-02-30", "31/12/2027", "tomorrow"])("refuses %s, which is not a YYYY-MM-DD date", (value) => {
    const stack = new TerraformStack(Testing.app({ context: { [SYNTHESIS_DATE_CONTEXT]: value } }), "s");
    expect(() => synthesisDate(stack)).toThrow(ValidationError);
    expect(() => synthesisDate(stack)).toThrow(`context ${SYNTHESIS_DATE_CONTEXT} ${JSON.stringify(value)} is not a date (allowed: YYYY-MM-DD)`);
  });
});

describe("AksCluster judges its Kubernetes version at the app's synthesis date", () => {
  function cluster(date: string | undefined) {
    const app = Testing.app(date ? { context: { [SYNTHESIS_DATE_CONTEXT]: date } } : {});
    const environment = testEnvironment();
    const stack = new BlueprintStack(app, "test", { environment, system: "demo", workload: "demo" });
    const rg = new ResourceGroup(stack, "ResourceGroup", { location: environment.location });
    const subnet = testSubnet({ stack, rg }, "snet-aks", "10.0.0.0/22");
    return () => new AksCluster(stack, "Aks", { resourceGroup: rg, subnet, kubernetesVersion: "1.36" });
  }

  test("1.36 is accepted on 2027-06-29, the day before its AKS end of life", () => {
    expect(cluster("2027-06-29")).not.toThrow();
  });

  test("1.36 is refused on 2027-06-30, its AKS end of life", () => {
    expect(cluster("2027-06-30")).toThrow("kubernetesVersion \"1.36\": Kubernetes 1.36 on AKS reached end of life on 2027-06-30");
  });
});
