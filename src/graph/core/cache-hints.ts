/**
 * Cache hints (Apollo cache control): how long an answer may be reused. The template's catalog and the region table
 * change only with a release, so their types may be cached for a day; everything else (reports, agencies, analytics)
 * for DATA_MAX_AGE seconds, and the server's own cache is invalidated whenever data changes.
 */
export const DATA_MAX_AGE = 60;
export const CATALOG_CACHE = "@cacheControl(maxAge: 86400)";
