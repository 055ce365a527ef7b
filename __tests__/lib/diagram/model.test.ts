import { type Diagram, EDGE_KINDS, FOLD_RULES, type TerraformJsonDocument, buildDiagram, toDot, toMermaid } from "../../../lib/diagram";
import { synthAll } from "../../helpers/synth-all";
import { shippedDiagrams } from "./shipped";

const node = (d: Diagram, address: string) => d.nodes.find((n) => n.address === address);
const placedIn = (d: Diagram, address: string) => d.placement[address];

describe("every managed resource is in exactly one place", () => {
  test.each(synthAll().map((s) => [s.name, s] as const))("%s: a node, a group, or folded into one by rule", (_name, stack) => {
    const d = buildDiagram(stack.name, stack.json as TerraformJsonDocument);
    const addresses = Object.entries(stack.json.resource).flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`));
    expect(Object.keys(d.placement).sort()).toEqual(addresses.sort());
    const nodeIds = new Set(d.nodes.map((n) => n.id));
    const groupIds = new Set(d.groups.map((g) => g.id));
    const foldedInto = new Map<string, number>();
    for (const address of addresses) {
      const p = d.placement[address];
      if (p.as === "node") expect(d.nodes.filter((n) => n.address === address).map((n) => n.id)).toEqual([p.id]);
      else if (p.as === "group") expect(d.groups.filter((g) => g.address === address).map((g) => g.id)).toEqual([p.id]);
      else {
        // Folded: by a rule of its type, into a node or group that lists it, once.
        expect(FOLD_RULES[address.split(".")[0]]).toBeDefined();
        expect(nodeIds.has(p.id) || groupIds.has(p.id)).toBe(true);
        const holder = [...d.nodes, ...d.groups].filter((x) => x.folded.some((f) => f.address === address));
        expect(holder.map((h) => h.id)).toEqual([p.id]);
        foldedInto.set(address, 1);
      }
    }
    // Nothing is listed as folded that is not placed so.
    const listed = [...d.nodes, ...d.groups].flatMap((x) => x.folded.map((f) => f.address));
    expect(listed.sort()).toEqual([...foldedInto.keys()].sort());
    // Every edge joins two nodes of the diagram.
    for (const e of d.edges) expect([nodeIds.has(e.from), nodeIds.has(e.to)]).toEqual([true, true]);
  });
});

describe("edges on the shipped stacks", () => {
  const all = () => shippedDiagrams();
  const edges = (kind: string) => all().flatMap((d) => d.edges.filter((e) => e.kind === kind).map((e) => ({ d, e })));

  test("each relation kind appears", () => {
    for (const kind of EDGE_KINDS) expect(edges(kind).length).toBeGreaterThan(0);
  });

  test("private endpoint → its target", () => {
    const d = all().find((x) => x.stack === "studio-prod")!;
    const pe = node(d, "azurerm_private_endpoint.KeyVault_PrivateEndpoint-kv_10CBE24D")!;
    const vault = node(d, "azurerm_key_vault.KeyVault_EBBC7C6F")!;
    expect(d.edges).toContainEqual({ from: pe.id, to: vault.id, kind: "private-endpoint", labels: ["vault"] });
    expect(d.groups.find((g) => g.id === pe.group)).toMatchObject({ kind: "subnet", name: "snet-endpoints" });
  });

  test("role assignments: principal → scope, the identity folded into the one app that uses it", () => {
    const d = all().find((x) => x.stack === "studio-prod")!;
    const web = node(d, "azurerm_linux_web_app.Apps_App-web_App_E51A3897")!;
    const vault = node(d, "azurerm_key_vault.KeyVault_EBBC7C6F")!;
    expect(placedIn(d, "azurerm_user_assigned_identity.FrontendIdentity_190D05D1")).toEqual({ as: "folded", id: web.id });
    expect(d.edges).toContainEqual({ from: web.id, to: vault.id, kind: "role", labels: ["Key Vault Secrets User"] });
    expect(placedIn(d, "azurerm_role_assignment.KeyVault_FrontendSecretsUser_275F0CA6")).toEqual({ as: "folded", id: vault.id });
    // The app sits in the subnet its VNet integration puts it in.
    expect(d.groups.find((g) => g.id === web.group)).toMatchObject({ kind: "subnet", name: "snet-app" });
  });

  test("app settings that reference another resource (a Key Vault secret reference lands on its vault)", () => {
    const d = all().find((x) => x.stack === "studio-prod")!;
    const web = node(d, "azurerm_linux_web_app.Apps_App-web_App_E51A3897")!;
    const vault = node(d, "azurerm_key_vault.KeyVault_EBBC7C6F")!;
    expect(d.edges).toContainEqual({ from: web.id, to: vault.id, kind: "setting", labels: ["SESSION_SECRET"] });
    expect(placedIn(d, "azurerm_key_vault_secret.KeyVault_SessionSecret_E5E7956A")).toEqual({ as: "folded", id: vault.id });
  });

  test("Front Door → its origins (a literal host name resolves to the resource of that name), API Management → its backend", () => {
    const d = all().find((x) => x.stack === "nine-vectors-prod")!;
    const fd = node(d, "azurerm_cdn_frontdoor_profile.Edge_Profile_114C273D")!;
    const apim = node(d, "azurerm_api_management.Gateway_43CB3636")!;
    const api = node(d, "azurerm_linux_web_app.Api_App_5DBDDCF8")!;
    expect(d.edges).toContainEqual({ from: fd.id, to: apim.id, kind: "origin", labels: ["api"] });
    expect(d.edges.filter((e) => e.from === fd.id && e.kind === "origin")).toHaveLength(2);
    expect(d.edges).toContainEqual({ from: apim.id, to: api.id, kind: "backend", labels: ["/api/v1"] });
    expect(placedIn(d, "azurerm_cdn_frontdoor_origin.Edge_OriginGroup-api-api-management_85D90303")).toEqual({ as: "folded", id: fd.id });
    expect(placedIn(d, "azurerm_api_management_api.Gateway_Core_3B270A50")).toEqual({ as: "folded", id: apim.id });
  });

  test("diagnostic settings: one collapsed edge per resource group and workspace, not one per resource", () => {
    let [settingCount, edgeCount] = [0, 0];
    for (const d of all()) {
      const settings = Object.keys(d.placement).filter((a) => a.startsWith("azurerm_monitor_diagnostic_setting."));
      const diag = d.edges.filter((e) => e.kind === "diagnostics");
      if (settings.length === 0) {
        expect(diag).toEqual([]);
        continue;
      }
      const hubs = d.nodes.filter((n) => n.kind === "diagnostics");
      expect(diag).toHaveLength(hubs.length);
      expect(new Set(hubs.map((h) => h.group)).size).toBe(hubs.length); // one per resource group
      expect(hubs.length).toBeLessThanOrEqual(settings.length);
      for (const e of diag) expect(d.nodes.find((n) => n.id === e.to)!.service).toBe("Log Analytics workspace");
      settingCount += settings.length;
      edgeCount += diag.length;
    }
    expect(edgeCount).toBeLessThan(settingCount / 4);
  });
});

describe("labels and folding rules", () => {
  const tiny = (resource: Record<string, Record<string, unknown>>): TerraformJsonDocument => ({ resource });

  test("Azure service names, not Terraform types; an unknown type is a node with a generic label, never dropped", () => {
    const d = buildDiagram("t", tiny({
      azurerm_resource_group: { rg: { name: "rg-t" } },
      azurerm_managed_redis: { r: { name: "redis-t", resource_group_name: "${azurerm_resource_group.rg.name}" } },
      azurerm_redis_cache: { c: { name: "cache-t", resource_group_name: "${azurerm_resource_group.rg.name}" } },
      azurerm_shiny_new_thing: { s: { name: "shiny", resource_group_name: "${azurerm_resource_group.rg.name}" } },
    }));
    expect(d.nodes.map((n) => [n.service, n.name])).toEqual([
      ["Azure Cache for Redis", "cache-t"],
      ["Azure Managed Redis", "redis-t"],
      ["Shiny new thing", "shiny"],
    ]);
    expect(d.nodes.every((n) => n.group === "rg_rg")).toBe(true);
  });

  test("a fold target outside the stack leaves the resource a node of its own", () => {
    const d = buildDiagram("t", tiny({ azurerm_key_vault_secret: { s: { name: "orphan", key_vault_id: "/subscriptions/x/resourceGroups/y/providers/Microsoft.KeyVault/vaults/z" } } }));
    expect(d.placement["azurerm_key_vault_secret.s"].as).toBe("node");
    expect(d.nodes[0].service).toBe("Key vault secret");
  });

  test("a role assignment whose principal is a data source draws that principal as an existing node", () => {
    const d = buildDiagram("t", {
      resource: {
        azurerm_key_vault: { kv: { name: "kv-t" } },
        azurerm_role_assignment: { ra: { principal_id: "${data.azurerm_user_assigned_identity.ops.principal_id}", scope: "${azurerm_key_vault.kv.id}", role_definition_name: "Key Vault Reader" } },
      },
      data: { azurerm_user_assigned_identity: { ops: { name: "id-ops" } } },
    });
    expect(d.nodes.map((n) => [n.kind, n.service, n.name])).toEqual([
      ["resource", "Key Vault", "kv-t"],
      ["existing", "Managed identity", "id-ops"],
    ]);
    expect(d.edges).toEqual([{ from: "x_user_assigned_identity_ops", to: "n_kv", kind: "role", labels: ["Key Vault Reader"] }]);
  });
});

describe("deterministic output", () => {
  test("the same stack twice, and with its JSON keys in another order, gives byte-identical Mermaid and DOT", () => {
    const s = synthAll().find((x) => x.name === "nine-vectors-prod")!;
    const reversed = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reversed) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;
    const a = buildDiagram(s.name, s.json as TerraformJsonDocument);
    const b = buildDiagram(s.name, JSON.parse(s.text) as TerraformJsonDocument);
    const c = buildDiagram(s.name, reversed(s.json) as TerraformJsonDocument);
    expect(toMermaid(b)).toBe(toMermaid(a));
    expect(toMermaid(c)).toBe(toMermaid(a));
    expect(toDot(c)).toBe(toDot(a));
  });
});
