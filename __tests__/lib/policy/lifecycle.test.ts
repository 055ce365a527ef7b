import {
  LIFECYCLE,
  LIFECYCLE_WARNING_DAYS,
  type LifecycleEntry,
  daysBetween,
  findAppServiceStack,
  findCosmosPostgresVersion,
  findKubernetesVersion,
  findOpenAiModel,
  findPostgresFlexibleVersion,
  findService,
  findVmSize,
  isIsoDate,
  lifecycleVerdict,
} from "../../../lib/policy/lifecycle";

/** A made-up row for the date semantics. */
function entry(overrides: Partial<LifecycleEntry>): LifecycleEntry {
  return { id: "test", what: "Thing 1", match: { kind: "service", resourceType: "azurerm_thing" }, successor: "Thing 2", source: "https://example.com", ...overrides };
}

function defined<T>(value: T | undefined): T {
  expect(value).toBeDefined();
  return value as T;
}

describe("lifecycleVerdict", () => {
  describe("end of support", () => {
    const e = entry({ endOfSupport: "2026-04-30" });

    test("the day before is a warning, the day itself and after are errors; the fix is the successor", () => {
      expect(lifecycleVerdict(e, "2026-04-29")).toEqual({ severity: "warning", message: "Thing 1 reaches end of support on 2026-04-30, in 1 day", fix: "Thing 2" });
      expect(lifecycleVerdict(e, "2026-04-30")).toEqual({ severity: "error", message: "Thing 1 reached end of support on 2026-04-30 (retired: no longer supported)", fix: "Thing 2" });
      expect(lifecycleVerdict(e, "2026-05-01")?.severity).toBe("error");
      expect(lifecycleVerdict(e, "2031-01-01")?.severity).toBe("error");
    });

    test(`the warning starts ${LIFECYCLE_WARNING_DAYS} days before the date, not a day earlier`, () => {
      expect(LIFECYCLE_WARNING_DAYS).toBe(180);
      expect(daysBetween("2025-11-01", "2026-04-30")).toBe(180);
      expect(lifecycleVerdict(e, "2025-11-01")?.message).toBe("Thing 1 reaches end of support on 2026-04-30, in 180 days");
      expect(lifecycleVerdict(e, "2025-10-31")).toBeUndefined();
      expect(lifecycleVerdict(e, "2020-01-01")).toBeUndefined();
    });

    test("days are UTC calendar days (leap years, month ends)", () => {
      expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2);
      expect(daysBetween("2026-03-28", "2026-03-30")).toBe(2);
      expect(daysBetween("2026-12-31", "2027-01-01")).toBe(1);
    });
  });

  describe("closed to new deployments, for everyone", () => {
    const e = entry({ closedToNew: { since: "2026-01-15", asOf: "2026-11-29", who: "everyone" }, endOfSupport: "2026-12-31" });

    test("the day before is a warning; from the date on, an error that names the end of support still to come", () => {
      expect(lifecycleVerdict(e, "2026-01-14")).toEqual({ severity: "warning", message: "Thing 1 closes to new deployments on 2026-01-15, in 1 day", fix: "Thing 2" });
      expect(lifecycleVerdict(e, "2026-01-15")).toEqual({
        severity: "error",
        message: "Thing 1 is closed to new deployments since 2026-01-15 and reaches end of support on 2026-12-31, in 350 days",
        fix: "Thing 2",
      });
      expect(lifecycleVerdict(e, "2026-12-30")?.message).toBe("Thing 1 is closed to new deployments since 2026-01-15 and reaches end of support on 2026-12-31, in 1 day");
      expect(lifecycleVerdict(e, "2026-12-31")?.message).toBe("Thing 1 reached end of support on 2026-12-31 (retired: no longer supported)");
    });

    test("a statement without a date counts from the day the project read it (asOf), and says so", () => {
      const undated = entry({ closedToNew: { asOf: "2026-11-29", who: "everyone" } });
      expect(lifecycleVerdict(undated, "2026-11-28")).toBeUndefined();
      expect(lifecycleVerdict(undated, "2026-11-29")).toEqual({ severity: "error", message: "Thing 1 is closed to new deployments (as stated by Microsoft on 2026-11-29)", fix: "Thing 2" });
      expect(lifecycleVerdict(undated, "2027-06-01")?.severity).toBe("error");
    });

    test("a closure on the day of the end of support is one event", () => {
      const same = entry({ closedToNew: { since: "2026-12-11", asOf: "2026-11-29", who: "everyone" }, endOfSupport: "2026-12-11" });
      expect(lifecycleVerdict(same, "2026-11-29")?.message).toBe("Thing 1 closes to new deployments and reaches end of support on 2026-12-11, in 12 days");
    });
  });

  describe("closed to new customers", () => {
    const e = entry({ closedToNew: { since: "2026-04-01", asOf: "2026-11-29", who: "new-customers" }, endOfSupport: "2028-09-30" });

    test("a warning from the date on (existing customers can still deploy), an error from the end of support", () => {
      expect(lifecycleVerdict(e, "2026-03-31")).toEqual({ severity: "warning", message: "Thing 1 closes to new customers on 2026-04-01, in 1 day", fix: "Thing 2" });
      expect(lifecycleVerdict(e, "2026-04-01")).toEqual({
        severity: "warning",
        message: "Thing 1 is closed to new customers since 2026-04-01 (existing customers can still deploy it, new customers cannot) and reaches end of support on 2028-09-30, in 913 days",
        fix: "Thing 2",
      });
      expect(lifecycleVerdict(e, "2028-09-29")?.severity).toBe("warning");
      expect(lifecycleVerdict(e, "2028-09-30")?.severity).toBe("error");
    });

    test("two dates within the window are both named, earliest first", () => {
      const both = entry({ closedToNew: { since: "2026-09-05", asOf: "2026-11-29", who: "new-customers" }, endOfSupport: "2027-01-05" });
      expect(lifecycleVerdict(both, "2026-09-01")?.message).toBe("Thing 1 closes to new customers on 2026-09-05, in 4 days, and reaches end of support on 2027-01-05, in 126 days");
    });

    test("a row without dates gives nothing", () => {
      expect(lifecycleVerdict(entry({}), "2026-11-29")).toBeUndefined();
    });
  });

  test("dates must be real YYYY-MM-DD dates", () => {
    expect(isIsoDate("2026-02-28")).toBe(true);
    expect(isIsoDate("2028-02-29")).toBe(true);
    for (const bad of ["2026-02-29", "2026-13-01", "2026-1-1", "2026-01-01T00:00:00Z", "", undefined]) expect(isIsoDate(bad)).toBe(false);
    expect(() => lifecycleVerdict(entry({ endOfSupport: "2026-04-30" }), "2026-02-30")).toThrow('"2026-02-30" is not a date (expected YYYY-MM-DD)');
  });
});

