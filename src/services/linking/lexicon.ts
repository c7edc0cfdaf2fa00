import { foldWord } from './fold';

/**
 * Small word lists the matching rules need. Keys are folded (lower case, no accents).
 * They are deliberately short: they guard against linking ordinary words and guess the
 * kind of an unknown name, they are not a dictionary.
 */
const words = (list: string) => new Set(list.trim().split(/\s+/).map(foldWord));

/**
 * Everyday French and English words, including those that are also surnames or place
 * names ("Blanc", "Fort", "Nice"). Such a word links only in the forms the rules allow
 * (capitalized, an entity already named in the article), and is never spelling-corrected.
 */
export const COMMON_WORDS = words(`
  a à au aux avec ce ces cet cette ceci cela ça dans de des du d elle elles en et eux il ils je la le les l leur leurs lui
  ma mais me même mes moi mon ne ni nos notre nous on ou où par pas pour qu que qui sa se ses si son sur ta te tes toi ton
  tu un une vos votre vous y lors enfin ainsi alors aussi après avant selon sans sous chez entre contre depuis pendant
  vers dont car donc puis encore déjà très plus moins tout tous toute toutes autre autres chaque plusieurs certains
  certaines aucun aucune rien personne quelque quelques tel telle tels telles celui celle ceux celles
  est sont était étaient sera seront a ont avait avaient fait font dit été être avoir peut doit
  le la les cependant toutefois néanmoins outre parmi malgré hier aujourd demain lundi mardi mercredi jeudi vendredi
  samedi dimanche janvier février mars avril mai juin juillet août septembre octobre novembre décembre
  grand grande grands grandes petit petite nouveau nouvelle nouveaux nouvelles premier première dernier dernière
  blanc blanche noir noire rouge vert verte bleu rose fort forte bon bonne bien mal haut haute bas basse long longue
  nice tours orange lens sens vienne bar pau gap tulle agen cannes grasse brest nancy metz vannes
  roi reine prince état etat pays ville région monde paix guerre loi droit justice police sécurité service services
  direction ministère ministre président présidente gouvernement conseil commission agence office bureau union
  général générale nationale national centrale central royal royale fédéral fédérale public publique
  the of and or in on at to for from by with as is are was were be been has have had it its this that these those
  an not no but if then than so such there their they them he she his her we our you your i me my who whom which what
  when where why how all any each every some many more most other new old first last next great good best
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
  september october november december
  mr mrs ms dr m mme mlle
  white black green brown young king queen state city world peace war law justice security
`);

/** Words before a name that make it a person: honorifics, offices, ranks. */
export const PERSON_TITLES = words(`
  m mr mrs ms mme mlle monsieur madame mademoiselle dr docteur pr professeur maître me
  président présidente ministre ministres secrétaire directeur directrice commissaire administrateur administratrice
  général générale colonel commandant capitaine lieutenant sergent juge procureur avocat avocate ambassadeur
  ambassadrice consul député députée sénateur sénatrice maire gouverneur wali préfet roi reine prince princesse
  cheikh sheikh imam chef porte-parole adjoint adjointe inspecteur inspectrice agent suspect accusé
  president minister director commissioner general colonel judge prosecutor ambassador senator mayor governor
  king queen prince sir lord lady spokesman spokeswoman chief officer
  parole bourgmestre échevin échevine homologue homologues patron patronne cheffe vice
  secretary deputy inspector superintendent spokesperson commander
  journaliste journalist reporter correspondant correspondante écrivain écrivaine chercheur chercheuse analyste
  expert experte militant militante activiste
`);

/** Words that make a name an organization: Police, Direction, Ministère, Agence, Sûreté... */
export const ORGANIZATION_WORDS = words(`
  police direction ministère agence sûreté gendarmerie douane douanes office service services bureau conseil commission
  comité cour tribunal parquet brigade banque fondation association université institut organisation organisme
  fédération union parti syndicat société groupe compagnie entreprise autorité haute assemblée parlement sénat
  chambre caisse fonds observatoire centre académie école forces armée armées garde délégation préfecture
  ministry agency department directorate council committee court bank foundation university institute organization
  organisation federation union party company group authority assembly parliament senate office bureau police
  service army forces guard commission
`);

