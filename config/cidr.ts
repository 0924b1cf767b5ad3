/** IPv4 CIDR arithmetic for config rules and subnet planning. Pure functions, no AWS. */

export interface Cidr {
  readonly base: number; // network address as an unsigned 32-bit integer
  readonly prefix: number;
}

export function parseCidr(text: string): Cidr | string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!m) return `"${text}" is not an IPv4 CIDR such as 10.20.0.0/16`;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return `"${text}" has an octet above 255`;
  const prefix = Number(m[5]);
  if (prefix > 32) return `"${text}" has a prefix above /32`;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0);
  const size = 2 ** (32 - prefix);
  if (base % size !== 0) return `"${text}" is not a network address: use ${formatCidr({ base: base - (base % size), prefix })}`;
  return { base, prefix };
}

export function formatCidr(c: Cidr): string {
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(c.base / 2 ** shift) % 256);
  return `${octets.join(".")}/${c.prefix}`;
}

export function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + cidrSize(b) && b.base < a.base + cidrSize(a);
}

export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.base >= outer.base && inner.base + cidrSize(inner) <= outer.base + cidrSize(outer);
}

/** The index-th subnet of `newPrefix` inside `c` (like Terraform's cidrsubnet). */
export function subnet(c: Cidr, newPrefix: number, index: number): Cidr {
  const count = 2 ** (newPrefix - c.prefix);
  if (newPrefix < c.prefix || index < 0 || index >= count) {
    throw new Error(`no subnet #${index} of /${newPrefix} in ${formatCidr(c)}`);
  }
  return { base: c.base + index * 2 ** (32 - newPrefix), prefix: newPrefix };
}

/** VPC prefixes the subnet plan supports: /16 (65,536 addresses) to /22 (1,024). */
export const MIN_VPC_PREFIX = 16;
export const MAX_VPC_PREFIX = 22;
/** Six AZs at most, three subnet layers: the VPC is cut into 32 equal slots (prefix + 5). */
const SLOT_BITS = 5;
const LAYER_OFFSET = { public: 0, app: 8, data: 16 } as const;
export type SubnetLayer = keyof typeof LAYER_OFFSET;

export interface SubnetPlan {
  readonly public: string[];
  readonly app: string[];
  readonly data: string[];
}

/** Public, private-app and private-data subnets, one per AZ, at fixed slots so adding an AZ never moves one. */
export function planSubnets(vpcCidr: string, azCount: number): SubnetPlan {
  const vpc = parseCidr(vpcCidr);
  if (typeof vpc === "string") throw new Error(vpc);
  const layer = (name: SubnetLayer) =>
    Array.from({ length: azCount }, (_, az) => formatCidr(subnet(vpc, vpc.prefix + SLOT_BITS, LAYER_OFFSET[name] + az)));
  return { public: layer("public"), app: layer("app"), data: layer("data") };
}
