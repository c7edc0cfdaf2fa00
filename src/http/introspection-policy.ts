import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, NoSchemaIntrospectionCustomRule, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Config } from '../config';
import type { RequestContext } from '../context';

/**
 * INTROSPECTION=staff|off: `__schema` and `__type` are refused (`__typename` is not) unless the
 * policy admits the caller. Checked after validation, once the viewer is known, so a staff
 * token in GraphiQL's Headers tab is all production teams need to explore.
 */
export function introspectionPolicyPlugin(policy: Config['introspection']): ApolloServerPlugin<RequestContext> {
  // Apollo hands every request of the same query text the same parsed document (its document
  // store): checked once, not on every anonymous request (a walk of the whole document).
  const introspects = new WeakMap<DocumentNode, boolean>();
  const asksIntrospection = (schema: GraphQLSchema, document: DocumentNode) => {
    let known = introspects.get(document);
    if (known === undefined) introspects.set(document, (known = validate(schema, document, [NoSchemaIntrospectionCustomRule]).length > 0));
    return known;
  };
  return {
    async requestDidStart() {
      if (policy === 'on') return;
      return {
        async didResolveOperation({ document, schema, contextValue }) {
          if (policy === 'staff' && contextValue.viewer) return;
          if (!asksIntrospection(schema, document)) return;
          throw new GraphQLError(
            policy === 'staff' ? 'Introspection needs a staff token (Authorization: Bearer <token>).' : 'Introspection is disabled on this service.',
            { extensions: { code: 'INTROSPECTION_DISABLED', http: { status: 400 } } },
          );
        },
      };
    },
  };
}
