export * from './condition-type';
export { conditionType, isConditionName } from './condition-registry';
export { MAX_PATTERN_LENGTH, MAX_PROGRAM_SIZE, MAX_URL_LENGTH } from './page-url.condition';
export { MAX_TIME_ON_SITE_SECONDS } from './time-on-site.condition';
export { PageUrlMatcher } from './page-url.condition';
export { PageUrlSet } from './page-url-set';