/**
 * Frequent first names: French, Spanish, Arabic transliterations, Dutch and Flemish,
 * English, and names common in francophone African news. A capitalized name after one is a
 * person; one cut from its surname by a line break is joined back (clean-page.ts).
 */
export const FIRST_NAMES = words(`
  abdellatif abdelaziz abdelkader abdellah abdelilah abdelhak abderrahim abderrahmane abdel ahmed ahmad mohamed mohammed
  mohammad mustapha mostafa moustapha youssef yousef karim khalid khaled hassan hussein omar othmane rachid said saïd
  samir nabil hicham hamid driss aziz aziza fatima fatiha khadija aicha nadia naima latifa leila laila amina samira
  salma meryem mariam myriam zineb yasmine hakim jamal jamel kamal kamel mehdi ali nasser brahim ibrahim ismail
  abdelkrim abdeslam abdelmajid abdelouahed abdelhamid abdeljalil abdelghani abdennour abderrazak abdessamad adil anas
  ayoub badr bilal hamza houssine ilyas imad issam jawad khalil lahcen mahmoud marouane mounir mourad noureddine
  oussama rachida redouane reda saad salah salim soufiane tarik tariq walid yassine younes zakaria zouhair nouzha
  hanane houda ilham karima loubna malika mounia nawal rajae sanaa siham souad wafae zahra zohra amal asmaa bouchra
  ghizlane hajar ikram jamila kenza habib mokhtar abdelmadjid abdelmalek nourredine farid nadir sofiane
  jean pierre paul jacques michel philippe alain bernard patrick nicolas françois francois eric éric olivier
  christophe laurent stéphane david daniel thomas marc luc louis henri andré julien sébastien frédéric vincent
  emmanuel antoine guillaume mathieu matthieu benoît benoit didier thierry pascal dominique claude yves gérard
  gérald rémi romain jérôme florian maxime hugo lucas quentin clément alexandre fabien cédric damien xavier hervé
  gilles gabriel bruno serge denis franck arnaud cyril jérémie loïc mickaël raphaël sylvain tristan
  marie anne catherine isabelle sylvie nathalie christine sophie françoise valérie sandrine céline julie claire
  martine monique brigitte véronique hélène caroline émilie emilie camille élisabeth elisabeth francisca
  aurélie élodie laure mathilde pauline charlotte chloé manon léa lucie margaux agnès corinne florence geneviève
  josiane joëlle odile pascale ségolène annick chantal danielle delphine fabienne gaëlle juliette laetitia muriel
  josé jose juan carlos luis miguel antonio manuel francisco javier fernando pedro pablo jorge alejandro rafael ángel
  diego sergio alberto raúl ramón enrique andrés ignacio jaime óscar rubén santiago gonzalo álvaro marta lucía carmen
  pilar rosa teresa ana laura elena cristina isabel dolores mercedes beatriz alicia margarita luisa soledad
  montserrat nuria marlaska félix
  jan pieter peter willem hendrik koen bart dirk geert wim tom jos filip kris annelies els katrien sofie johan joris
  jeroen bram stijn wouter hans kurt frank guy erik ivo ludo rik roel rudi stefaan steven tim toon annemie ann
  evelien hilde inge kathleen liesbeth lieve marleen veerle wendy griet greet mieke ilse karin lotte ine elke sabine
  rita theo maarten joost sander niels lars
  john james robert william richard charles joseph george michael mark kevin brian edward christopher matthew
  anthony andrew joshua kenneth ryan jacob gary timothy jason jeffrey stephen larry scott justin benjamin samuel
  gregory raymond jack dennis jerry tyler aaron henry douglas adam nathan walter kyle harold carl jeremy keith roger
  ethan arthur terry christian sean lawrence austin joe noah jesse albert bryan bruce jordan dylan alan ralph roy
  wayne eugene randy russell philip bobby johnny mary patricia jennifer linda elizabeth barbara susan jessica sarah
  karen nancy lisa margaret betty sandra ashley dorothy kimberly emily donna michelle carol amanda melissa deborah
  stephanie rebecca sharon cynthia amy shirley angela helen anna brenda pamela nicole samantha katherine emma ruth
  rachel carolyn janet virginia maria heather diane joyce victoria kelly christina joan evelyn lauren judith olivia
  martha cheryl megan andrea hannah jacqueline alice kathryn gloria doris sara janice julia grace judy diana natalie
  tidjane alassane amadou moussa mamadou ibrahima ousmane abdoulaye boubacar modibo souleymane seydou adama issa
  idrissa lassina bakary yacouba aliou aminata fatoumata awa kadiatou aïssata djeneba oumou rokia fanta binta coumba
  ndèye sokhna blaise macky thierno mahamadou yaya salif alpha oumar samba félix-antoine patrice faure denis-sassou
  umaro assimi mahamat idriss kaïs kais abdelmadjid
`);

