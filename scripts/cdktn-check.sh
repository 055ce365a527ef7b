#!/usr/bin/env bash
# Builds, type-checks and synthesizes the library and every system against CDK Terrain (cdktn),
# the community continuation of CDKTF, and compares the Terraform JSON and the policy reports with
# the cdktf build. The project itself stays on cdktf; see the README section "CDK Terrain (cdktn)".
#
#   scripts/cdktn-check.sh [--date YYYY-MM-DD] [--jest] [--out DIR]
#
#   --date  judge the lifecycle rules as of this date (default: today, UTC), for both builds
#   --jest  also run the test suite on cdktn (snapshots are rewritten in the copy and the changed
#           lines reported: they pin the provider versions)
#   --out   keep the logs, both synth outputs, the differences and the summary in DIR
#
# Works on a copy of the working tree (tracked and untracked, not ignored files) in a temporary
# folder: the repository's package.json, lockfile, node_modules and dist are never touched. The
# cdktf baseline uses the repository's node_modules (run `npm install` first); without them the
# comparison is skipped. Exit status: 0 when install, build, type check, synth and check (and jest
# with --jest) pass on cdktn; 1 otherwise; 2 on bad usage. Differences in the JSON are reported,
# not failed: the provider versions differ by design.
set -uo pipefail

# The versions under test. @cdktn/provider-azurerm 16.1.0 (azurerm 4.73.0) is the newest 16.x and
# peers cdktn ^0.23.0; the registry has no cdktn 0.23, so an override gives it 0.24.0. There is no
# @cdktn/provider-tls on npm: @cdktf/provider-tls stays and reaches cdktn through the cdktf shim.
CDKTN_VERSION="${CDKTN_VERSION:-0.24.0}"
CDKTN_AZURERM_VERSION="${CDKTN_AZURERM_VERSION:-16.1.0}"
CDKTN_RANDOM_VERSION="${CDKTN_RANDOM_VERSION:-15.0.1}"
CDKTN_CONSTRUCTS_VERSION="${CDKTN_CONSTRUCTS_VERSION:-10.7.2}" # cdktn 0.24 peers constructs >=10.6.0 <10.8.0

date_arg="$(date -u +%F)"
run_jest=0
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    --date | --out)
      [ $# -ge 2 ] || { echo "cdktn-check: $1 needs a value (see --help)" >&2; exit 2; }
      if [ "$1" = --date ]; then date_arg="$2"; else out="$2"; fi
      shift 2 ;;
    --jest) run_jest=1; shift ;;
    -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "cdktn-check: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
if ! [[ "$date_arg" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]]; then
  echo "cdktn-check: --date \"$date_arg\" is not YYYY-MM-DD" >&2
  exit 2
fi

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/cdktn-check.XXXXXX")"
src="$work/src"
logs="$work/logs"
mkdir -p "$src" "$logs"
summary="$work/summary.txt"
: >"$summary"
status=0

# shellcheck disable=SC2317 # called by the EXIT trap
finish() {
  if [ -n "$out" ]; then
    mkdir -p "$out"
    cp -r "$logs" "$summary" "$out"/
    for f in cdktf.out-cdktf cdktf.out-cdktn json-diff.txt check-cdktf.json check-cdktn.json snapshot-diff.txt; do
      [ -e "$work/$f" ] && cp -r "$work/$f" "$out"/
    done
  fi
  rm -rf "$work"
}
trap finish EXIT

say() { echo "$*" | tee -a "$summary"; }

# run NAME CMD...: runs CMD in the copy with its output in logs/NAME.log; on failure prints the
# log's tail. Returns CMD's status.
run() {
  local name="$1"; shift
  local start=$SECONDS rc
  (cd "$src" && "$@") >"$logs/$name.log" 2>&1
  rc=$?
  if [ $rc -ne 0 ]; then
    echo "---- $name failed (exit $rc), last lines of its log:" >&2
    tail -n 40 "$logs/$name.log" >&2
    echo "----" >&2
  fi
  echo "  ($name: $((SECONDS - start)) s)" >&2
  return $rc
}

echo "cdktn check: copying the working tree to $src" >&2
(cd "$root" && git ls-files -co --exclude-standard -z |
  while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
  tar --null -T - -cf -) | tar -xf - -C "$src" || { echo "cdktn-check: could not copy the working tree (is $root a git checkout?)" >&2; exit 1; }

