// A call service in Node.js: Select, then a Dial stream (503, 404, 200, hang up), against a
// running siproute. Loads ../../../../proto/src/main/proto as it is, the way any generated or
// dynamic client in another language would. Exits non-zero on any mismatch.
//
// usage: node client.mjs <host:port> [api key]
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const protoRoot = path.resolve(here, '../../../../proto/src/main/proto');
const target = process.argv[2] ?? '127.0.0.1:50051';
const apiKey = process.argv[3] ?? process.env.SIPROUTE_KEY ?? '';

const definition = protoLoader.loadSync(
  ['siproute/v1/route_select.proto', 'siproute/v1/route_admin.proto'],
  { includeDirs: [protoRoot], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true },
);
const v1 = grpc.loadPackageDefinition(definition).siproute.v1;
const metadata = new grpc.Metadata();
if (apiKey) metadata.set('authorization', `Bearer ${apiKey}`);
const select = new v1.RouteSelect(target, grpc.credentials.createInsecure());

function deadline(seconds = 5) {
  return new Date(Date.now() + seconds * 1000);
}

const plan = await new Promise((resolve, reject) =>
  select.Select({ customer_id: 'acme', destination: '+49 30 1234567', explain: true }, metadata,
    { deadline: deadline() }, (err, res) => (err ? reject(err) : resolve(res))));
assert.equal(plan.destination, '49301234567');
assert.ok(plan.attempts.length >= 3, `expected 3 attempts, got ${plan.attempts.length}`);
console.log(`select: ${plan.attempts.map((a) => a.provider_id).join(' > ')} (${plan.strategy}, r${plan.revision})`);

// Bad input gets INVALID_ARGUMENT naming the field.
await new Promise((resolve, reject) =>
  select.Select({ customer_id: 'acme', destination: 'not a number' }, metadata, { deadline: deadline() }, (err) => {
    try {
      assert.ok(err, 'a bad destination must be refused');
      assert.equal(err.code, grpc.status.INVALID_ARGUMENT);
      assert.match(err.details, /destination/);
      resolve();
    } catch (e) { reject(e); }
  }));

const answers = [503, 404, 200];
const seen = [];
const outcome = await new Promise((resolve, reject) => {
  const call = select.Dial(metadata);
  call.on('data', (response) => {
    if (response.attempt) {
      seen.push(response.attempt.provider_id);
      const code = answers.shift();
      call.write({ result: { index: response.attempt.index, sip_code: code } });
    } else if (response.end) {
      if (response.end.outcome === 'CONNECTED') {
        call.write({ ended: { duration_ms: 42000 } });
      }
      resolve(response.end);
    }
  });
  call.on('error', reject);
  call.write({ start: { request: { customer_id: 'acme', destination: '+4930 1234567' }, call_id: 'node-1' } });
});
assert.equal(outcome.outcome, 'CONNECTED');
assert.equal(outcome.connected_index, 2);
assert.deepEqual(seen, plan.attempts.slice(0, 3).map((a) => a.provider_id));
console.log(`dial: ${seen.join(' > ')} -> ${outcome.outcome} after ${outcome.attempts} attempts`);
select.close();
console.log('node client: all checks passed');
