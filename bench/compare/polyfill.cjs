/**
 * Promise.withResolvers for Node 20. PostGraphile 5 declares Node 22; on Node 20 it starts,
 * but without this every connection field answers null with HTTP 200. Preloaded with
 * `node -r ./bench/compare/polyfill.cjs`.
 */
if (typeof Promise.withResolvers !== 'function') {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
