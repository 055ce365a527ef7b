import { Lazy, TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import { ValidationError } from "../../../lib/core/errors";
import { NAMING_RULES, Naming, type NamingProps, checkName, namingProblem } from "../../../lib/core/naming";

const SEED = "00000000-0000-0000-0000-000000000000/dot-copilot/dev";

function naming(overrides: Partial<NamingProps> = {}): Naming {
  return new Naming({ workload: "dotcopilot", environment: "dev", location: "eastus2", uniqueSeed: SEED, ...overrides });
}

describe("Naming.name", () => {
  const n = naming();
  const suffix = n.suffix;

  test("resource group: abbreviation, workload, environment and region, no suffix", () => {
    expect(n.name("resourceGroup")).toBe("rg-dotcopilot-dev-eus2");
  });

  test("storage account: compact, lowercase, with the suffix", () => {
    expect(n.name("storageAccount")).toBe(`stdotcopilotdeveus2${suffix}`);
    // 30 characters in full: the workload is cut to fit 24, the instance and suffix stay whole.
    expect(n.name("storageAccount", "Up-Loads")).toBe(`stdotcdeveus2uploads${suffix}`);
  });

  test("key vault: leaves out the region, keeps the suffix", () => {
    expect(n.name("keyVault")).toBe(`kv-dotcopilot-dev-${suffix}`);
  });

  test("web app: globally unique, so it carries the suffix after the instance", () => {
    expect(n.name("webApp")).toBe(`app-dotcopilot-dev-eus2-${suffix}`);
    expect(n.name("webApp", "api")).toBe(`app-dotcopilot-dev-eus2-api-${suffix}`);
  });

  test("user-assigned identity: the instance is appended, no suffix", () => {
    expect(n.name("userAssignedIdentity", "api")).toBe("id-dotcopilot-dev-eus2-api");
  });

  test("the prefix follows the abbreviation", () => {
    const p = naming({ prefix: "ctso", location: "westeurope" });
    expect(p.name("resourceGroup")).toBe("rg-ctso-dotcopilot-dev-weu");
    expect(p.name("storageAccount")).toBe(`stctsodotcopildevweu${p.suffix}`); // 26 in full: shortened to 24
  });

  test("a name over its kind's limit is shortened in the workload only, deterministically; with any prefix the schema allows (1-6 characters) and a one-letter instance, every globally unique kind fits", () => {
    // DOT-Copilot's vault with a 2-letter prefix in staging: 25 characters in full.
    const p = naming({ prefix: "ab", environment: "staging" });
    expect(p.name("keyVault")).toBe(`kv-ab-dotcopilo-stg-${p.suffix}`);
    expect(p.name("keyVault")).toBe(p.name("keyVault"));
    for (const prefix of ["a", "ab", "abcdef"]) {
      for (const environment of ["dev", "staging", "prod"]) {
        const q = naming({ prefix, environment });
        for (const kind of ["keyVault", "storageAccount", "containerRegistry", "webApp", "postgresFlexibleServer", "mongoCluster", "cosmosPostgresCluster"] as const) {
          expect({ kind, prefix, environment, problem: namingProblem(kind, q.name(kind, "a")) }).toEqual({ kind, prefix, environment, problem: undefined });
        }
      }
    }
  });

  test("the workload is never cut below 3 characters: a name that still does not fit is left for checkName to reject", () => {
    const p = naming({ prefix: "abcdef", environment: "staging" });
    const name = p.name("keyVault", "longinstance");
    expect(name).toBe(`kv-abcdef-dot-stg-longinstance-${p.suffix}`);
    expect(namingProblem("keyVault", name)?.reason).toBe(`is ${name.length} characters`);
  });

  test("generated names satisfy their kind's rule", () => {
    for (const kind of ["resourceGroup", "storageAccount", "keyVault", "webApp", "appServicePlan", "userAssignedIdentity", "postgresFlexibleServer"] as const) {
      expect(namingProblem(kind, n.name(kind))).toBeUndefined();
    }
  });
});

describe("Naming environment codes", () => {
  test.each([
    ["dev", "dev"],
    ["development", "dev"],
    ["test", "tst"],
    ["staging", "stg"],
    ["prod", "prd"],
    ["production", "prd"],
    ["sandbox", "sand"],
    ["qa", "qa"],
  ])("%s -> %s", (environment, code) => {
    const n = naming({ environment });
    expect(n.environmentCode).toBe(code);
    expect(n.name("resourceGroup")).toBe(`rg-dotcopilot-${code}-eus2`);
  });
});

describe("Naming suffix", () => {
  test("is 4 characters of [0-9a-z]", () => {
    for (const seed of ["a", "b", SEED, "sub/system/prod", ""]) expect(naming({ uniqueSeed: seed }).suffix).toMatch(/^[0-9a-z]{4}$/);
  });

  test("is deterministic: the same seed gives the same suffix", () => {
    expect(naming().suffix).toBe(naming().suffix);
    expect(naming().name("storageAccount")).toBe(naming().name("storageAccount"));
    // Pinned: changing the derivation would rename (replace) every globally unique resource.
    expect(naming({ uniqueSeed: "sub/dot-copilot/dev" }).suffix).toBe("uf7q");
  });

  test("different seeds give different suffixes", () => {
    expect(naming({ uniqueSeed: "sub-a/dot-copilot/dev" }).suffix).not.toBe(naming({ uniqueSeed: "sub-b/dot-copilot/dev" }).suffix);
  });

  test("does not depend on the other naming inputs", () => {
    expect(naming({ environment: "prod", location: "westus2", prefix: "ctso" }).suffix).toBe(naming().suffix);
  });
});

describe("namingProblem", () => {
  test("a too-long storage account name", () => {
    expect(namingProblem("storageAccount", `st${"a".repeat(30)}`)).toEqual({
      reason: "is 32 characters",
      rule: "Azure allows 3-24 characters, lowercase letters and digits; globally unique",
    });
  });

  test("a too-short blob container name", () => {
    expect(namingProblem("storageContainer", "ab")).toEqual({
      reason: "is 2 characters",
      rule: "Azure allows 3-63 characters, lowercase letters, digits and single hyphens, starting and ending with a letter or digit; unique within its parent resource",
    });
  });

  test("a too-long resource group name", () => {
    expect(namingProblem("resourceGroup", "r".repeat(91))?.reason).toBe("is 91 characters");
    expect(namingProblem("resourceGroup", "r".repeat(90))).toBeUndefined();
  });

  test("bad characters in a storage account name", () => {
    expect(namingProblem("storageAccount", "St-Uploads")).toEqual({
      reason: "has characters or a shape Azure rejects",
      rule: "Azure allows 3-24 characters, lowercase letters and digits; globally unique",
    });
  });

  test("a key vault name with consecutive hyphens or a leading digit", () => {
    const rule = "Azure allows 3-24 characters, letters, digits and single hyphens, starting with a letter and ending with a letter or digit; globally unique";
    expect(namingProblem("keyVault", "kv--vault")).toEqual({ reason: "has characters or a shape Azure rejects", rule });
    expect(namingProblem("keyVault", "1kv-vault")).toEqual({ reason: "has characters or a shape Azure rejects", rule });
  });

  test("a web app name starting with a hyphen", () => {
    expect(namingProblem("webApp", "-app")).toEqual({
      reason: "has characters or a shape Azure rejects",
      rule: "Azure allows 2-60 characters, letters, digits and hyphens, not starting or ending with a hyphen; globally unique",
    });
  });

  test("a resource group name ending with a period", () => {
    expect(namingProblem("resourceGroup", "rg-app.")).toEqual({
      reason: "has characters or a shape Azure rejects",
      rule: "Azure allows 1-90 characters, letters, digits, underscores, hyphens, periods and parentheses, not ending with a period; unique within its subscription",
    });
  });

  test("an uppercase PostgreSQL server name", () => {
    expect(namingProblem("postgresFlexibleServer", "PSQL-app")?.reason).toBe("has characters or a shape Azure rejects");
  });

  test("valid names pass", () => {
    expect(namingProblem("storageAccount", "stuploads01")).toBeUndefined();
    expect(namingProblem("keyVault", "kv-app-dev-x1y2")).toBeUndefined();
    expect(namingProblem("resourceGroup", "rg-app_(dev)")).toBeUndefined();
  });

  test("unresolved tokens pass: Azure checks them at apply time", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const variable = new TerraformVariable(stack, "name", { type: "string" });
    const lazy = Lazy.stringValue({ produce: () => "Not_Valid!" });
    expect(Token.isUnresolved(variable.stringValue)).toBe(true);
    expect(namingProblem("storageAccount", variable.stringValue)).toBeUndefined();
    expect(namingProblem("keyVault", lazy)).toBeUndefined();
    expect(namingProblem("storageAccount", `st${variable.stringValue}`)).toBeUndefined();
  });
});

