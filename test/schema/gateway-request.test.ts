import { ApolloServer } from '@apollo/server';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { buildSchema } from 'graphql';
import { compiledGateway } from '../../src/schema/executor';

/**
 * What Apollo hands our compiled execution (patches/@apollo+server+*.patch): the response's
 * `http.status` read and written through getters on a class. Apollo's own object literal put
 * them on each request's object, as closures over the request; V8's young-generation
 * collections kept those, so every request's context and rows lived until a full collection
 * (docs/performance-history.md, "Figures of 2026-12-06 20:00-21:10 UTC").
 */
describe("the request Apollo hands the compiled execution", () => {
  const schema = buildSchema('type Query { answer: Int }');
  const seen: GatewayGraphQLRequestContext[] = [];
  const apollo = new ApolloServer({
    gateway: compiledGateway(schema, async (request) => {
      seen.push(request);
      const http = request.response!.http!;
      http.status = 203;
      return { data: { answer: http.status } };
    }),
  });
  beforeAll(() => apollo.start());
  afterAll(() => apollo.stop());

  it("reads and writes the response's status through the class, with no accessor of its own", async () => {
    const result = await apollo.executeOperation({ query: '{ answer }' });
    expect(result.body.kind === 'single' && result.body.singleResult.data).toEqual({ answer: 203 });
    expect(result.http.status).toBe(203);
    const http = seen[0].response!.http!;
    expect(Object.getOwnPropertyDescriptor(http, 'status')).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(http), 'status')?.get).toBeInstanceOf(Function);
  });
});
