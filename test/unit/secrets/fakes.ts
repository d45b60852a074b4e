/**
 * Builds realistic-looking but fake credentials at test time, so that no token-shaped literal is
 * committed to the repository. Deterministic (seeded PRNG) so failures are reproducible.
 */

import { githubStyleChecksum } from '../../../server/src/engine/secrets';

export const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const BASE64 = ALNUM + '+/';
export const HEX = '0123456789abcdef';
export const URLSAFE = ALNUM + '-_';

/** For assertion messages: every run of 12+ token characters shortened to its first 4 and an ellipsis. */
export function mask(text: string): string {
  return String(text).replace(/[A-Za-z0-9+/_=.-]{12,}/g, (run) => run.slice(0, 4) + '…');
}

/** mulberry32: tiny seeded PRNG. */
export function makeRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Fakes {
  private readonly rng: () => number;
  constructor(seed = 20240601) {
    this.rng = makeRng(seed);
  }

  /** Random string; retried until it contains every character class the alphabet offers (like real tokens). */
  str(alphabet: string, len: number): string {
    for (let attempt = 0; attempt < 100; attempt++) {
      let s = '';
      for (let i = 0; i < len; i++) s += alphabet[Math.floor(this.rng() * alphabet.length)];
      const needs = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(alphabet));
      if (len < 8 || needs.every((re) => re.test(s))) {
        if (!/(.)\1{4,}/.test(s) && !/test|fake|example|dummy|sample|mock|xxxx/i.test(s)) return s;
      }
    }
    throw new Error('could not build a fake string');
  }

  /** ghp_/gho_/… token with a valid checksum. */
  githubToken(prefix = 'ghp'): string {
    const body = this.str(ALNUM, 30);
    return prefix + '_' + body + githubStyleChecksum(body);
  }

  /** Same shape, checksum deliberately wrong. */
  githubTokenBadChecksum(prefix = 'ghp'): string {
    const body = this.str(ALNUM, 30);
    const good = githubStyleChecksum(body);
    const bad = good.slice(0, 5) + (good[5] === 'a' ? 'b' : 'a');
    return prefix + '_' + body + bad;
  }

  npmToken(): string {
    const body = this.str(ALNUM, 30);
    return 'npm' + '_' + body + githubStyleChecksum(body);
  }

  githubFineGrained(): string {
    return 'github' + '_pat_' + this.str(ALNUM, 22) + '_' + this.str(ALNUM, 59);
  }

  awsKeyId(prefix = 'AKIA'): string {
    return prefix + this.str(UPPER_ALNUM, 16);
  }

  awsSecret(): string {
    for (;;) {
      const s = this.str(BASE64, 40);
      if (/[/+]/.test(s)) return s;
    }
  }

  stripe(prefix: 'sk_live_' | 'rk_live_' | 'sk_test_' | 'pk_live_'): string {
    return prefix + this.str(ALNUM, 24);
  }

  stripeWebhookSecret(): string {
    return 'wh' + 'sec_' + this.str(ALNUM, 32);
  }

  slackBot(): string {
    return 'xo' + 'xb-' + this.digits(12) + '-' + this.digits(13) + '-' + this.str(ALNUM, 24);
  }

  slackUser(): string {
    return 'xo' + 'xp-' + this.digits(12) + '-' + this.digits(12) + '-' + this.digits(13) + '-' + this.str(HEX, 32);
  }

  slackWebhook(): string {
    return 'https://hooks.' + 'slack.com/services/T' + this.str(UPPER_ALNUM, 8) + '/B' + this.str(UPPER_ALNUM, 10) + '/' + this.str(ALNUM, 24);
  }

  sendgrid(): string {
    return 'S' + 'G.' + this.str(URLSAFE, 22) + '.' + this.str(URLSAFE, 43);
  }

  googleApiKey(): string {
    return 'AI' + 'za' + this.str(URLSAFE, 35);
  }

  openaiLegacy(): string {
    return 's' + 'k-' + this.str(ALNUM, 48);
  }

  openaiProject(): string {
    return 's' + 'k-proj-' + this.str(URLSAFE, 120);
  }

  anthropic(): string {
    return 's' + 'k-ant-api03-' + this.str(URLSAFE, 93) + 'AA';
  }

  twilioSid(): string {
    return 'A' + 'C' + this.str(HEX, 32);
  }

  twilioApiKey(): string {
    return 'S' + 'K' + this.str(HEX, 32);
  }

  hex(len: number): string {
    return this.str(HEX, len);
  }

  base64(len: number): string {
    return this.str(BASE64, len);
  }

  azureAccountKey(): string {
    return this.str(BASE64, 86) + '==';
  }

  azureSharedAccessKey(): string {
    return this.str(BASE64, 43) + '=';
  }

  digits(len: number): string {
    let s = String(1 + Math.floor(this.rng() * 9));
    while (s.length < len) s += String(Math.floor(this.rng() * 10));
    return s;
  }

  /** PEM private key block with a random base64 body (64-char lines). */
  pem(label = 'RSA PRIVATE KEY', bodyLen = 800, newline = '\n'): string {
    const body = 'MII' + this.str(BASE64, bodyLen - 3);
    const lines: string[] = [];
    for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
    return '-----BEGIN ' + label + '-----' + newline + lines.join(newline) + newline + '-----END ' + label + '-----';
  }
}
