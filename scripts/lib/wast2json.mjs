// Converts a component .wast script into wabt's wast2json shape: OUTDIR/NAME.json with the
// commands and one file per module, OUTDIR/NAME.N.wasm (or NAME.N.wat for text that the text
// parser itself rejects), N counting from 0 over the script. scripts/component-wast2json describes
// the commands.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parseSexprs, SexprError, isAtom, isId, isList, isString, head } from "./sexpr.mjs";
import { parenValue, stringText } from "./values.mjs";
import { jcoErrorMessage } from "./jco.mjs";

const fail = (node, msg) => {
  throw new SexprError(msg, node.line);
};

// Positive modules that jco's text parser cannot read, by "NAME.wast:LINE", with the reason they
// are skipped ({"type":"skip"}) instead of failing the conversion. Only for features beyond
// WebAssembly 2.0 and the component model without async. jco 1.35.0 parses every positive module
// of the suite's 29 files outside async/, so none is listed.
export const KNOWN_UNPARSABLE = new Map([]);

// The parts of a module form: (component|module definition? $id? (binary|quote)? ...).
function moduleParts(node) {
  const items = node.items;
  const kind = items[0].text === "module" ? "module" : "component";
  let i = 1;
  let definition = false;
  if (isAtom(items[i], "definition")) {
    definition = true;
    i++;
  }
  let id;
  if (isId(items[i])) id = items[i++].text;
  let form = "text";
  if (isAtom(items[i], "binary") || isAtom(items[i], "quote")) {
    form = items[i++].text;
    for (const s of items.slice(i)) {
      if (!isString(s)) fail(s, `(${kind} ${form} ...) holds only strings`);
    }
  }
  return { kind, definition, id, form, body: items.slice(i) };
}

class Converter {
  constructor(text, name, outdir, jco, opts) {
    this.text = text;
    this.name = name;
    this.outdir = outdir;
    this.jco = jco;
    this.opts = opts;
    this.counter = 0;
    this.commands = [];
    this.stats = { commands: 0, text_modules: 0, skips: [], modules: 0 };
  }

  nextFile(ext) {
    return `${this.name}.${this.counter++}.${ext}`;
  }

  write(file, data) {
    writeFileSync(join(this.outdir, file), data);
    this.stats.modules++;
    return file;
  }

  // The module's text as jco's parser should see it: the source, with `definition` blanked out
  // (the parser knows no definitions) and preceded by blank lines and spaces so that the parser's
  // line and column numbers are those of the .wast file.
  sourceText(node) {
    let t = this.text.slice(node.start, node.end);
    const def = node.items[1];
    if (isAtom(def, "definition")) {
      const a = def.start - node.start;
      t = t.slice(0, a) + " ".repeat(def.end - def.start) + t.slice(def.end - node.start);
    }
    const lineStart = this.text.lastIndexOf("\n", node.start - 1) + 1;
    return "\n".repeat(node.line - 1) + " ".repeat(node.start - lineStart) + t;
  }

  // Text for a (component quote "..."*) form: the strings joined with spaces, in (component ...).
  quoteText(node, parts) {
    const strings = parts.body.map((s) => stringText(s, "quoted text"));
    return `(${parts.kind}${parts.id ? " " + parts.id : ""} ${strings.join(" ")})\n`;
  }

  // The binary of a text module through jco; throws {parseError} when the parser rejects it.
  async parseText(node) {
    try {
      return await this.jco.parse(this.sourceText(node));
    } catch (e) {
      const err = new Error(jcoErrorMessage(e));
      err.parseError = true;
      throw err;
    }
  }

