// The value constants of .wast scripts as JSON values, in the shape of wabt's wast2json extended
// with the component model's values:
//
//   core:      (i32.const 1) (i64.const -1) (f32.const 1.5) (f64.const nan:canonical)
//              (ref.null func|extern) (ref.extern 1) (ref.func)
//              -> {"type":"i32","value":"1"}: integers as the unsigned decimal of their bits, floats
//                 as the decimal of their IEEE bits or "nan:canonical"/"nan:arithmetic"
//   component: (bool.const true) (u8|u16|u32|u64|s8|s16|s32|s64.const N) (f32|f64.const X)
//              (char.const "c") (str.const "s") (list.const V*) (tuple.const V*)
//              (record.const (field "name" V)*) (variant.const "case" V?) (enum.const "case")
//              (flags.const "name"*) (option.none) (option.some V) (result.ok V?) (result.err V?)
//              -> {"type":"u32","value":"42"}: integers in decimal (signed types may be negative),
//                 bool "true"/"false", char and string as JSON strings, and
//                 {"type":"list","value":[V*]}, {"type":"tuple","value":[V*]},
//                 {"type":"record","value":[{"name":"a","value":V}*]},
//                 {"type":"variant","case":"c","value":V} ("value" absent without payload),
//                 {"type":"enum","value":"red"}, {"type":"flags","value":["a","c"]},
//                 {"type":"option","value":V} / {"type":"option"} for none,
//                 {"type":"result","is_err":false,"value":V} ("value" absent without payload).
// A record field may also hold its value without parentheses, as the suite writes it:
// (field "s" str.const "v=") is (field "s" (str.const "v=")).

import { isAtom, isList, isString, head, SexprError } from "./sexpr.mjs";

const fail = (node, msg) => {
  throw new SexprError(msg, node.line);
};

const utf8 = new TextDecoder("utf-8", { fatal: true });

// A string constant's text; the component model's strings (and names) are Unicode, so bytes that
// are not UTF-8 are an error rather than something to carry through.
export function stringText(node, what = "string") {
  if (!isString(node)) fail(node, `expected a ${what}`);
  try {
    return utf8.decode(node.bytes);
  } catch {
    return fail(node, `the ${what} is not valid UTF-8`);
  }
}

// ---- numbers ----

// The integer of a literal: [+-]? (digits | 0x hexdigits), with `_` between digits.
function parseInteger(node, text) {
  const m = /^([+-]?)(0x[0-9a-fA-F](?:_?[0-9a-fA-F])*|[0-9](?:_?[0-9])*)$/.exec(text);
  if (!m) fail(node, `malformed integer ${text}`);
  const v = BigInt(m[2].replace(/_/g, ""));
  return m[1] === "-" ? -v : v;
}

const INT_TYPES = {
  u8: [8, false], u16: [16, false], u32: [32, false], u64: [64, false],
  s8: [8, true], s16: [16, true], s32: [32, true], s64: [64, true],
};

// A component integer in decimal: unsigned types in [0, 2^N), signed ones in [-2^(N-1), 2^(N-1)).
function componentInt(node, type, text) {
  const [bits, signed] = INT_TYPES[type];
  const v = parseInteger(node, text);
  const lo = signed ? -(1n << BigInt(bits - 1)) : 0n;
  const hi = signed ? 1n << BigInt(bits - 1) : 1n << BigInt(bits);
  if (v < lo || v >= hi) fail(node, `${type} constant out of range: ${text}`);
  return v.toString();
}

// A core integer as the unsigned decimal of its bits: any value in [-2^(N-1), 2^N).
function coreInt(node, bits, text) {
  const v = parseInteger(node, text);
  const n = BigInt(bits);
  if (v < -(1n << (n - 1n)) || v >= 1n << n) fail(node, `i${bits} constant out of range: ${text}`);
  return BigInt.asUintN(bits, v).toString();
}

const FLOAT = {
  32: { p: 24, ebits: 8 },
  64: { p: 53, ebits: 11 },
};

const bitLength = (v) => (v === 0n ? 0 : v.toString(2).length);

