/** What JSON makes of a server-side answer shape: instants (z.date() in a response schema) arrive as ISO strings. */
export type Wire<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
