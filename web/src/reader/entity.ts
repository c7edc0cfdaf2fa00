import { request } from '../lib/api';
import { h, fill, main } from '../lib/dom';
import { formatDate, t, type WordKey } from '../lib/i18n';
import { layout, ready } from '../lib/layout';
import { ReaderOrganizationDocument, ReaderPersonDocument, ReaderPlaceDocument } from '../generated/operations';
import { articleHref, entityHref } from './links';

interface TimelineEvent {
  id: string;
  title: string;
  date?: string | null;
  datePrecision?: string | null;
  place?: { slug: string; name: string } | null;
}

/** Dated events on a line from the first to the last, each a focusable point with its title; then the list. */
function timeline(events: readonly TimelineEvent[]): HTMLElement {
  const dated = events.filter((e) => e.date).sort((a, b) => a.date!.localeCompare(b.date!));
  const times = dated.map((e) => Date.parse(`${e.date}T00:00:00Z`));
  const min = Math.min(...times);
  const span = Math.max(Math.max(...times) - min, 1);
  const at = (time: number) => (dated.length === 1 ? 50 : 2 + ((time - min) / span) * 96);
  return h('section', { 'aria-labelledby': 'timeline-title' },
    h('h2', { id: 'timeline-title' }, t('timeline')),
    dated.length ? h('div', { class: 'timeline', role: 'presentation' },
      dated.map((e, i) => h('a', { href: `#event-${e.id}`, style: `left:${at(times[i])}%`, title: `${formatDate(e.date, e.datePrecision)}: ${e.title}`, 'aria-label': `${formatDate(e.date, e.datePrecision)}: ${e.title}` })),
      h('span', { class: 'tick', style: 'left:2%' }, formatDate(dated[0].date, 'MONTH')),
      dated.length > 1 ? h('span', { class: 'tick', style: 'left:98%' }, formatDate(dated[dated.length - 1].date, 'MONTH')) : null) : null,
    events.length ? h('ol', { class: 'events' }, [...dated, ...events.filter((e) => !e.date)].map((e) => h('li', { id: `event-${e.id}` },
      e.date ? h('time', { datetime: e.date }, formatDate(e.date, e.datePrecision)) : null, e.date ? ' — ' : '',
      h('strong', {}, e.title),
      e.place ? [' — ', h('a', { href: entityHref('Place', e.place.slug) }, e.place.name)] : null))) : h('p', {}, t('noEvents')),
  );
}

function articles(list: { totalCount: number; edges: readonly { node: { slug: string; title: string; publishedAt?: string | null } }[] }): HTMLElement {
  return h('section', { 'aria-labelledby': 'articles-title' },
    h('h2', { id: 'articles-title' }, `${t('articles')} (${list.totalCount})`),
    h('ul', { class: 'related' }, list.edges.map(({ node }) => h('li', {}, h('a', { href: articleHref(node.slug) }, node.title), node.publishedAt ? h('span', { class: 'muted' }, ` · ${formatDate(node.publishedAt)}`) : null))),
  );
}

function period(since?: string | null, until?: string | null): string {
  return [since ? t('since', formatDate(since)) : '', until ? t('until', formatDate(until)) : ''].filter(Boolean).join(', ');
}

type Identifier = { scheme: string; value: string; url: string };

function heading(kind: WordKey, name: string, id: string, identifiers: Identifier[], extra: (HTMLElement | string | null)[]): HTMLElement[] {
  return [
    h('p', { class: 'entity-kind' }, t(kind)),
    h('h1', {}, name),
    ...extra.filter((x): x is HTMLElement | string => x !== null).map((x) => (typeof x === 'string' ? h('p', {}, x) : x)),
    ...(identifiers.length
      ? [h('p', { class: 'identifiers' }, `${t('identifiers')}: `, identifiers.flatMap((x, i) => [i ? ', ' : '', h('a', { href: x.url, rel: 'noopener' }, `${x.scheme} ${x.value}`)]))]
      : []),
    h('p', {}, h('a', { class: 'button', href: `/explore?c=${encodeURIComponent(id)}` }, t('exploreNetwork'))),
  ];
}