# ---- 1. the cdktf baseline, with the repository's own node_modules (read only)
baseline="missing" # missing | failed | ok
if [ -f "$root/node_modules/cdktf/package.json" ]; then
  ln -s "$root/node_modules" "$src/node_modules"
  if run baseline-build npm run --silent build &&
    run baseline-synth node dist/bin/blueprints.js synth --out "$work/cdktf.out-cdktf" --date "$date_arg"; then
    baseline="ok"
    run baseline-check node dist/bin/blueprints.js check --date "$date_arg" --format json --output "$work/check-cdktf.json" || true
  else
    baseline="failed"
    echo "cdktn-check: the cdktf baseline failed (see above); the comparison is skipped" >&2
  fi
  rm -f "$src/node_modules"
  rm -rf "$src/dist"
else
  echo "cdktn-check: $root/node_modules has no cdktf (run npm install first); the comparison with cdktf is skipped" >&2
fi

# ---- 2. the swap: the source keeps importing "cdktf" and "@cdktf/provider-*"; in the copy those
# names resolve to cdktn. "cdktf" becomes a local package whose lib/ is a link to cdktn's lib/, so
# both names load the same files (one construct/token runtime; Node and tsc follow the link to its
# real path). The providers are npm aliases; the overrides make their peers resolve to that copy.
mkdir -p "$src/.cdktn-shim/cdktf"
ln -s ../../node_modules/cdktn/lib "$src/.cdktn-shim/cdktf/lib"
cat >"$src/.cdktn-shim/cdktf/package.json" <<EOF
{ "name": "cdktf", "version": "$CDKTN_VERSION", "description": "cdktf resolved to cdktn: lib/ links to node_modules/cdktn/lib", "main": "lib/index.js", "types": "lib/index.d.ts" }
EOF
(cd "$src" && node - "$CDKTN_VERSION" "$CDKTN_AZURERM_VERSION" "$CDKTN_RANDOM_VERSION" "$CDKTN_CONSTRUCTS_VERSION") <<'EOF' || exit 1
const fs = require("node:fs");
const [cdktn, azurerm, random, constructs] = process.argv.slice(2);
const p = JSON.parse(fs.readFileSync("package.json", "utf8"));
const d = p.devDependencies;
delete d["cdktf-cli"]; // only for `npx cdktf`; it pins cdktf 0.21 and is not needed to build
delete p.peerDependencies; // what consumers install; not used to build
Object.assign(d, {
  cdktn,
  cdktf: "file:.cdktn-shim/cdktf",
  "@cdktf/provider-azurerm": `npm:@cdktn/provider-azurerm@${azurerm}`,
  "@cdktf/provider-random": `npm:@cdktn/provider-random@${random}`,
  constructs,
});
// @cdktn/provider-azurerm peers cdktn ^0.23.0; @cdktf/provider-tls peers cdktf ^0.21.0.
p.overrides = { cdktn: "$cdktn", cdktf: "$cdktf" };
fs.writeFileSync("package.json", `${JSON.stringify(p, null, 2)}\n`);
EOF

# Each step: "" (not run), 0 (failed) or 1 (passed).
install_ok=0 one_copy="npm install failed, see logs/install.log" build_ok="" types_ok="" synth_ok="" check_ok="" jest_result="not run (--jest)"
# The lockfile stays: npm keeps every other package at its locked version and resolves only the swap.
if run install npm install --no-audit --no-fund; then
  install_ok=1
  # Exactly one cdktn, one constructs, and "cdktf" resolving to the same files, from every consumer.
  if one_copy="$(cd "$src" && node - <<'EOF'
