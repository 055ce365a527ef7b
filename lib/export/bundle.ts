import { backendHcl, type ExportedBackend, splitBackend } from "./backend";
import { sha256Sums } from "./checksums";
import { applyOrder } from "./order";
import { bundleReadme, stackReadme } from "./readme";
import { type TerraformJsonConfiguration, unresolvedReferences } from "./references";

/** One synthesized stack, as `blueprints export` hands it to `exportBundle`. */
export interface ExportStackInput {
  readonly name: string;
  readonly system: string;
  readonly environment: string;
  /** Stacks this one needs applied first (cdktf's manifest). */
  readonly dependencies: readonly string[];
  /** The stack's `cdk.tf.json`, parsed. */
  readonly json: TerraformJsonConfiguration;
  /** `policy-report.json` and `policy-report.md` as synth wrote them. */
  readonly policyJson: string;
  readonly policyMarkdown: string;
  /** The stack's Mermaid diagram (`toMermaid`) and SVG (`renderSvg`). */
  readonly mermaid: string;
  readonly svg: string;
  /** Files under the stack's `assets/` folder (cdktf's copies of `TerraformAsset` files), by `/`-separated path below it. */
  readonly assets?: ReadonlyMap<string, Uint8Array>;
}

/** The files of a bundle, by `/`-separated path relative to its folder. */
export type BundleFiles = ReadonlyMap<string, Uint8Array | string>;

/** Stack names become folder names. */
const FOLDER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * The files of an ops hand-off bundle: per stack `main.tf.json` (its configuration, the backend
 * reduced to an empty block), `backend.hcl`, `README.md`, `diagram.md`, `diagram.svg`,
 * `policy-report.json`, `policy-report.md` (and `assets/`); a top-level `README.md` with the
 * apply order and `SHA256SUMS` over every other file. Pure and deterministic: the same stacks
 * give the same bytes. Throws when a stack's expressions name something it does not declare
 * (a bundle stack must be self-contained).
 */
export function exportBundle(stacks: readonly ExportStackInput[]): Map<string, Uint8Array | string> {
  const files = new Map<string, Uint8Array | string>();
  const orders = applyOrder(stacks);
  const backends = new Map<string, ExportedBackend["type"]>();
  for (const stack of stacks) {
    if (!FOLDER_NAME.test(stack.name)) throw new Error(`stack name ${JSON.stringify(stack.name)} cannot be a folder name`);
    const unresolved = unresolvedReferences(stack.json);
    if (unresolved.length) throw new Error(`${stack.name}: its configuration refers to ${unresolved.join(", ")}, which it does not declare; an exported stack must be self-contained`);
    const { config, backend } = splitBackend(stack.name, stack.json);
    backends.set(stack.name, backend.type);
    const order = orders.find((o) => o.environment === stack.environment)!;
    const dir = stack.name;
    files.set(`${dir}/main.tf.json`, `${JSON.stringify(config, null, 2)}\n`);
    files.set(`${dir}/backend.hcl`, backendHcl(backend));
    files.set(`${dir}/README.md`, stackReadme({ ...stack, config, backend, order, policy: JSON.parse(stack.policyJson) as Parameters<typeof stackReadme>[0]["policy"] }));
    files.set(`${dir}/diagram.md`, `# ${stack.name}: architecture\n\n\`\`\`mermaid\n${stack.mermaid.trimEnd()}\n\`\`\`\n`);
    files.set(`${dir}/diagram.svg`, stack.svg);
    files.set(`${dir}/policy-report.json`, stack.policyJson);
    files.set(`${dir}/policy-report.md`, stack.policyMarkdown);
    for (const [path, content] of stack.assets ?? []) files.set(`${dir}/assets/${path}`, content);
  }
  files.set("README.md", bundleReadme({ orders, backends }));
  files.set("SHA256SUMS", sha256Sums(files));
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
