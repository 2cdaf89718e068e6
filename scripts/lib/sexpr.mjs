// S-expressions of the WebAssembly text format, as .wast scripts use them.
//
// parseSexprs(text) returns the top-level forms of a script as a tree of nodes, each with the
// offsets of its source text (start inclusive, end exclusive, in UTF-16 units of `text`) and the
// 1-based line it starts on:
//   {kind: "list", items: [node...], start, end, line}
//   {kind: "atom", text: "i32.const", start, end, line}       keywords, numbers, $ids, $"ids", ...
//   {kind: "string", bytes: Buffer, start, end, line}        "..." with its escapes decoded
// `;;` line comments and nesting `(; ... ;)` block comments are skipped. Malformed input (an
// unclosed paren or string, a stray `)`, a bad escape) throws a SexprError naming the line.

export class SexprError extends Error {
  constructor(message, line) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

// Characters that end an atom besides whitespace.
const DELIMS = new Set(["(", ")", '"', ";"]);

function isSpace(c) {
  return c === " " || c === "\t" || c === "\n" || c === "\r";
}

// Decodes the escapes of a string's body (between the quotes) into its bytes.
function decodeString(body, line) {
  const out = [];
  const push = (s) => {
    for (const b of Buffer.from(s, "utf8")) out.push(b);
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== "\\") {
      // Keep surrogate pairs together so astral characters become their 4-byte UTF-8 form.
      const cp = body.codePointAt(i);
      const ch = String.fromCodePoint(cp);
      push(ch);
      i += ch.length - 1;
      continue;
    }
    const e = body[++i];
    if (e === undefined) throw new SexprError("string ends in a lone backslash", line);
    switch (e) {
      case "t": out.push(0x09); break;
      case "n": out.push(0x0a); break;
      case "r": out.push(0x0d); break;
      case '"': out.push(0x22); break;
      case "'": out.push(0x27); break;
      case "\\": out.push(0x5c); break;
      case "u": {
        const m = /^\{([0-9a-fA-F](?:_?[0-9a-fA-F])*)\}/.exec(body.slice(i + 1));
        if (!m) throw new SexprError("malformed \\u{...} escape in a string", line);
        const cp = parseInt(m[1].replace(/_/g, ""), 16);
        if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) {
          throw new SexprError(`\\u{${m[1]}} is not a Unicode scalar value`, line);
        }
        push(String.fromCodePoint(cp));
        i += m[0].length;
        break;
      }
      default: {
        const h = body.slice(i, i + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) {
          throw new SexprError(`unknown escape \\${e} in a string`, line);
        }
        out.push(parseInt(h, 16));
        i += 1;
      }
    }
  }
  return Buffer.from(out);
}

export function parseSexprs(text) {
  const top = [];
  const stack = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  const add = (node) => {
    if (stack.length) stack[stack.length - 1].items.push(node);
    else top.push(node);
  };
  while (i < n) {
    const c = text[i];
    if (c === "\n") { line++; i++; continue; }
    if (isSpace(c)) { i++; continue; }
    if (c === ";" && text[i + 1] === ";") {
      while (i < n && text[i] !== "\n") i++;
      continue;
    }
    if (c === "(" && text[i + 1] === ";") {
      const startLine = line;
      let depth = 1;
      i += 2;
      while (depth > 0) {
        if (i >= n) throw new SexprError("unclosed block comment", startLine);
        if (text[i] === "(" && text[i + 1] === ";") { depth++; i += 2; }
        else if (text[i] === ";" && text[i + 1] === ")") { depth--; i += 2; }
        else { if (text[i] === "\n") line++; i++; }
      }
      continue;
    }
    if (c === "(") {
      stack.push({ kind: "list", items: [], start: i, end: -1, line });
      i++;
      continue;
    }
    if (c === ")") {
      if (!stack.length) throw new SexprError("unexpected )", line);
      const node = stack.pop();
      node.end = i + 1;
      add(node);
      i++;
      continue;
    }
    if (c === '"') {
      const startLine = line;
      const start = i;
      i++;
      while (true) {
        if (i >= n) throw new SexprError("unclosed string", startLine);
        const d = text[i];
        if (d === '"') break;
        if (d === "\n") line++;
        i += d === "\\" ? 2 : 1;
      }
      i++;
      const bytes = decodeString(text.slice(start + 1, i - 1), startLine);
      add({ kind: "string", bytes, start, end: i, line: startLine });
      continue;
    }
    if (c === ";") throw new SexprError("stray ;", line);
    const start = i;
    while (i < n && !isSpace(text[i]) && !DELIMS.has(text[i])) i++;
    if (i === start + 1 && c === "$" && text[i] === '"') {
      // A quoted identifier, $"a name": one atom, kept as written.
      i++;
      while (i < n && text[i] !== '"' && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
      if (text[i] !== '"') throw new SexprError("unclosed identifier $\"...", line);
      i++;
    }
    add({ kind: "atom", text: text.slice(start, i), start, end: i, line });
  }
  if (stack.length) {
    throw new SexprError("unclosed (", stack[stack.length - 1].line);
  }
  return top;
}

// Helpers for reading nodes.
export const isList = (n) => n !== undefined && n.kind === "list";
export const isAtom = (n, text) =>
  n !== undefined && n.kind === "atom" && (text === undefined || n.text === text);
export const isString = (n) => n !== undefined && n.kind === "string";
export const isId = (n) => isAtom(n) && n.text.startsWith("$");
export const head = (n) => (isList(n) && isAtom(n.items[0]) ? n.items[0].text : undefined);
