// MessagePack peer for the interoperability tests: npm's @msgpack/msgpack, independent of ours.
//
//   node msgpack_peer.cjs PACKAGE_DIR decode FILE   decode every top-level value in FILE
//   node msgpack_peer.cjs PACKAGE_DIR encode FILE   write this peer's sample values to FILE
//
// PACKAGE_DIR is the unpacked npm package (tools/setup.d/30-peers.sh puts it in the cache). Either way it
// prints, as one JSON array, a description of each value (decoded, or as it was before encoding):
//   nil -> null, bool -> true/false, str -> {"str": text}, bin -> {"bin": "hex"},
//   ext -> {"ext": type, "hex": "hex"}, array -> [values], map -> {"map": [[key, value], ...]},
//   and every number -> {"num": ...}: JavaScript has one number type, so integers and floats meet here:
//   an integral finite value (not -0) as its exact decimal, anything else as the 16 hex digits of its
//   IEEE 754 double ("nan" for any NaN). 64-bit integers decode to BigInt (useBigInt64), so none is rounded.
"use strict";
const fs = require("fs");
const path = require("path");

const [packageDir, action, file] = process.argv.slice(2);
if (!packageDir || !["decode", "encode"].includes(action) || !file) {
  console.error("usage: node msgpack_peer.cjs PACKAGE_DIR decode|encode FILE");
  process.exit(2);
}
const msgpack = require(path.resolve(packageDir, "dist.cjs", "index.cjs"));

const hex = (bytes) => Buffer.from(bytes).toString("hex");

function describeNumber(n) {
  if (typeof n === "bigint") {
    return { num: n.toString() };
  }
  if (Number.isNaN(n)) {
    return { num: "nan" };
  }
  if (Number.isFinite(n) && Number.isInteger(n) && !Object.is(n, -0)) {
    return { num: BigInt(n).toString() };
  }
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n);
  return { num: view.getBigUint64(0).toString(16).padStart(16, "0") };
}

function describe(value) {
  if (value === null || typeof value === "boolean") {
    return value;
  }
  if (typeof value === "number" || typeof value === "bigint") {
    return describeNumber(value);
  }
  if (typeof value === "string") {
    return { str: value };
  }
  if (value instanceof Uint8Array) {
    return { bin: hex(value) };
  }
  if (value instanceof msgpack.ExtData) {
    return { ext: value.type, hex: hex(value.data) };
  }
  if (Array.isArray(value)) {
    return value.map(describe);
  }
  if (value instanceof Map) {
    return { map: [...value].map(([k, v]) => [describe(k), describe(v)]) };
  }
  if (value instanceof SingleFloat) {
    return describeNumber(value.value);
  }
  return { map: Object.entries(value).map(([k, v]) => [{ str: k }, describe(v)]) };
}

// A number this peer writes as float 32 (the Encoder's forceFloat32), already rounded to single precision.
class SingleFloat {
  constructor(value) {
    this.value = Math.fround(value);
  }
}

function samples() {
  const bytes = (n) => Uint8Array.from({ length: n }, (_, i) => i % 251);
  const keys = (n, prefix) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, i]));
  const ints = [0, 1, 31, 32, 127, 128, 255, 256, 65535, 65536, 2 ** 32 - 1, -1, -32, -33, -128, -129,
    -32768, -32769, -(2 ** 31), 2 ** 53 - 1];
  // BigInt always goes out as uint 64 / int 64, even when small: the reader must take any width.
  const bigints = [0n, 1n, -1n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 1n, -(2n ** 63n)];
  const doubles = [0.1, -2.5, Math.PI, 1e300, 5e-324, Number.MAX_VALUE, Infinity, -Infinity, NaN];
  const singles = [0.1, 1.5, -0.375, 3.4e38, Infinity].map((v) => new SingleFloat(v));
  const texts = ["", "a", "x".repeat(31), "x".repeat(32), "x".repeat(255), "x".repeat(256), "y".repeat(65535),
    "y".repeat(65536), "é".repeat(15) + "a", "é".repeat(16), "日本語テキスト", "🎵".repeat(8),
    "🎵 héllo wörld ✓".repeat(40)];
  const blobs = [0, 1, 255, 256, 65535, 65536].map(bytes);
  const exts = [[1, 1], [2, 2], [3, 4], [4, 8], [5, 16], [6, 0], [7, 3], [127, 17], [-128, 255], [-2, 256],
    [42, 65536]].map(([type, n]) => new msgpack.ExtData(type, bytes(n)));
  const containers = [[], Array.from({ length: 15 }, (_, i) => i), Array.from({ length: 16 }, (_, i) => i),
    new Array(65535).fill(null), new Array(65536).fill(true), {}, keys(15, "k"), keys(16, "k"),
    keys(65536, "key"), { nested: [{ a: [[], { b: [1, [2, [3, { c: bytes(1) }]]] }] }] },
    { seq: 12, t: 6.5, arousal: 0.25, valence: -0.5, label: "calm", forecast: [[0.1, 0.2], [0.3, 0.4]], flags: 0 }];
  return [null, true, false, ...ints, ...bigints, ...doubles, ...singles, ...texts, ...blobs, ...exts, ...containers];
}

function encode() {
  const doubles = new msgpack.Encoder({ useBigInt64: true });
  const singles = new msgpack.Encoder({ useBigInt64: true, forceFloat32: true });
  const values = samples();
  const chunks = values.map((v) => (v instanceof SingleFloat ? singles.encode(v.value) : doubles.encode(v)));
  fs.writeFileSync(file, Buffer.concat(chunks));
  return values.map(describe);
}

function decode() {
  return [...msgpack.decodeMulti(fs.readFileSync(file), { useBigInt64: true })].map(describe);
}

process.stdout.write(JSON.stringify(action === "decode" ? decode() : encode()));
