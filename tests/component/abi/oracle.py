#!/usr/bin/env python3
"""Cases for warden's canonical ABI, with the answers of the Python reference.

    oracle.py SPEC_DIR [--seed N] [--cases N] [--reference-realloc] [-o FILE]

SPEC_DIR holds canonical-abi_definitions.py (the component model's executable reference); it is
imported from there, never copied. With a fixed seed, random nested types (bool, s8..u64, f32,
f64 with NaNs, infinities and -0, char, string in utf8, utf16 and latin1+utf16, list, record,
tuple, variant, enum, option, result, flags of 1 to 32 labels) and values of them go through the
reference, and each case is written with what the reference did: the value it lifted, the bytes
and core values it lowered to, the realloc calls it made, or that it trapped.

The operations (test_abi_oracle.c runs warden's wm_* function of the same name):
  store        store(cx, v, t, ptr)                          wm_store
  lower        lower_flat(cx, v, t)                          wm_lower_flat
  load         load(cx, ptr, t), memory from a lowering, often corrupted       wm_load
  lift         lift_flat(cx, vi, t), core values and memory, often corrupted   wm_lift_flat
  lower_args   lower_flat_values(cx, MAX_FLAT_PARAMS, vs, ts)                  wm_lower_args
  lift_args    lift_flat_values(cx, MAX_FLAT_PARAMS, vi, ts)                   wm_lift_args
  lift_result  lift_flat_values(cx, MAX_FLAT_RESULTS, vi, [t])                 wm_lift_result
  lower_result lower_flat_values(cx, MAX_FLAT_RESULTS, [v], [t], retptr)       wm_lower_result
  string       store_string_into_range(cx, (s, src_encoding, src_units))       wm_store_string_range

The format, one case per block of lines, each line a keyword and tokens:
  case ID OP ENCODING            ENCODING: utf8, utf16 or latin1+utf16 (the options' encoding)
  type T                         (store, lower, load, lift, string: string)
  func N T1 .. TN R              (the call operations; R is a type or _)
  value V..                      (store, lower, lower_result: the value; lower_args: one per param)
  str ENC UNITS HEX              (string: source encoding, its tagged code units, UTF-8 bytes)
  mem PAGES OFF:HEX ..           (the memory before: zeros but for these bytes; absent: 1 page)
  alloc bump BASE | grow BASE MAXPAGES | bad BASE K VAL
                                 (the realloc function: a bump allocator from BASE; grow: grows
                                 the memory instead of trapping when full; bad: call K returns VAL)
  flat C..                       (core values in: i<u32> I<u64> f<hex bits> F<hex bits>)
  ptr P                          (store, load: the address; lower_result: the return pointer)
  expect trap | expect ok
  out V..                        (the values lifted)
  oflat C..                      (the core values lowered)
  omem PAGES OFF:HEX ..          (the whole memory after a lowering that did not trap)
  ocalls OLD,SIZE,ALIGN,NEW,RET ..   (realloc's calls; RET is T where realloc trapped)
  end
Types: bool s8 u8 s16 u16 s32 u32 s64 u64 f32 f64 char string, `list T`, `record N T..` (fields
f0..), `tuple N T..`, `variant N P..` (cases c0..; P a type or _), `enum N` (e0..), `option T`,
`result P P`, `flags N` (g0..). Values follow their type: bool 0/1, integers in decimal, floats
as hex bits, char as a decimal code point, string as s<hex of UTF-8>, list N then elements,
records and tuples their fields, variant-like ones the case index then the payload if the case
has one, flags a decimal bit mask.

realloc: the reference calls realloc through canon_lift, which runs every call on a new thread
(its stack-switching model); it is called directly here instead (LiftLowerContext.reallocate
patched), which is the same for a synchronous realloc and takes half the time.
--reference-realloc keeps the reference's own path (and writes the same file).
"""
import argparse
import importlib.util
import os
import random
import re
import struct
import sys

D = None  # the reference module

SCALARS = ['bool', 's8', 'u8', 's16', 'u16', 's32', 'u32', 's64', 'u64', 'f32', 'f64', 'char',
           'string']
KEY_SCALARS = [k for k in SCALARS if k not in ('f32', 'f64')]  # the Explainer's <keytype>
ENCODINGS = ['utf8', 'utf16', 'latin1+utf16']
PAGE = 65536