describe("checkName", () => {
  test("returns a valid name unchanged", () => {
    expect(checkName("Stack/Storage", "storageAccount", "stuploads01")).toBe("stuploads01");
  });

  test("throws a ValidationError starting with the construct path and naming the value and the rule", () => {
    let error: unknown;
    try {
      checkName("dot-copilot-dev/Storage", "storageAccount", "St_Uploads");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const message = (error as ValidationError).message;
    expect(message.startsWith("dot-copilot-dev/Storage: ")).toBe(true);
    expect(message).toContain('"St_Uploads"');
    expect(message).toContain(NAMING_RULES.storageAccount.allowed);
    expect(message).toBe(
      'dot-copilot-dev/Storage: storage account name "St_Uploads" has characters or a shape Azure rejects; Azure allows 3-24 characters, lowercase letters and digits; globally unique',
    );
  });

  test("a too-long name reports its length", () => {
    const name = `kv-${"x".repeat(30)}`;
    expect(() => checkName("dot-copilot-dev/KeyVault", "keyVault", name)).toThrow(
      new ValidationError(
        "dot-copilot-dev/KeyVault",
        `key vault name "${name}" is 33 characters; Azure allows 3-24 characters, letters, digits and single hyphens, starting with a letter and ending with a letter or digit; globally unique`,
      ),
    );
  });

  test("passes unresolved tokens through", () => {
    const token = Token.asString(Lazy.stringValue({ produce: () => "x" }));
    expect(checkName("Stack/Vault", "keyVault", token)).toBe(token);
  });
});