const fs = require("node:fs");
const path = require("node:path");
const found = { cdktf: [], cdktn: [], constructs: [] };
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.name.startsWith("@")) { walk(p); continue; }
    if (e.name in found) found[e.name].push(p);
    const nested = path.join(p, "node_modules");
    if (fs.existsSync(nested) && fs.lstatSync(nested).isDirectory()) walk(nested);
  }
})("node_modules");
const real = (p) => fs.realpathSync(p);
const cdktnLib = real("node_modules/cdktn/lib/index.js");
const problems = [];
for (const [name, dirs] of Object.entries(found)) if (dirs.length !== 1) problems.push(`${dirs.length} copies of ${name}: ${dirs.join(", ")}`);
for (const from of [".", "node_modules/@cdktf/provider-azurerm", "node_modules/@cdktf/provider-random", "node_modules/@cdktf/provider-tls"]) {
  for (const name of ["cdktf", "cdktn"]) {
    let r; try { r = real(require.resolve(name, { paths: [path.resolve(from)] })); } catch { continue; }
    if (r !== cdktnLib) problems.push(`${name} from ${from} resolves to ${r}, not ${cdktnLib}`);
  }
}
if (problems.length) { console.log(problems.join("; ")); process.exit(1); }
console.log("one cdktn, one constructs; cdktf resolves to cdktn's files");
EOF
)"; then :; else install_ok=0; fi
  (cd "$src" && npm ls cdktf cdktn constructs --all) >"$logs/npm-ls.log" 2>&1
fi

if [ $install_ok -eq 1 ]; then
  run build npm run --silent build && build_ok=1 || build_ok=0
  run typecheck npm run --silent typecheck && types_ok=1 || types_ok=0
  if [ "$build_ok" = 1 ]; then
    run synth node dist/bin/blueprints.js synth --out "$work/cdktf.out-cdktn" --date "$date_arg" && synth_ok=1 || synth_ok=0
    run check node dist/bin/blueprints.js check --date "$date_arg" && check_ok=1 || check_ok=0
    run check-json node dist/bin/blueprints.js check --date "$date_arg" --format json --output "$work/check-cdktn.json" || true
  fi
  if [ $run_jest -eq 1 ]; then
    # -u: the stack snapshots pin the cdktf provider versions; the changed lines are reported below.
    if run jest npx jest --ci -u; then jest_result="ok"; else jest_result="FAILED"; fi
    jest_result="$jest_result: $(grep -E '^(Tests|Snapshots):' "$logs/jest.log" | tail -n 2 | sed 's/^Tests: *//; s/^Snapshots: */snapshots /' | paste -sd ';' - | sed 's/;/; /')"
    diff -r "$root/__tests__" "$src/__tests__" | grep -E '^[<>] ' | sort | uniq -c | sort -rn >"$work/snapshot-diff.txt" || true
  fi
fi

# ---- 3. the summary
# shellcheck disable=SC2016 # JavaScript template literals, not shell expansions
versions="$(cd "$src" && node -e '
const v = (p) => { try { const j = require(`${p}/package.json`); const m = j.cdktn || j.cdktf; return `${j.name} ${j.version}${m && m.provider ? ` (${m.provider.name.split("/").pop()} ${m.provider.version})` : ""}`; } catch { return `${p} missing`; } };
console.log(["cdktn", "@cdktf/provider-azurerm", "@cdktf/provider-random", "@cdktf/provider-tls", "constructs"].map(v).join(", "));
' 2>/dev/null || echo "not installed")"
engines="$(grep -A1 'EBADENGINE   package' "$logs/install.log" 2>/dev/null | sed -n "s/.*package: '\(.*\)',/\1/p; s/.*required: { node: '\(.*\)' },/(node \1)/p" | paste -sd ' ' - | sed 's/) /), /g')"
ok() { case "$1" in 1) echo "ok${2:+: $2}" ;; 0) echo "FAILED${3:+: $3}" ;; *) echo "not run" ;; esac; }
stacks_line() { sed -n 's/^\([0-9]* stacks\{0,1\} synthesized\) in .*/\1/p; s/^\([0-9]* stacks\{0,1\} pass.*\)/\1/p' "$1" 2>/dev/null | tail -n 1; }

say ""
say "CDK Terrain (cdktn) check, lifecycle date $date_arg, node $(node --version)"
if [ "$install_ok" = 1 ]; then
  say "  versions   $versions"
else
  say "  versions   asked for: cdktn $CDKTN_VERSION, @cdktn/provider-azurerm $CDKTN_AZURERM_VERSION, @cdktn/provider-random $CDKTN_RANDOM_VERSION, constructs $CDKTN_CONSTRUCTS_VERSION"
