import { cleanPage } from '../../../src/services/ingest/clean-page';

/** Every sentence of the article (ending with . ! ?) must survive cleaning whole. */
function sentencesOf(text: string): string[] {
  return text.match(/[^.!?\n]+[.!?]/g)!.map((s) => s.trim()).filter((s) => s.split(' ').length >= 4);
}

const FRENCH_ARTICLE = [
  'Le commissaire Paul Verlinden a présenté jeudi le bilan annuel de la police locale de Namur.',
  'Selon lui, les cambriolages ont reculé de douze pour cent, une baisse qu’il attribue aux patrouilles de nuit. Partager les données avec les communes voisines a aussi aidé, a-t-il ajouté.',
  'Le bourgmestre a salué ce travail. Il a rappelé que la publicité faite autour des patrouilles avait rassuré les commerçants.',
];

const FRENCH_PAGE = `Le bilan de la police locale de Namur
Cet article est réservé aux abonnés
Partager
Facebook
Twitter
12
- Publicité -
Temps de lecture : 3 min
${FRENCH_ARTICLE[0]}
© Photo News

Le commissaire lors de la conférence de presse. (Photo BELGA)
${FRENCH_ARTICLE[1]}
Lire aussi : Les cambriolages en hausse à Liège
Inscrivez-vous à notre newsletter quotidienne
${FRENCH_ARTICLE[2]}
Il vous reste 60% de cet article à lire
Déjà abonné ? Se connecter
Les plus lus

Tidjane Thiam candidat à la présidentielle

Politique

RDC : la trêve est rompue
Nous utilisons des cookies pour améliorer votre expérience sur notre site.
Tout accepter
Laisser un commentaire
Annuler la réponse
Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *
Commentaire *
Nom *
E-mail *
Enregistrer mon nom, mon e-mail et mon site dans le navigateur pour mon prochain commentaire.
3 commentaires`;

const ENGLISH_ARTICLE = [
  'Chief Inspector Maria Jansen told reporters on Monday that the regional police would open two new stations next year.',
  'The plan, she said, follows a review of response times in rural districts. Read more about the review in the annual report, which will be published in June.',
];

const ENGLISH_PAGE = `Two new police stations for the region
Subscribe now for unlimited access
Share on Facebook
Share on X
- Advertisement -
5 min read
${ENGLISH_ARTICLE[0]}
Maria Jansen at the press conference. (Photo: John Smith/Reuters)
${ENGLISH_ARTICLE[1]}
Read more: Police budget cut by 5%
Sign up for our daily newsletter
Most read
Storm closes coastal roads
Local team wins the cup
We use cookies to personalise content and ads.
Accept all
Leave a Reply
Your email address will not be published. Required fields are marked *
Save my name, email, and website in this browser for the next time I comment.
Post Comment
1.2K shares`;

describe('cleaning real pages', () => {
  it('removes French furniture: paywall, share bar, counters, credits, captions, read-also, newsletter, most-read list, cookies, comment form', () => {
    const page = cleanPage(FRENCH_PAGE);
    expect(page.title).toBe('Le bilan de la police locale de Namur');
    expect(page.body).toBe(FRENCH_ARTICLE.join('\n\n'));
    expect(page.lead).toBe(FRENCH_ARTICLE[0]);
  });

  it('removes English furniture the same way', () => {
    const page = cleanPage(ENGLISH_PAGE);
    expect(page.title).toBe('Two new police stations for the region');
    expect(page.body).toBe(ENGLISH_ARTICLE.join('\n\n'));
  });

  it('never cuts a sentence of the article, even one holding furniture words', () => {
    for (const [page, article] of [[FRENCH_PAGE, FRENCH_ARTICLE], [ENGLISH_PAGE, ENGLISH_ARTICLE]] as const) {
      const body = cleanPage(page).body;
      for (const sentence of sentencesOf(article.join('\n'))) expect(body).toContain(sentence);
    }
    // Prose after a list heading ends the list.
    const body = cleanPage('Titre\nLire aussi\nLa police a arrêté trois suspects mardi soir à Liège, selon le parquet qui a confirmé les faits.\nFin.').body;
    expect(body).toContain('La police a arrêté trois suspects mardi soir à Liège, selon le parquet qui a confirmé les faits.');
  });

  it('joins a name a page split across a line break, and wrapped lines', () => {
    const body = cleanPage('Titre\nLa réunion a réuni la directrice générale de la police nationale française, Céline\nBerthon, et ses homologues.\nElle a été\nprolongée jusqu’au soir.').body;
    expect(body).toBe('La réunion a réuni la directrice générale de la police nationale française, Céline Berthon, et ses homologues.\n\nElle a été prolongée jusqu’au soir.');
  });

  it('keeps the lines of a page without furniture as they are', () => {
    expect(cleanPage('Titre\n\nPremier paragraphe.\n\nSecond paragraphe.')).toEqual({
      title: 'Titre', lead: 'Premier paragraphe.', body: 'Premier paragraphe.\n\nSecond paragraphe.',
    });
  });
});
