/** The same keys as a catalog, any text: what a translation of it must provide. */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
