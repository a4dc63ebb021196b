import { Foundation1763700000000 } from './1763700000000-Foundation';

/** Every migration, in order. Imported as classes (not globbed) so builds and tests see the same set. */
export const MIGRATIONS = [Foundation1763700000000];
