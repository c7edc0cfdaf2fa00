import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CsvPart } from './csv';
import type { SyntheticOptions } from './generate';

type Reply = { done: true } | { parts: CsvPart[] } | { error: string };

/**
 * generateInBatches's batches as COPY data (encodeBatch), generated in a worker thread one
 * batch ahead of the one handed out: the generator, one Node thread, no longer keeps this
 * thread from feeding the COPY connections (docs/performance-history.md "Scale"). The same rows in the
 * same order as generateInBatches; the thread ends when the iteration does, early or not.
 */
export async function* generateInWorker(options: SyntheticOptions, batchArticles = 10_000, articleParts = 2): AsyncGenerator<CsvPart[]> {
  const workerData = { options, batchArticles, articleParts };
  // A batch's rows live until encoded: a young generation that holds them is scavenged less often.
  const resourceLimits = { maxYoungGenerationSizeMb: 192 };
  const thread = path.join(__dirname, `generate-thread${path.extname(__filename)}`);
  // From TypeScript sources (jest), the thread compiles its modules file by file as ts-jest does.
  const worker = thread.endsWith('.ts')
    ? new Worker(`const ts = require(${JSON.stringify(require.resolve('typescript'))}); const fs = require('fs');
        require.extensions['.ts'] = (m, file) => m._compile(ts.transpileModule(fs.readFileSync(file, 'utf8'), { fileName: file,
          compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, experimentalDecorators: true, emitDecoratorMetadata: true } }).outputText, file);
        require(${JSON.stringify(thread)});`, { eval: true, workerData, resourceLimits })
    : new Worker(thread, { workerData, resourceLimits });
  // Replies kept until asked for; a failed or ended thread answers every later ask.
  const replies: Reply[] = [];
  let waiting: ((r: Reply) => void) | null = null;
  const deliver = (r: Reply) => {
    if (!waiting) replies.push(r);
    else {
      waiting(r);
      waiting = null;
    }
  };
  worker.on('message', deliver);
  worker.on('error', (e) => deliver({ error: e.stack ?? String(e) }));
  worker.on('exit', (code) => deliver({ error: `the generator's thread exited (${code})` }));
  const reply = () => (replies.length ? Promise.resolve(replies.shift()!) : new Promise<Reply>((resolve) => (waiting = resolve)));
  try {
    worker.postMessage('next');
    for (;;) {
      const r = await reply();
      if ('error' in r) throw new Error(`synthetic generator: ${r.error}`);
      if ('done' in r) return;
      worker.postMessage('next');
      yield r.parts;
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
