/** The package version, written in at build time. */
declare const __VERSION__: string;
