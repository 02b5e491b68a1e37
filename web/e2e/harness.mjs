// Processes and a minimal test runner for the end-to-end suite (no test framework needed: the
// suite is one ordered story against one service and one simulator).
import { spawn } from 'node:child_process';

const children = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

// Starts a program that prints `listening on HOST:PORT` (stdout or stderr) and resolves with its
// port. The output is kept for failure reports.
export function startListening(name, argv, env = {}, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let output = '';
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`${name} did not report its port within ${timeoutMs} ms`)), timeoutMs);
    const fail = (err) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${err.message}\n--- ${name} output ---\n${output}`));
    };
    const onData = (chunk) => {
      output += chunk.toString();
      if (output.length > 200_000) output = output.slice(-100_000);
      const m = /listening on [^\s"]*:(\d+)/.exec(output);
      if (m && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({
          name, port: Number(m[1]), child, output: () => output,
          stop: (signal = 'SIGTERM') => stopChild(child, signal),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      children.delete(child);
      fail(new Error(`${name} exited early (code ${code}, signal ${signal})`));
    });
  });
}

export function stopChild(child, signal = 'SIGTERM', timeoutMs = 10_000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve(code);
    });
    child.kill(signal);
  });
}

export async function httpRequest(method, url) {
  const res = await fetch(url, { method });
  const body = await res.text();
  return { status: res.status, headers: res.headers, body };
}

export function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

// Ordered tests; a failure is reported and the run goes on (later tests may still pass), unless
// the test is marked `required` (the story cannot continue without it).
export class Suite {
  constructor() {
    this.tests = [];
  }
  test(name, fn, { required = false } = {}) {
    this.tests.push({ name, fn, required });
  }
  async run() {
    let passed = 0;
    let failed = 0;
    const started = Date.now();
    for (const t of this.tests) {
      const t0 = Date.now();
      try {
        await t.fn();
        passed += 1;
        console.log(`ok   ${t.name} (${Date.now() - t0} ms)`);
      } catch (err) {
        failed += 1;
        console.log(`FAIL ${t.name} (${Date.now() - t0} ms)\n     ${String(err.stack ?? err).split('\n').join('\n     ')}`);
        if (t.required) {
          console.log('     (required: the remaining tests are skipped)');
          failed += this.tests.length - this.tests.indexOf(t) - 1;
          break;
        }
      }
    }
    console.log(`web e2e: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`${passed} passed, ${failed} failed`);
    return failed === 0;
  }
}
