import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { createCompiledExecution, MAX_COMPILED } from '../../src/schema/executor';

// A schema of its own: these tests are about which operations get compiled and kept.
const schema = makeExecutableSchema({
  typeDefs: `type Query { n(add: Int): Int }`,
  resolvers: { Query: { n: (_: unknown, { add }: { add?: number }) => 1 + (add ?? 0) } },
});

/** What Apollo hands the executor for one request (only the fields it reads). */
function request(document: DocumentNode, operationName: string | null = null): GatewayGraphQLRequestContext {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === 'OperationDefinition' && (operationName === null || d.name?.value === operationName),
  )!;
  return { document, operationName, operation, context: {}, request: { variables: {} } } as unknown as GatewayGraphQLRequestContext;
}

describe('which operations run compiled', () => {
  it('compiles an operation on its second execution and answers the same either way', async () => {
    const execution = createCompiledExecution(schema);
    const document = parse(`{ n(add: 41) }`);
    expect(await execution.executor(request(document))).toEqual({ data: { n: 42 } });
    expect(execution.stats).toEqual({ compiled: 0, interpreted: 1, cached: 1 });
    expect(await execution.executor(request(document))).toEqual({ data: { n: 42 } });
    expect(await execution.executor(request(document))).toEqual({ data: { n: 42 } });
    expect(execution.stats).toEqual({ compiled: 1, interpreted: 1, cached: 1 });
  });

  it(`keeps at most ${MAX_COMPILED} operations, the least recently used leaving first`, async () => {
    const execution = createCompiledExecution(schema);
    const hot = parse(`query Hot { n }`);
    await execution.executor(request(hot, 'Hot'));
    await execution.executor(request(hot, 'Hot'));
    expect(execution.stats.compiled).toBe(1);
    // As many other documents as the cache holds, each seen twice (compiled), while the hot one stays in use.
    const others = Array.from({ length: MAX_COMPILED }, (_, i) => parse(`{ n(add: ${i}) }`));
    for (const [i, other] of others.entries()) {
      await execution.executor(request(other));
      await execution.executor(request(other));
      if (i % 50 === 0) await execution.executor(request(hot, 'Hot'));
    }
    expect(execution.stats.compiled).toBe(1 + MAX_COMPILED);
    const before = { ...execution.stats };
    await execution.executor(request(hot, 'Hot'));
    expect(execution.stats).toEqual(before); // still compiled: neither compiled again nor interpreted
    // The first of the others was the least recently used: evicted, it starts over on graphql-js.
    await execution.executor(request(others[0]));
    expect(execution.stats).toEqual({ ...before, interpreted: before.interpreted + 1 });
    // The last one is still there, compiled.
    await execution.executor(request(others[MAX_COMPILED - 1]));
    expect(execution.stats).toEqual({ ...before, interpreted: before.interpreted + 1 });
  });
});