/**
 * Capitalized words that are not names: nationalities and languages (French and English,
 * every gender and number), and words that head pages and sections. They are never read
 * as a misspelt name, and never proposed alone.
 */
export const NATIONALITIES = new Set([
  ...inflect(`marocain belge français espagnol algérien tunisien libyen égyptien mauritanien sénégalais malien ivoirien
    camerounais congolais nigérian nigérien burkinabé tchadien gabonais guinéen béninois togolais rwandais néerlandais
    hollandais allemand italien portugais britannique anglais irlandais écossais américain canadien mexicain brésilien
    argentin colombien chilien péruvien vénézuélien cubain russe ukrainien polonais roumain bulgare iranien irakien syrien
    libanais jordanien saoudien qatari émirati israélien palestinien chinois japonais coréen indien pakistanais afghan
    européen africain asiatique arabe berbère amazigh flamand wallon bruxellois parisien luxembourgeois suisse autrichien
    suédois norvégien danois finlandais tchèque slovaque hongrois serbe croate albanais kosovar maghrébin sahélien`),
  ...words(`turc turque turcs turques grec grecque grecs grecques
    moroccan belgian french spanish algerian tunisian egyptian dutch german italian portuguese british english american
    european african asian arab russian chinese japanese indian irish scottish canadian mexican brazilian`),
]);

export const EVERYDAY_CAPITALIZED = new Set([
  ...NATIONALITIES,
  ...inflect(`occidental oriental méditerranéen atlantique national fédéral royal international régional municipal`),
  ...words(`arabic
    royaume république republique jeux politique économie economie culture actualité actualités accueil rubrique édition
    opinion opinions tribune éditorial vidéo vidéos photo photos dossier dossiers exclusif info infos flash direct live
    alerte news breaking société societe sports sport santé sante tech science sciences international monde
    intérieur interieur extérieur exterieur affaires étrangères etrangeres finances défense defense éducation education
    emploi travail transports logement agriculture environnement énergie energie commerce industrie tourisme
    interior foreign home defence finance health economy trade affairs
    coopération sécuritaire menaces plan programme accord visite réunion rencontre délégation bilan rapport
    lors depuis durant parce puisque quand comme cet ici là voici voilà oui non merci bref ensuite enfin
    however meanwhile according during after before since while today yesterday tomorrow`),
]);

/** Lower-case words that head an organization's name: "police nationale espagnole". */
export const ORGANIZATION_HEADS = words(`police gendarmerie ministère ministere direction service services garde douane douanes
  armée armee sûreté surete agence office parquet brigade renseignement renseignements forces marine aviation`);

/** Lower-case words inside an organization's name: "Direction générale de la Protection civile". */
export const ORGANIZATION_ADJECTIVES = words(`nationale national fédérale fédéral judiciaire royale royal civile civil générale
  général militaire secrète secret spéciale spécial antiterroriste criminelle locale local municipale municipal régionale
  régional centrale central supérieure supérieur intérieure intérieur extérieure extérieur publique public territoriale
  territorial frontière frontières ports port sécurité renseignement renseignements étrangères affaires intérieur
  administrative fiscale douanière maritime aérienne terrestre armées armées populaire nationales fédérales`);

