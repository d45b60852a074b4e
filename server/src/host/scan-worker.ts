/**
 * Entry point of a scan worker thread (bundled to dist/scan-worker.js; `out/.../host/scan-worker.js`
 * when run from the TypeScript output). It hosts one `Lane` and answers the pool's messages in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Lane, type LaneConfig } from './lane';
import type { ToWorker, FromWorker } from './pool';
import { useBundledEstree } from './estree-loader';
import { applyV8Flags } from './heap';

// Before anything is allocated: the heap settings the scan asked for (a worker's heap does not follow
// the flags the main thread set).
applyV8Flags((workerData as LaneConfig | undefined)?.v8Flags);
useBundledEstree(__dirname);

const port = parentPort;
if (port) {
  const lane = new Lane(workerData as LaneConfig);
  const send = (m: FromWorker) => port.postMessage(m);
  // Messages are handled one at a time, in order: analysis is async (rules may await), and a batch must
  // not start before the configurations sent ahead of it are indexed.
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (m: ToWorker) => {
    queue = queue.then(async () => {
      try {
        switch (m.type) {
          case 'model':
            send({ type: 'modelled', id: m.id, output: lane.model(m.paths) });
            break;
          case 'addModels':
            lane.addModels(m.files);
            break;
          case 'handlers':
            send({ type: 'handled', id: m.id, files: lane.handlers(m.paths) });
            break;
          case 'addHandlers':
            lane.addHandlers(m.files);
            break;
          case 'analyze': {
            const outcomes = [];
            for (const p of m.paths) outcomes.push(await lane.analyze(p, m.withFixData));
            send({ type: 'analyzed', id: m.id, outcomes });
            break;
          }
        }
      } catch (e) {
        send({ type: 'failed', id: 'id' in m ? m.id : -1, message: (e as Error)?.stack ?? String(e) });
      }
    });
  });
}
