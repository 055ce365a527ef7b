import * as ipaddr from "ipaddr.js";

/** IPv4 CIDR arithmetic for profile checks (ipaddr.js does the parsing and matching). */

function parse(cidr: string): [ipaddr.IPv4, number] {
  return ipaddr.IPv4.parseCIDR(cidr);
}

/** Whether two IPv4 CIDRs share any address. */
export function cidrsOverlap(a: string, b: string): boolean {
  const [pa, la] = parse(a);
  const [pb, lb] = parse(b);
  return la <= lb ? pb.match(pa, la) : pa.match(pb, lb);
}

/** Whether `inner` lies entirely inside `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const [po, lo] = parse(outer);
  const [pi, li] = parse(inner);
  return li >= lo && pi.match(po, lo);
}

/** The prefix length of a CIDR (`24` for `10.0.1.0/24`). */
export function prefixLength(cidr: string): number {
  return parse(cidr)[1];
}