  // A module that must be accepted: writes its binary and returns the filename, or returns
  // {skip: reason} for a known feature the parser lacks.
  async positiveModule(node, parts) {
    if (parts.form === "binary") {
      return { filename: this.write(this.nextFile("wasm"), Buffer.concat(parts.body.map((s) => s.bytes))) };
    }
    if (parts.form === "quote") {
      // Quoted text must be parsed like the rest; jco takes it as plain text.
      const t = "\n".repeat(node.line - 1) + this.quoteText(node, parts);
      try {
        return { filename: this.write(this.nextFile("wasm"), await this.jco.parse(t)) };
      } catch (e) {
        fail(node, `jco cannot parse this ${parts.kind}: ${jcoErrorMessage(e)}`);
      }
    }
    try {
      const bin = await this.parseText(node);
      return { filename: this.write(this.nextFile("wasm"), bin) };
    } catch (e) {
      if (!e.parseError) throw e;
      const known = this.opts.known.get(`${this.opts.key}:${node.line}`);
      if (known) return { skip: known };
      fail(node, `jco cannot parse this ${parts.kind}: ${e.message}`);
    }
  }

  // The module of an assert_invalid / assert_malformed / assert_unlinkable / assert_trap:
  // {filename, module_type, kind}. Text that the parser rejects is kept as text (module_type
  // "text") when `textOk`: the text format itself is what is under test, and the parser's
  // message goes with it (text_error), so that a runner without a text parser can tell that the
  // text was refused.
  async assertedModule(node, textOk) {
    if (head(node) !== "component" && head(node) !== "module") {
      fail(node, "expected (component ...) or (module ...)");
    }
    const parts = moduleParts(node);
    if (parts.definition) fail(node, "an assertion's module cannot be a definition");
    if (parts.form === "binary") {
      const bin = Buffer.concat(parts.body.map((s) => s.bytes));
      return { filename: this.write(this.nextFile("wasm"), bin), module_type: "binary", kind: parts.kind };
    }
    if (parts.form === "quote") {
      if (!textOk) fail(node, `(${parts.kind} quote ...) only in assert_malformed or assert_invalid`);
      const text = this.quoteText(node, parts);
      try {
        const bin = await this.jco.parse("\n".repeat(node.line - 1) + text);
        return { filename: this.write(this.nextFile("wasm"), bin), module_type: "binary", kind: parts.kind };
      } catch (e) {
        this.stats.text_modules++;
        const file = this.write(this.nextFile("wat"), text);
        return { filename: file, module_type: "text", kind: parts.kind, text_error: jcoErrorMessage(e) };
      }
    }
    try {
      const bin = await this.parseText(node);
      return { filename: this.write(this.nextFile("wasm"), bin), module_type: "binary", kind: parts.kind };
    } catch (e) {
      if (!e.parseError) throw e;
      if (!textOk) fail(node, `jco cannot parse this ${parts.kind}: ${e.message}`);
      this.stats.text_modules++;
      const file = this.write(this.nextFile("wat"), this.text.slice(node.start, node.end) + "\n");
      return { filename: file, module_type: "text", kind: parts.kind, text_error: e.message };
    }
  }

  // (invoke $id? "name" V*) or (get $id? "name").
  action(node) {
    const kw = head(node);
    if (kw !== "invoke" && kw !== "get") fail(node, "expected (invoke ...) or (get ...)");
    const items = node.items;
    let i = 1;
    const out = { type: kw };
    if (isId(items[i])) out.module = items[i++].text;
    if (!isString(items[i])) fail(node, `${kw} needs the export's name`);
    out.field = stringText(items[i++], "export name");
    if (kw === "invoke") out.args = items.slice(i).map(parenValue);
    else if (i < items.length) fail(items[i], "unexpected operand of get");
    return out;
  }

  // (component instance $name? $definition) / (module instance ...): {name?, definition}.
  instanceParts(node) {
    const ids = node.items.slice(2);
    if (!ids.every(isId) || ids.length < 1 || ids.length > 2) {
      fail(node, `(${head(node)} instance $name? $definition)`);
    }
    return ids.length === 2
      ? { name: ids[0].text, definition: ids[1].text }
      : { definition: ids[0].text };
  }

  message(node, cmd) {
    const m = node.items[2];
    if (!isString(m)) fail(node, `${cmd} needs a message`);
    if (node.items.length > 3) fail(node.items[3], `unexpected operand of ${cmd}`);
    return stringText(m, "message");
  }

