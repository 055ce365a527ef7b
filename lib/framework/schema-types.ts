import * as ipaddr from "ipaddr.js";
import { z } from "zod";
import { AZURE_REGION_NAMES } from "../core/regions";
import { RESERVED_TAG_KEYS } from "../core/tags";

/**
 * Reusable schema pieces for environment profiles. Messages are predicates ("is not a GUID ...")
 * that the loader prefixes with the key path and the offending value.
 */

export const guid = () =>
  z.guid({ error: "is not a GUID (8-4-4-4-12 hexadecimal digits, e.g. 00000000-0000-0000-0000-000000000000)" });

export const azureRegion = () =>
  z.enum(AZURE_REGION_NAMES as [string, ...string[]], { error: "is not a known Azure region" });

/**
 * An IPv4 CIDR whose host bits are zero (`10.0.0.0/16`, not `10.0.0.1/16`): Azure rejects
 * address prefixes that are not the network address.
 */
export const ipv4Cidr = () =>
  z
    .cidrv4({ error: "is not an IPv4 CIDR (a.b.c.d/prefix, prefix 0-32)" })
    .refine(isNetworkAddress, { error: "is not a network address: its host bits are not zero" });

/**
 * Ranges Azure's service firewalls (Key Vault, Storage, Cognitive Services `ip_rules`) do not take:
 * "IP network rules are only allowed for public internet IP addresses"
 * (learn.microsoft.com/azure/storage/common/storage-network-security, "Grant access from an
 * internet IP range"; Key Vault's network settings carry the same restriction).
 */
const NOT_PUBLIC_RANGES: Readonly<Record<string, string>> = {
  private: "a private range (RFC 1918)",
  loopback: "a loopback range",
  linkLocal: "a link-local range",
  carrierGradeNat: "a carrier-grade NAT range (RFC 6598)",
  multicast: "a multicast range",
  unspecified: "the unspecified address",
  broadcast: "the broadcast address",
};

/**
 * A public IPv4 CIDR (an operator network, a CI runner's egress): a network address, outside the
 * private, loopback, link-local, carrier-grade NAT and multicast ranges.
 */
export const publicIpv4Cidr = () =>
  ipv4Cidr().superRefine((cidr, ctx) => {
    if (!isNetworkAddress(cidr)) return; // already reported: one problem per value
    const kind = notPublic(cidr);
    if (kind) ctx.addIssue({ code: "custom", message: `is ${kind}, and Azure firewalls admit public internet addresses only` });
  });

/** Which non-public range `cidr` falls in, in words; undefined for a public range (or an unparsable one). */
export function notPublic(cidr: string): string | undefined {
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr)) return undefined;
  const [address] = ipaddr.IPv4.parseCIDR(cidr);
  return NOT_PUBLIC_RANGES[address.range()];
}

function isNetworkAddress(cidr: string): boolean {
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(cidr)) return true; // the format check above already reported it
  const [addr, prefix] = ipaddr.IPv4.parseCIDR(cidr);
  return ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${prefix}`).toString() === addr.toString();
}

/** Azure tag rules: key 1-512 characters without `<>%&\?/`, value at most 256 characters. */
export const tagMap = () =>
  z
    .record(
      z
        .string()
        .min(1)
        .max(512, { error: "is longer than 512 characters (Azure tag key limit)" })
        .regex(/^[^<>%&\\?/]+$/, { error: "has a character Azure forbids in tag keys (< > % & \\ ? /)" }),
      z.string().max(256, { error: "is longer than 256 characters (Azure tag value limit)" }),
    )
    .superRefine((tags, ctx) => {
      // Azure compares tag names without case: `Environment` is the library's `environment`, and
      // `Owner` beside `owner` is one tag given twice, which ARM rejects.
      const seen = new Map<string, string>();
      for (const key of Object.keys(tags)) {
        const lower = key.toLowerCase();
        const reserved = RESERVED_TAG_KEYS.find((r) => r === lower);
        if (reserved) {
          const same = reserved === key ? "" : ` (Azure compares tag names without case: it is the library's ${JSON.stringify(reserved)})`;
          ctx.addIssue({ code: "custom", path: [key], params: { atKey: true }, message: `is reserved: the library sets it on every resource${same} (reserved: ${RESERVED_TAG_KEYS.join(", ")})` });
        }
        const earlier = seen.get(lower);
        if (earlier !== undefined) {
          ctx.addIssue({ code: "custom", path: [key], params: { atKey: true }, message: `is the tag ${JSON.stringify(earlier)} again: Azure compares tag names without case, so a resource cannot carry both` });
        }
        seen.set(lower, key);
      }
    })
    .refine((tags) => Object.keys(tags).length <= 45, {
      error: "has more than 45 tags (Azure allows 50 per resource; the library adds up to 5)",
    });

export const email = () => z.email({ error: "is not an email address" });

/** Integer within [min, max], with a message naming the range. */
export const intRange = (min: number, max: number) =>
  z
    .number({ error: `is not a number (allowed: an integer from ${min} to ${max})` })
    .int({ error: `is not an integer (allowed: ${min} to ${max})` })
    .min(min, { error: `is out of range (allowed: ${min} to ${max})` })
    .max(max, { error: `is out of range (allowed: ${min} to ${max})` });

/** A string enum with a message listing the allowed values. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `is not allowed (allowed: ${values.join(", ")})` });

export const bool = () => z.boolean({ error: "is not a boolean (allowed: true, false)" });
