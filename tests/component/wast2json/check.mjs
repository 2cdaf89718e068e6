// Checks scripts/component-wast2json.
//
//   node check.mjs suite CONVERTER SUITE_DIR
//       converts every .wast of the component test suite outside async/ into a temporary
//       directory and checks each result: as many commands as the file has top-level commands
//       (counted here independently, from the lines that start one), known command types, every
//       filename present once and numbered NAME.0, NAME.1, ..., and binaries with the preamble of
//       their kind (but assert_malformed's, which may even be empty).
//   node check.mjs self CONVERTER FIXTURE.wast EXPECTED.json EXPECTED_FILES.txt
//       converts FIXTURE and compares its JSON with EXPECTED.json byte for byte, checks it as
//       above, and compares the files EXPECTED_FILES.txt lists ("NAME hex HEX" or "NAME text TEXT",
//       the text without its final newline) with what was written.
//   node check.mjs fails CONVERTER
//       a positive component jco cannot parse, or a malformed script, must fail the conversion
//       with exit status 1 and a message naming the line; one listed as a known gap of the parser
//       becomes {"type":"skip"} (through the converter's module, with a list of its own).
// Prints one line per file and exits 1 on the first failed check.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative } from "node:path";
import { pathToFileURL } from "node:url";

const COMMAND_TYPES = new Set([
  "component", "module", "component_definition", "module_definition", "component_instance",
  "module_instance", "register", "action", "assert_return", "assert_trap", "assert_exhaustion",
  "assert_uninstantiable", "assert_invalid", "assert_malformed", "assert_unlinkable", "skip",
]);
const PREAMBLE = {
  component: Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00]),
  module: Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
};

class CheckError extends Error {}
const check = (ok, msg) => {
  if (!ok) throw new CheckError(msg);
};

function convert(node, converter, wast, outdir) {
  const r = spawnSync(node, [converter, "-v", wast, outdir], { encoding: "utf8" });
  if (r.status !== 0) throw new CheckError(`conversion failed (${r.status}): ${r.stderr.trim()}`);
  return r.stdout.trim();
}

// The top-level commands of a suite script, counted from the lines that start one.
function countCommands(text) {
  const re = /^\((assert_[a-z_]+|component|module|register|invoke|get)(\s|\)|$)/gm;
  return (text.match(re) || []).length;
}

// Checks the JSON of NAME.wast in outdir; returns its commands.
function checkJson(outdir, name, expectedCount) {
  const jsonPath = join(outdir, `${name}.json`);
  check(existsSync(jsonPath), `${name}.json was not written`);
  const json = JSON.parse(readFileSync(jsonPath, "utf8"));
  check(json.source_filename === `${name}.wast`, `source_filename is ${json.source_filename}`);
  const cmds = json.commands;
  check(Array.isArray(cmds) && cmds.length > 0, "no commands");
  if (expectedCount !== undefined) {
    check(cmds.length === expectedCount, `${cmds.length} commands, the script has ${expectedCount}`);
  }
  let next = 0;
  let lastLine = 0;
  for (const c of cmds) {
    const where = `command at line ${c.line}`;
    check(COMMAND_TYPES.has(c.type), `${where}: unknown type ${c.type}`);
    check(Number.isInteger(c.line) && c.line > lastLine, `${where}: lines out of order`);
    lastLine = c.line;
    if (c.filename === undefined) continue;
    const m = /^(.*)\.(\d+)\.(wasm|wat)$/.exec(c.filename);
    check(m && m[1] === name && Number(m[2]) === next, `${where}: filename ${c.filename}, not ${name}.${next}.*`);
    next++;
    const file = join(outdir, c.filename);
    check(existsSync(file), `${where}: ${c.filename} is missing`);
    // Only a malformed binary may be empty (binary.wast's (component binary "")).
    check(statSync(file).size > 0 || c.type === "assert_malformed", `${where}: ${c.filename} is empty`);
    const kind = c.kind ?? (c.type.startsWith("module") ? "module" : "component");
    const data = readFileSync(file);
    if (m[3] === "wat") {
      check(c.module_type === "text", `${where}: ${c.filename} without "module_type":"text"`);
      check(data.toString().startsWith(`(${kind}`), `${where}: ${c.filename} is not (${kind} ...)`);
    } else if (c.type !== "assert_malformed") {
      check(c.module_type === undefined || c.module_type === "binary", `${where}: module_type ${c.module_type}`);
      check(data.subarray(0, 8).equals(PREAMBLE[kind]), `${where}: ${c.filename} is not a ${kind} binary`);
    }
  }
  const written = readdirSync(outdir).filter((f) => f.startsWith(`${name}.`) && f !== `${name}.json`);
  check(written.length === next, `${written.length} module files written, ${next} named in the JSON`);
  return cmds;
}

