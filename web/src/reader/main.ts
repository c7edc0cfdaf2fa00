import { layout, showError } from '../lib/layout';
import { t } from '../lib/i18n';
import { renderFrontPage } from './front';
import { renderArticlePage } from './article';
import { renderEntityPage } from './entity';

/** The reader's pages, one HTML file: the path says which. */
async function route(): Promise<void> {
  const parts = location.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  try {
    if (parts.length === 0) return await renderFrontPage();
    const [kind, slug] = parts;
    if (kind === 'articles') return await renderArticlePage(slug);
    if (kind === 'people' || kind === 'organizations' || kind === 'places') return await renderEntityPage(kind, slug);
    layout('other', t('notFound', location.pathname));
  } catch (e) {
    showError(e);
  }
}

void route();
