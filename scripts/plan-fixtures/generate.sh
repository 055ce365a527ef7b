#!/usr/bin/env bash
# Regenerates the real Terraform plan fixtures in __tests__/fixtures/plans/ (terraform-data-*.json)
# that the plan-review tests (`blueprints plan-summary`, lib/review) read.
#
#   scripts/plan-fixtures/generate.sh
#
# Offline, no credentials, no providers: the configurations use only Terraform's built-in
# `terraform_data` resource, in a temporary folder with local state. For each fixture it writes
# a configuration, applies a base (`terraform apply -auto-approve`) where the fixture needs one,
# changes the configuration, runs `terraform plan -out` and `terraform show -json` and copies the
# JSON (pretty-printed by Node, otherwise exactly as Terraform wrote it) into the fixtures folder:
#
#   terraform-data-changes.json     one plan that creates, updates (an `input` change, part of it
#                                   sensitive), replaces (`triggers_replace`: replace_paths; and
#                                   `replace_triggered_by`: action_reason replace_by_triggers),
#                                   deletes, and leaves one resource unchanged (no-op)
#   terraform-data-first-apply.json the first plan of a new stack: creates only, unknown ids
#   terraform-data-no-changes.json  a plan right after apply: every resource a no-op
#
# The resource ids are random UUIDs and the plan carries a timestamp, so every run changes those;
# the tests read only what a rerun keeps. Needs terraform (>= 1.4, for terraform_data) and node.
# Exit status: 0 when all fixtures were written; 1 when terraform failed; 2 on bad usage.
set -euo pipefail

case "${1:-}" in
  "") ;;
  -h | --help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "generate.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
esac

here="$(cd "$(dirname "$0")" && pwd)"
out="$(cd "$here/../.." && pwd)/__tests__/fixtures/plans"
command -v terraform >/dev/null || { echo "generate.sh: terraform is not on the PATH" >&2; exit 1; }
command -v node >/dev/null || { echo "generate.sh: node is not on the PATH" >&2; exit 1; }
mkdir -p "$out"

work="$(mktemp -d "${TMPDIR:-/tmp}/blueprints-plan-fixtures.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
export TF_DATA_DIR="$work/.terraform"
: >"$work/terraformrc"
export TF_CLI_CONFIG_FILE="$work/terraformrc" # no user settings (plugin cache, mirrors) and no warning

tf() { terraform -chdir="$work/config" "$@" >>"$work/terraform.log" 2>&1 || { cat "$work/terraform.log" >&2; exit 1; }; }

# `terraform show -json` of the plan in $work/config, pretty-printed, to $out/$1.
show() {
  tf plan -out="$work/tfplan"
  terraform -chdir="$work/config" show -json "$work/tfplan" >"$work/plan.json"
  node -e 'const fs = require("fs"); fs.writeFileSync(process.argv[2], JSON.stringify(JSON.parse(fs.readFileSync(process.argv[1], "utf8")), null, 2) + "\n")' \
    "$work/plan.json" "$out/$1"
  echo "wrote __tests__/fixtures/plans/$1"
}

fresh() { rm -rf "$work/config" "$work/.terraform" "$work/tfplan"; mkdir -p "$work/config"; }

# The base: what is deployed before the change under review.
base() {
  cat >"$work/config/main.tf" <<'HCL'
variable "database_password" {
  type      = string
  sensitive = true
  default   = "base-password-1"
}

# Stands in for an app's settings: updated in place.
resource "terraform_data" "app_settings" {
  input = {
    sku               = "B1"
    always_on         = false
    database_password = var.database_password
  }
}

# Stands in for a database: a changed engine version forces a new one (replace_paths).
resource "terraform_data" "database" {
  input            = "postgres"
  triggers_replace = ["engine-15"]
}

# Replaced because the database it depends on is replaced (replace_triggered_by).
resource "terraform_data" "database_firewall" {
  input = "allow-app-subnet"
  lifecycle {
    replace_triggered_by = [terraform_data.database]
  }
}

# Removed from the configuration by the change: deleted.
resource "terraform_data" "old_cache" {
  input = "cache"
}

# Unchanged: a no-op.
resource "terraform_data" "resource_group" {
  input = "rg-app-dev"
}

output "database_id" {
  value = terraform_data.database.id
}
HCL
}

# The change under review.
changed() {
  cat >"$work/config/main.tf" <<'HCL'
variable "database_password" {
  type      = string
  sensitive = true
  default   = "changed-password-2"
}

resource "terraform_data" "app_settings" {
  input = {
    sku               = "P1v3"
    always_on         = true
    database_password = var.database_password
  }
}

resource "terraform_data" "database" {
  input            = "postgres"
  triggers_replace = ["engine-16"]
}

resource "terraform_data" "database_firewall" {
  input = "allow-app-subnet"
  lifecycle {
    replace_triggered_by = [terraform_data.database]
  }
}

resource "terraform_data" "resource_group" {
  input = "rg-app-dev"
}

# New: created; its id and output are known only after apply.
resource "terraform_data" "queue" {
  input = "orders"
}

output "database_id" {
  value = terraform_data.database.id
}

output "queue_id" {
  value = terraform_data.queue.output
}
HCL
}

fresh
base
tf init -input=false
show terraform-data-first-apply.json
tf apply -auto-approve -input=false # local state: $work/config/terraform.tfstate
show terraform-data-no-changes.json
changed
show terraform-data-changes.json
