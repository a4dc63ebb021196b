import { Foundation1763700000000 } from './1763700000000-Foundation';
import { Needs1763800000000 } from './1763800000000-Needs';

/** Every migration, in order. Imported as classes (not globbed) so builds and tests see the same set. */
export const MIGRATIONS = [Foundation1763700000000, Needs1763800000000];