/** Acronyms in capitals that name no organization: "DG", "PDG", "TVA". */
export const ACRONYMS_NOT_NAMES = words(`dg pdg ceo cfo coo tva pib usd eur mad utc gmt tv fm ok nb ps pm am ong vip sms pdf
  covid km kg cm hd dj cv rdv etc ue bis ter qg jo`);

/** Countries and cities news names often, in French and English: a candidate of these is a place. */
export const PLACE_NAMES = new Set(placeNames());

function placeNames(): string[] {
  return `maroc|morocco|belgique|belgium|france|espagne|spain|algerie|algeria|tunisie|tunisia|egypte|egypt|libye|libya|
    mauritanie|mauritania|senegal|mali|niger|nigeria|tchad|chad|cameroun|cameroon|congo|rdc|gabon|guinee|guinea|benin|
    togo|rwanda|burkina faso|cote d ivoire|pays bas|netherlands|allemagne|germany|italie|italy|portugal|royaume uni|
    united kingdom|irlande|ireland|etats unis|united states|canada|mexique|mexico|bresil|brazil|argentine|argentina|
    russie|russia|ukraine|pologne|poland|roumanie|romania|turquie|turkey|grece|greece|iran|irak|iraq|syrie|syria|liban|
    lebanon|jordanie|jordan|arabie saoudite|saudi arabia|qatar|emirats arabes unis|israel|palestine|chine|china|japon|
    japan|inde|india|pakistan|afghanistan|suisse|switzerland|autriche|austria|suede|sweden|norvege|norway|danemark|
    denmark|finlande|finland|luxembourg|europe|afrique|africa|asie|asia|sahel|sahara|maghreb|paris|rabat|casablanca|
    tanger|marrakech|fes|agadir|oujda|tetouan|laayoune|dakhla|bruxelles|brussels|anvers|antwerp|gand|ghent|liege|
    charleroi|namur|madrid|barcelone|barcelona|seville|malaga|lisbonne|lisbon|londres|london|berlin|rome|amsterdam|
    rotterdam|la haye|the hague|geneve|geneva|alger|algiers|tunis|le caire|cairo|dakar|abidjan|bamako|niamey|kinshasa|
    washington|new york|moscou|moscow|pekin|beijing|lyon|marseille|lille|toulouse|bordeaux|nantes|strasbourg|nice`
    .split('|').map((p) => p.trim().split(/\s+/).map(foldWord).join(' '));
}

/** Every gender and number of French adjectives of nationality, folded. */
function inflect(list: string): string[] {
  const out: string[] = [];
  for (const base of list.trim().split(/\s+/).map(foldWord)) {
    if (base.endsWith('e') || base.endsWith('i')) out.push(base, `${base}s`);
    else if (base.endsWith('en')) out.push(base, `${base}ne`, `${base}s`, `${base}nes`);
    else if (base.endsWith('s')) out.push(base, `${base}e`, `${base}es`);
    else if (base.endsWith('al')) out.push(base, `${base}e`, `${base.slice(0, -1)}ux`, `${base}es`);
    else out.push(base, `${base}e`, `${base}s`, `${base}es`);
  }
  return out;
}

export function isEverydayCapitalized(key: string): boolean {
  return EVERYDAY_CAPITALIZED.has(key);
}

/** Words before a place: "à Rabat", "en Espagne", "in Madrid". */
export const PLACE_PREPOSITIONS = words(`à a au aux en in at from vers depuis`);

/** Small words inside names: "Direction générale de la Sûreté", "Ben Ali", "van Dijk". */
export const NAME_PARTICLES = words(`de du des la le l d et el al ben bin ibn ould ait aït abou abu van von der den da di`);

export function isCommonWord(key: string): boolean {
  return COMMON_WORDS.has(key);
}
