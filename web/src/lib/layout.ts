import { h, fill } from './dom';
import { lang, switchLanguage, t } from './i18n';
import './style.css';

/** The header every page shares: the site's name, the pages, the language switch. */
export function layout(current: 'front' | 'explore' | 'moderate' | 'other', title: string): void {
  document.documentElement.lang = lang;
  document.title = `${title} · ${t('siteName')}`;
  document.querySelector('.skip')!.textContent = t('skip');
  const link = (href: string, text: string, page: typeof current) =>
    h('a', { href, 'aria-current': current === page ? 'page' : null }, text);
  fill(
    document.getElementById('site-header')!,
    h('a', { class: 'brand', href: '/' }, t('siteName')),
    h('nav', { 'aria-label': t('siteName') }, link('/', t('navFront'), 'front'), link('/explore', t('navExplore'), 'explore'), link('/moderate', t('navModerate'), 'moderate')),
    h('button', { type: 'button', class: 'lang', lang: lang === 'fr' ? 'en' : 'fr', onclick: switchLanguage, 'aria-label': `${t('language')}: ${t('switchTo')}` }, t('switchTo')),
  );
}

/** Shows an error in place of the page's content. */
export function showError(e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  fill(document.getElementById('main')!, h('p', { class: 'error', role: 'alert' }, t('error', message)));
}

/** Marks the page as drawn (the browser tests and the bench wait for it). */
export function ready(): void {
  document.body.dataset.ready = String(Math.round(performance.now()));
}
