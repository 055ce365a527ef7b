import type { Finding } from "../policy/engine";
import { code } from "../review/markdown";
import type { AddressChange, ResourceChange, ResourceRef, StackDiff, SynthDiff } from "./diff";
import { forceNewRow, rowSource } from "./force-new";

/** `1 resource`, `2 resources`. */
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

/** The one-line verdict of a stack, plain text. */
export function stackVerdict(s: StackDiff): string {
  if (s.status === "added") return "new stack";
  if (s.status === "removed") return "stack removed (its deployed resources are not destroyed by synth; run terraform destroy first if they should go)";
  const parts = [
    s.replaced.length ? `${s.replaced.length} to replace` : "",
    s.moved.length ? `${s.moved.length} address ${s.moved.length === 1 ? "change" : "changes"}` : "",
    s.removed.length ? `${s.removed.length} to destroy` : "",
    s.changed.length ? `${s.changed.length} to change` : "",
    s.added.length ? `${s.added.length} to create` : "",
  ].filter(Boolean);
  const risk = s.statefulRisks.length ? `${plural(s.statefulRisks.length, "stateful resource")} at risk; ` : "";
  return parts.length ? `${risk}${parts.join(", ")}` : "no resource changes";
}

function replacementNote(c: ResourceChange): string {
  if (c.replacement === "unknown") return "replacement behaviour not in the table";
  if (c.replacement === "replace") return `forced by ${[...new Set(c.attributes.map((a) => a.forcesReplacement).filter(Boolean))].join(", ")}`;
  const conditions = forceNewRow(c.type)?.conditions;
  return conditions ? `in place, unless this is one of the changes the docs say also force a new resource: ${conditions}` : "in place";
}

function docOf(type: string): string {
  const row = forceNewRow(type);
  return row ? rowSource(row) : "";
}

const policyLine = (f: Finding) => `${f.ruleId} (${f.severity}) ${f.path}: ${f.message}`;

/** The diff as terminal text: per stack, replacement risk first, then destroys, changes, creates and the policy delta. */
export function renderDiffText(diff: SynthDiff): string {
  const lines: string[] = [];
  const changed = diff.stacks.filter((s) => s.status !== "unchanged");
  const width = Math.max(5, ...diff.stacks.map((s) => s.stack.length));
  lines.push(`${"STACK".padEnd(width)}  CHANGE`);
  for (const s of diff.stacks) lines.push(`${s.stack.padEnd(width)}  ${stackVerdict(s)}`);
  if (diff.statefulRisks.length) lines.push("", `REPLACEMENT RISK: ${plural(diff.statefulRisks.length, "stateful resource")} would be replaced or destroyed`, ...diff.statefulRisks.map((r) => `  ${r}`));
  for (const s of changed) {
    if (s.status === "added" || s.status === "removed") continue;
    lines.push("", `== ${s.stack}`);
    for (const c of s.replaced) {
      lines.push(`  ! replace ${c.address}${c.stateful ? ` [stateful: ${c.stateful}]` : ""}: ${replacementNote(c)} (${docOf(c.type)})`);
      for (const a of c.attributes) lines.push(`      ${a.path}: ${a.before} -> ${a.after}${a.forcesReplacement ? "  (forces replacement)" : ""}`);
    }
    for (const m of s.moved) {
      lines.push(`  ! address change ${m.from} -> ${m.to}${m.stateful ? ` [stateful: ${m.stateful}]` : ""}: destroy and create unless moved; keep it with`);
      lines.push(...m.movedBlock.split("\n").map((l) => `      ${l}`));
      lines.push(`      or in cdktf, on ${m.toConstructPath ?? m.to}: ${m.cdktf}`);
    }
    for (const r of s.removed) lines.push(`  - destroy ${r.address}${r.stateful ? ` [stateful: ${r.stateful}]` : ""}`);
    for (const c of s.changed) {
      lines.push(`  ~ change ${c.address}: ${replacementNote(c)}`);
      for (const a of c.attributes) lines.push(`      ${a.path}: ${a.before} -> ${a.after}`);
    }
    for (const r of s.added) lines.push(`  + create ${r.address}`);
    if (s.policy.added.length || s.policy.resolved.length) {
      lines.push(`  policy: ${s.policy.added.length} new, ${s.policy.resolved.length} resolved`);
      for (const f of s.policy.added) lines.push(`    new ${policyLine(f)}`);
      for (const f of s.policy.resolved) lines.push(`    resolved ${policyLine(f)}`);
    }
    if (s.costDelta) lines.push(`  cost: ${s.costDelta.monthlyBefore.toFixed(2)} -> ${s.costDelta.monthlyAfter.toFixed(2)} ${s.costDelta.currency} per month`);
  }
  if (diff.typesNotInTable.length) lines.push("", `replacement behaviour not in the table for: ${diff.typesNotInTable.join(", ")} (check the azurerm docs before applying)`);
  return `${lines.join("\n")}\n`;
}

