import type { PolicyRule, ResourceView } from "../rule";
import { get, isReference, read, references, referencesAttribute } from "../util";

/*
 * Federated identity credentials (workload identity federation): Entra ID compares a token's
 * issuer, subject and audience with the credential's exactly; wildcards are not supported in any
 * of them ("Important considerations and restrictions for federated identity credentials"), so a
 * `*` never matches and the sign-in fails without an error at apply time. GitHub Actions issues
 * the `pull_request` subject to workflows of any pull request's branch, so an identity that trusts
 * it and can change resources lets unreviewed code deploy.
 */

const FIC = "azurerm_federated_identity_credential";
const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
const EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

/** Roles that can change resources or access: a pull request workflow holding one can deploy or grant. */
const WRITE_ROLES: Readonly<Record<string, string>> = {
  Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
  "User Access Administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
  "Role Based Access Control Administrator": "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
};

function literal(resource: ResourceView, path: readonly string[]): string | undefined {
  const v = read(resource, path);
  return !v.reference && typeof v.value === "string" ? v.value : undefined;
}

/** The write role a role assignment grants, by name or definition id, or undefined. */
function writeRole(assignment: ResourceView): string | undefined {
  const name = literal(assignment, ["role_definition_name"]);
  if (name !== undefined && WRITE_ROLES[name]) return name;
  const id = literal(assignment, ["role_definition_id"])?.split("/").pop()?.toLowerCase();
  return id === undefined ? undefined : Object.keys(WRITE_ROLES).find((k) => WRITE_ROLES[k] === id);
}

export const FEDERATED_CREDENTIAL_RULES: readonly PolicyRule[] = [
  {
    id: "AZ-FIC-001",
    severity: "error",
    category: "deployability",
    description:
      "A federated identity credential's issuer, subject and audience are values Entra ID can match: no wildcard or surrounding spaces (Entra ID compares them exactly, so the sign-in fails), and the audience api://AzureADTokenExchange that azure/login and the Azure SDKs request (another audience is a warning).",
    fix: "Write one credential per exact subject (repo:<owner>/<repo>:environment:<name>, ...:ref:refs/heads/<branch>, ...:pull_request; GitHubDeployer does), at most 20 per identity, with audience [\"api://AzureADTokenExchange\"].",
    resourceTypes: [FIC],
    checkov: [],
    check(resource) {
      for (const attribute of ["issuer", "subject"]) {
        const value = literal(resource, [attribute]);
        if (value === undefined) continue;
        if (value.includes("*")) return `${attribute} ${JSON.stringify(value)} contains "*", which Entra ID compares literally: no token ever matches`;
        if (value !== value.trim() || value === "") return `${attribute} ${JSON.stringify(value)} is empty or has surrounding spaces: no token matches`;
      }
      const audience = get(resource, "audience");
      if (Array.isArray(audience) && audience.length === 1 && typeof audience[0] === "string" && !isReference(audience[0]) && audience[0] !== EXCHANGE_AUDIENCE) {
        return { severity: "warning", message: `audience ${JSON.stringify(audience)} is not ["${EXCHANGE_AUDIENCE}"], the audience azure/login and the Azure SDKs request: sign-in works only for workflows that ask for this one` };
      }
      return undefined;
    },
  },
  {
    id: "AZ-FIC-002",
    severity: "warning",
    category: "security",
    description:
      "An identity that GitHub pull request workflows can sign in as (subject repo:<owner>/<repo>:pull_request) holds no role that changes resources or access (Owner, Contributor, User Access Administrator, Role Based Access Control Administrator) in the stack: code from any pull request's branch would run with it.",
    fix: "Give pull request workflows (plans) a second identity with read roles only (Reader, Storage Blob Data Reader on the state) and keep deploying identities to environment or protected-branch subjects (GitHubDeployer: pullRequests false).",
    resourceTypes: [FIC],
    checkov: [],
    check(resource, context) {
      const issuer = literal(resource, ["issuer"]);
      const subject = literal(resource, ["subject"]);
      if (issuer !== GITHUB_ISSUER || subject === undefined || !subject.endsWith(":pull_request")) return undefined;
      const identity = context.resources.find((r) => r.type === "azurerm_user_assigned_identity" && references(resource.config.parent_id, r));
      if (!identity) return undefined;
      const grants = context.resources
        .filter((r) => r.type === "azurerm_role_assignment" && referencesAttribute(r.config.principal_id, identity, "principal_id"))
        .map((r) => ({ r, role: writeRole(r) }))
        .filter((g): g is { r: ResourceView; role: string } => g.role !== undefined);
      if (grants.length === 0) return undefined;
      const roles = [...new Set(grants.map((g) => g.role))].join(", ");
      return `subject ${JSON.stringify(subject)} lets any pull request's workflow sign in as ${identity.path}, which holds ${roles} (${grants.map((g) => g.r.path).join(", ")})`;
    },
  },
];
