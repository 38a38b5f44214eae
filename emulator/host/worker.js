/**
 * One function instance: a worker thread that loads functionsDir/<name>/index.js once (warm) and runs one
 * invocation at a time, as a CloudBase instance does. Its process.env is its own copy, so the identity
 * set for one invocation is never seen by another worker.
 * Plain JavaScript on purpose: it runs unchanged under tsx (npm start) and under jest.
 */
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Module = require('node:module');
const path = require('node:path');
const dns = require('node:dns');

// Functions outside the repo (tests' temporary folders) still resolve wx-server-sdk from the repo.
if (workerData.fallbackNodePath) {
  process.env.NODE_PATH = [process.env.NODE_PATH, workerData.fallbackNodePath].filter(Boolean).join(path.delimiter);
  Module._initPaths();
}

for (const [k, v] of Object.entries(workerData.baseEnv || {})) process.env[k] = v;

// Record every DNS lookup made on the function path: the function host must never need one.
const dnsLookups = [];
for (const api of [dns, dns.promises]) {
  for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6']) {
    const original = api[name];
    if (typeof original !== 'function') continue;
    api[name] = function tracedLookup(host, ...rest) {
      dnsLookups.push(String(host));
      return original.call(this, host, ...rest);
    };
  }
}

let fn = null;
let loadError = null;
function load() {
  if (fn || loadError) return;
  try {
    const mod = require(path.join(workerData.functionDir, 'index.js'));
    fn = mod && typeof mod.main === 'function' ? mod.main : null;
    if (!fn) loadError = new Error(`index.js 没有导出 main 函数: ${workerData.functionName}`);
  } catch (e) {
    loadError = e;
  }
}

function describe(err) {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { name: 'Error', message: typeof err === 'string' ? err : safeJson(err), stack: undefined };
}

function safeJson(v) {
  try {
    return JSON.stringify(v);
  } catch (_) {
    return String(v);
  }
}

parentPort.on('message', async (msg) => {
  if (msg.type !== 'invoke') return;
  for (const k of workerData.contextKeys || []) delete process.env[k];
  for (const [k, v] of Object.entries(msg.env)) process.env[k] = v;
  const lookupsBefore = dnsLookups.length;
  if (loadError) {
    parentPort.postMessage({ type: 'result', id: msg.id, ok: false, error: describe(loadError), dnsLookups: dnsLookups.slice(lookupsBefore) });
    return;
  }
  const context = {
    callbackWaitsForEmptyEventLoop: false,
    request_id: msg.requestId,
    function_name: workerData.functionName,
    function_version: '$LATEST',
    memory_limit_in_mb: 256,
    time_limit_in_ms: msg.timeoutMs,
    namespace: msg.env.TCB_ENV,
    environ: '',
  };
  try {
    const value = await fn(msg.event, context);
    // CloudBase returns the JSON of what main resolved to; undefined becomes null.
    const json = value === undefined ? 'null' : JSON.stringify(value);
    parentPort.postMessage({ type: 'result', id: msg.id, ok: true, json: json === undefined ? 'null' : json, dnsLookups: dnsLookups.slice(lookupsBefore) });
  } catch (err) {
    parentPort.postMessage({ type: 'result', id: msg.id, ok: false, error: describe(err), dnsLookups: dnsLookups.slice(lookupsBefore) });
  }
});

// An event that arrived but cannot be read here: answer at once instead of leaving the caller to time out.
parentPort.on('messageerror', (err) => {
  parentPort.postMessage({ type: 'result', ok: false, error: describe(err), dnsLookups: [] });
});

// Load at start (cold start is not billed against the invocation timeout); a load error is reported
// to every invocation, as CloudBase does.
load();
parentPort.postMessage({ type: 'ready' });
