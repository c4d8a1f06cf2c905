/**
 * docker-compose.yml, the production reference, checked without a Docker engine: valid against the
 * compose-spec JSON schema (taken from the compose-go module through Go's module cache), and holding to
 * what production needs: required secrets, one published service (Caddy with HSTS), two of each app process.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { BlockList } from 'node:net';
import { PROJECT_ROOT } from '../scripts/lib/project-paths.js';

/** The compose-spec schema as Docker Compose itself validates with (compose-go), pinned by module version. */
const COMPOSE_GO = 'github.com/compose-spec/compose-go/v2@v2.16.2';

interface Service {
  image?: string; build?: unknown; command?: string[]; ports?: string[]; profiles?: string[]; networks?: Record<string, { ipv4_address?: string }>;
  environment?: Record<string, string>; healthcheck?: { test: string[] }; deploy?: { replicas?: number };
}

const source = readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8');
const compose = parse(source, { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const caddyfile = readFileSync(path.join(PROJECT_ROOT, 'Caddyfile'), 'utf8');
const dockerfile = readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');

function subnetHas(cidr: string, address: string): boolean {
  const [network, prefix] = cidr.split('/');
  const list = new BlockList();
  list.addSubnet(network, Number(prefix), 'ipv4');
  return list.check(address, 'ipv4');
}

function composeSchema(): object {
  const { Dir } = JSON.parse(execFileSync('go', ['mod', 'download', '-json', COMPOSE_GO], { encoding: 'utf8' })) as { Dir: string };
  return JSON.parse(readFileSync(path.join(Dir, 'schema', 'compose-spec.json'), 'utf8'));
}

test('docker-compose.yml is valid against the compose-spec schema', () => {
  const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(composeSchema());
  const valid = validate(compose);
  assert.ok(valid, JSON.stringify(validate.errors, null, 2));
});

test('the schema check catches a broken file', () => {
  const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(composeSchema());
  assert.not.ok(validate({ services: { api: { imagee: 'cistern-app' } } }), 'an unknown service key');
  assert.not.ok(validate({ services: { api: { healthcheck: { test: 42 } } } }), 'a healthcheck that is not a command');
});

test('every secret is required: no fallback value for a password, secret, key or credentialed URL', () => {
  const references = [...source.matchAll(/\$\{([A-Z_]+)(:?[-?])?([^}]*)\}/g)];
  const secret = /PASSWORD|SECRET|KEY|SMTP_URL/;
  const withFallback = references.filter(([, name, operator]) => secret.test(name) && operator !== ':?').map(([text]) => text);
  assert.equal(withFallback, []);
  for (const name of ['POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'SESSION_SECRET', 'SMS_API_KEY', 'SMTP_URL', 'DEMO_PASSWORD']) {
    assert.ok(references.some(([, n, operator]) => n === name && operator === ':?'), `${name} is required`);
  }
  assert.not.match(source, /change-me|cistern-demo|postgres:postgres@/);
});

test('only Caddy is published; the Temporal UI is not; Caddy sends HSTS and balances over the APIs', () => {
  const published = Object.entries(services).filter(([, service]) => service.ports?.length).map(([name]) => name);
  assert.equal(published, ['caddy']);
  const ui = Object.values(services).find((service) => service.image?.startsWith('temporalio/ui'));
  assert.ok(ui && !ui.ports, 'the Temporal UI runs unpublished');
  assert.match(caddyfile, /Strict-Transport-Security "max-age=\d+/);
  assert.match(caddyfile, /dynamic a api 3000/);
  assert.match(caddyfile, /health_uri \/health/);
});

test('the APIs believe X-Forwarded-For from Caddy alone, so the sign-in throttle counts each real client', () => {
  const caddyAddress = services.caddy.networks?.default?.ipv4_address;
  assert.ok(caddyAddress, 'Caddy has a fixed address');
  assert.is(services.api.environment?.TRUST_PROXY, caddyAddress);
  const { subnet } = (compose as unknown as { networks: { default: { ipam: { config: [{ subnet: string }] } } } }).networks.default.ipam.config[0];
  assert.ok(subnetHas(subnet, caddyAddress), `${caddyAddress} is in ${subnet}`);
});

test('two copies of each app process; Temporal on PostgreSQL; Redis with AOF; healthchecks', () => {
  for (const name of ['api', 'temporal-worker', 'jobs-worker']) assert.is(services[name].deploy?.replicas, 2, name);
  assert.match(services.temporal.image ?? '', /^temporalio\/(auto-setup|server):1\.29/);
  assert.is(services.temporal.environment?.DB, 'postgres12');
  assert.ok(services.redis.command?.join(' ').includes('--appendonly yes'));
  for (const name of ['postgres', 'redis', 'temporal', 'api', 'caddy']) assert.ok(services[name].healthcheck?.test.length, `${name} has a healthcheck`);
  assert.is(services.api.environment?.NODE_ENV, 'production');
});

test('the app processes run the compiled build (npm run build), not the TypeScript sources', () => {
  for (const name of ['migrate', 'api', 'temporal-worker', 'jobs-worker']) {
    const command = services[name].command ?? [];
    assert.is(command[0], 'node', name);
    const script = command.slice(1).find((part) => !part.startsWith('--')) ?? '';
    assert.match(script, /^dist\/.+\.js$/, `${name} runs ${command.join(' ')}`);
  }
  assert.match(dockerfile, /RUN npm run build/);
});

test('demo data only under the demo profile', () => {
  const seeding = Object.entries(services).filter(([, service]) => service.command?.some((part) => part.includes('seed')));
  assert.equal(seeding.map(([name]) => name), ['seed-demo']);
  assert.equal(seeding[0][1].profiles, ['demo']);
});

test.run();
