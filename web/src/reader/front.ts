import { request } from '../lib/api';
import { h, fill, main } from '../lib/dom';
import { formatDate, t } from '../lib/i18n';
import { layout, ready } from '../lib/layout';
import { ReaderFilterChoicesDocument, ReaderFrontPageDocument, type ArticleFilter } from '../generated/operations';
import { articleHref, entityHref } from './links';

const PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 50;

/** Articles per page: `?size=` (1 to 50, kept by the pager's links), else 10. */
function pageSize(params: URLSearchParams): number {
  const size = Number(params.get('size'));
  return Number.isInteger(size) && size >= 1 ? Math.min(size, MAX_PAGE_SIZE) : PAGE_SIZE;
}

/** The front page: latest articles, filtered by the query string (?person=&organization=&place=&topic=&size=&after=). */
export async function renderFrontPage(): Promise<void> {
  layout('front', t('latest'));
  const params = new URLSearchParams(location.search);
  const picked = { person: params.get('person') ?? '', organization: params.get('organization') ?? '', place: params.get('place') ?? '', topic: params.get('topic') ?? '' };
  const mentions = [picked.person, picked.organization, picked.place].filter(Boolean);
  const filter: ArticleFilter = {};
  if (mentions.length) filter.mentionsAll = mentions;
  if (picked.topic) filter.topic = picked.topic;
  const size = pageSize(params);
  const [page, choices] = await Promise.all([
    // Older pages after a cursor, newer ones before it.
    request(ReaderFrontPageDocument, params.get('before') ? { last: size, before: params.get('before'), filter } : { first: size, after: params.get('after'), filter }),
    request(ReaderFilterChoicesDocument, {}),
  ]);

  const select = (name: keyof typeof picked, label: string, options: { value: string; text: string }[]) => {
    const id = `filter-${name}`;
    return h('div', {},
      h('label', { for: id }, label),
      h('select', { id, name },
        h('option', { value: '' }, t('any')),
        options.map((o) => h('option', { value: o.value, selected: o.value === picked[name] }, o.text))),
    );
  };
  const form = h('form', { class: 'filters', method: 'get', action: '/', 'aria-label': t('filters') },
    select('person', t('person'), choices.people.edges.map((e) => ({ value: e.node.id, text: e.node.name }))),
    select('organization', t('organization'), choices.organizations.edges.map((e) => ({ value: e.node.id, text: e.node.acronym ? `${e.node.name} (${e.node.acronym})` : e.node.name }))),
    select('place', t('place'), choices.places.edges.map((e) => ({ value: e.node.id, text: e.node.name }))),
    select('topic', t('topic'), choices.topics.edges.map((e) => ({ value: e.node.slug, text: e.node.label }))),
    h('button', { type: 'submit', class: 'primary' }, t('apply')),
    h('a', { href: '/', class: 'button' }, t('clear')),
  );
  // Empty choices stay out of the URL.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v) query.set(k, String(v));
    location.href = `/${query.size ? `?${query}` : ''}`;
  });

  const articles = page.articles;
  const pageLink = (name: 'after' | 'before', cursor: string | null | undefined) => {
    const query = new URLSearchParams(location.search);
    query.delete('after');
    query.delete('before');
    if (cursor) query.set(name, cursor);
    return `/${query.size ? `?${query}` : ''}`;
  };
  const { pageInfo } = articles;
  const backward = params.has('before');
  fill(main(),
    h('h1', {}, t('latest')),
    form,
    h('p', { class: 'muted', 'aria-live': 'polite' }, t(!articles.totalCountIsExact ? 'articlesCountAtLeast' : articles.totalCount === 1 ? 'articlesCountOne' : 'articlesCount', articles.totalCount)),
    articles.edges.length === 0 ? h('p', {}, t('noArticles')) : h('ul', { class: 'cards' },
      articles.edges.map(({ node: a }) => h('li', {},
        h('h2', {}, h('a', { href: articleHref(a.slug) }, a.title)),
        h('div', { class: 'muted' }, [a.publishedAt ? formatDate(a.publishedAt) : '', a.source ? ` · ${a.source.name}` : ''].join('')),
        a.lead ? h('p', {}, a.lead) : null,
        h('ul', { class: 'tags', 'aria-label': t('mentions') },
          [...a.people.map((e) => ({ ...e, __typename: 'Person' })), ...a.organizations.map((e) => ({ ...e, __typename: 'Organization' })), ...a.places.map((e) => ({ ...e, __typename: 'Place' }))]
            .map((e) => h('li', {}, h('a', { href: entityHref(e.__typename, e.slug) }, e.name))),
          a.topics.map((topic) => h('li', {}, h('a', { href: `/?topic=${encodeURIComponent(topic.slug)}` }, `#${topic.label}`))),
        ),
      ))),
    h('nav', { class: 'pager', 'aria-label': 'pages' },
      (backward ? pageInfo.hasPreviousPage : params.has('after')) ? h('a', { href: pageLink('before', pageInfo.startCursor), rel: 'prev' }, t('newer')) : h('span'),
      (backward || pageInfo.hasNextPage) && articles.edges.length ? h('a', { href: pageLink('after', pageInfo.endCursor), rel: 'next' }, t('older')) : h('span'),
    ),
  );
  ready();
}