// The IEEE bits nearest (ties to even) to num/den (both > 0), for a float of `bits` bits; null when
// it rounds to infinity.
function roundToFloat(num, den, bits) {
  const { p, ebits } = FLOAT[bits];
  const bias = (1 << (ebits - 1)) - 1;
  const emin = 1 - bias;
  // e with 2^e <= num/den < 2^(e+1).
  let e = bitLength(num) - bitLength(den);
  const below = e >= 0 ? num < den << BigInt(e) : num << BigInt(-e) < den;
  if (below) e--;
  if (e < emin) e = emin;
  // q = num/den * 2^(p-1-e), rounded to an integer.
  const s = p - 1 - e;
  let n = num;
  let d = den;
  if (s >= 0) n <<= BigInt(s);
  else d <<= BigInt(-s);
  let q = n / d;
  const r2 = (n % d) * 2n;
  if (r2 > d || (r2 === d && (q & 1n) === 1n)) q++;
  if (q === 1n << BigInt(p)) {
    q >>= 1n;
    e++;
  }
  if (e > bias) return null;
  if (q < 1n << BigInt(p - 1)) return q; // subnormal: exponent field 0
  return (BigInt(e + bias) << BigInt(p - 1)) | (q - (1n << BigInt(p - 1)));
}

// The bits of a float literal, or "nan:canonical"/"nan:arithmetic" for those patterns.
export function floatBits(node, bits, text) {
  const { p, ebits } = FLOAT[bits];
  const expMask = (1n << BigInt(ebits)) - 1n;
  const m = /^([+-]?)(.*)$/.exec(text);
  const sign = m[1] === "-" ? 1n << BigInt(bits - 1) : 0n;
  const body = m[2];
  if (body === "nan:canonical" || body === "nan:arithmetic") {
    if (m[1]) fail(node, `a nan pattern has no sign: ${text}`);
    return body;
  }
  if (body === "inf") return (sign | (expMask << BigInt(p - 1))).toString();
  if (body === "nan") return (sign | (expMask << BigInt(p - 1)) | (1n << BigInt(p - 2))).toString();
  const nan = /^nan:0x([0-9a-fA-F](?:_?[0-9a-fA-F])*)$/.exec(body);
  if (nan) {
    const payload = BigInt("0x" + nan[1].replace(/_/g, ""));
    if (payload === 0n || payload >= 1n << BigInt(p - 1)) fail(node, `nan payload out of range: ${text}`);
    return (sign | (expMask << BigInt(p - 1)) | payload).toString();
  }
  const D = "[0-9](?:_?[0-9])*";
  const H = "[0-9a-fA-F](?:_?[0-9a-fA-F])*";
  const dec = new RegExp(`^(${D})(?:\\.(${D})?)?(?:[eE]([+-]?${D}))?$`).exec(body);
  const hex = new RegExp(`^0x(${H})(?:\\.(${H})?)?(?:[pP]([+-]?${D}))?$`).exec(body);
  let num;
  let den = 1n;
  if (dec) {
    const frac = (dec[2] || "").replace(/_/g, "");
    const exp = Number((dec[3] || "0").replace(/_/g, "")) - frac.length;
    num = BigInt(dec[1].replace(/_/g, "") + frac);
    if (exp >= 0) num *= 10n ** BigInt(exp);
    else den = 10n ** BigInt(-exp);
  } else if (hex) {
    const frac = (hex[2] || "").replace(/_/g, "");
    const exp = Number((hex[3] || "0").replace(/_/g, "")) - 4 * frac.length;
    num = BigInt("0x" + hex[1].replace(/_/g, "") + frac);
    if (exp >= 0) num <<= BigInt(exp);
    else den = 1n << BigInt(-exp);
  } else {
    fail(node, `malformed f${bits} constant ${text}`);
  }
  if (num === 0n) return sign.toString();
  const v = roundToFloat(num, den, bits);
  if (v === null) fail(node, `f${bits} constant out of range: ${text}`);
  return (sign | v).toString();
}

// ---- values ----

function atomArg(node, i, what) {
  const a = node.items[i];
  if (!isAtom(a)) fail(node, `${head(node)} needs ${what}`);
  return a.text;
}

