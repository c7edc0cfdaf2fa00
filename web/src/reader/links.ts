/** Where an entity's page is, by its GraphQL type. */
export function entityHref(typename: string, slug: string): string {
  const folder = typename === 'Person' ? 'people' : typename === 'Organization' ? 'organizations' : 'places';
  return `/${folder}/${encodeURIComponent(slug)}`;
}

export const articleHref = (slug: string): string => `/articles/${encodeURIComponent(slug)}`;