describe("the lifecycle table", () => {
  test("ids are unique and stable-looking; every row has an https source, a successor and valid dates", () => {
    const ids = LIFECYCLE.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of LIFECYCLE) {
      expect(e.id).toMatch(/^[a-z0-9][a-z0-9.-]*$/);
      expect(e.what.trim()).not.toBe("");
      expect(e.successor.trim()).not.toBe("");
      expect(e.source).toMatch(/^https:\/\/[^\s]+$/);
      for (const date of [e.endOfSupport, e.closedToNew?.since].filter((d) => d !== undefined)) expect(isIsoDate(date)).toBe(true);
      if (e.closedToNew) expect(isIsoDate(e.closedToNew.asOf)).toBe(true);
      expect(`${e.what}`).not.toContain(";");
    }
  });

  test("no message has a ';' (rules join several verdicts with '; ')", () => {
    for (const e of LIFECYCLE) {
      for (const date of ["2020-01-01", "2026-11-29", "2035-01-01"]) expect(lifecycleVerdict(e, date)?.message ?? "").not.toContain(";");
    }
  });

  test("App Service stacks: Node 18-24 and Python 3.9-3.14 at the community end-of-life dates", () => {
    expect(defined(findAppServiceStack("node", "18-lts")).endOfSupport).toBe("2025-04-30");
    expect(defined(findAppServiceStack("node", "24-lts")).endOfSupport).toBe("2028-04-30");
    expect(defined(findAppServiceStack("python", "3.9")).endOfSupport).toBe("2025-10-31");
    expect(defined(findAppServiceStack("python", "3.14")).endOfSupport).toBe("2030-10-31");
    // Function apps write "20", web apps "20-lts", Windows function apps "~20": all Node.js 20.
    const node20 = defined(findAppServiceStack("node", "20-lts"));
    expect(findAppServiceStack("node", "20")).toBe(node20);
    expect(findAppServiceStack("node", "~20")).toBe(node20);
    expect(findAppServiceStack("node", "16-lts")).toBeUndefined();
    expect(findAppServiceStack("python", "3.1")).toBeUndefined();
    expect(lifecycleVerdict(node20, "2026-11-29")).toEqual({
      severity: "error",
      message: "Node.js 20 LTS on App Service (Linux) reached end of support on 2026-04-30 (App Service follows the community end of life: no security patches or support for it)",
      fix: 'node_version "22-lts" ("22" on function apps; azurerm 4.55 accepts up to 22-lts; 24-lts needs a newer provider)',
    });
  });

  test("PostgreSQL Flexible Server: 11-13 ended and closed; 14 ends 2026-12-11", () => {
    for (const v of ["11", "12", "13"]) {
      const e = defined(findPostgresFlexibleVersion(v));
      expect(e.endOfSupport).toBe("2026-03-31");
      expect(e.closedToNew).toEqual({ since: "2026-03-31", asOf: "2026-11-29", who: "everyone" });
    }
    expect(lifecycleVerdict(defined(findPostgresFlexibleVersion(14)), "2026-11-29")).toEqual({
      severity: "warning",
      message: "PostgreSQL 14 on Azure Database for PostgreSQL Flexible Server reaches end of support on 2026-12-11, in 12 days",
      fix: 'version "17" (standard support until 2029-11-08)',
    });
    expect(lifecycleVerdict(defined(findPostgresFlexibleVersion("16")), "2026-11-29")).toBeUndefined();
    expect(findPostgresFlexibleVersion("18")).toBeUndefined();
  });

  test("Cosmos DB for PostgreSQL: the service is closed to new deployments; sql_version 11-14 are retired", () => {
    expect(lifecycleVerdict(defined(findService("azurerm_cosmosdb_postgresql_cluster")), "2026-11-29")).toEqual({
      severity: "error",
      message: "Azure Cosmos DB for PostgreSQL is closed to new deployments (as stated by Microsoft on 2026-11-29)",
      fix: "Azure Database for PostgreSQL Flexible Server (azurerm_postgresql_flexible_server), with elastic clusters for Citus workloads",
    });
    expect(defined(findCosmosPostgresVersion("14")).endOfSupport).toBe("2026-11-12");
    expect(lifecycleVerdict(defined(findCosmosPostgresVersion(14)), "2026-11-11")?.message).toBe(
      "PostgreSQL 14 on Azure Cosmos DB for PostgreSQL closes to new deployments and reaches end of support on 2026-11-12, in 1 day",
    );
    expect(lifecycleVerdict(defined(findCosmosPostgresVersion("11")), "2026-11-29")?.severity).toBe("error");
    expect(findCosmosPostgresVersion("16")).toBeUndefined();
  });

  test("Azure Cache for Redis: closed to new customers, retiring 2028-09-30; Enterprise retires 2027-03-31", () => {
    expect(lifecycleVerdict(defined(findService("azurerm_redis_cache")), "2026-11-29")?.severity).toBe("warning");
    expect(lifecycleVerdict(defined(findService("azurerm_redis_enterprise_cluster")), "2026-11-29")).toEqual({
      severity: "warning",
      message: "Azure Cache for Redis Enterprise and Enterprise Flash reaches end of support on 2027-03-31, in 122 days",
      fix: "Azure Managed Redis (azurerm_managed_redis)",
    });
    expect(findService("azurerm_managed_redis")).toBeUndefined();
  });

  test("Kubernetes: a minor matches itself and its patches, nothing else", () => {
    const e = defined(findKubernetesVersion("1.29"));
    expect(e.endOfSupport).toBe("2025-03-31");
    expect(findKubernetesVersion("1.29.7")).toBe(e);
    for (const other of ["1.290", "1.2", "1.29.7.1", "1.38", "1.39.1", "latest"]) expect(findKubernetesVersion(other)).toBeUndefined();
    // AksCluster: 1.36 (its default) and 1.37, from the same release calendar.
    expect(defined(findKubernetesVersion("1.36")).endOfSupport).toBe("2027-06-30");
    expect(defined(findKubernetesVersion("1.37.1")).endOfSupport).toBe("2027-10-31");
    expect(defined(findKubernetesVersion("1.30.4")).endOfSupport).toBe("2025-08-22");
    expect(defined(findKubernetesVersion("1.35")).endOfSupport).toBe("2027-03-31");
    expect(lifecycleVerdict(defined(findKubernetesVersion("1.34.2")), "2026-11-29")?.message).toBe("Kubernetes 1.34 on AKS reaches end of support on 2026-11-30, in 1 day");
  });

  test("Azure OpenAI: the models of the brief, by name and version", () => {
    const required: [string, string][] = [
      ["gpt-4o", "2024-05-13"],
      ["gpt-4o", "2024-08-06"],
      ["gpt-4o", "2024-11-20"],
      ["gpt-4o-mini", "2024-07-18"],
      ["gpt-4.1", "2025-04-14"],
      ["gpt-4.1-mini", "2025-04-14"],
      ["gpt-4.1-nano", "2025-04-14"],
      ["o3", "2025-04-16"],
      ["o4-mini", "2025-04-16"],
      ["gpt-5", "2025-08-07"],
      ["gpt-5-mini", "2025-08-07"],
      ["gpt-5-nano", "2025-08-07"],
      ["gpt-5.1", "2025-11-13"],
      ["gpt-5.2", "2025-12-11"],
      ["gpt-5.4", "2026-03-05"],
      ["gpt-5.4-mini", "2026-03-17"],
      ["gpt-5.4-nano", "2026-03-17"],
      ["gpt-5.5", "2026-04-24"],
      ["text-embedding-3-small", "1"],
      ["text-embedding-3-large", "1"],
      ["text-embedding-ada-002", "2"],
    ];
    for (const [name, version] of required) expect(findOpenAiModel(name, version)?.source).toBe("https://learn.microsoft.com/azure/ai-foundry/openai/concepts/model-retirements");
    expect(findOpenAiModel("gpt-4o", "2099-01-01")).toBeUndefined();
    // Rows name a version: a deployment without one (Azure's default) is not matched.
    expect(findOpenAiModel("gpt-4o")).toBeUndefined();

    const gpt4o = defined(findOpenAiModel("gpt-4o", "2024-08-06"));
    expect(gpt4o.closedToNew).toEqual({ since: "2025-08-06", asOf: "2026-11-29", who: "new-customers" });
    expect(gpt4o.endOfSupport).toBe("2026-10-01");
    expect(gpt4o.note).toContain("2026-03-31");
    expect(lifecycleVerdict(gpt4o, "2026-11-29")).toEqual({
      severity: "error",
      message: "Azure OpenAI model gpt-4o version 2024-08-06 reached end of support on 2026-10-01 (retired: its deployments return errors)",
      fix: 'model "gpt-5.1" (Microsoft\'s replacement, itself retiring on 2027-05-15) or a newer model with a later retirement date',
    });
    expect(lifecycleVerdict(defined(findOpenAiModel("gpt-5.1", "2025-11-13")), "2026-11-29")?.message).toBe(
      "Azure OpenAI model gpt-5.1 version 2025-11-13 is closed to new customers since 2026-11-13 (existing customers can still deploy it, new customers cannot) and reaches end of support on 2027-05-15, in 167 days",
    );
    const embedding = defined(findOpenAiModel("text-embedding-3-small", "1"));
    expect(embedding.endOfSupport).toBeUndefined();
    expect(embedding.note).toContain("Will not retire before April 15, 2027");
    expect(lifecycleVerdict(embedding, "2026-11-29")).toBeUndefined();
  });
});

