import { ApiError, request } from '../lib/api';
import { h, fill, main } from '../lib/dom';
import { formatDate, t } from '../lib/i18n';
import { layout, ready, showError } from '../lib/layout';
import { ModerationActDocument, ModerationLogDocument, ModerationQueueDocument, ModerationViewerDocument, type CommentStatus, type ModerationAction } from '../generated/operations';

/** Kept for this browser tab only, gone when it closes (as GraphiQL's token bar does). */
const TOKEN_KEY = 'entity-news.moderator.token';
const STATUSES: CommentStatus[] = ['PENDING', 'SPAM', 'REJECTED', 'APPROVED'];

let token = sessionStorage.getItem(TOKEN_KEY) ?? '';
let status: CommentStatus = 'PENDING';

const who = h('p', { id: 'who', role: 'status', 'aria-live': 'polite' });
const queueSection = h('section', { 'aria-labelledby': 'queue-title' });
const logSection = h('section', { 'aria-labelledby': 'log-title' });

function tokenForm(): HTMLFormElement {
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false' });
  const form = h('form', { class: 'token-form', 'aria-label': t('token') },
    h('label', { for: 'token' }, t('token')), input,
    h('button', { type: 'submit', class: 'primary' }, t('useToken')),
    h('button', { type: 'button', onclick: () => { token = ''; sessionStorage.removeItem(TOKEN_KEY); void refresh(); } }, t('forgetToken')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    token = input.value.trim();
    input.value = '';
    void refresh();
  });
  return form;
}

async function refresh(): Promise<void> {
  fill(queueSection);
  fill(logSection);
  if (!token) {
    fill(who);
    return;
  }
  try {
    const { viewer } = await request(ModerationViewerDocument, {}, token);
    if (!viewer) throw new ApiError('anonymous', undefined);
    sessionStorage.setItem(TOKEN_KEY, token);
    who.className = 'notice';
    who.textContent = t('signedIn', viewer.name, viewer.role);
  } catch (e) {
    who.className = 'error';
    who.textContent = t('tokenRefused', (e as Error).message);
    sessionStorage.removeItem(TOKEN_KEY);
    token = '';
    return;
  }
  await Promise.all([showQueue(), showLog()]);
}

async function showQueue(): Promise<void> {
  const picker = h('select', { id: 'status', onchange: (e: Event) => { status = (e.target as HTMLSelectElement).value as CommentStatus; void showQueue(); } },
    STATUSES.map((s) => h('option', { value: s, selected: s === status }, t(s))));
  try {
    const { moderationQueue } = await request(ModerationQueueDocument, { status, first: 50 }, token);
    fill(queueSection,
      h('h2', { id: 'queue-title' }, `${t('queue')} (${moderationQueue.totalCount})`),
      h('div', { class: 'row' }, h('label', { for: 'status' }, t('status')), picker, h('button', { type: 'button', onclick: () => void refresh() }, t('refresh'))),
      moderationQueue.edges.length === 0 ? h('p', {}, t('queueEmpty')) : h('ul', { class: 'queue' }, moderationQueue.edges.map(({ node: c }) => {
        const reasonId = `reason-${c.id}`;
        const result = h('p', { role: 'status', 'aria-live': 'polite' });
        const reason = h('input', { id: reasonId, type: 'text', maxlength: 1000 });
        const act = async (action: ModerationAction) => {
          try {
            const { moderateComment } = await request(ModerationActDocument, { id: c.id, action, reason: reason.value || null }, token);
            if (moderateComment.userErrors.length) {
              result.className = 'error';
              result.textContent = moderateComment.userErrors.map((e) => e.message).join(' ');
              return;
            }
            result.className = 'notice';
            result.textContent = t('done', t(action));
            item.querySelectorAll('button').forEach((b) => (b.disabled = true));
            void showLog();
          } catch (e) {
            result.className = 'error';
            result.textContent = t('error', (e as Error).message);
          }
        };
        const label = (action: ModerationAction, text: string) => h('button', { type: 'button', onclick: () => void act(action), 'aria-label': `${text}: ${c.authorName}` }, text);
        const item = h('li', { 'data-comment': c.id },
          h('div', {}, h('strong', {}, c.authorName), ' · ', formatDate(c.createdAt), ' · ', t('onArticle', ''), h('a', { href: `/articles/${encodeURIComponent(c.article.slug)}` }, c.article.title),
            c.parent ? ` · ${t('inReplyTo', c.parent.authorName)}` : ''),
          h('p', { class: 'body' }, c.body),
          h('div', { class: 'row' },
            h('label', { for: reasonId }, t('reason')), reason,
            c.status !== 'APPROVED' ? label('APPROVE', t('approve')) : null,
            c.status !== 'REJECTED' ? label('REJECT', t('reject')) : null,
            c.status !== 'SPAM' ? label('MARK_SPAM', t('spam')) : null),
          result,
        );
        return item;
      })),
    );
  } catch (e) {
    fill(queueSection, h('h2', { id: 'queue-title' }, t('queue')), h('p', { class: 'error' }, t('error', (e as Error).message)));
  }
}

async function showLog(): Promise<void> {
  try {
    const { moderationLog } = await request(ModerationLogDocument, { first: 30 }, token);
    fill(logSection,
      h('h2', { id: 'log-title' }, t('log')),
      h('table', { class: 'log' },
        h('thead', {}, h('tr', {}, (['logWhen', 'logActor', 'logAction', 'reason', 'logComment'] as const).map((c) => h('th', { scope: 'col' }, t(c))))),
        h('tbody', {}, moderationLog.edges.map(({ node: e }) => h('tr', {},
          h('td', {}, formatDate(e.createdAt)), h('td', {}, e.actor), h('td', {}, `${t(e.action)} (${t(e.fromStatus)} → ${t(e.toStatus)})`),
          h('td', {}, e.reason ?? ''), h('td', {}, `${e.comment.authorName} · `, h('a', { href: `/articles/${encodeURIComponent(e.comment.article.slug)}` }, e.comment.article.title)))))),
    );
  } catch (e) {
    const code = e instanceof ApiError ? e.code : undefined;
    fill(logSection, h('h2', { id: 'log-title' }, t('log')), h('p', { class: 'muted' }, code === 'FORBIDDEN' ? t('logNeedsAdmin') : t('error', (e as Error).message)));
  }
}

try {
  layout('moderate', t('moderateTitle'));
  fill(main(), h('h1', {}, t('moderateTitle')), tokenForm(), who, queueSection, logSection);
  await refresh();
  ready();
} catch (e) {
  showError(e);
}
