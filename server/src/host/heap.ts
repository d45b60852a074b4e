import * as v8 from 'node:v8';

/**
 * V8 flags for a batch run (the CLI): a scan allocates fast (every file is parsed, most trees die
 * young) and keeps little, and V8's defaults let each heap grow to several times what is alive and
 * double the young generation up to 16 MB. Growing a heap by 20% at a time and keeping the young
 * generation at its first size cut the peak memory of a scan of aws-samples/serverless-patterns from
 * 360–415 MB to 265–310 MB, for 15–20% more time (docs/cli.md, "Memory").
 *
 * V8 reads them whenever it sizes a heap, so setting them at run time takes effect; a worker thread
 * sets them again when it starts (`LaneConfig.v8Flags`: without that its heap grows as by default).
 * bin/serverless-guard.js sets the same list before the bundle loads (a test keeps the two equal).
 * `SERVERLESS_GUARD_HEAP=default` keeps V8's defaults.
 */
export const BATCH_V8_FLAGS: readonly string[] = ['--heap-growing-percent=20', '--semi-space-growth-factor=1'];

/** The flags a batch run applies, or none when the user asked for V8's defaults. */
export function batchV8Flags(): string[] {
  return process.env.SERVERLESS_GUARD_HEAP === 'default' ? [] : [...BATCH_V8_FLAGS];
}

export function applyV8Flags(flags: readonly string[] | undefined): void {
  for (const f of flags ?? []) {
    try {
      v8.setFlagsFromString(f);
    } catch {
      /* a runtime without the flag keeps its default */
    }
  }
}