function suite(node, converter, suiteDir) {
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory() && !(dir === suiteDir && e.name === "async")) walk(p);
      else if (e.isFile() && e.name.endsWith(".wast")) files.push(p);
    }
  };
  walk(suiteDir);
  check(files.length > 0, `no .wast files in ${suiteDir}`);
  const out = mkdtempSync(join(tmpdir(), "warden-wast2json-"));
  let failed = 0;
  let total = 0;
  const start = Date.now();
  try {
    files.forEach((wast, i) => {
      const rel = relative(suiteDir, wast);
      const dir = join(out, String(i));
      try {
        const summary = convert(node, converter, wast, dir);
        const cmds = checkJson(dir, basename(wast, ".wast"), countCommands(readFileSync(wast, "utf8")));
        total += cmds.length;
        console.log(`ok   ${rel}: ${summary.replace(/^[^:]*: /, "")}`);
      } catch (e) {
        if (!(e instanceof CheckError)) throw e;
        failed++;
        console.log(`FAIL ${rel}: ${e.message}`);
      }
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  console.log(`${files.length} files, ${total} commands, ${((Date.now() - start) / 1000).toFixed(1)} s`);
  console.log(`${files.length - failed} passed, ${failed} failed`);
  return failed === 0;
}

function self(node, converter, fixture, expectedJson, expectedFiles) {
  const out = mkdtempSync(join(tmpdir(), "warden-wast2json-"));
  try {
    convert(node, converter, fixture, out);
    const name = basename(fixture, ".wast");
    const got = readFileSync(join(out, `${name}.json`), "utf8");
    const want = readFileSync(expectedJson, "utf8");
    if (got !== want) {
      const g = got.split("\n");
      const w = want.split("\n");
      const i = g.findIndex((l, k) => l !== w[k]);
      throw new CheckError(`${name}.json differs from ${basename(expectedJson)} at line ${i + 1}:\n` +
        `  expected: ${w[i]}\n  got:      ${g[i]}`);
    }
    checkJson(out, name);
    for (const line of readFileSync(expectedFiles, "utf8").split("\n")) {
      if (line === "" || line.startsWith("#")) continue;
      const m = /^(\S+) (hex|text) (.*)$/.exec(line);
      check(m, `bad line in ${basename(expectedFiles)}: ${line}`);
      const data = readFileSync(join(out, m[1]));
      const want = m[2] === "hex" ? Buffer.from(m[3], "hex") : Buffer.from(m[3] + "\n");
      check(data.equals(want), `${m[1]}: expected ${m[2]} ${m[3]}, got ${m[2] === "hex" ? data.toString("hex") : JSON.stringify(data.toString())}`);
    }
    console.log(`ok   ${basename(fixture)}: the JSON and files are as expected`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return true;
}

async function fails(node, converter) {
  const cases = [
    ["bad-component.wast", "(component)\n\n(component\n  (func (export \"f\") (canon lift (core func $nope))))\n", /line 3: jco cannot parse this component: line 4, column \d+: unknown core func/],
    ["bad-value.wast", "(component)\n(assert_return (invoke \"f\") (u8.const 256))\n", /line 2: u8 constant out of range: 256/],
    ["bad-paren.wast", "(component)\n(assert_return (invoke \"f\")\n", /line 2: unclosed \(/],
    ["bad-string.wast", "(component)\n(invoke \"f\\q\")\n", /line 2: unknown escape \\q/],
    ["bad-command.wast", "(component)\n\n(frobnicate)\n", /line 3: unknown command frobnicate/],
  ];
  const dir = mkdtempSync(join(tmpdir(), "warden-wast2json-"));
  try {
    for (const [file, text, want] of cases) {
      const wast = join(dir, file);
      writeFileSync(wast, text);
      const r = spawnSync(node, [converter, wast, join(dir, "out")], { encoding: "utf8" });
      check(r.status === 1, `${file}: exit status ${r.status}, expected 1 (stderr: ${r.stderr.trim()})`);
      check(want.test(r.stderr), `${file}: message ${JSON.stringify(r.stderr.trim())} does not match ${want}`);
      console.log(`ok   ${file}: ${r.stderr.trim()}`);
    }
    // A known gap: skipped, and the numbering of the files goes on after it.
    const lib = join(dirname(converter), "lib");
    const { convertWast } = await import(pathToFileURL(join(lib, "wast2json.mjs")).href);
    const { loadJco } = await import(pathToFileURL(join(lib, "jco.mjs")).href);
    const wast = join(dir, "gap.wast");
    writeFileSync(wast, "(component)\n(component (frob))\n(component)\n");
    const known = new Map([["gap.wast:2", "frob is not there yet"]]);
    const stats = await convertWast(wast, join(dir, "gap"), await loadJco(), { known });
    const got = readFileSync(join(dir, "gap", "gap.json"), "utf8");
    const want = '{"source_filename":"gap.wast","commands":[\n' +
      ' {"type":"component","line":1,"filename":"gap.0.wasm"},\n' +
      ' {"type":"skip","line":2,"reason":"frob is not there yet"},\n' +
      ' {"type":"component","line":3,"filename":"gap.1.wasm"}\n]}\n';
    check(got === want, `gap.wast: got ${JSON.stringify(got)}`);
    check(stats.skips.length === 1, `gap.wast: ${stats.skips.length} skips counted`);
    console.log("ok   gap.wast: a known gap is skipped");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return true;
}

const [mode, converter, ...rest] = process.argv.slice(2);
const node = process.execPath;
try {
  let ok;
  if (mode === "suite" && rest.length === 1) ok = suite(node, converter, rest[0]);
  else if (mode === "self" && rest.length === 3) ok = self(node, converter, ...rest);
  else if (mode === "fails" && rest.length === 0) ok = await fails(node, converter);
  else {
    console.error("usage: check.mjs suite CONVERTER SUITE_DIR | self CONVERTER FIXTURE EXPECTED_JSON EXPECTED_FILES | fails CONVERTER");
    process.exit(2);
  }
  process.exit(ok ? 0 : 1);
} catch (e) {
  if (!(e instanceof CheckError)) throw e;
  console.log(`FAIL ${e.message}`);
  process.exit(1);
}
