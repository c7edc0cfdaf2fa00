import { InitialSchema1732000000000 } from './1732000000000-InitialSchema';

/** Every migration, in order. New ones are appended here. */
export const migrations = [InitialSchema1732000000000];
