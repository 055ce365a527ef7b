import { AZURERM_BACKEND_KEYS, applyOrder, backendHcl, hclValue, interpolations, parseSha256Sums, sha256Sums, splitBackend, traversals, unresolvedReferences } from "../../../lib/export";

describe("references", () => {
  test("interpolations: nested braces and quoted strings; $${ is a literal", () => {
    expect(interpolations('a ${jsonencode({"k" = "}", v = azurerm_x.a.id})} b $${not} ${var.y}')).toEqual(['jsonencode({"k" = "}", v = azurerm_x.a.id})', "var.y"]);
  });

  test("traversals: without string literals, function names and for variables", () => {
    expect(traversals('element(azurerm_x.a.ips, 0) == "azurerm_y.b" ? data.azurerm_c.d.id : [for s in var.list : s.id][0]')).toEqual(["azurerm_x.a.ips", "data.azurerm_c.d.id", "var.list"]);
  });

  test("unresolvedReferences: what the configuration names and does not declare", () => {
    const json = {
      resource: { azurerm_resource_group: { Rg: {} }, azurerm_x: { X: { a: "${azurerm_resource_group.Rg.name}", b: "${azurerm_storage_account.Other.id}", c: ["${data.azurerm_client_config.C.tenant_id}"] } } },
      data: { azurerm_client_config: { C: {} } },
      output: { o: { value: "${var.missing} ${local.l} ${each.key} ${module.m.out} ${path.module}" } },
      locals: { l: 1 },
    };
    expect(unresolvedReferences(json)).toEqual(["azurerm_storage_account.Other", "module.m", "var.missing"]);
  });
});

describe("backend", () => {
  test("azurerm: the settings move to backend.hcl, an empty block stays", () => {
    const { config, backend } = splitBackend("s", { terraform: { backend: { azurerm: { key: "a/b.tfstate", use_azuread_auth: true, container_name: "tfstate" } }, required_version: ">= 1.5" } });
    expect(config.terraform).toEqual({ backend: { azurerm: {} }, required_version: ">= 1.5" });
    expect(backendHcl(backend)).toBe(
      '# Backend settings for `terraform init -backend-config=backend.hcl` (Terraform\'s azurerm backend).\ncontainer_name   = "tfstate"\nkey              = "a/b.tfstate"\nuse_azuread_auth = true\n',
    );
  });

  test("local: the state file in the stack's folder, never the original path", () => {
    const { config, backend } = splitBackend("state-dev", { terraform: { backend: { local: { path: "/abs/../x.tfstate" } } } });
    expect(config.terraform).toEqual({ backend: { local: {} } });
    expect(backend.settings).toEqual({ path: "terraform.tfstate" });
  });

  test("refused: a setting the azurerm backend does not document, another backend type, none", () => {
    expect(() => splitBackend("s", { terraform: { backend: { azurerm: { storage_acount_name: "x" } } } })).toThrow(/^s: backend setting storage_acount_name is not one of the azurerm backend's documented settings/);
    expect(() => splitBackend("s", { terraform: { backend: { s3: {} } } })).toThrow("s: the stack's backend is s3; export handles one azurerm or local backend");
    expect(() => splitBackend("s", {})).toThrow("s: the stack's backend is missing");
    expect(AZURERM_BACKEND_KEYS).toContain("use_azuread_auth");
  });

  test("HCL strings: quotes, backslashes and template sequences escaped", () => {
    expect(hclValue('a"b\\c${d}%{e}')).toBe('"a\\"b\\\\c$${d}%%{e}"');
    expect(hclValue(false)).toBe("false");
  });
});

describe("applyOrder", () => {
  const s = (name: string, system: string, environment: string, dependencies: string[] = []) => ({ name, system, environment, dependencies });

  test("per environment: the state stack first, then dependencies before their dependents, else the given order", () => {
    expect(applyOrder([s("a-dev", "a", "dev", ["b-dev"]), s("b-dev", "b", "dev"), s("state-dev", "state", "dev"), s("a-prod", "a", "prod"), s("state-prod", "state", "prod")])).toEqual([
      { environment: "dev", stacks: ["state-dev", "b-dev", "a-dev"] },
      { environment: "prod", stacks: ["state-prod", "a-prod"] },
    ]);
  });

  test("a cycle is refused", () => {
    expect(() => applyOrder([s("a", "a", "dev", ["b"]), s("b", "b", "dev", ["a"])])).toThrow("stack dependency cycle through a");
  });
});

test("SHA256SUMS: sha256sum's format, in path order, parsed back", () => {
  const text = sha256Sums(new Map([["b/x", "x"], ["a", ""]]));
  expect(text).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  a\n2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881  b/x\n");
  expect([...parseSha256Sums(text)]).toEqual([["a", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"], ["b/x", "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"]]);
});
