import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Testing } from "cdktf";
import { ConfigError } from "../../../lib/core/errors";
import { BlueprintStack } from "../../../lib/framework/blueprint-stack";
import { environmentJsonSchema, environmentSchema } from "../../../lib/framework/environment";
import { loadEnvironment } from "../../../lib/framework/load-environment";
import { type EnvironmentInput, checkEnvironment, defineEnvironment } from "../../../lib/framework/validate";
import { SYSTEMS } from "../../../stacks/registry";
import { testEnvironment } from "../../helpers/stack";

const INPUT: EnvironmentInput = {
  tier: "dev",
  subscriptionId: "00000000-0000-0000-0000-000000000000",
  location: "westeurope",
  stateBackend: { resourceGroup: "rg-tfstate", storageAccount: "sttfstatebilling", container: "tfstate" },
  alerts: { emails: [{ name: "ops", address: "ops@example.com" }] },
};

function configError(attempt: () => unknown): string {
  try {
    attempt();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("an environment without systems", () => {
  test("a YAML file may leave out `systems:`", () => {
    const file = join(mkdtempSync(join(tmpdir(), "env-")), "dev.yaml");
    writeFileSync(file, [
      "tier: dev", "subscriptionId: 00000000-0000-0000-0000-000000000000", "location: eastus2",
      "stateBackend:", "  resourceGroup: rg-tfstate", "  storageAccount: sttfstatebilling", "  container: tfstate",
      "alerts:", "  emails:", "    - { name: ops, address: ops@example.com }", "",
    ].join("\n"));
    const env = loadEnvironment(file, []);
    expect(env.systems).toEqual({});
    expect(env.stateBackend.location).toBe("eastus2");
  });
});

describe("defineEnvironment: an environment written in code, validated like a file", () => {
  test("returns the resolved configuration, with the loader's defaults", () => {
    const env = defineEnvironment("dev", INPUT);
    expect(env).toMatchObject({ name: "dev", tier: "dev", location: "westeurope", naming: {}, tags: {}, systems: {}, deployer: { ipRanges: [] } });
    expect(env.stateBackend).toEqual({ resourceGroup: "rg-tfstate", storageAccount: "sttfstatebilling", container: "tfstate", location: "westeurope", bootstrapState: "local" });
  });

  test("a display name for a region gets the loader's message and suggestion, at its key path", () => {
    expect(configError(() => defineEnvironment("dev", { ...INPUT, location: "West Europe" }))).toBe(
      'environment "dev" (in code) location: "West Europe" is not a known Azure region; did you mean "westeurope"?',
    );
  });

  test("every problem is listed, with paths into the object", () => {
    const message = configError(() =>
      defineEnvironment("Dev", { ...INPUT, subscriptionId: "nope", alerts: { emails: [{ name: "ops", address: "ops" }] }, stateBakend: {} } as unknown as EnvironmentInput),
    );
    expect(message.split("\n")).toEqual([
      'environment "Dev" (in code) name "Dev" is not an environment name (allowed: a lowercase letter, then up to 15 lowercase letters, digits or hyphens, e.g. dev)',
      'environment "Dev" (in code) subscriptionId: "nope" is not a GUID (8-4-4-4-12 hexadecimal digits, e.g. 00000000-0000-0000-0000-000000000000)',
      'environment "Dev" (in code) alerts.emails[0].address: "ops" is not an email address',
      'environment "Dev" (in code) stateBakend: unknown key; did you mean "stateBackend"? (allowed: tier, subscriptionId, tenantId, location, secondaryLocation, naming, tags, stateBackend, alerts, network, deployer, systems)',
    ]);
  });

  test("systems are checked against the registry given, with their cross-setting checks", () => {
    expect(configError(() => defineEnvironment("dev", { ...INPUT, systems: { studoi: { enabled: true } } }, SYSTEMS))).toContain(
      'systems.studoi: unknown key; did you mean "studio"?',
    );
    expect(configError(() => defineEnvironment("dev", { ...INPUT, systems: { studio: { enabled: true } } }, SYSTEMS))).toContain(
      "deployer.ipRanges: is required but missing",
    );
    const env = defineEnvironment("dev", { ...INPUT, location: "eastus2", deployer: { ipRanges: ["198.51.100.0/24"] }, systems: { studio: { enabled: true } } }, SYSTEMS);
    expect(env.systems.studio?.enabled).toBe(true);
  });
});

describe("BlueprintStack validates a configuration assembled by hand", () => {
  test("a bad region is a ConfigError with the loader's message, not a bare Error", () => {
    expect(configError(() => new BlueprintStack(Testing.app(), "x", { environment: testEnvironment({ location: "West Europe" }), system: "demo", workload: "demo" }))).toBe(
      'environments/dev.yaml location: "West Europe" is not a known Azure region; did you mean "westeurope"?',
    );
  });

  test("a configuration from the loader or defineEnvironment is not validated twice; a valid hand-built one passes as is", () => {
    const env = defineEnvironment("dev", INPUT);
    expect(checkEnvironment(env)).toBe(env);
    const hand = testEnvironment({ systems: { billing: { enabled: true, api: { sku: "P1v3" } } } });
    expect(checkEnvironment(hand)).toBe(hand);
  });
});

describe("the JSON Schema for editors", () => {
  test("accepts sections of systems from other registries, with `enabled` required; the loader's schema stays strict", () => {
    const schema = environmentJsonSchema(SYSTEMS) as { properties: { systems: { properties: Record<string, unknown>; additionalProperties: { required: string[] } } }; required: string[] };
    expect(Object.keys(schema.properties.systems.properties)).toEqual(["dot-copilot", "studio", "augeo", "nine-vectors", "ugc-studio"]);
    expect(schema.properties.systems.additionalProperties.required).toEqual(["enabled"]);
    expect(schema.required).not.toContain("systems");
    expect(environmentSchema(SYSTEMS).safeParse({ ...INPUT, systems: { billing: { enabled: true } } }).success).toBe(false);
    expect(environmentSchema(SYSTEMS, { otherSystems: true }).safeParse({ ...INPUT, systems: { billing: { enabled: true, api: { sku: "P1v3" } } } }).success).toBe(true);
  });
});

describe("environmentSchema is built once per registry and options", () => {
  test("the same registry and options give the same schema; other options another", () => {
    expect(environmentSchema(SYSTEMS)).toBe(environmentSchema(SYSTEMS, {}));
    expect(environmentSchema(SYSTEMS, { otherSystems: true })).toBe(environmentSchema(SYSTEMS, { otherSystems: true }));
    expect(environmentSchema(SYSTEMS, { otherSystems: true })).not.toBe(environmentSchema(SYSTEMS));
  });

  test("a registry changed in place gets a schema that knows its new member", () => {
    const registry = [...SYSTEMS.filter((s) => s.id !== "studio")];
    const input = { ...INPUT, systems: { studio: { enabled: true } } };
    expect(environmentSchema(registry).safeParse(input).success).toBe(false);
    registry.push(SYSTEMS.find((s) => s.id === "studio")!);
    expect(environmentSchema(registry).safeParse(input).success).toBe(true);
  });
});
