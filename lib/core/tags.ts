import { type IAspect, TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";

/** Tag keys the library sets on every taggable resource; a profile may not redefine them. */
export const RESERVED_TAG_KEYS = ["environment", "system", "managed-by"] as const;

type Taggable = TerraformResource & { tags: Record<string, string> | undefined; readonly tagsInput?: Record<string, string> };

function isTaggable(node: IConstruct): node is Taggable {
  return TerraformResource.isTerraformResource(node) && "tagsInput" in node;
}

/**
 * Lays tag maps over each other, later ones winning. Azure compares tag names without case, so a
 * later `Environment` replaces an earlier `environment` instead of standing beside it (ARM would
 * reject the pair).
 */
export function mergeTags(...layers: readonly Readonly<Record<string, string>>[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer)) {
      const lower = key.toLowerCase();
      for (const existing of Object.keys(merged)) if (existing !== key && existing.toLowerCase() === lower) delete merged[existing];
      merged[key] = value;
    }
  }
  return merged;
}

/**
 * Adds `tags` to every resource in scope whose Azure type takes tags. Tags a construct set
 * itself are kept; the required tags win over them (whatever the case of a construct's own
 * key), so `environment`, `system` and `managed-by` are always true.
 */
export class TagsAspect implements IAspect {
  constructor(
    private readonly defaults: Readonly<Record<string, string>>,
    private readonly required: Readonly<Record<string, string>>,
  ) {}

  visit(node: IConstruct): void {
    if (!isTaggable(node)) return;
    node.tags = mergeTags(this.defaults, node.tagsInput ?? {}, this.required);
  }
}