  async command(node) {
    if (!isList(node)) fail(node, "expected a command in parentheses");
    const kw = head(node);
    const line = node.line;
    const items = node.items;
    switch (kw) {
      case "component":
      case "module": {
        if (isAtom(items[1], "instance")) {
          return { type: `${kw}_instance`, line, ...this.instanceParts(node) };
        }
        const parts = moduleParts(node);
        const r = await this.positiveModule(node, parts);
        if (r.skip) {
          this.stats.skips.push({ line, reason: r.skip });
          return { type: "skip", line, reason: r.skip };
        }
        const cmd = { type: parts.definition ? `${kw}_definition` : kw, line, filename: r.filename };
        if (parts.id) cmd.name = parts.id;
        return cmd;
      }
      case "register": {
        const cmd = { type: "register", line };
        if (isId(items[2])) cmd.name = items[2].text;
        cmd.as = stringText(items[1], "registered name");
        if (items.length > (cmd.name ? 3 : 2)) fail(node, "(register \"name\" $instance?)");
        return cmd;
      }
      case "invoke":
      case "get":
        return { type: "action", line, action: this.action(node), expected: [] };
      case "assert_return":
        return {
          type: "assert_return",
          line,
          action: this.action(items[1]),
          expected: items.slice(2).map(parenValue),
        };
      case "assert_exhaustion":
        return { type: kw, line, action: this.action(items[1]), text: this.message(node, kw) };
      case "assert_trap": {
        const what = items[1];
        const h = head(what);
        if (h === "invoke" || h === "get") {
          return { type: "assert_trap", line, action: this.action(what), text: this.message(node, kw) };
        }
        // A trap while instantiating: wabt's assert_uninstantiable, for a module given inline or
        // for an instance of a definition.
        if ((h === "component" || h === "module") && isAtom(what.items[1], "instance")) {
          return {
            type: "assert_uninstantiable",
            line,
            instance: { type: `${h}_instance`, ...this.instanceParts(what) },
            text: this.message(node, kw),
          };
        }
        const m = await this.assertedModule(what, false);
        return { type: "assert_uninstantiable", line, filename: m.filename, text: this.message(node, kw), module_type: m.module_type, kind: m.kind };
      }
      case "assert_invalid":
      case "assert_malformed":
      case "assert_unlinkable": {
        const m = await this.assertedModule(items[1], kw !== "assert_unlinkable");
        return { type: kw, line, filename: m.filename, text: this.message(node, kw), module_type: m.module_type, kind: m.kind, ...(m.text_error ? { text_error: m.text_error } : {}) };
      }
      default:
        return fail(node, `unknown command ${kw === undefined ? "form" : kw}`);
    }
  }
}

// One command per line, in a fixed key order, so that the output can be compared as text.
export function formatJson(sourceFilename, commands) {
  const lines = commands.map((c) => " " + JSON.stringify(c));
  return `{"source_filename":${JSON.stringify(sourceFilename)},"commands":[\n${lines.join(",\n")}\n]}\n`;
}

// Converts FILE into OUTDIR; returns stats {commands, modules, text_modules, skips}.
// opts.known replaces KNOWN_UNPARSABLE; opts.key names the file in it (default: FILE's name).
export async function convertWast(file, outdir, jco, opts = {}) {
  const text = readFileSync(file, "utf8");
  const name = basename(file).replace(/\.wast$/, "");
  mkdirSync(outdir, { recursive: true });
  const conv = new Converter(text, name, outdir, jco, {
    known: opts.known ?? KNOWN_UNPARSABLE,
    key: opts.key ?? basename(file),
  });
  for (const node of parseSexprs(text)) {
    conv.commands.push(await conv.command(node));
  }
  conv.stats.commands = conv.commands.length;
  writeFileSync(join(outdir, `${name}.json`), formatJson(basename(file), conv.commands));
  return conv.stats;
}
