import { request } from '../lib/api';
import { h, fill, main } from '../lib/dom';
import { formatDate, t } from '../lib/i18n';
import { layout, ready } from '../lib/layout';
import { ReaderAddCommentDocument, ReaderArticleDocument, type ReaderArticleQuery } from '../generated/operations';
import { articleHref, entityHref } from './links';

type Article = NonNullable<ReaderArticleQuery['article']>;
type Mention = Article['mentions'][number];

/**
 * The body as paragraphs, every mention a link to its entity's page. Offsets are UTF-16
 * indices into `body` (JavaScript's own), so `slice` cuts exactly at them.
 */
export function bodyWithMentions(body: string, mentions: readonly Mention[]): HTMLElement {
  const container = h('div', { class: 'article-body' });
  let paragraph = h('p');
  container.append(paragraph);
  const addText = (text: string) => {
    const pieces = text.split(/\n{2,}/);
    pieces.forEach((piece, i) => {
      if (i > 0) {
        paragraph = h('p');
        container.append(paragraph);
      }
      if (piece) paragraph.append(piece);
    });
  };
  let at = 0;
  for (const m of [...mentions].sort((a, b) => a.start - b.start)) {
    if (m.start < at || m.end > body.length) continue; // overlapping spans: the first wins
    addText(body.slice(at, m.start));
    paragraph.append(h('a', { class: `mention mention-${m.entity.__typename}`, href: entityHref(m.entity.__typename, m.entity.slug), title: m.entity.name }, body.slice(m.start, m.end)));
    at = m.end;
  }
  addText(body.slice(at));
  for (const p of [...container.children]) if (!p.textContent?.trim()) p.remove();
  return container;
}

type Comment = Article['comments']['edges'][number]['node'];

function commentItem(c: { id: string; authorName: string; body: string; createdAt: string }, onReply: ((c: Comment) => void) | null, replies: HTMLElement | null): HTMLElement {
  return h('li', { class: 'comment', id: `comment-${c.id}` },
    h('header', {}, h('strong', {}, c.authorName), ' · ', h('time', { datetime: c.createdAt }, formatDate(c.createdAt))),
    h('p', {}, c.body),
    onReply ? h('button', { type: 'button', onclick: () => onReply(c as Comment), 'aria-label': `${t('reply')}: ${c.authorName}` }, t('reply')) : null,
    replies,
  );
}

function commentForm(article: Article): { form: HTMLFormElement; replyTo(c: Comment): void } {
  let parentId: string | null = null;
  const field = (name: 'authorName' | 'email' | 'body', label: string, control: HTMLInputElement | HTMLTextAreaElement, note?: string) => {
    control.id = `comment-${name}`;
    control.name = name;
    control.required = true;
    const error = h('p', { class: 'field-error', id: `comment-${name}-error`, 'aria-live': 'polite' });
    const described = [note ? `comment-${name}-note` : '', error.id].filter(Boolean).join(' ');
    control.setAttribute('aria-describedby', described);
    return h('div', {}, h('label', { for: control.id }, label), control, note ? h('p', { class: 'muted', id: `comment-${name}-note` }, note) : null, error);
  };
  const replying = h('p', { class: 'muted', hidden: true });
  const status = h('p', { role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('post'));
  const form = h('form', { class: 'comment-form', 'aria-labelledby': 'add-comment', novalidate: true },
    h('h3', { id: 'add-comment' }, t('addComment')),
    replying,
    field('authorName', t('name'), h('input', { type: 'text', autocomplete: 'name', maxlength: 200 })),
    field('email', t('email'), h('input', { type: 'email', autocomplete: 'email' }), t('emailNote')),
    field('body', t('body'), h('textarea', { rows: 5 })),
    h('div', {}, submit),
    status,
  );
  const replyTo = (c: Comment | null) => {
    parentId = c?.id ?? null;
    fill(replying, c ? [t('replyingTo', c.authorName), ' ', h('button', { type: 'button', onclick: () => replyTo(null) }, t('cancelReply'))] : []);
    replying.hidden = !c;
    if (c) (form.elements.namedItem('body') as HTMLTextAreaElement).focus();
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    status.textContent = t('posting');
    status.className = '';
    submit.disabled = true;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
    try {
      const { addComment } = await request(ReaderAddCommentDocument, {
        input: { articleId: article.id, parentId, authorName: value('authorName'), email: value('email'), body: value('body') },
      });
      if (addComment.userErrors.length) {
        const general: string[] = [];
        for (const e of addComment.userErrors) {
          const target = e.field ? form.querySelector(`#comment-${e.field}-error`) : null;
          const message = e.retryAfterSeconds ? `${e.message} ${t('retryAfter', e.retryAfterSeconds)}` : e.message;
          if (target) {
            target.textContent = message;
            form.querySelector(`#comment-${e.field}`)?.setAttribute('aria-invalid', 'true');
          } else general.push(message);
        }
        status.textContent = general.join(' ');
        status.className = 'error';
        (form.querySelector('[aria-invalid]') as HTMLElement | null)?.focus();
        return;
      }
      status.textContent = addComment.comment?.status === 'APPROVED' ? t('publishedNow') : t('awaiting');
      status.className = 'notice';
      (form.elements.namedItem('body') as HTMLTextAreaElement).value = '';
      replyTo(null);
    } catch (e) {
      status.textContent = t('error', (e as Error).message);
      status.className = 'error';
    } finally {
      submit.disabled = false;
    }
  });
  return { form, replyTo };
}

