import type { MutationResolvers } from '../generated/graphql';
import { ingestArticle } from '../services/ingest/ingest-article';
import { requireEditor } from './staff';

export const IngestMutations: MutationResolvers = {
  ingestArticle: async (_, { input }, ctx) => {
    requireEditor(ctx, 'ingestArticle');
    const result = await ingestArticle(ctx.db, input);
    if (result.article) ctx.logger.info({ articleId: result.article.id, outcome: result.outcome }, 'article ingested');
    return {
      created: result.outcome === 'created',
      article: result.article,
      candidates: result.candidates,
      userErrors: result.userErrors,
    };
  },
};