function refLine(r: ResourceRef): string {
  return `- ${r.stateful ? "⚠️ " : ""}${code(r.address)}${r.stateful ? ` — **stateful: ${r.stateful}**` : ""}${r.constructPath ? ` (${code(r.constructPath)})` : ""}`;
}

function attributeTable(c: ResourceChange): string[] {
  return [
    "| attribute | before | after |", "| --- | --- | --- |",
    ...c.attributes.map((a) => `| ${code(a.path)}${a.forcesReplacement ? " **forces replacement**" : ""} | ${code(a.before)} | ${code(a.after)} |`),
  ];
}

function movedLines(m: AddressChange): string[] {
  return [
    `- ${m.stateful ? "⚠️ " : ""}${code(m.from)} → ${code(m.to)}${m.stateful ? ` — **stateful: ${m.stateful}**` : ""}: a destroy-and-create unless moved. Keep it with`,
    "",
    "  ```hcl",
    ...m.movedBlock.split("\n").map((l) => `  ${l}`),
    "  ```",
    "",
    `  or in cdktf, on ${code(m.toConstructPath ?? m.to)}: ${code(m.cdktf)}`,
  ];
}

/** The diff as GitHub-flavoured Markdown, replacement risk first. */
export function renderDiffMarkdown(diff: SynthDiff, title = "Synth diff"): string {
  const lines = [`## ${title}`, "", "| stack | change |", "| --- | --- |", ...diff.stacks.map((s) => `| ${s.stack} | ${stackVerdict(s)} |`), ""];
  if (diff.statefulRisks.length) {
    lines.push("> [!CAUTION]", `> ${plural(diff.statefulRisks.length, "stateful resource")} would be replaced or destroyed:`, ...diff.statefulRisks.map((r) => `> - ${r.replace(/[<>|]/g, (c) => `\\${c}`)}`), "");
  }
  for (const s of diff.stacks.filter((x) => x.status === "changed")) {
    lines.push(`### ${s.stack}`, "");
    if (s.replaced.length || s.moved.length) {
      lines.push(`**Replacement risk** (${s.replaced.length + s.moved.length})`, "");
      for (const c of s.replaced) lines.push(`- ${c.stateful ? "⚠️ " : ""}${code(c.address)} — replace: ${replacementNote(c)}${c.stateful ? `; **stateful: ${c.stateful}**` : ""} (source: ${code(docOf(c.type))})`);
      for (const m of s.moved) lines.push(...movedLines(m));
      lines.push("");
    }
    if (s.removed.length) lines.push(`**Destroy** (${s.removed.length})`, "", ...s.removed.map(refLine), "");
    if (s.changed.length) lines.push(`**Change** (${s.changed.length})`, "", ...s.changed.map((c) => `- ${code(c.address)} — ${replacementNote(c)}`), "");
    if (s.added.length) lines.push(`**Create** (${s.added.length})`, "", ...s.added.map(refLine), "");
    const withAttributes = [...s.replaced, ...s.changed];
    if (withAttributes.length) {
      lines.push(`<details><summary>Attribute changes of ${plural(withAttributes.length, "resource")}</summary>`, "");
      for (const c of withAttributes) lines.push(code(c.address), "", ...attributeTable(c), "");
      lines.push("</details>", "");
    }
    if (s.policy.added.length || s.policy.resolved.length) {
      lines.push(`**Policy**: ${s.policy.added.length} new, ${s.policy.resolved.length} resolved`, "");
      lines.push(...s.policy.added.map((f) => `- ${f.severity === "error" ? "🔴" : "🟡"} new ${code(f.ruleId)} ${code(f.path)}: ${f.message.replace(/[<>|]/g, (c) => `\\${c}`)}`));
      lines.push(...s.policy.resolved.map((f) => `- ✅ resolved ${code(f.ruleId)} ${code(f.path)}`), "");
    }
    if (s.costDelta) lines.push(`**Cost**: ${s.costDelta.monthlyBefore.toFixed(2)} → ${s.costDelta.monthlyAfter.toFixed(2)} ${s.costDelta.currency} per month`, "");
  }
  if (diff.typesNotInTable.length) lines.push(`Replacement behaviour not in the table for ${diff.typesNotInTable.map((t) => code(t)).join(", ")}: check the azurerm documentation before applying.`, "");
  return `${lines.join("\n").trimEnd()}\n`;
}
