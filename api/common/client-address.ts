/** Who is calling from where: the client's address as the sign-in throttle counts it, seen through trusted proxies. */
import type { Context } from 'hono';
import { BlockList, isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Config } from '../../infra/config.js';
import { scryptCost } from '../../domain/auth/password.js';
import type { SignInPolicy } from '../../domain/auth/sign-in.js';
import type { AppEnv } from '../app-env.js';
import { remembered } from '../../domain/common/remembered.js';

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is 10.0.0.1. */
function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped?.[1] ?? address;
}

const trustLists = new WeakMap<string[], BlockList>();

/** TRUST_PROXY as a BlockList (used as an allow-list), built once per configuration. */
function trustedProxies(entries: string[]): BlockList {
  return remembered(trustLists, entries, blockListOf);
}

function blockListOf(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

function socketAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

/**
 * The caller's address. The socket's, unless it is a trusted proxy: then X-Forwarded-For
 * is read from the right (the hop our proxy added) leftwards, skipping trusted proxies,
 * and the first untrusted hop is the client. A header sent by anyone else is ignored, so a
 * client cannot pick its own address to dodge the per-address throttle.
 */
export function clientAddress(c: Context<AppEnv>): string {
  const peer = socketAddress(c);
  if (!peer) return 'unknown';
  const trusted = trustedProxies(c.get('deps').config.TRUST_PROXY);
  let client = plainAddress(peer);
  if (!isTrusted(trusted, client)) return client;
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((hop) => plainAddress(hop.trim())).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (!isIP(hop)) break; // garbage in the chain: stop at the last address we could trust
    client = hop;
    if (!isTrusted(trusted, hop)) break;
  }
  return client;
}

/** Whether the request came straight from a proxy in TRUST_PROXY (whose own headers may then be believed). */
export function fromTrustedProxy(c: Context<AppEnv>): boolean {
  const peer = socketAddress(c);
  return !!peer && isTrusted(trustedProxies(c.get('deps').config.TRUST_PROXY), plainAddress(peer));
}

/** True when the request reached us over HTTPS, directly or as a trusted proxy says. */
export function cameOverHttps(c: Context<AppEnv>): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return fromTrustedProxy(c) && c.req.header('x-forwarded-proto') === 'https';
}

export function signInPolicy(config: Config): SignInPolicy {
  return {
    limits: {
      maxFailuresPerAccount: config.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerAddress: config.LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowMinutes: config.LOGIN_THROTTLE_WINDOW_MINUTES,
    },
    cost: scryptCost(config.PASSWORD_SCRYPT_LOG2_N),
  };
}