describe("VM size patterns", () => {
  const cases: Record<string, { match: string[]; noMatch: string[] }> = {
    "vm-ncv3": { match: ["Standard_NC6s_v3", "Standard_NC12s_v3", "Standard_NC24s_v3", "Standard_NC24rs_v3", "standard_nc6s_v3"], noMatch: ["Standard_NC6s_v2", "Standard_NC4as_T4_v3", "Standard_NC24ads_A100_v4"] },
    "vm-nc-v1": { match: ["Standard_NC6", "Standard_NC12", "Standard_NC24", "Standard_NC24r"], noMatch: ["Standard_NC6s_v3", "Standard_NC40ads_H100_v5"] },
    "vm-ncv2": { match: ["Standard_NC6s_v2", "Standard_NC24rs_v2"], noMatch: ["Standard_NC6s_v3"] },
    "vm-nd-v1": { match: ["Standard_ND6s", "Standard_ND12s", "Standard_ND24s", "Standard_ND24rs"], noMatch: ["Standard_ND40rs_v2", "Standard_ND96asr_v4", "Standard_ND96isr_H100_v5"] },
    "vm-nv-v1": { match: ["Standard_NV6", "Standard_NV12", "Standard_NV24", "Standard_NV6_Promo"], noMatch: ["Standard_NV12s_v3", "Standard_NV6ads_A10_v5", "Standard_NV4as_v4"] },
    "vm-nvv3": { match: ["Standard_NV12s_v3", "Standard_NV24s_v3", "Standard_NV48s_v3"], noMatch: ["Standard_NV12", "Standard_NV36ads_A10_v5"] },
    "vm-nvv4": { match: ["Standard_NV4as_v4", "Standard_NV32as_v4"], noMatch: ["Standard_NV12s_v3"] },
    "vm-av1": { match: ["Standard_A0", "Standard_A4", "Standard_A11", "Basic_A0", "Basic_A4"], noMatch: ["Standard_A1_v2", "Standard_A12", "Basic_A5", "Standard_A2m_v2"] },
    "vm-av2": { match: ["Standard_A1_v2", "Standard_A8_v2", "Standard_A2m_v2", "Standard_A8m_v2"], noMatch: ["Standard_A1", "Standard_D2as_v5"] },
    "vm-b-v1": {
      match: ["Standard_B1ls", "Standard_B1s", "Standard_B1ms", "Standard_B2s", "Standard_B2ms", "Standard_B4ms", "Standard_B8ms", "Standard_B12ms", "Standard_B16ms", "Standard_B20ms"],
      noMatch: ["Standard_B2s_v2", "Standard_B2as_v2", "Standard_B2als_v2", "Standard_B2ps_v2", "Standard_B2pls_v2", "Standard_B2ts_v2", "Standard_B4s", "B_Standard_B1ms"],
    },
    "vm-d-ds-v1": { match: ["Standard_D1", "Standard_D4", "Standard_D14", "Standard_DS1", "Standard_DS14"], noMatch: ["Standard_D2_v2", "Standard_D2s_v3", "Standard_DC2s"] },
    "vm-dv2-dsv2": {
      match: ["Standard_D1_v2", "Standard_D5_v2", "Standard_D15_v2", "Standard_DS1_v2", "Standard_DS15_v2", "Standard_DS13-4_v2", "Standard_DS11-1_v2", "Standard_D2_v2_Promo", "Standard_DS3_v2_Promo"],
      noMatch: ["Standard_D2_v3", "Standard_D2s_v3", "Standard_D4_v4", "Standard_D4s_v4", "Standard_D2as_v4", "Standard_D2s_v5", "Standard_D2ds_v5", "Standard_D2as_v6", "Standard_DC2s_v2", "Standard_D2s_v6"],
    },
    "vm-f-fs": { match: ["Standard_F1", "Standard_F16", "Standard_F1s", "Standard_F16s"], noMatch: ["Standard_F2s_v2", "Standard_F2as_v6", "Standard_FX4mds"] },
    "vm-fsv2": { match: ["Standard_F2s_v2", "Standard_F72s_v2"], noMatch: ["Standard_F2s", "Standard_F2als_v6", "Standard_F2ams_v6"] },
    "vm-g-gs": { match: ["Standard_G1", "Standard_G5", "Standard_GS1", "Standard_GS4-8", "Standard_GS5-16"], noMatch: ["Standard_NG8ads_V620_v1"] },
    "vm-m192-v2": { match: ["Standard_M192is_v2", "Standard_M192ims_v2", "Standard_M192ids_v2", "Standard_M192idms_v2"], noMatch: ["Standard_M208s_v2", "Standard_M192is_v3", "Standard_M128s"] },
    "vm-ls": { match: ["Standard_L4s", "Standard_L8s", "Standard_L16s", "Standard_L32s"], noMatch: ["Standard_L8s_v2", "Standard_L8s_v3", "Standard_L8as_v3"] },
    "vm-lsv2": { match: ["Standard_L8s_v2", "Standard_L80s_v2"], noMatch: ["Standard_L8s_v3", "Standard_L8as_v3", "Standard_L8s"] },
  };

  test.each(Object.entries(cases))("%s matches its sizes and no others", (id, { match, noMatch }) => {
    for (const size of match) expect(findVmSize(size)?.id).toBe(id);
    for (const size of noMatch) expect(findVmSize(size)?.id).not.toBe(id);
  });

  test("every VM row is tested, patterns are stateless, and no size matches two rows", () => {
    const vmRows = LIFECYCLE.filter((e) => e.match.kind === "vm-size");
    expect(vmRows.map((e) => e.id).sort()).toEqual(Object.keys(cases).sort());
    const all = Object.values(cases).flatMap((c) => [...c.match, ...c.noMatch]);
    for (const e of vmRows) if (e.match.kind === "vm-size") expect(e.match.sizes.flags).toBe("i");
    for (const size of all) expect(vmRows.filter((e) => e.match.kind === "vm-size" && e.match.sizes.test(size)).length).toBeLessThanOrEqual(1);
  });

  test("current sizes have no row", () => {
    for (const size of ["Standard_D2s_v5", "Standard_D4ads_v5", "Standard_E4s_v5", "Standard_B2s_v2", "Standard_D2as_v6", "Standard_NC24ads_A100_v4", "Standard_F4as_v6"]) {
      expect(findVmSize(size)).toBeUndefined();
    }
  });

  test("dates of the VM rows", () => {
    expect(defined(findVmSize("Standard_NC6s_v3")).endOfSupport).toBe("2025-09-30");
    expect(defined(findVmSize("Standard_NC6")).endOfSupport).toBe("2023-08-31");
    expect(defined(findVmSize("Standard_NV6")).endOfSupport).toBe("2023-09-06");
    expect(defined(findVmSize("Standard_NV12s_v3")).endOfSupport).toBe("2026-09-30");
    expect(defined(findVmSize("Standard_A1")).note).toContain("Medium confidence");
    expect(defined(findVmSize("Standard_B1ms")).endOfSupport).toBe("2028-11-15");
    expect(defined(findVmSize("Standard_A2_v2")).endOfSupport).toBe("2028-11-15");
    expect(defined(findVmSize("Standard_DS2_v2")).endOfSupport).toBe("2028-05-01");
    expect(defined(findVmSize("Standard_L8s")).endOfSupport).toBe("2028-05-01");
    expect(defined(findVmSize("Standard_L8s_v2")).endOfSupport).toBe("2028-11-15");
    expect(defined(findVmSize("Standard_F8s")).endOfSupport).toBe("2028-11-15");
  });
});
