// Format names only, so that argument parsing does not load the formatters.
export const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'checkstyle', 'gitlab', 'github'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
