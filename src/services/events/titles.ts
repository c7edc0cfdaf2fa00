import type { ProposedEvent } from './extract';

const list = (names: string[], and: string) => (names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} ${and} ${names[names.length - 1]}`);

/** A short title for a proposed event, in the article's language (French, else English). */
export function titleOf(p: Pick<ProposedEvent, 'kind' | 'participants' | 'subject'>, nameOf: (id: number) => string, language: string): string {
  const fr = language === 'fr';
  const names = (role?: string) => p.participants.filter((x) => (role ? x.role === role : true)).map((x) => nameOf(x.entityId));
  const all = names();
  const and = fr ? 'et' : 'and';
  const hosts = names('host');
  const others = p.participants.filter((x) => x.role !== 'host').map((x) => nameOf(x.entityId));
  switch (p.kind) {
    case 'visit':
      return fr ? `Visite de ${list(others, and)}${hosts.length ? ` auprès de ${list(hosts, and)}` : ''}` : `Visit by ${list(others, and)}${hosts.length ? ` hosted by ${list(hosts, and)}` : ''}`;
    case 'meeting':
      return fr ? `Entretiens entre ${list(all, and)}` : `Meeting of ${list(all, and)}`;
    case 'agreement_signed': {
      const what = p.subject ?? (fr ? 'accord' : 'agreement');
      return fr ? `Signature : ${what} (${list(all, and)})` : `${what[0].toUpperCase()}${what.slice(1)} signed by ${list(all, and)}`;
    }
    case 'phone_call':
      return fr ? `Entretien téléphonique entre ${list(all, and)}` : `Phone call between ${list(all, and)}`;
    case 'reception':
      return fr ? `${list(hosts, and)} reçoit ${list(others, and)}` : `${list(hosts, and)} receives ${list(others, and)}`;
    case 'joint_statement':
      return fr ? `Déclaration commune de ${list(all, and)}` : `Joint statement by ${list(all, and)}`;
    default:
      return fr ? `Conférence : ${list(all, and)}` : `Conference: ${list(all, and)}`;
  }
}