/** A person's, organization's or place's page. */
export async function renderEntityPage(kind: 'people' | 'organizations' | 'places', slug: string): Promise<void> {
  layout('other', '…');
  if (kind === 'people') {
    const { person } = await request(ReaderPersonDocument, { slug });
    if (!person) return notFound(slug);
    layout('other', person.name);
    fill(main(),
      ...heading('person', person.name, person.id, person.identifiers, [
        person.title, person.aliases.length ? `${t('aliases')}: ${person.aliases.join(', ')}` : null,
        person.country ? h('p', {}, `${t('country')}: `, h('a', { href: entityHref('Place', person.country.slug) }, person.country.name)) : null,
      ]),
      h('section', { 'aria-labelledby': 'aff-title' },
        h('h2', { id: 'aff-title' }, t('affiliations')),
        h('ul', {}, person.affiliations.map((a) => h('li', {}, `${a.role}, `, h('a', { href: entityHref('Organization', a.organization.slug) }, a.organization.name), period(a.since, a.until) ? ` (${period(a.since, a.until)})` : '')))),
      timeline(person.events.edges.map((e) => e.node)),
      person.met.edges.length ? h('section', { 'aria-labelledby': 'met-title' },
        h('h2', { id: 'met-title' }, t('met')),
        h('ul', {}, person.met.edges.map((m) => h('li', {}, h('a', { href: entityHref('Person', m.node.slug) }, m.node.name), ` — ${t('meetings', m.meetings)}`)))) : null,
      articles(person.articles),
    );
  } else if (kind === 'organizations') {
    const { organization: org } = await request(ReaderOrganizationDocument, { slug });
    if (!org) return notFound(slug);
    layout('other', org.name);
    fill(main(),
      ...heading('organization', org.acronym ? `${org.name} (${org.acronym})` : org.name, org.id, org.identifiers, [
        org.aliases.length ? `${t('aliases')}: ${org.aliases.join(', ')}` : null,
        org.country ? h('p', {}, `${t('country')}: `, h('a', { href: entityHref('Place', org.country.slug) }, org.country.name)) : null,
        org.parent ? h('p', {}, '↑ ', h('a', { href: entityHref('Organization', org.parent.slug) }, org.parent.name)) : null,
      ]),
      h('section', { 'aria-labelledby': 'members-title' },
        h('h2', { id: 'members-title' }, t('members')),
        h('ul', {}, org.members.edges.map((m) => h('li', {}, h('a', { href: entityHref('Person', m.node.slug) }, m.node.name), `, ${m.role}`, period(m.since, m.until) ? ` (${period(m.since, m.until)})` : '')))),
      timeline(org.events.edges.map((e) => e.node)),
      org.partners.edges.length ? h('section', { 'aria-labelledby': 'partners-title' },
        h('h2', { id: 'partners-title' }, t('partners')),
        h('ul', {}, org.partners.edges.map((p) => h('li', {}, h('a', { href: entityHref('Organization', p.node.slug) }, p.node.name), ` — ${t('meetings', p.meetings)}`)))) : null,
      articles(org.articles),
    );
  } else {
    const { place } = await request(ReaderPlaceDocument, { slug });
    if (!place) return notFound(slug);
    layout('other', place.name);
    fill(main(),
      ...heading('place', place.name, place.id, place.identifiers, [place.aliases.length ? `${t('aliases')}: ${place.aliases.join(', ')}` : null]),
      timeline(place.events.edges.map((e) => e.node)),
      articles(place.articles),
    );
  }
  ready();
}

function notFound(slug: string): void {
  layout('other', t('notFound', slug));
  fill(main(), h('h1', {}, t('notFound', slug)));
  ready();
}