fi
[ -n "$engines" ] && say "  engines    npm warned: $engines"
say "  install    $(ok "$install_ok" "$one_copy" "$one_copy")"
say "  build      $(ok "$build_ok")"
say "  typecheck  $(ok "$types_ok" "" "$(grep -c 'error TS' "$logs/typecheck.log" 2>/dev/null) error(s), see logs/typecheck.log")"
say "  synth      $(ok "$synth_ok" "$(stacks_line "$logs/synth.log")")"
say "  check      $(ok "$check_ok" "$(stacks_line "$logs/check.log")")"
say "  jest       $jest_result"
[ -s "$work/snapshot-diff.txt" ] && say "             snapshot lines rewritten (count, < cdktf, > cdktn):"
[ -s "$work/snapshot-diff.txt" ] && sed 's/^ */               /' "$work/snapshot-diff.txt" | head -n 20 | tee -a "$summary"

if [ "$baseline" = ok ] && [ "$synth_ok" = 1 ]; then
  # The Terraform JSON of every stack, parsed (formatting aside), cdktf against cdktn.
  node - "$work/cdktf.out-cdktf" "$work/cdktf.out-cdktn" >"$work/json-diff.txt" <<'EOF'
const fs = require("node:fs");
const path = require("node:path");
const [a, b] = process.argv.slice(2);
const stacks = (d) => fs.readdirSync(path.join(d, "stacks")).sort();
const diffs = new Map();
const add = (key, stack) => (diffs.get(key) ?? diffs.set(key, []).get(key)).push(stack);
function walk(x, y, at, stack) {
  if (JSON.stringify(x) === JSON.stringify(y)) return;
  if (x && y && typeof x === "object" && typeof y === "object" && Array.isArray(x) === Array.isArray(y)) {
    for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) walk(x[k], y[k], [...at, k], stack);
  } else add(`${at.join(".")}: ${JSON.stringify(x) ?? "(absent)"} -> ${JSON.stringify(y) ?? "(absent)"}`, stack);
}
const sa = stacks(a), sb = stacks(b);
for (const s of new Set([...sa, ...sb])) {
  if (!sa.includes(s) || !sb.includes(s)) { add(`stack only in ${sa.includes(s) ? "cdktf" : "cdktn"}`, s); continue; }
  const read = (d) => JSON.parse(fs.readFileSync(path.join(d, "stacks", s, "cdk.tf.json"), "utf8"));
  walk(read(a), read(b), [], s);
}
console.log(`${sb.length} stacks compared, ${diffs.size} distinct difference(s)`);
for (const [k, s] of diffs) console.log(`${k}  [${s.length === sb.length ? "every stack" : s.join(", ")}]`);
EOF
  say "  vs cdktf   $(head -n 1 "$work/json-diff.txt") in the Terraform JSON (parsed; formatting aside):"
  tail -n +2 "$work/json-diff.txt" | sed 's/^/               /' | tee -a "$summary"
  if [ -s "$work/check-cdktf.json" ] && [ -s "$work/check-cdktn.json" ]; then
    if cmp -s "$work/check-cdktf.json" "$work/check-cdktn.json"; then
      say "  policy     reports identical to cdktf's"
    else
      say "  policy     reports DIFFER from cdktf's (keep them with --out and diff check-cdktf.json check-cdktn.json)"
    fi
  fi
elif [ "$baseline" = missing ]; then
  say "  vs cdktf   skipped: the repository has no node_modules with cdktf (npm install there first)"
elif [ "$baseline" = failed ]; then
  say "  vs cdktf   skipped: the cdktf build or synth failed as well (logs/baseline-*.log), so a failure here is not cdktn's"
fi

for s in "$install_ok" "$build_ok" "$types_ok" "$synth_ok" "$check_ok"; do [ "$s" = 1 ] || status=1; done
[ "${jest_result%%:*}" = "FAILED" ] && status=1
if [ $status -eq 0 ]; then say "result: PASS (the library and every system build and synthesize on cdktn $CDKTN_VERSION)"; else say "result: FAIL"; fi

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  { echo '### CDK Terrain (cdktn) check'; echo '```'; cat "$summary"; echo '```'; } >>"$GITHUB_STEP_SUMMARY"
fi
exit $status
