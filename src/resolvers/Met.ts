import type { CounterpartRow } from '../loaders/parts/met';
import { encounterEvents, organizationPartners, personMet } from '../loaders/parts/met';
import { alongField } from './read-along';

/** Person.met: everyone who took part in an event with this person, most meetings first. */
export const met = alongField(personMet);

/** Organization.partners: organizations present (themselves or through their people) at the same events. */
export const partners = alongField(organizationPartners);

type CounterpartEdge = { node: CounterpartRow };

/** MetEdge and PartnerEdge: the encounter's facts travel on the node row (see loaders/parts/met.ts). */
const counterpartEdge = {
  meetings: (edge: CounterpartEdge) => edge.node.meetings,
  firstMet: (edge: CounterpartEdge) => edge.node.firstMet,
  lastMet: (edge: CounterpartEdge) => edge.node.lastMet,
  confirmedShare: (edge: CounterpartEdge) => edge.node.confirmedShare ?? null,
  events: alongField(encounterEvents),
};

export const MetEdge = counterpartEdge;
export const PartnerEdge = counterpartEdge;