function noMore(node, n) {
  if (node.items.length > n) fail(node.items[n], `unexpected operand of ${head(node)}`);
}

// A value from its keyword and operands: `items[0]` is the keyword, `items[1..]` the operands.
// `node` is the list they come from (for line numbers).
function valueOf(node) {
  const kw = head(node);
  const items = node.items;
  const rest = items.slice(1);
  if (kw === undefined) fail(node, "expected a value constant");
  const dot = /^([a-z0-9]+)\.([a-z_]+)$/.exec(kw);
  if (!dot) fail(node, `unknown value constant ${kw}`);
  const [, type, op] = dot;
  switch (kw) {
    case "i32.const":
    case "i64.const": {
      noMore(node, 2);
      return { type, value: coreInt(node, type === "i32" ? 32 : 64, atomArg(node, 1, "a number")) };
    }
    case "f32.const":
    case "f64.const": {
      noMore(node, 2);
      return { type, value: floatBits(node, type === "f32" ? 32 : 64, atomArg(node, 1, "a number")) };
    }
    case "ref.null": {
      noMore(node, 2);
      const t = atomArg(node, 1, "a heap type");
      if (t !== "func" && t !== "extern") fail(node, `unknown reference type ${t}`);
      return { type: `${t}ref`, value: "null" };
    }
    case "ref.extern": {
      noMore(node, 2);
      return { type: "externref", value: coreInt(node, 32, atomArg(node, 1, "a number")) };
    }
    case "ref.func": {
      noMore(node, 1);
      return { type: "funcref" };
    }
    case "bool.const": {
      noMore(node, 2);
      const b = atomArg(node, 1, "true or false");
      if (b !== "true" && b !== "false") fail(node, `bool.const needs true or false, not ${b}`);
      return { type: "bool", value: b };
    }
    case "char.const": {
      noMore(node, 2);
      const s = stringText(items[1], "char");
      if ([...s].length !== 1) fail(node, "char.const needs exactly one Unicode scalar value");
      return { type: "char", value: s };
    }
    case "str.const": {
      noMore(node, 2);
      return { type: "string", value: stringText(items[1]) };
    }
    case "list.const":
    case "tuple.const":
      return { type, value: rest.map(parenValue) };
    case "record.const":
      return {
        type: "record",
        value: rest.map((f) => {
          if (head(f) !== "field" || !isString(f.items[1])) {
            fail(f, 'record.const holds (field "name" value) entries');
          }
          const name = stringText(f.items[1], "field name");
          const v = f.items.slice(2);
          if (v.length === 1 && isList(v[0])) return { name, value: valueOf(v[0]) };
          // (field "name" u32.const 7): the value's keyword and operands inline.
          return { name, value: valueOf({ ...f, items: v }) };
        }),
      };
    case "variant.const": {
      noMore(node, 3);
      const out = { type: "variant", case: stringText(items[1], "case name") };
      if (items.length > 2) out.value = parenValue(items[2]);
      return out;
    }
    case "enum.const":
      noMore(node, 2);
      return { type: "enum", value: stringText(items[1], "case name") };
    case "flags.const":
      return { type: "flags", value: rest.map((f) => stringText(f, "flag name")) };
    case "option.none":
      noMore(node, 1);
      return { type: "option" };
    case "option.some":
      noMore(node, 2);
      if (items.length < 2) fail(node, "option.some needs a value");
      return { type: "option", value: parenValue(items[1]) };
    case "result.ok":
    case "result.err": {
      noMore(node, 2);
      const out = { type: "result", is_err: op === "err" };
      if (items.length > 1) out.value = parenValue(items[1]);
      return out;
    }
    default:
      if (INT_TYPES[type] && op === "const") {
        noMore(node, 2);
        return { type, value: componentInt(node, type, atomArg(node, 1, "a number")) };
      }
      return fail(node, `unknown value constant ${kw}`);
  }
}

// A value written in parentheses: (u32.const 1).
export function parenValue(node) {
  if (!isList(node)) fail(node, "expected a value constant in parentheses");
  return valueOf(node);
}