/** The article page: body with linked mentions, events, related articles, comments and the form. */
export async function renderArticlePage(slug: string): Promise<void> {
  layout('other', '…');
  const { article } = await request(ReaderArticleDocument, { slug });
  if (!article) {
    layout('other', t('notFound', slug));
    fill(main(), h('h1', {}, t('notFound', slug)));
    return;
  }
  layout('other', article.title);
  const { form, replyTo } = commentForm(article);
  const comments = article.comments.edges.map(({ node }) =>
    commentItem(node, replyTo, node.replies.edges.length ? h('ul', { class: 'comments' }, node.replies.edges.map((r) => commentItem(r.node, null, null))) : null),
  );
  fill(main(),
    h('article', { lang: article.language },
      h('h1', {}, article.title),
      h('p', { class: 'muted' },
        article.publishedAt ? t('published', formatDate(article.publishedAt)) : '',
        article.source ? ` · ${t('source', article.source.name)}` : '',
        article.url ? [' · ', h('a', { href: article.url, rel: 'noopener' }, t('originalArticle'))] : null),
      // A cleaned page's body starts with its lead: shown once, in the body, with its links.
      article.lead && !article.body.startsWith(article.lead) ? h('p', { class: 'lead' }, article.lead) : null,
      bodyWithMentions(article.body, article.mentions),
      article.topics.length ? h('ul', { class: 'tags', 'aria-label': t('topic') }, article.topics.map((tp) => h('li', {}, h('a', { href: `/?topic=${encodeURIComponent(tp.slug)}` }, `#${tp.label}`)))) : null,
    ),
    h('section', { 'aria-labelledby': 'events-title' },
      h('h2', { id: 'events-title' }, t('events')),
      article.events.length === 0 ? h('p', {}, t('noEvents')) : h('ul', { class: 'events' }, article.events.map((e) => h('li', {},
        h('strong', {}, e.title), e.date ? ` — ${formatDate(e.date, e.datePrecision)}` : '',
        e.place ? [' — ', h('a', { href: entityHref('Place', e.place.slug) }, e.place.name)] : null))),
    ),
    article.related.length ? h('section', { 'aria-labelledby': 'related-title' },
      h('h2', { id: 'related-title' }, t('related')),
      h('ul', { class: 'related' }, article.related.map((r) => h('li', {}, h('a', { href: articleHref(r.slug) }, r.title), r.publishedAt ? h('span', { class: 'muted' }, ` · ${formatDate(r.publishedAt)}`) : null)))) : null,
    h('section', { 'aria-labelledby': 'comments-title' },
      h('h2', { id: 'comments-title' }, t('comments', article.comments.totalCount)),
      comments.length ? h('ul', { class: 'comments' }, comments) : h('p', {}, t('noComments')),
      form,
    ),
  );
  ready();
}
