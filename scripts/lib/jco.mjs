// Loads the wasm-tools that jco bundles, from the copy scripts/install-jco.sh installs in
// tools/jco/node_modules (the version tools/jco/package.json pins).
//
// jco's API (`import { parse, componentNew, ... } from "@bytecodealliance/jco"`) re-exports these
// functions from its own dependency @bytecodealliance/jco-transpile/wasm-tools; this loads that
// module, resolved from jco's directory, so it is the very code jco's `parse` runs. Importing jco's
// whole API would also load its transpiler, whose native oxc-minify binding npm leaves out on
// Node.js older than 20.19 (Debian 12 has 18): the wasm-tools need no native code.
//
// jco runs its wasm-tools as a component on the preview2-shim, whose filesystem starts with no
// preopened directory: a call that reads a path (componentEmbed's witPath) fails ("failed to get
// path metadata", or a panic) until setPreopens() grants the directories it needs.

import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const JCO_DIR = resolve(REPO_ROOT, "tools", "jco");

let loaded;

// Returns {parse, print, componentNew, componentEmbed, componentWit, preview1Adapter, setPreopens}.
export async function loadJco() {
  if (loaded) return loaded;
  const jcoDir = resolve(JCO_DIR, "node_modules", "@bytecodealliance", "jco");
  if (!existsSync(resolve(jcoDir, "package.json"))) {
    throw new Error(`jco is not installed in ${JCO_DIR}: run scripts/install-jco.sh`);
  }
  const requireFromJco = createRequire(resolve(jcoDir, "package.json"));
  const wasmTools = requireFromJco.resolve("@bytecodealliance/jco-transpile/wasm-tools");
  const tools = await import(pathToFileURL(wasmTools).href);
  // The preview2-shim instance that these wasm-tools import: resolved from jco-transpile, which
  // may hold a version of its own beside jco's.
  const requireFromTranspile = createRequire(wasmTools);
  const fsShim = await import(
    pathToFileURL(requireFromTranspile.resolve("@bytecodealliance/preview2-shim/filesystem")).href
  );
  loaded = {
    parse: tools.parse,
    print: tools.print,
    componentNew: tools.componentNew,
    componentEmbed: tools.componentEmbed,
    componentWit: tools.componentWit,
    // The file of jco's WASI preview1 adapter, "command" or "reactor" (jco's
    // preview1AdapterCommandPath/preview1AdapterReactorPath).
    preview1Adapter: (which) => resolve(jcoDir, "lib", `wasi_snapshot_preview1.${which}.wasm`),
    // Maps each directory to the same path in the guest: ["/abs/dir", ...].
    setPreopens: (dirs) => fsShim._setPreopens(Object.fromEntries(dirs.map((d) => [d, d]))),
  };
  return loaded;
}

// The message of an error thrown by one of jco's wasm-tools calls. They throw a ComponentError
// whose message is Rust's Debug form of the error; for text errors this pulls out the message and
// its position (wasm-tools counts lines from 0):
//   Error { kind: Wast(Error { inner: ErrorInner { text: Some(Text { line: 2, col: 35, ... }),
//   ..., kind: Custom("expected `(`") } }) }
export function jcoErrorMessage(e) {
  const raw = String(e?.payload ?? e?.message ?? e);
  const pos = /Text \{ line: (\d+), col: (\d+)/.exec(raw);
  let text;
  const custom = /kind: Custom\("((?:[^"\\]|\\.)*)"\)/.exec(raw);
  if (custom) text = custom[1].replace(/\\(.)/g, "$1");
  else {
    const lex = /kind: (Lex\(.*\)) \} \}\) \}$/.exec(raw);
    if (lex) text = lex[1];
  }
  if (text !== undefined) {
    return pos ? `line ${Number(pos[1]) + 1}, column ${Number(pos[2]) + 1}: ${text}` : text;
  }
  return raw;
}