def load_reference(spec_dir):
    path = os.path.join(spec_dir, 'canonical-abi_definitions.py')
    spec = importlib.util.spec_from_file_location('definitions', path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules['definitions'] = mod
    spec.loader.exec_module(mod)
    mod.DETERMINISTIC_PROFILE = True
    return mod


def direct_reallocate(self, old, old_size, alignment, new_size):
    [ptr] = self.opts.realloc([old, old_size, alignment, new_size])
    return ptr


# ------------------------------------------------------------------------------------------------
# Types
# ------------------------------------------------------------------------------------------------

class Ty:
    """A type: its kind, the reference's type object, its tokens, element types and labels."""

    def __init__(self, kind, py, toks, elems=(), labels=()):
        self.kind = kind
        self.py = py
        self.toks = toks
        self.elems = list(elems)
        self.labels = list(labels)

    def text(self):
        return ' '.join(self.toks)


def scalar(name):
    py = {'bool': D.BoolType, 's8': D.S8Type, 'u8': D.U8Type, 's16': D.S16Type,
          'u16': D.U16Type, 's32': D.S32Type, 'u32': D.U32Type, 's64': D.S64Type,
          'u64': D.U64Type, 'f32': D.F32Type, 'f64': D.F64Type, 'char': D.CharType,
          'string': D.StringType}[name]()
    return Ty(name, py, [name])


def opt_toks(t):
    return ['_'] if t is None else t.toks


def mk_list(e):
    return Ty('list', D.ListType(e.py), ['list'] + e.toks, [e])


def mk_fixed_list(e, n):
    return Ty('flist', D.ListType(e.py, n), ['flist', str(n)] + e.toks, [e])


def mk_map(k, v):
    return Ty('map', D.MapType(k.py, v.py), ['map'] + k.toks + v.toks, [k, v], ['0', '1'])


def mk_record(es):
    labels = ['f%d' % i for i in range(len(es))]
    py = D.RecordType([D.FieldType(l, e.py) for l, e in zip(labels, es)])
    return Ty('record', py, ['record', str(len(es))] + [x for e in es for x in e.toks], es, labels)


def mk_tuple(es):
    return Ty('tuple', D.TupleType([e.py for e in es]),
              ['tuple', str(len(es))] + [x for e in es for x in e.toks], es,
              [str(i) for i in range(len(es))])


def mk_variant(ps):
    labels = ['c%d' % i for i in range(len(ps))]
    py = D.VariantType([D.CaseType(l, None if p is None else p.py) for l, p in zip(labels, ps)])
    return Ty('variant', py, ['variant', str(len(ps))] + [x for p in ps for x in opt_toks(p)],
              ps, labels)


def mk_enum(n):
    labels = ['e%d' % i for i in range(n)]
    return Ty('enum', D.EnumType(labels), ['enum', str(n)], [None] * n, labels)


def mk_option(t):
    return Ty('option', D.OptionType(t.py), ['option'] + t.toks, [None, t], ['none', 'some'])


def mk_result(ok, err):
    py = D.ResultType(None if ok is None else ok.py, None if err is None else err.py)
    return Ty('result', py, ['result'] + opt_toks(ok) + opt_toks(err), [ok, err],
              ['ok', 'error'])


def mk_flags(n):
    labels = ['g%d' % i for i in range(n)]
    return Ty('flags', D.FlagsType(labels), ['flags', str(n)], [], labels)


def gen_count(rng, small=4):
    r = rng.random()
    if r < 0.8:
        return rng.randint(1, small)
    if r < 0.97:
        return rng.randint(1, 9)
    return rng.randint(10, 20)


def gen_flags_count(rng):
    return rng.choice([1, 2, 7, 8, 9, 15, 16, 17, 24, 31, 32, rng.randint(1, 32)])


def gen_type(rng, depth):
    if depth <= 0 or rng.random() < 0.3:
        return scalar(rng.choice(SCALARS))
    k = rng.choice(['list', 'list', 'record', 'record', 'tuple', 'variant', 'variant', 'enum',
                    'option', 'option', 'result', 'result', 'flags', 'flist', 'map'])
    if k == 'list':
        return mk_list(gen_type(rng, depth - 1))
    if k == 'flist':
        return mk_fixed_list(gen_type(rng, depth - 1), gen_count(rng))
    if k == 'map':
        return mk_map(scalar(rng.choice(KEY_SCALARS)), gen_type(rng, depth - 1))
    if k == 'record':
        return mk_record([gen_type(rng, depth - 1) for _ in range(gen_count(rng))])
    if k == 'tuple':
        return mk_tuple([gen_type(rng, depth - 1) for _ in range(gen_count(rng))])
    if k == 'variant':
        n = gen_count(rng, 5)
        if rng.random() < 0.02:
            n = rng.randint(257, 300)  # a 16-bit discriminant
            return mk_variant([gen_type(rng, depth - 1) if rng.random() < 0.01 else None
                               for _ in range(n)])
        return mk_variant([gen_type(rng, depth - 1) if rng.random() < 0.75 else None
                           for _ in range(n)])
    if k == 'enum':
        if rng.random() < 0.05:
            return mk_enum(rng.choice([256, 257, rng.randint(250, 400)]))
        return mk_enum(gen_count(rng, 6))
    if k == 'option':
        return mk_option(gen_type(rng, depth - 1))
    if k == 'result':
        ok = gen_type(rng, depth - 1) if rng.random() < 0.8 else None
        err = gen_type(rng, depth - 1) if rng.random() < 0.7 else None
        return mk_result(ok, err)
    return mk_flags(gen_flags_count(rng))


# ------------------------------------------------------------------------------------------------
# Values
# ------------------------------------------------------------------------------------------------

INT_RANGES = {'s8': (-(1 << 7), (1 << 7) - 1), 'u8': (0, (1 << 8) - 1),
              's16': (-(1 << 15), (1 << 15) - 1), 'u16': (0, (1 << 16) - 1),
              's32': (-(1 << 31), (1 << 31) - 1), 'u32': (0, (1 << 32) - 1),
              's64': (-(1 << 63), (1 << 63) - 1), 'u64': (0, (1 << 64) - 1)}

F32_SPECIAL = [0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000,
               0x7fc00001, 0x7f800001, 0x7fbfffff, 0xffffffff, 0x00000001, 0x807fffff,
               0x3f800000, 0x4048f5c3, 0x7f7fffff]
F64_SPECIAL = [0, 1 << 63, 0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000,
               0xfff8000000000000, 0x7ff8000000000001, 0x7ff0000000000001, 0x7ff7ffffffffffff,
               0xffffffffffffffff, 1, 0x800fffffffffffff, 0x3ff0000000000000,
               0x400921fb54442d18, 0x7fefffffffffffff]


def f32_of(bits):
    return struct.unpack('<f', struct.pack('<I', bits))[0]


def f64_of(bits):
    return struct.unpack('<d', struct.pack('<Q', bits))[0]


def bits_f32(f):
    return struct.unpack('<I', struct.pack('<f', f))[0]


def bits_f64(f):
    return struct.unpack('<Q', struct.pack('<d', f))[0]


def gen_char(rng):
    r = rng.random()
    if r < 0.4:
        return rng.randint(0x20, 0x7e)
    if r < 0.55:
        return rng.randint(0, 0x7f)
    if r < 0.75:
        return rng.randint(0x80, 0xff)
    if r < 0.9:
        c = rng.randint(0x100, 0xfffd)
        return c if not 0xd800 <= c <= 0xdfff else 0xe000
    return rng.choice([0x10000, 0x10ffff, rng.randint(0x10000, 0x10ffff)])


def gen_string(rng):
    r = rng.random()
    n = rng.randint(0, 3) if r < 0.3 else rng.randint(0, 12) if r < 0.95 else rng.randint(13, 60)
    style = rng.random()
    cs = []
    for _ in range(n):
        if style < 0.3:
            cs.append(rng.randint(0x20, 0x7e))
        elif style < 0.5:
            cs.append(rng.choice([rng.randint(0x20, 0x7e), rng.randint(0x80, 0xff)]))
        else:
            cs.append(gen_char(rng))
    return ''.join(chr(c) for c in cs)


def gen_int(rng, kind):
    lo, hi = INT_RANGES[kind]
    r = rng.random()
    if r < 0.2:
        return rng.choice([lo, hi, 0, -1 if lo < 0 else 1, lo + 1, hi - 1])
    if r < 0.5:
        return rng.randint(max(lo, -300), min(hi, 300))
    return rng.randint(lo, hi)


def gen_value(rng, t, depth=0):
    """Returns (the reference's value, its tokens)."""
    k = t.kind
    if k == 'bool':
        b = rng.random() < 0.5
        return b, ['1' if b else '0']
    if k in INT_RANGES:
        i = gen_int(rng, k)
        return i, [str(i)]
    if k == 'f32':
        bits = rng.choice(F32_SPECIAL) if rng.random() < 0.5 else rng.getrandbits(32)
        return f32_of(bits), ['%08x' % bits]
    if k == 'f64':
        bits = rng.choice(F64_SPECIAL) if rng.random() < 0.5 else rng.getrandbits(64)
        return f64_of(bits), ['%016x' % bits]
    if k == 'char':
        c = gen_char(rng)
        return chr(c), [str(c)]
    if k == 'string':
        s = gen_string(rng)
        b = s.encode('utf-8')
        return (s, 'utf8', len(b)), ['s' + b.hex()]
    if k == 'flist':
        vs = [gen_value(rng, t.elems[0], depth + 1) for _ in range(t.py.l)]
        return [v for v, _ in vs], [str(t.py.l)] + [x for _, ts in vs for x in ts]
    if k == 'map':
        n = rng.randint(0, 3) if depth < 3 else rng.randint(0, 1)
        es = [(gen_value(rng, t.elems[0], depth + 1), gen_value(rng, t.elems[1], depth + 1))
              for _ in range(n)]
        return ([{'0': kv[0], '1': vv[0]} for kv, vv in es],
                [str(n)] + [x for kv, vv in es for x in kv[1] + vv[1]])
    if k == 'list':
        r = rng.random()
        n = rng.randint(0, 3) if r < 0.85 else rng.randint(4, 12 if depth < 2 else 5)
        if depth > 3:
            n = min(n, 2)
        vs = [gen_value(rng, t.elems[0], depth + 1) for _ in range(n)]
        return [v for v, _ in vs], [str(n)] + [x for _, ts in vs for x in ts]
    if k in ('record', 'tuple'):
        vs = [gen_value(rng, e, depth + 1) for e in t.elems]
        return ({l: v for l, (v, _) in zip(t.labels, vs)}, [x for _, ts in vs for x in ts])
    if k in ('variant', 'enum', 'option', 'result'):
        i = rng.randrange(len(t.labels))
        p = t.elems[i]
        if p is None:
            return {t.labels[i]: None}, [str(i)]
        v, ts = gen_value(rng, p, depth + 1)
        return {t.labels[i]: v}, [str(i)] + ts
    if k == 'flags':
        n = len(t.labels)
        mask = rng.getrandbits(n) if rng.random() < 0.8 else rng.choice([0, (1 << n) - 1])
        return {l: bool(mask >> i & 1) for i, l in enumerate(t.labels)}, [str(mask)]
    raise AssertionError(k)


def ser_value(t, v, out):
    """Appends the tokens of the reference's value v of type t to out."""
    k = t.kind
    if k == 'bool':
        out.append('1' if v else '0')
    elif k in INT_RANGES:
        out.append(str(v))
    elif k == 'f32':
        out.append('%08x' % bits_f32(v))
    elif k == 'f64':
        out.append('%016x' % bits_f64(v))
    elif k == 'char':
        out.append(str(ord(v)))
    elif k == 'string':
        out.append('s' + v[0].encode('utf-8').hex())
    elif k in ('list', 'flist'):
        out.append(str(len(v)))
        for e in v:
            ser_value(t.elems[0], e, out)
    elif k == 'map':
        out.append(str(len(v)))
        for e in v:
            ser_value(t.elems[0], e['0'], out)
            ser_value(t.elems[1], e['1'], out)
    elif k in ('record', 'tuple'):
        assert list(v.keys()) == t.labels
        for e, l in zip(t.elems, t.labels):
            ser_value(e, v[l], out)
    elif k in ('variant', 'enum', 'option', 'result'):
        [(label, payload)] = v.items()
        i = t.labels.index(label)
        out.append(str(i))
        if t.elems[i] is not None:
            ser_value(t.elems[i], payload, out)
        else:
            assert payload is None
    elif k == 'flags':
        out.append(str(sum(1 << i for i, l in enumerate(t.labels) if v[l])))
    else:
        raise AssertionError(k)
    return out


def value_size(v):
    """How many values a lifted value holds, to keep the cases small."""
    if isinstance(v, list):
        return 1 + sum(value_size(e) for e in v)
    if isinstance(v, dict):
        return 1 + sum(value_size(e) for e in v.values())
    return 1


# ------------------------------------------------------------------------------------------------
# Memory, realloc, core values
# ------------------------------------------------------------------------------------------------

class Heap:
    """The realloc function of the cases: a bump allocator (see the module's doc)."""

    # With --reference-realloc, realloc runs on a thread of the reference's own, where a trap
    # cannot be raised (the thread would die with the caller waiting for it): it returns
    # 0xffffffff instead, which the reference's bounds check of every realloc result turns into
    # a trap right away.
    trap_by_value = False

    def __init__(self, mem, spec):
        self.mem = mem
        self.spec = spec
        self.mode = spec[0]
        self.last = spec[1]
        self.log = []

    def realloc(self, args):
        old, old_size, align, new_size = args
        n = len(self.log)
        if self.mode == 'bad' and n == self.spec[2]:
            ret = self.spec[3]
        elif old != 0 and new_size < old_size:
            ret = D.align_to(old, align) & 0xffffffff
        else:
            ret = D.align_to(self.last, align)
            end = ret + new_size
            if end > len(self.mem):
                pages = (end - len(self.mem) + PAGE - 1) // PAGE
                if self.mode != 'grow' or len(self.mem) // PAGE + pages > self.spec[2]:
                    self.log.append((old, old_size, align, new_size, 'T'))
                    if Heap.trap_by_value:
                        return [0xffffffff]
                    D.trap()
                self.mem.extend(bytes(pages * PAGE))
            self.last = end
            count = min(old_size, new_size)
            if old + count <= len(self.mem):
                self.mem[ret:ret + count] = self.mem[old:old + count]
        self.log.append((old, old_size, align, new_size, ret))
        return [ret]

    def text(self):
        return ' '.join(str(x) for x in self.spec)


def gen_alloc(rng, low=1024):
    r = rng.random()
    base = rng.randint(0, 64) * rng.choice([1, 8]) + low
    if r < 0.65:
        return ('bump', base)
    if r < 0.77:
        return ('bump', PAGE - rng.randint(0, 200))
    if r < 0.88:
        return ('grow', PAGE - rng.randint(0, 100), rng.randint(1, 3))
    val = rng.choice([PAGE - rng.randint(0, 16), 0xffffffff, 0xfffffffc, rng.getrandbits(32),
                      base + 1, base + 2, base + 4, 1, 2, 3, PAGE, PAGE - 4])
    return ('bad', base, rng.randint(0, 3), val)


CHUNK = re.compile(rb'[^\x00]+(?:\x00{1,16}[^\x00]+)*')


BLOCK = 1024
ZERO_BLOCK = bytes(BLOCK)


def mem_chunks(mem):
    """The memory's size in pages and its nonzero stretches. Blocks of zeros are skipped by
    comparing them whole, which is much faster than scanning a page of zeros byte by byte."""
    b = bytes(mem)
    n = len(b)
    chunks = []
    i = 0
    while i < n:
        if b[i:i + BLOCK] == ZERO_BLOCK:
            i += BLOCK
            continue
        j = i + BLOCK
        while j < n and b[j:j + BLOCK] != ZERO_BLOCK:
            j += BLOCK
        chunks += ['%d:%s' % (m.start(), m.group().hex()) for m in CHUNK.finditer(b, i, j)]
        i = j
    return '%d %s' % (n // PAGE, ' '.join(chunks))


def mk_cx(mem, encoding, heap=None):
    opts = D.CanonicalOptions()
    opts.memory = D.MemInst(mem, 'i32')
    opts.string_encoding = encoding
    opts.realloc = heap.realloc if heap else None
    opts.async_ = False
    return D.LiftLowerContext(opts, D.ComponentInstance(D.Store()))


def ser_flat(kinds, vals):
    out = []
    for k, v in zip(kinds, vals, strict=True):
        if k == 'i32':
            assert 0 <= v < 1 << 32
            out.append('i%d' % v)
        elif k == 'i64':
            assert 0 <= v < 1 << 64
            out.append('I%d' % v)
        elif k == 'f32':
            out.append('f%08x' % bits_f32(v))
        elif k == 'f64':
            out.append('F%016x' % bits_f64(v))
        else:
            raise AssertionError(k)
    return ' '.join(out)


def flat_types(ts, enc='utf8'):
    opts = D.CanonicalOptions()
    opts.memory = D.MemInst(bytearray(), 'i32')
    opts.string_encoding = enc
    return D.flatten_types([t.py for t in ts], opts)


def corrupt_flat(rng, kinds, vals):
    vals = list(vals)
    for _ in range(rng.choice([1, 1, 1, 2])):
        if not vals:
            break
        i = rng.randrange(len(vals))
        k = kinds[i]
        if k == 'i32':
            v = vals[i]
            vals[i] = rng.choice([rng.getrandbits(32), rng.randint(0, 8), (v + 1) % (1 << 32),
                                  (v - 1) % (1 << 32), v ^ 1, v ^ 0x80000000, 0xffffffff,
                                  PAGE - rng.randint(0, 8), 0x10000000, 0xd800, 0x110000,
                                  v | 0x80000000])
        elif k == 'i64':
            vals[i] = rng.choice([rng.getrandbits(64), rng.randint(0, 8), 1 << 32,
                                  vals[i] ^ (1 << rng.randrange(64))])
        elif k == 'f32':
            vals[i] = f32_of(rng.choice(F32_SPECIAL + [rng.getrandbits(32)]))
        else:
            vals[i] = f64_of(rng.choice(F64_SPECIAL + [rng.getrandbits(64)]))
    return vals


def corrupt_mem(rng, mem, regions):
    regions = [(a, b) for a, b in regions if b > a]
    if not regions:
        return
    for _ in range(rng.choice([1, 1, 2, 3])):
        a, b = rng.choice(regions)
        i = rng.randrange(a, min(b, len(mem)))
        mem[i] = rng.choice([rng.getrandbits(8), mem[i] ^ (1 << rng.randrange(8)), 0xff, 0,
                             mem[i] + 1 & 0xff, 0x80, 0xc3, 0xed, 0xd8, 0xdc])


# ------------------------------------------------------------------------------------------------
# Cases
# ------------------------------------------------------------------------------------------------

class Out:
    def __init__(self, f):
        self.f = f
        self.n = 0
        self.traps = 0

    def case(self, op, enc, lines, trapped, results):
        w = self.f.write
        w('case %d %s %s\n' % (self.n, op, enc))
        for l in lines:
            w(l + '\n')
        if trapped:
            w('expect trap\n')
            self.traps += 1
        else:
            w('expect ok\n')
        for l in results:
            w(l + '\n')
        w('end\n')
        self.n += 1


def run(f):
    """f() -> results, or None when the reference traps."""
    try:
        return f(), False
    except D.Trap:
        return None, True


def calls_line(heap):
    return 'ocalls ' + ' '.join(','.join(str(x) for x in c) for c in heap.log)


def case_store(rng, out, t, enc):
    v, vt = gen_value(rng, t)
    mem = bytearray(PAGE)
    heap = Heap(mem, gen_alloc(rng))
    ptr = D.align_to(rng.randint(0, 900), D.alignment(t.py, 'i32'))
    if t.py and D.elem_size(t.py, 'i32') + ptr > PAGE:
        return
    cx = mk_cx(mem, enc, heap)
    _, trapped = run(lambda: D.store(cx, v, t.py, ptr))
    lines = ['type ' + t.text(), 'value ' + ' '.join(vt), 'alloc ' + heap.text(), 'ptr %d' % ptr]
    res = [calls_line(heap)]
    if not trapped:
        res.append('omem ' + mem_chunks(mem))
    out.case('store', enc, lines, trapped, res)


def case_lower(rng, out, t, enc):
    kinds = flat_types([t], enc)
    if len(kinds) > D.MAX_FLAT_PARAMS:
        return
    v, vt = gen_value(rng, t)
    mem = bytearray(PAGE)
    heap = Heap(mem, gen_alloc(rng))
    cx = mk_cx(mem, enc, heap)
    flat, trapped = run(lambda: D.lower_flat(cx, v, t.py))
    lines = ['type ' + t.text(), 'value ' + ' '.join(vt), 'alloc ' + heap.text()]
    res = [calls_line(heap)]
    if not trapped:
        res += ['oflat ' + ser_flat(kinds, flat), 'omem ' + mem_chunks(mem)]
    out.case('lower', enc, lines, trapped, res)


def lowered_image(rng, enc, lower):
    """Lowers with a plain bump allocator; gives the memory and the region the heap used."""
    mem = bytearray(PAGE)
    base = rng.randint(0, 64) * 8 + 256
    heap = Heap(mem, ('bump', base))
    cx = mk_cx(mem, enc, heap)
    result = lower(cx)
    return mem, result, (base, heap.last)


def lift_encoding(rng, enc):
    return enc if rng.random() < 0.85 else rng.choice(ENCODINGS)


def case_load(rng, out, t, enc):
    v, _ = gen_value(rng, t)
    ptr = D.align_to(rng.randint(0, 200), D.alignment(t.py, 'i32'))
    size = D.elem_size(t.py, 'i32')
    if ptr + size > 256:
        ptr = 0
        if size > 256:
            return
    try:
        mem, _, region = lowered_image(rng, enc, lambda cx: D.store(cx, v, t.py, ptr))
    except D.Trap:
        return
    if rng.random() < 0.75:
        corrupt_mem(rng, mem, [(ptr, ptr + size), region])
    enc2 = lift_encoding(rng, enc)
    got, trapped = run(lambda: D.load(mk_cx(mem, enc2), ptr, t.py))
    if not trapped and value_size(got) > 20000:
        return
    lines = ['type ' + t.text(), 'mem ' + mem_chunks(mem), 'ptr %d' % ptr]
    res = [] if trapped else ['out ' + ' '.join(ser_value(t, got, []))]
    out.case('load', enc2, lines, trapped, res)


def case_lift(rng, out, t, enc):
    kinds = flat_types([t], enc)
    if len(kinds) > D.MAX_FLAT_PARAMS:
        return
    v, _ = gen_value(rng, t)
    try:
        mem, flat, region = lowered_image(rng, enc, lambda cx: D.lower_flat(cx, v, t.py))
    except D.Trap:
        return
    r = rng.random()
    if r < 0.4:
        flat = corrupt_flat(rng, kinds, flat)
    elif r < 0.75:
        corrupt_mem(rng, mem, [region])
    enc2 = lift_encoding(rng, enc)
    got, trapped = run(lambda: D.lift_flat(mk_cx(mem, enc2), D.CoreValueIter(flat), t.py))
    if not trapped and value_size(got) > 20000:
        return
    lines = ['type ' + t.text(), 'mem ' + mem_chunks(mem), 'flat ' + ser_flat(kinds, flat)]
    res = [] if trapped else ['out ' + ' '.join(ser_value(t, got, []))]
    out.case('lift', enc2, lines, trapped, res)


UTF8_NASTY = [b'\xff', b'\xc3', b'\xe2\x82', b'\xf0\x9f\x98', b'\xc0\x80', b'\xe0\x80\x80',
              b'\xed\xa0\x80', b'\xf4\x90\x80\x80', b'\x80', b'\xf8\x88\x80\x80\x80',
              b'\xc2', b'\xe0\xa0', b'\xf0\x90\x80', b'\xef\xbf\xbf', b'\xf4\x8f\xbf\xbf']
UTF16_NASTY = [b'\x00\xd8', b'\xff\xdb', b'\x00\xdc', b'\xff\xdf', b'\x3d\xd8\x00\xde',
               b'\x00\xd8\x41\x00']


def case_lift_string(rng, out, enc):
    """A string lifted from bytes made to break decoding: truncated, overlong and surrogate UTF-8,
    lone UTF-16 surrogates, odd pointers, lengths past the end or past the limit."""
    s = gen_string(rng)
    src = rng.choice(ENCODINGS) if rng.random() < 0.3 else enc
    if src == 'utf8':
        b = bytearray(s.encode('utf-8'))
        units = len(b)
        nasty = UTF8_NASTY
    else:
        b = bytearray(s.encode('utf-16-le'))
        units = len(b) // 2
        nasty = UTF16_NASTY
        if src == 'latin1+utf16':
            if all(ord(c) < 256 for c in s) and rng.random() < 0.5:
                b = bytearray(s.encode('latin-1'))
                units = len(b)
                nasty = [b'\xff', b'\x80', b'\x00']
            else:
                units |= 1 << 31
    r = rng.random()
    if r < 0.6:
        at = rng.randint(0, len(b))
        piece = rng.choice(nasty)
        if rng.random() < 0.5:
            b[at:at] = piece
        else:
            b[at:at + len(piece)] = piece
        tag = units & (1 << 31)
        if src == 'utf8' or (src == 'latin1+utf16' and not tag):
            units = len(b)
        else:
            units = tag | len(b) // 2
    elif r < 0.75 and len(b) > 0:
        b = b[:rng.randint(0, len(b) - 1)]
    mem = bytearray(PAGE)
    ptr = rng.randint(0, 2000)
    r = rng.random()
    if r < 0.1:
        ptr = PAGE - len(b) + rng.randint(-2, 2)
    mem[ptr:ptr + len(b)] = b[:max(0, PAGE - ptr)]
    del mem[PAGE:]
    r = rng.random()
    if r < 0.08:
        units = rng.choice([0x0fffffff, 0x10000000, 0x8fffffff, 0x88000000, 0x7fffffff,
                            (units & (1 << 31)) | 0x08000000])
    elif r < 0.15:
        units = (units + rng.choice([-1, 1, 2])) & 0xffffffff
    flat = [ptr & 0xffffffff, units]
    got, trapped = run(lambda: D.lift_flat(mk_cx(mem, enc), D.CoreValueIter(flat),
                                           D.StringType()))
    lines = ['type string', 'mem ' + mem_chunks(mem), 'flat ' + ser_flat(['i32', 'i32'], flat)]
    res = [] if trapped else ['out ' + ' '.join(ser_value(scalar('string'), got, []))]
    out.case('lift', enc, lines, trapped, res)


def gen_func(rng):
    r = rng.random()
    n = rng.randint(0, 3) if r < 0.5 else rng.randint(1, 8) if r < 0.85 else rng.randint(9, 20)
    params = [gen_type(rng, rng.randint(0, 3)) for _ in range(n)]
    result = gen_type(rng, rng.randint(0, 3)) if rng.random() < 0.8 else None
    return params, result


def func_line(params, result):
    return 'func %d %s%s' % (len(params), ''.join(p.text() + ' ' for p in params),
                             ' '.join(opt_toks(result)))


def case_lower_args(rng, out, enc):
    params, result = gen_func(rng)
    vs = [gen_value(rng, p) for p in params]
    mem = bytearray(PAGE)
    heap = Heap(mem, gen_alloc(rng))
    cx = mk_cx(mem, enc, heap)
    ts = [p.py for p in params]
    flat, trapped = run(lambda: D.lower_flat_values(cx, D.MAX_FLAT_PARAMS,
                                                    [v for v, _ in vs], ts))
    kinds = flat_types(params, enc)
    if len(kinds) > D.MAX_FLAT_PARAMS:
        kinds = ['i32']
    lines = [func_line(params, result), 'value ' + ' '.join(x for _, t in vs for x in t),
             'alloc ' + heap.text()]
    res = [calls_line(heap)]
    if not trapped:
        res += ['oflat ' + ser_flat(kinds, flat), 'omem ' + mem_chunks(mem)]
    out.case('lower_args', enc, lines, trapped, res)


def case_lift_args(rng, out, enc):
    params, result = gen_func(rng)
    vs = [gen_value(rng, p)[0] for p in params]
    ts = [p.py for p in params]
    try:
        mem, flat, region = lowered_image(
            rng, enc, lambda cx: D.lower_flat_values(cx, D.MAX_FLAT_PARAMS, vs, ts))
    except D.Trap:
        return
    kinds = flat_types(params, enc)
    spilled = len(kinds) > D.MAX_FLAT_PARAMS
    if spilled:
        kinds = ['i32']
    r = rng.random()
    if r < 0.3:
        flat = corrupt_flat(rng, kinds, flat)
    elif r < 0.55:
        corrupt_mem(rng, mem, [region])
    enc2 = lift_encoding(rng, enc)
    got, trapped = run(lambda: D.lift_flat_values(mk_cx(mem, enc2), D.MAX_FLAT_PARAMS,
                                                  D.CoreValueIter(flat), ts))
    if not trapped and sum(value_size(g) for g in got) > 20000:
        return
    lines = [func_line(params, result), 'mem ' + mem_chunks(mem), 'flat ' + ser_flat(kinds, flat)]
    res = [] if trapped else ['out ' + ' '.join(x for p, g in zip(params, got)
                                                for x in ser_value(p, g, []))]
    out.case('lift_args', enc2, lines, trapped, res)


def case_lift_result(rng, out, enc):
    params, result = gen_func(rng)
    if result is None:
        result = gen_type(rng, 2)
    v = gen_value(rng, result)[0]
    kinds = flat_types([result], enc)
    in_memory = len(kinds) > D.MAX_FLAT_RESULTS
    if in_memory:
        # The callee returns a pointer to the result it stored.
        ptr = D.align_to(rng.randint(0, 128), D.alignment(result.py, 'i32'))
        size = D.elem_size(result.py, 'i32')
        if ptr + size > 256:
            return
        try:
            mem, _, region = lowered_image(rng, enc, lambda cx: D.store(cx, v, result.py, ptr))
        except D.Trap:
            return
        flat, kinds = [ptr], ['i32']
        region = [(ptr, ptr + size), region]
    else:
        try:
            mem, flat, region = lowered_image(rng, enc,
                                              lambda cx: D.lower_flat(cx, v, result.py))
        except D.Trap:
            return
        region = [region]
    r = rng.random()
    if r < 0.3:
        flat = corrupt_flat(rng, kinds, flat)
    elif r < 0.6:
        corrupt_mem(rng, mem, region)
    enc2 = lift_encoding(rng, enc)
    got, trapped = run(lambda: D.lift_flat_values(mk_cx(mem, enc2), D.MAX_FLAT_RESULTS,
                                                  D.CoreValueIter(flat), [result.py]))
    if not trapped and value_size(got[0]) > 20000:
        return
    lines = [func_line(params, result), 'mem ' + mem_chunks(mem), 'flat ' + ser_flat(kinds, flat)]
    res = [] if trapped else ['out ' + ' '.join(ser_value(result, got[0], []))]
    out.case('lift_result', enc2, lines, trapped, res)


def case_lower_result(rng, out, enc):
    params, result = gen_func(rng)
    if result is None:
        result = gen_type(rng, 2)
    v, vt = gen_value(rng, result)
    mem = bytearray(PAGE)
    heap = Heap(mem, gen_alloc(rng))
    cx = mk_cx(mem, enc, heap)
    align = D.alignment(result.py, 'i32')
    r = rng.random()
    retptr = D.align_to(rng.randint(0, 900), align)
    if r < 0.1 and align > 1:
        retptr += rng.randint(1, align - 1)
    elif r < 0.2:
        retptr = rng.choice([PAGE - D.elem_size(result.py, 'i32') + align * rng.randint(0, 2),
                             0xfffffff0, PAGE])
    flat, trapped = run(lambda: D.lower_flat_values(cx, D.MAX_FLAT_RESULTS, [v], [result.py],
                                                    D.CoreValueIter([retptr])))
    kinds = flat_types([result], enc)
    if len(kinds) > D.MAX_FLAT_RESULTS:
        kinds = []
    lines = [func_line(params, result), 'value ' + ' '.join(vt), 'alloc ' + heap.text(),
             'ptr %d' % retptr]
    res = [calls_line(heap)]
    if not trapped:
        res += ['oflat ' + ser_flat(kinds, flat), 'omem ' + mem_chunks(mem)]
    out.case('lower_result', enc, lines, trapped, res)


def case_string(rng, out, enc):
    s = gen_string(rng)
    src = rng.choice(ENCODINGS)
    if src == 'utf8':
        units = len(s.encode('utf-8'))
    elif src == 'utf16':
        units = len(s.encode('utf-16-le')) // 2
    elif all(ord(c) < 256 for c in s) and rng.random() < 0.7:
        units = len(s)
    else:
        units = len(s.encode('utf-16-le')) // 2 | 1 << 31
    mem = bytearray(PAGE)
    heap = Heap(mem, gen_alloc(rng))
    cx = mk_cx(mem, enc, heap)
    got, trapped = run(lambda: D.store_string_into_range(cx, (s, src, units)))
    lines = ['type string', 'str %s %d %s' % (src, units, s.encode('utf-8').hex()),
             'alloc ' + heap.text()]
    res = [calls_line(heap)]
    if not trapped:
        res += ['oflat ' + ser_flat(['i32', 'i32'], got), 'omem ' + mem_chunks(mem)]
    out.case('string', enc, lines, trapped, res)


OPS = [('store', 17), ('lower', 17), ('load', 18), ('lift', 18), ('lower_args', 6),
       ('lift_args', 7), ('lift_result', 6), ('lower_result', 6), ('string', 10),
       ('lift_string', 5)]


def main():
    global D
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('spec', help='the directory of canonical-abi_definitions.py')
    ap.add_argument('--seed', type=int, default=20240601)
    ap.add_argument('--cases', type=int, default=12000)
    ap.add_argument('--reference-realloc', action='store_true')
    ap.add_argument('-o', '--output', default='-')
    args = ap.parse_args()
    D = load_reference(args.spec)
    if args.reference_realloc:
        Heap.trap_by_value = True
    else:
        D.LiftLowerContext.reallocate = direct_reallocate
    rng = random.Random(args.seed)
    f = sys.stdout if args.output == '-' else open(args.output, 'w')
    out = Out(f)
    total = sum(w for _, w in OPS)
    f.write('# canonical ABI oracle: seed %d\n' % args.seed)
    while out.n < args.cases:
        r = rng.randrange(total)
        for op, w in OPS:
            if r < w:
                break
            r -= w
        enc = rng.choice(ENCODINGS)
        if op in ('store', 'lower', 'load', 'lift'):
            t = gen_type(rng, rng.choice([1, 2, 3, 4]))
            {'store': case_store, 'lower': case_lower, 'load': case_load,
             'lift': case_lift}[op](rng, out, t, enc)
        else:
            {'lower_args': case_lower_args, 'lift_args': case_lift_args,
             'lift_result': case_lift_result, 'lower_result': case_lower_result,
             'string': case_string, 'lift_string': case_lift_string}[op](rng, out, enc)
    f.write('# %d cases, %d of them trapping\n' % (out.n, out.traps))
    if f is not sys.stdout:
        f.close()
    print('oracle: %d cases, %d trapping' % (out.n, out.traps), file=sys.stderr)


if __name__ == '__main__':
    main()
