import 'reflect-metadata';
import { parentPort, workerData } from 'node:worker_threads';
import { encodeBatch } from './csv';
import { generateInBatches, type SyntheticOptions } from './generate';

/**
 * The thread generateInWorker starts: generateInBatches's batches, one per 'next' message,
 * each posted back as COPY data (encodeBatch), its bytes transferred, not copied.
 */
const { options, batchArticles, articleParts } = workerData as { options: SyntheticOptions; batchArticles: number; articleParts: number };
const batches = generateInBatches(options, batchArticles);
parentPort!.on('message', () => {
  try {
    const next = batches.next();
    if (next.done) {
      parentPort!.postMessage({ done: true });
      return;
    }
    const parts = encodeBatch(next.value, articleParts);
    parentPort!.postMessage({ parts }, parts.map((p) => p.csv.buffer as ArrayBuffer));
  } catch (e) {
    parentPort!.postMessage({ error: (e as Error).stack ?? String(e) });
  }
});
