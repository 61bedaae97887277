/** A command line used wrongly: the CLI prints its message on one line and exits with 2. */
export class UsageError extends Error {}
