#!/usr/bin/env node
// Completes package-lock.json with the other platforms' optional packages (Biome, @napi-rs/canvas).
//
// Why: the npm registry these machines reach does not serve those platform packages, so `npm install`
// here leaves them out of the lock, and `npm ci` then refuses the lock as out of sync. Each missing
// entry is added with its os/cpu/libc (read from the package name), so `npm ci` skips it as
// incompatible, as it does on any other machine. Idempotent; run it after `npm install` (.ci/run does).
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const PLATFORM =
  /-(android|darwin|linux|win32|freebsd)-(arm64|x64|arm|ia32|riscv64|s390x|ppc64|loong64)(?:-(gnu|musl|msvc|gnueabihf))?$/;
let added = 0;
for (const [path, meta] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue;
    const m = PLATFORM.exec(name);
    if (!m) continue;
    const [, os, cpu, abi] = m;
    const entry = { version, cpu: [cpu], dev: meta.dev, license: meta.license, optional: true, os: [os] };
    if (abi === 'musl' || (os === 'linux' && (abi === 'gnu' || abi === 'gnueabihf')))
      entry.libc = [abi === 'musl' ? 'musl' : 'glibc'];
    if (!entry.dev) delete entry.dev;
    if (!entry.license) delete entry.license;
    lock.packages[`node_modules/${name}`] = entry;
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: ${added} platform package entr${added === 1 ? 'y' : 'ies'} added`);
