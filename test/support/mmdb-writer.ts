import * as ipaddr from 'ipaddr.js';

/**
 * A MaxMind DB (binary format 2.0) writer for test fixtures, since npm has readers only.
 * It writes an IPv6 tree with 24-bit records, IPv4 networks at `::a.b.c.d` as MaxMind's own
 * databases place them (without their `::ffff:0:0/96` alias), and no deduplicated data.
 * Format: https://maxmind.github.io/MaxMind-DB/
 *
 * ```ts
 * writeMmdb({ '81.2.69.0/24': { country: { iso_code: 'GB' } }, '2001:db8::/32': { registered_country: { iso_code: 'SE' } } })
 * ```
 */

/** What a network maps to: a whole number 0..2³²−1 is stored as uint32, any other number as a double. */
export type MmdbValue = string | number | boolean | readonly MmdbValue[] | { readonly [key: string]: MmdbValue };

export interface MmdbOptions {
  readonly databaseType?: string;
  /** Seconds since the epoch; now when omitted. */
  readonly buildEpoch?: number;
}

/** Field type numbers of the data section. */
const TYPE = { string: 2, double: 3, uint16: 5, uint32: 6, map: 7, uint64: 9, array: 11, boolean: 14 } as const;
type FieldType = (typeof TYPE)[keyof typeof TYPE];

const RECORD_SIZE_BITS = 24;
const NODE_BYTES = (2 * RECORD_SIZE_BITS) / 8;
/** Zero bytes between the search tree and the data section. */
const DATA_SECTION_SEPARATOR_BYTES = 16;
const METADATA_MARKER = Buffer.concat([Buffer.from([0xab, 0xcd, 0xef]), Buffer.from('MaxMind.com')]);

/**
 * A database mapping each network (CIDR) to its value. Where networks overlap, the one listed
 * later wins for the addresses they share.
 */
export function writeMmdb(networks: Readonly<Record<string, MmdbValue>>, options: MmdbOptions = {}): Buffer {
  const root: TreeNode = { children: [undefined, undefined] };
  const values = Object.entries(networks).map(([network, value], index) => {
    insert(root, networkBits(network), index);
    return encode(value);
  });
  const dataOffsets = runningOffsets(values);
  const nodes = numberNodes(root);

  const recordOf = (branch: Branch): number => {
    if (branch === undefined) return nodes.size; // no data for these addresses
    if ('children' in branch) return nodes.get(branch)!;
    return nodes.size + DATA_SECTION_SEPARATOR_BYTES + dataOffsets[branch.valueIndex];
  };
  const tree = Buffer.alloc(nodes.size * NODE_BYTES);
  for (const [node, id] of nodes) {
    node.children.forEach((branch, side) => tree.writeUIntBE(recordOf(branch), id * NODE_BYTES + (side * NODE_BYTES) / 2, RECORD_SIZE_BITS / 8));
  }

  const metadata = encodeMap({
    binary_format_major_version: encodeUnsigned(TYPE.uint16, 2),
    binary_format_minor_version: encodeUnsigned(TYPE.uint16, 0),
    build_epoch: encodeUnsigned(TYPE.uint64, options.buildEpoch ?? Math.floor(Date.now() / 1000)),
    database_type: encode(options.databaseType ?? 'GeoLite2-Country'),
    description: encode({ en: 'test fixture' }),
    ip_version: encodeUnsigned(TYPE.uint16, 6),
    languages: encode(['en']),
    node_count: encodeUnsigned(TYPE.uint32, nodes.size),
    record_size: encodeUnsigned(TYPE.uint16, RECORD_SIZE_BITS),
  });
  return Buffer.concat([tree, Buffer.alloc(DATA_SECTION_SEPARATOR_BYTES), ...values, METADATA_MARKER, metadata]);
}

// The search tree: one bit of the address per level, a network ends where its prefix does.

interface TreeNode {
  readonly children: [Branch, Branch];
}
type Branch = TreeNode | { readonly valueIndex: number } | undefined;

