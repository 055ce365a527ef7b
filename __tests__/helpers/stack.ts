import { TerraformOutput, type TerraformStack, Testing } from "cdktf";
import { BlueprintStack, type BlueprintStackProps } from "../../lib/framework/blueprint-stack";
import type { EnvironmentConfig } from "../../lib/framework/environment-config";
import { ValidationError } from "../../lib/core/errors";
import { ResourceGroup } from "../../lib/core/resource-group";
import type { ISubnet } from "../../lib/network/interfaces";
import { PrivateDnsZones } from "../../lib/network/private-dns-zones";

/** A hand-made `dev` environment, as the profile loader would return it. */
export function testEnvironment(overrides: Partial<EnvironmentConfig> = {}): EnvironmentConfig {
  return {
    name: "dev",
    file: "environments/dev.yaml",
    tier: "dev",
    subscriptionId: "00000000-0000-0000-0000-000000000000",
    location: "eastus2",
    naming: {},
    tags: { owner: "team" },
    stateBackend: { resourceGroup: "rg-tfstate-dev-eus2", storageAccount: "sttfstatedeveus2", container: "tfstate", location: "eastus2", bootstrapState: "local" },
    alerts: { emails: [{ name: "ops", address: "ops@example.com" }] },
    network: { allowedIpRanges: [] },
    deployer: { ipRanges: [] },
    systems: {},
    ...overrides,
  };
}

export interface TestStackOptions {
  /** Fields of the environment to replace (e.g. `{ location: "westus" }` for zone checks). */
  readonly environment?: Partial<EnvironmentConfig>;
  /** @default "demo" */
  readonly system?: string;
  /** @default "demo" */
  readonly workload?: string;
  /** @default "remote" */
  readonly state?: BlueprintStackProps["state"];
  /** @default - `<system>/<env>.tfstate` */
  readonly stateKey?: string;
  /** @default "test" */
  readonly id?: string;
}

export interface TestStack {
  readonly stack: BlueprintStack;
  readonly rg: ResourceGroup;
  readonly environment: EnvironmentConfig;
}

/** A BlueprintStack on `Testing.app()` with a ResourceGroup in the environment's location. */
export function testStack(options: TestStackOptions = {}): TestStack {
  const environment = testEnvironment(options.environment);
  const stack = new BlueprintStack(Testing.app(), options.id ?? "test", {
    environment,
    system: options.system ?? "demo",
    workload: options.workload ?? "demo",
    state: options.state,
    stateKey: options.stateKey,
  });
  const rg = new ResourceGroup(stack, "ResourceGroup", { location: environment.location });
  return { stack, rg, environment };
}

/** The synthesized Terraform JSON of `stack`, parsed. */
export interface TerraformJson {
  readonly terraform: { readonly backend?: Record<string, Record<string, unknown>>; readonly required_providers?: Record<string, unknown> };
  readonly provider?: Record<string, Array<Record<string, unknown>>>;
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { readonly value: unknown }>;
}

export function synthJson(stack: TerraformStack): TerraformJson {
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

/** All resources of `type`, by their logical id. */
export function resourcesOf(json: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource[type] ?? {};
}

/** The single resource of `type`; fails the test when there is not exactly one. */
export function onlyResource(json: TerraformJson, type: string): Record<string, unknown> {
  const all = Object.values(resourcesOf(json, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/** The logical id of the single resource of `type`, for building `${type.id.attr}` references. */
export function onlyResourceId(json: TerraformJson, type: string): string {
  const ids = Object.keys(resourcesOf(json, type));
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0];
}

/** How `value` (a string with tokens) renders in the synthesized JSON, via a throwaway output. */
export function rendered(stack: TerraformStack, value: string): unknown {
  const id = `Rendered${stack.node.children.length}`;
  new TerraformOutput(stack, id, { value });
  return synthJson(stack).output?.[id]?.value;
}

/**
 * A hand-made subnet of a hand-made VNet (id `/subscriptions/0/vnet`) with the stack's private
 * DNS zones (one `Dns` construct per stack, created on first use), for private endpoint tests.
 */
export function testSubnet({ stack, rg }: Pick<TestStack, "stack" | "rg">, name = "snet-endpoints", addressPrefix = "10.0.2.0/24"): ISubnet {
  const privateDnsZones =
    (stack.node.tryFindChild("Dns") as PrivateDnsZones | undefined) ??
    new PrivateDnsZones(stack, "Dns", { resourceGroup: rg, virtualNetworkId: "/subscriptions/0/vnet", virtualNetworkName: "vnet-test" });
  return {
    id: `/subscriptions/0/vnet/subnets/${name}`,
    name,
    addressPrefix,
    virtualNetwork: { id: "/subscriptions/0/vnet", name: "vnet-test", resourceGroupName: rg.name, privateDnsZones },
  };
}

/** Runs `attempt` once and checks it throws a ValidationError with exactly `message`. */
export function expectValidationError(attempt: () => unknown, message: string): void {
  let error: unknown;
  try {
    attempt();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as Error).message).toBe(message);
}
