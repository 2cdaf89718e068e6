// Runs a workload in node's WebAssembly engine: `node run.mjs W.wasm ROUNDS` prints
// bench_run(ROUNDS) as a signed decimal. The module imports nothing.
import { readFileSync } from 'node:fs';

const [file, rounds] = process.argv.slice(2);
if (!file || !/^[0-9]+$/.test(rounds ?? '')) {
  console.error('usage: node run.mjs W.wasm ROUNDS');
  process.exit(2);
}
const { instance } = await WebAssembly.instantiate(readFileSync(file), {});
const sum = instance.exports.bench_run(Number(rounds) | 0);
console.log(BigInt.asIntN(64, sum).toString());