function insert(root: TreeNode, bits: readonly number[], valueIndex: number): void {
  let node = root;
  for (const bit of bits.slice(0, -1)) {
    const child = node.children[bit];
    if (child !== undefined && 'children' in child) {
      node = child;
    } else {
      // an earlier, wider network (or nothing) here: it keeps the half this network leaves
      const split: TreeNode = { children: [child, child] };
      node.children[bit] = split;
      node = split;
    }
  }
  node.children[bits[bits.length - 1]] = { valueIndex };
}

/** The prefix bits of a network in the IPv6 tree. */
function networkBits(network: string): number[] {
  const [address, prefixLength] = ipaddr.parseCIDR(network);
  const isV4 = address.kind() === 'ipv4';
  const bytes = isV4 ? [...Array<number>(12).fill(0), ...address.toByteArray()] : address.toByteArray();
  const length = isV4 ? 96 + prefixLength : prefixLength;
  if (length === 0) throw new Error(`${network}: a network must have a prefix of at least one bit`);
  return Array.from({ length }, (_, i) => (bytes[i >> 3] >> (7 - (i % 8))) & 1);
}

/** Node ids in depth-first order, the root first. */
function numberNodes(root: TreeNode): Map<TreeNode, number> {
  const ids = new Map<TreeNode, number>();
  const visit = (node: TreeNode): void => {
    ids.set(node, ids.size);
    for (const child of node.children) if (child !== undefined && 'children' in child) visit(child);
  };
  visit(root);
  if (ids.size >= 2 ** RECORD_SIZE_BITS) throw new Error('too many networks for 24-bit records');
  return ids;
}

function runningOffsets(buffers: readonly Buffer[]): number[] {
  let offset = 0;
  return buffers.map((buffer) => {
    const start = offset;
    offset += buffer.length;
    return start;
  });
}

// The data section: a control byte (type and size), then the payload.

function encode(value: MmdbValue): Buffer {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([control(TYPE.string, bytes.length), bytes]);
  }
  if (typeof value === 'boolean') return control(TYPE.boolean, value ? 1 : 0);
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value < 2 ** 32) return encodeUnsigned(TYPE.uint32, value);
    const double = Buffer.alloc(8);
    double.writeDoubleBE(value);
    return Buffer.concat([control(TYPE.double, 8), double]);
  }
  if (isArray(value)) return Buffer.concat([control(TYPE.array, value.length), ...value.map(encode)]);
  return encodeMap(Object.fromEntries(Object.entries(value).map(([key, field]) => [key, encode(field)])));
}

/** A map whose values are already encoded (the metadata needs uint16 fields a plain number would not give). */
function encodeMap(fields: Readonly<Record<string, Buffer>>): Buffer {
  const entries = Object.entries(fields);
  return Buffer.concat([control(TYPE.map, entries.length), ...entries.flatMap(([key, value]) => [encode(key), value])]);
}

/** Big-endian, without leading zero bytes (zero has no payload at all). */
function encodeUnsigned(type: FieldType, value: number): Buffer {
  const bytes: number[] = [];
  for (let rest = BigInt(value); rest > 0n; rest >>= 8n) bytes.unshift(Number(rest & 0xffn));
  return Buffer.concat([control(type, bytes.length), Buffer.from(bytes)]);
}

function control(type: FieldType, size: number): Buffer {
  // types 1–7 sit in the top three bits; a larger ("extended") type leaves them 0 and follows as type − 7
  const typeBits = type <= 7 ? type << 5 : 0;
  const extendedType = type <= 7 ? [] : [type - 7];
  if (size < 29) return Buffer.from([typeBits | size, ...extendedType]);
  if (size < 285) return Buffer.from([typeBits | 29, ...extendedType, size - 29]);
  if (size < 65_821) return Buffer.from([typeBits | 30, ...extendedType, ...bigEndian(size - 285, 2)]);
  return Buffer.from([typeBits | 31, ...extendedType, ...bigEndian(size - 65_821, 3)]);
}

function bigEndian(value: number, byteCount: number): number[] {
  return Array.from({ length: byteCount }, (_, i) => (value >> (8 * (byteCount - 1 - i))) & 0xff);
}

function isArray(value: MmdbValue): value is readonly MmdbValue[] {
  return Array.isArray(value);
}
