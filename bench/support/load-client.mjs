// The load side of bench:smp's /healthz case, on its own thread so that reading the large responses
// never delays the probes: it measures /healthz alone, then fires the heavy requests all at once and
// probes /healthz one request after another until every heavy one has answered.
import { parentPort, workerData } from 'node:worker_threads';

const { baseUrl, baselineProbes, heavy } = workerData;

async function probe() {
  const t = performance.now();
  const res = await fetch(`${baseUrl}/healthz`);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`/healthz answered ${res.status}`);
  return performance.now() - t;
}

const baseline = [];
for (let i = 0; i < 100; i++) await probe(); // connection and JIT warm-up
for (let i = 0; i < baselineProbes; i++) baseline.push(await probe());

let pending = heavy.length;
const started = performance.now();
const outcomes = heavy.map(async ({ url, headers }) => {
  const res = await fetch(`${baseUrl}${url}`, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  pending -= 1;
  // Classified without parsing megabytes of JSON: the marker of a check not shown, else a report.
  const unavailable = /"plainEnglishUnavailable":\{"code":"([a-z-]+)"/.exec(body.subarray(-2000).toString('utf8'));
  return {
    status: res.status,
    outcome: unavailable?.[1] ?? 'checked',
    ms: performance.now() - started,
    bytes: body.length,
  };
});
const loaded = [];
while (pending > 0) loaded.push(await probe());
parentPort.postMessage({ baseline, loaded, heavy: await Promise.all(outcomes) });
